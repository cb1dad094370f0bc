"""The DuckDB and Spark engines behind :func:`linkages.aggregate_records`.

Both read the column mapping and options from ``records._Spec`` and return the tie table
and the problem counts; ``records`` adds the report. Imported on first use (DuckDB and
PySpark are optional).
"""

from __future__ import annotations

import shutil
import tempfile
from os import PathLike, fspath
from typing import Any

import pandas as pd

from linkages._validation import InputError
from linkages.build.records import (
    _PROBLEMS,
    _SCALE,
    _check_rows,
    _finish,
    _is_parquet,
    _paths,
    _raise_first,
    _Spec,
)


# -- DuckDB ----------------------------------------------------------------------------------
def _import_duckdb(caller: str):
    try:
        import duckdb
    except ImportError as error:
        raise ImportError(f"{caller}(engine='duckdb') needs DuckDB: {_SCALE}") from error
    return duckdb


def _q(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _duckdb(records: Any, kind: str, spec: _Spec, *, memory_limit: str,
            temp_directory: str | PathLike | None) -> tuple[pd.DataFrame, dict[str, int]]:
    duckdb = _import_duckdb(spec.caller)
    own_temp = temp_directory is None
    temp = tempfile.mkdtemp(prefix="linkages-duckdb-") if own_temp else fspath(temp_directory)
    con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": temp,
                                 "preserve_insertion_order": False})
    try:
        if kind == "pandas":
            if spec.value in records.columns and not pd.api.types.is_numeric_dtype(
                    records[spec.value]):      # mixed objects: let DuckDB see text
                records = records.assign(**{spec.value: records[spec.value].astype("string")})
            con.register("records_frame", records)
            scan = "records_frame"
        else:
            files = _paths(records, caller=spec.caller)
            parquet = [_is_parquet(f) for f in files]
            if any(parquet) and not all(parquet):
                raise InputError(f"The 'records' argument of {spec.caller} mixes Parquet and "
                                 "CSV files; give one kind at a time.")
            listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
            scan = (f"read_parquet({listed})" if all(parquet)
                    else f"read_csv_auto({listed}, union_by_name = true)")
        types = {row[0]: row[1] for row in
                 con.sql(f"DESCRIBE SELECT * FROM {scan}").fetchall()}
        missing = [c for c in spec.columns if c not in types]
        if missing:
            raise InputError(f"The 'records' argument of {spec.caller} must have the columns "
                             f"{spec.columns!r}; missing {missing!r}. Found columns "
                             f"{list(types)!r}.")
        index = records.index if kind == "pandas" else None
        return _duckdb_aggregate(con, scan, types, spec, index)
    finally:
        con.close()
        if own_temp:
            shutil.rmtree(temp, ignore_errors=True)


def _is_enum(sql_type: str) -> bool:
    return sql_type.startswith("ENUM")


def _text(column: str, types: dict[str, str], *, only_enum: bool = False) -> str:
    """A column as text (ENUMs, from pandas categoricals, would sort by code, not text)."""
    keep = not _is_enum(types[column]) if only_enum else types[column] == "VARCHAR"
    return _q(column) if keep else f"CAST({_q(column)} AS VARCHAR)"


def _duckdb_conditions(types: dict[str, str], spec: _Spec) -> dict[str, str]:
    """SQL for each problem, in the order of ``_PROBLEMS`` (not yet exclusive)."""
    conditions = {"no source": f"{_q(spec.source)} IS NULL",
                  "no target": f"{_q(spec.target)} IS NULL"}
    if spec.value is not None:
        v = _q(spec.value)
        number = f"TRY_CAST({v} AS DOUBLE)"
        conditions.update({
            "not numeric": (f"({v} IS NOT NULL AND {number} IS NULL)"
                            if types[spec.value] in ("VARCHAR", "BLOB") else "FALSE"),
            "missing": f"({number} IS NULL OR isnan({number}))",
            "negative": f"{number} < 0",
            "infinite": f"isinf({number})"})
    return conditions


