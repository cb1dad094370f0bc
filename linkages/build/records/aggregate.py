"""aggregate_records: raw transaction records -> one weighted tie per pair (and layer).

Chooses the engine (``engine='auto'`` looks at the input), runs it and writes the report.
The engines, each with its own options: :mod:`~linkages.build.records.pandas_engine`,
:mod:`~linkages.build.records.duckdb_engine`, :mod:`~linkages.build.records.spark_engine`;
what they share: :mod:`~linkages.build.records.common`.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import Any

import pandas as pd

from linkages._validation import InputError, check_one_of, check_type
from linkages.build.records.common import PROBLEMS, Engine, Spec
from linkages.build.records.duckdb_engine import DuckDB
from linkages.build.records.pandas_engine import Pandas
from linkages.build.records.spark_engine import Spark
from linkages.network import BuildReport

__all__ = ["AUTO_PANDAS_ROWS", "aggregate_records"]

#: ``engine='auto'`` aggregates DataFrames with fewer rows than this in pandas.
AUTO_PANDAS_ROWS = 5_000_000

#: The engines by name; only DuckDB has options.
_ENGINES: dict[str, type[Pandas] | type[DuckDB] | type[Spark]] = {
    "pandas": Pandas, "duckdb": DuckDB, "spark": Spark}


def aggregate_records(records: Any, *, source: str = "source", target: str = "target",
                      value: str | None = "value", date: str | None = None,
                      layer: str | None = None, directed: bool = True,
                      invalid: str = "error", engine: str | Engine = "auto",
                      sort: bool = True, report: BuildReport | None = None) -> pd.DataFrame:
    """Aggregate raw transaction records into one weighted tie per pair (and layer).

    For each (source, target[, layer]) the tie gets

    .. math:: w_{st} = \\sum_{r \\in R_{st}} v_r, \\qquad n_{st} = |R_{st}|,

    ``weight`` (the sum of ``value``, or the record count when ``value`` is None),
    ``records`` (:math:`n_{st}`), and with ``date`` also ``first`` and ``last`` (earliest
    and latest record date). Undirected aggregation (``directed=False``) treats (a, b) and
    (b, a) as one pair, stored with the ends in text order. Ties are sorted by
    (source, target[, layer]), so every engine and every run returns the same table.

    Parameters
    ----------
    records : DataFrame, path, glob or list of paths, or PySpark DataFrame
        The raw records. Paths are CSV (optionally compressed) or Parquet files; a glob
        such as ``'invoices/*.parquet'`` reads many files as one table.
    source, target, value, date, layer : str
        Column names in ``records``; ``value``, ``date`` and ``layer`` may be None.
    directed : bool
    invalid : {'error', 'drop'}
        Records with no source or target, or with a non-numeric, missing, negative or
        infinite value: raise an error naming a few rows (default), or drop them and count
        each reason in the report.
    engine : {'auto', 'pandas', 'duckdb', 'spark'} or DuckDB
        ``'pandas'``: in memory, the path for small inputs. ``'duckdb'``: embedded DuckDB,
        out of core (``pip install linkages[scale]``); pass a :class:`DuckDB` to set its
        memory limit and where it spills. ``'spark'``: PySpark DataFrame code, for inputs
        past one machine. ``'auto'``: Spark for a PySpark DataFrame; pandas for a DataFrame
        of fewer than :data:`~linkages.build.records.aggregate.AUTO_PANDAS_ROWS` (5,000,000)
        rows; DuckDB otherwise (files, large DataFrames) when it is installed, else pandas.
    sort : bool
        True (default): ties sorted by (source, target[, layer]), the same table from every
        engine and run, so seeded results downstream repeat exactly. False skips that final
        sort, which saves time on large inputs (most with DuckDB, where sorting the ties is
        a sizeable share of the work); row order then depends on the engine and, with
        DuckDB or Spark, may change from run to run.
    report : BuildReport, optional
        Receives the step (records read, dropped and why, ties made); the result also
        carries it in ``ties.attrs['report']``.

    Returns
    -------
    DataFrame
        Columns ``source``, ``target``, [``layer``,] ``weight`` (float), ``records`` (int),
        [``first``, ``last``], one row per tie, ready for :func:`linkages.from_tables`.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> invoices = pd.DataFrame({"seller": ["B", "B", "C"], "buyer": ["A", "A", "A"],
    ...     "amount": [10.0, 5.0, 2.0],
    ...     "day": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-02"])})
    >>> ties = lk.aggregate_records(invoices, source="seller", target="buyer",
    ...                             value="amount", date="day")
    >>> ties[["source", "target", "weight", "records"]].values.tolist()
    [['B', 'A', 15.0, 2], ['C', 'A', 2.0, 1]]
    >>> str(ties.loc[0, "first"].date()), str(ties.loc[0, "last"].date())
    ('2024-01-05', '2024-03-01')
    >>> lk.aggregate_records(invoices, source="seller", target="buyer", value="amount",
    ...                      date="day", engine="duckdb").equals(ties)
    True
    """
    caller = "aggregate_records"
    chosen = _engine(engine, caller=caller)
    check_one_of(invalid, ["error", "drop"], argument="invalid", caller=caller)
    kind = _input_kind(records, caller=caller)
    if chosen is None:
        chosen = _auto_engine(records, kind)
    check_type(sort, bool, argument="sort", caller=caller)
    if kind == "spark" and chosen.name != "spark":
        raise InputError(f"The 'engine' argument of {caller} must be 'spark' for a PySpark "
                         f"DataFrame. Got {engine!r} instead.")
    spec = Spec(source=source, target=target, value=value, date=date, layer=layer,
                directed=directed, invalid=invalid, sort=sort, caller=caller)
    ties, counts = chosen.aggregate(records, kind, spec)

    report = report if report is not None else BuildReport()
    n_in, n_kept = counts["rows"], counts["rows"] - sum(counts[p] for p in PROBLEMS)
    keys = ", ".join(["source", "target"] + (["layer"] if layer is not None else []))
    reasons = {f"records with no {source!r} (invalid='drop')": counts["no source"],
               f"records with no {target!r} (invalid='drop')": counts["no target"]}
    if value is not None:
        words = {"not numeric": "a non-numeric", "missing": "a missing", "negative": "a negative",
                 "infinite": "an infinite"}
        reasons.update({f"records with {words[p]} {value!r} (invalid='drop')": counts[p]
                        for p in words})
    if date is not None:
        reasons[f"records with an unreadable {date!r} date (invalid='drop')"] = counts["bad date"]
    reasons[f"records merged into one tie per ({keys})"] = n_kept - len(ties)
    report.add(f"aggregate records ({chosen.name})", rows_in=n_in, rows_out=len(ties),
               dropped=reasons)
    ties.attrs["report"] = report
    return ties


def _engine(engine: Any, *, caller: str) -> Engine | None:
    """The engine object ``engine`` names or is (None for 'auto'); raise on anything else."""
    if isinstance(engine, str):
        check_one_of(engine, ["auto", *_ENGINES], argument="engine", caller=caller)
        return None if engine == "auto" else _ENGINES[engine]()
    check_type(engine, tuple(_ENGINES.values()), argument="engine", caller=caller,
               expected="str ('auto', 'pandas', 'duckdb' or 'spark') or DuckDB")
    return engine


def _input_kind(records: Any, *, caller: str) -> str:
    if isinstance(records, pd.DataFrame):
        return "pandas"
    if type(records).__module__.startswith("pyspark."):
        return "spark"
    if isinstance(records, str | PathLike):
        return "files"
    if (isinstance(records, Sequence) and records
            and all(isinstance(p, str | PathLike) for p in records)):
        return "files"
    check_type(records, (), argument="records", caller=caller,
               expected="pandas DataFrame, path, glob or list of paths, or PySpark DataFrame")
    return ""  # unreachable: check_type raised


def _auto_engine(records: Any, kind: str) -> Engine:
    if kind == "spark":
        return Spark()
    if kind == "pandas" and len(records) < AUTO_PANDAS_ROWS:
        return Pandas()
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return Pandas()
    return DuckDB()
