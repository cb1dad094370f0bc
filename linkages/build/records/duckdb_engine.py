"""The DuckDB engine of :func:`linkages.aggregate_records`, with its options.

Embedded DuckDB (no server) reads CSV/Parquet files (globs allowed) or DataFrames out of
core: past its memory limit it spills to a temporary directory. DuckDB is optional
(``pip install linkages[scale]``) and imported on first use.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from os import PathLike, fspath
from typing import Any, ClassVar

import pandas as pd

from linkages._validation import InputError, check_type
from linkages.build.records.common import (
    PROBLEMS,
    SCALE_EXTRA,
    Counts,
    Spec,
    check_rows,
    finish,
    is_parquet,
    paths,
    problem_column,
    raise_first,
)

__all__ = ["DuckDB"]


@dataclass(frozen=True)
class DuckDB:
    """The DuckDB engine of :func:`aggregate_records`, with its options.

    ``engine='duckdb'`` is ``engine=DuckDB()``; pass a ``DuckDB(...)`` to set DuckDB's
    memory and where it spills. DuckDB reads CSV and Parquet files (globs allowed) or
    DataFrames out of core: past ``memory_limit`` it writes to ``temp_directory`` and
    carries on. Needs ``pip install linkages[scale]``.

    Parameters
    ----------
    memory_limit : str
        DuckDB's memory limit, e.g. ``'8GB'`` or ``'50%'`` (of RAM, the default).
    temp_directory : path, optional
        Where DuckDB spills past ``memory_limit``; default a fresh temporary directory,
        removed afterwards. A directory given is left in place.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> shipments = pd.DataFrame({"source": ["B", "B", "C"], "target": ["A", "A", "A"],
    ...                           "value": [10.0, 5.0, 2.0]})
    >>> engine = lk.DuckDB(memory_limit="1GB")
    >>> engine
    DuckDB(memory_limit='1GB', temp_directory=None)
    >>> lk.aggregate_records(shipments, engine=engine).values.tolist()
    [['B', 'A', 15.0, 2], ['C', 'A', 2.0, 1]]
    """

    memory_limit: str = "50%"
    temp_directory: str | PathLike[str] | None = None

    name: ClassVar[str] = "duckdb"

    def __post_init__(self) -> None:
        check_type(self.memory_limit, str, argument="memory_limit", caller="DuckDB",
                   expected="str such as '8GB' or '50%'")
        if self.temp_directory is not None:
            check_type(self.temp_directory, (str, PathLike), argument="temp_directory",
                       caller="DuckDB", expected="path")

    def aggregate(self, records: Any, kind: str, spec: Spec) -> tuple[pd.DataFrame, Counts]:
        """Ties and problem counts of a DataFrame (``kind='pandas'``) or files."""
        duckdb = _import_duckdb(spec.caller)
        if self.temp_directory is None:
            temp, own_temp = tempfile.mkdtemp(prefix="linkages-duckdb-"), True
        else:
            temp, own_temp = fspath(self.temp_directory), False
        con = duckdb.connect(config={"memory_limit": self.memory_limit, "temp_directory": temp,
                                     "preserve_insertion_order": False})
        try:
            scan = _scan(con, records, kind, spec)
            types = {row[0]: row[1] for row in
                     con.sql(f"DESCRIBE SELECT * FROM {scan}").fetchall()}
            missing = [c for c in spec.columns if c not in types]
            if missing:
                raise InputError(f"The 'records' argument of {spec.caller} must have the "
                                 f"columns {spec.columns!r}; missing {missing!r}. Found "
                                 f"columns {list(types)!r}.")
            index = records.index if kind == "pandas" else None
            return _duckdb_aggregate(con, scan, types, spec, index)
        finally:
            con.close()
            if own_temp:
                shutil.rmtree(temp, ignore_errors=True)


def _import_duckdb(caller: str) -> Any:
    try:
        import duckdb
    except ImportError as error:
        raise ImportError(f"{caller}(engine='duckdb') needs DuckDB: {SCALE_EXTRA}") from error
    return duckdb


def _scan(con: Any, records: Any, kind: str, spec: Spec) -> str:
    """What to select the records from: a registered DataFrame, or a reader of the files."""
    if kind == "pandas":
        if (spec.value is not None and spec.value in records.columns
                and not pd.api.types.is_numeric_dtype(records[spec.value])):
            # mixed objects: let DuckDB see text
            records = records.assign(**{spec.value: records[spec.value].astype("string")})
        con.register("records_frame", records)
        return "records_frame"
    files = paths(records, caller=spec.caller)
    parquet = [is_parquet(f) for f in files]
    if any(parquet) and not all(parquet):
        raise InputError(f"The 'records' argument of {spec.caller} mixes Parquet and "
                         "CSV files; give one kind at a time.")
    listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    return (f"read_parquet({listed})" if all(parquet)
            else f"read_csv_auto({listed}, union_by_name = true)")


def _q(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _is_enum(sql_type: str) -> bool:
    return sql_type.startswith("ENUM")


def _text(column: str, types: dict[str, str], *, only_enum: bool = False) -> str:
    """A column as text (ENUMs, from pandas categoricals, would sort by code, not text)."""
    keep = not _is_enum(types[column]) if only_enum else types[column] == "VARCHAR"
    return _q(column) if keep else f"CAST({_q(column)} AS VARCHAR)"


def _duckdb_conditions(types: dict[str, str], spec: Spec) -> dict[str, str]:
    """SQL for each problem, in the order of ``PROBLEMS`` (not yet exclusive)."""
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
    if spec.date is not None and not _dated(types, spec):
        d = _q(spec.date)
        conditions["bad date"] = f"({d} IS NOT NULL AND TRY_CAST({d} AS TIMESTAMP) IS NULL)"
    return conditions


def _dated(types: dict[str, str], spec: Spec) -> bool:
    """True when the date column is a date or timestamp already (nothing to read)."""
    return spec.date is not None and types[spec.date].startswith(("DATE", "TIMESTAMP"))


def _duckdb_aggregate(con, scan: str, types: dict[str, str], spec: Spec,
                      index: pd.Index | None):
    conditions = _duckdb_conditions(types, spec)
    earlier: list[str] = []
    counted = ["count(*)"]
    for problem in PROBLEMS:
        if problem in conditions and conditions[problem] != "FALSE":
            exclusive = " AND ".join([conditions[problem]] + [f"NOT ({c})" for c in earlier])
            counted.append(f"count(*) FILTER (WHERE {exclusive})")
            earlier.append(conditions[problem])
        else:
            counted.append("0")

    def count_problems() -> dict[str, int]:
        values = con.sql(f"SELECT {', '.join(counted)} FROM {scan}").fetchall()[0]
        counts = dict(zip(("rows",) + PROBLEMS, map(int, values)))
        check_rows(counts["rows"], spec)
        if spec.invalid == "error":
            def rows_of(problem):
                rows, values = _duckdb_rows(con, scan, conditions[problem],
                                            problem_column(problem, spec))
                return (rows if index is None else index.take(rows)), values
            raise_first(counts, spec, rows_of)
        return counts

    # invalid='drop' counts the problems first (one more scan); 'error' aggregates in one
    # scan and looks at the ties: a missing end is a NULL key, a bad value shows in
    # count(w) < records, a NaN or inf sum or a negative min; only then are records counted.
    # (dates given as text are checked first too: the one-scan check cannot see them)
    text_dates = spec.date is not None and not _dated(types, spec)
    counts = count_problems() if spec.invalid == "drop" or text_dates else None
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
        select.append(f"{_q(spec.date)} AS d" if _dated(types, spec)
                      else f"TRY_CAST({_q(spec.date)} AS TIMESTAMP) AS d")
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
                                                      **dict.fromkeys(PROBLEMS, 0)}
        table = table.drop_columns(["_lk_numbers", "_lk_min"])
    return finish(table.to_pandas(), spec), counts


def _duckdb_rows(con, scan: str, condition: str, value: str | None):
    """Row positions and values of the first records with a problem (error path only).

    One thread and insertion order kept, so positions are those of the input order.
    """
    con.sql("SET threads = 1")
    con.sql("SET preserve_insertion_order = true")
    shown = "NULL" if value is None else _q(value)
    rows = con.sql(f"SELECT _lk_row, _lk_value FROM (SELECT row_number() OVER () - 1 AS "
                   f"_lk_row, {shown} AS _lk_value, * FROM {scan}) WHERE {condition} "
                   "ORDER BY _lk_row LIMIT 100").fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]