def _duckdb_aggregate(con, scan: str, types: dict[str, str], spec: _Spec,
                      index: pd.Index | None):
    conditions = _duckdb_conditions(types, spec)
    earlier: list[str] = []
    counted = ["count(*)"]
    for problem in _PROBLEMS:
        if problem in conditions and conditions[problem] != "FALSE":
            exclusive = " AND ".join([conditions[problem]] + [f"NOT ({c})" for c in earlier])
            counted.append(f"count(*) FILTER (WHERE {exclusive})")
            earlier.append(conditions[problem])
        else:
            counted.append("0")

    def count_problems() -> dict[str, int]:
        values = con.sql(f"SELECT {', '.join(counted)} FROM {scan}").fetchall()[0]
        counts = dict(zip(("rows",) + _PROBLEMS, map(int, values)))
        _check_rows(counts["rows"], spec)
        if spec.invalid == "error":
            def rows_of(problem):
                rows, values = _duckdb_rows(con, scan, conditions[problem], spec.value)
                return (rows if index is None else index.take(rows)), values
            _raise_first(counts, spec, rows_of)
        return counts

    # invalid='drop' counts the problems first (one more scan); 'error' aggregates in one
    # scan and looks at the ties: a missing end is a NULL key, a bad value shows in
    # count(w) < records, a NaN or inf sum or a negative min; only then are records counted.
    counts = count_problems() if spec.invalid == "drop" else None
    valid = " AND ".join(f"NOT ({c})" for c in earlier) if counts and earlier else "TRUE"

    s, t = _q(spec.source), _q(spec.target)
    if spec.directed:
        ends = [_text(spec.source, types, only_enum=True), _text(spec.target, types,
                                                                   only_enum=True)]
    else:
        swap = f"{_text(spec.source, types)} > {_text(spec.target, types)}"
        ends = [f"CASE WHEN {swap} THEN {t} ELSE {s} END",
                f"CASE WHEN {swap} THEN {s} ELSE {t} END"]
        if _is_enum(types[spec.source]) or _is_enum(types[spec.target]):
            ends = [f"CAST({e} AS VARCHAR)" for e in ends]
    cast = "TRY_CAST" if spec.value and types[spec.value] in ("VARCHAR", "BLOB") else "CAST"
    select = [f"{ends[0]} AS source", f"{ends[1]} AS target",
              "1.0 AS w" if spec.value is None else f"{cast}({_q(spec.value)} AS DOUBLE) AS w"]
    aggregates = ["sum(w)::DOUBLE AS weight", "count(*) AS records"]
    if spec.layer is not None:
        select.append(f"{_text(spec.layer, types)} AS layer")
    if spec.date is not None:
        dated = types[spec.date].startswith(("DATE", "TIMESTAMP"))
        select.append(f"{_q(spec.date)} AS d" if dated
                      else f"CAST({_q(spec.date)} AS TIMESTAMP) AS d")
        aggregates += ["CAST(min(d) AS TIMESTAMP) AS first",
                       "CAST(max(d) AS TIMESTAMP) AS last"]
    checks = ["count(w) AS _lk_numbers", "min(w) AS _lk_min"] if counts is None else []
    keys = ", ".join(spec.keys)
    query = (f"SELECT {keys}, {', '.join(aggregates + checks)} FROM (SELECT "
             f"{', '.join(select)} FROM {scan} WHERE {valid}) GROUP BY {keys}"
             + (f" ORDER BY {keys}" if spec.sort else ""))
    result = con.sql(query).arrow()       # through Arrow: 5x faster than .df() here
    table = result.read_all() if hasattr(result, "read_all") else result
    if counts is None:
        import pyarrow.compute as pc
        records = pc.sum(table["records"]).as_py() or 0
        weight = table["weight"]
        suspicious = (records == 0 or table["source"].null_count or table["target"].null_count
                      or pc.sum(table["_lk_numbers"]).as_py() < records
                      or pc.any(pc.is_nan(weight)).as_py() or pc.any(pc.is_inf(weight)).as_py()
                      or (pc.min(table["_lk_min"]).as_py() or 0) < 0)
        counts = count_problems() if suspicious else {"rows": records,
                                                      **dict.fromkeys(_PROBLEMS, 0)}
        table = table.drop_columns(["_lk_numbers", "_lk_min"])
    return _finish(table.to_pandas(), spec), counts


