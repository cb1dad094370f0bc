"""The Spark engine of :func:`linkages.aggregate_records`: PySpark DataFrame code.

For inputs past one machine: the same aggregation runs unchanged on a cluster, and the tie
table it returns (one row per pair) is what then fits one machine. PySpark is optional and
imported on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import pandas as pd

from linkages._validation import InputError
from linkages.build.records.common import (
    PROBLEMS,
    Counts,
    Spec,
    check_rows,
    finish,
    is_parquet,
    paths,
    problem_column,
    raise_first,
)

__all__ = ["Spark"]


class Spark:
    """The Spark engine: it has no options (``engine='spark'``); the session is the user's,
    or ``SparkSession.builder.getOrCreate()`` for a DataFrame or files."""

    name: ClassVar[str] = "spark"

    def __repr__(self) -> str:
        return "Spark()"

    def aggregate(self, records: Any, kind: str, spec: Spec) -> tuple[pd.DataFrame, Counts]:
        return _aggregate(records, kind, spec)


def _aggregate(records: Any, kind: str, spec: Spec) -> tuple[pd.DataFrame, Counts]:
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
            files = paths(records, caller=spec.caller)
            frame = (spark.read.parquet(*files) if all(map(is_parquet, files))
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
    if spec.date is not None and types[spec.date] != "timestamp":
        conditions["bad date"] = (F.col(spec.date).isNotNull()
                                  & F.col(spec.date).cast("timestamp").isNull())
    bad = F.lit(False)
    counted = [F.count(F.lit(1))]
    for problem in PROBLEMS:
        condition = conditions.get(problem, F.lit(False))
        counted.append(F.sum((condition & ~bad).cast("long")))
        bad = bad | condition
    values = frame.select(*counted).first()
    counts = dict(zip(("rows",) + PROBLEMS, (int(v or 0) for v in values)))
    check_rows(counts["rows"], spec)
    if spec.invalid == "error":
        def rows_of(problem: str) -> tuple[Sequence[Any], Sequence[Any]]:
            numbered = frame.rdd.zipWithIndex().toDF(["_lk_record", "_lk_row"])
            hits = (numbered.select("_lk_row", "_lk_record.*")
                    .filter(conditions[problem]).orderBy("_lk_row").limit(100).collect())
            rows = [r["_lk_row"] for r in hits]
            index = records.index if kind == "pandas" else None
            column = problem_column(problem, spec)
            return (rows if index is None else index.take(rows)), [r[column] for r in hits]
        raise_first(counts, spec, rows_of)

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
    return finish(ties.toPandas(), spec), counts