def _duckdb_rows(con, scan: str, condition: str, value: str | None):
    """Row positions and values of the first records with a problem (error path only).

    One thread and insertion order kept, so positions are those of the input order.
    """
    con.sql("SET threads = 1")
    con.sql("SET preserve_insertion_order = true")
    rows = con.sql(f"SELECT _lk_row, _lk_value FROM (SELECT row_number() OVER () - 1 AS "
                   f"_lk_row, {_q(value)} AS _lk_value, * FROM {scan}) WHERE {condition} "
                   "ORDER BY _lk_row LIMIT 100").fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


# -- Spark -----------------------------------------------------------------------------------
def _spark(records: Any, kind: str, spec: _Spec) -> tuple[pd.DataFrame, dict[str, int]]:
    """The same aggregation as PySpark DataFrame code: runs unchanged on a cluster."""
    try:
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F
    except ImportError as error:
        raise ImportError(f"{spec.caller}(engine='spark') needs PySpark: pip install "
                          "pyspark (and Java 17+)") from error
    if kind == "spark":
        frame = records
    else:
        spark = SparkSession.builder.getOrCreate()
        if kind == "pandas":
            frame = spark.createDataFrame(records)
        else:
            files = _paths(records, caller=spec.caller)
            frame = (spark.read.parquet(*files) if all(map(_is_parquet, files))
                     else spark.read.csv(files, header=True, inferSchema=True))
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise InputError(f"The 'records' argument of {spec.caller} must have the columns "
                         f"{spec.columns!r}; missing {missing!r}. Found columns "
                         f"{list(frame.columns)!r}.")
    types = dict(frame.dtypes)
    conditions = {"no source": F.col(spec.source).isNull(),
                  "no target": F.col(spec.target).isNull()}
    number = None
    if spec.value is not None:
        raw = F.col(spec.value)
        number = raw.cast("double")
        text = types[spec.value] == "string"
        conditions.update({
            "not numeric": raw.isNotNull() & number.isNull() if text else F.lit(False),
            "missing": number.isNull() | F.isnan(number),
            "negative": number < 0,
            "infinite": number == float("inf")})
    bad = F.lit(False)
    counted = [F.count(F.lit(1))]
    for problem in _PROBLEMS:
        condition = conditions.get(problem, F.lit(False))
        counted.append(F.sum((condition & ~bad).cast("long")))
        bad = bad | condition
    values = frame.select(*counted).first()
    counts = dict(zip(("rows",) + _PROBLEMS, (int(v or 0) for v in values)))
    _check_rows(counts["rows"], spec)
    if spec.invalid == "error":
        def rows_of(problem):
            numbered = frame.rdd.zipWithIndex().toDF(["_lk_record", "_lk_row"])
            hits = (numbered.select("_lk_row", "_lk_record.*")
                    .filter(conditions[problem]).orderBy("_lk_row").limit(100).collect())
            rows = [r["_lk_row"] for r in hits]
            index = records.index if kind == "pandas" else None
            return (rows if index is None else index.take(rows)), [r[spec.value] for r in hits]
        _raise_first(counts, spec, rows_of)

    s, t = F.col(spec.source), F.col(spec.target)
    if not spec.directed:
        swap = s.cast("string") > t.cast("string")
        s, t = F.when(swap, t).otherwise(s), F.when(swap, s).otherwise(t)
    columns = [s.alias("source"), t.alias("target"),
               (F.lit(1.0) if number is None else number).alias("w")]
    aggregates = [F.sum("w").cast("double").alias("weight"), F.count(F.lit(1)).alias("records")]
    if spec.layer is not None:
        columns.append(F.col(spec.layer).cast("string").alias("layer"))
    if spec.date is not None:
        columns.append(F.col(spec.date).cast("timestamp").alias("d"))
        aggregates += [F.min("d").alias("first"), F.max("d").alias("last")]
    ties = frame.filter(~bad).select(*columns).groupBy(*spec.keys).agg(*aggregates)
    if spec.sort:
        ties = ties.orderBy(*spec.keys)
    return _finish(ties.toPandas(), spec), counts
