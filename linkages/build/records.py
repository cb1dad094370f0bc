"""Raw-record aggregation: transaction records -> one weighted tie per pair (and layer).

Three engines produce the same tie table and apply the same checks:

- ``pandas``: in memory; the path for small inputs;
- ``duckdb``: embedded DuckDB (no server), reading CSV/Parquet files (globs allowed) or
  DataFrames, out of core: it spills to a temporary directory past its memory limit;
- ``spark``: PySpark DataFrame code for inputs past one machine; the tie table it returns
  (one row per pair) is what then fits one machine.

Records are checked in one order, and each record counts under the first problem it has:
no source, no target, a non-numeric value, a missing value (NaN), a negative value, an
infinite value. ``invalid='error'`` raises on the first problem found, naming a few rows
(0-based positions in the input); ``invalid='drop'`` drops those records and reports each
count.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from os import PathLike, fspath
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, preview, check_columns, check_one_of, check_type
from linkages.network import BuildReport

__all__ = ["aggregate_records", "AUTO_PANDAS_ROWS"]

#: ``engine='auto'`` aggregates DataFrames with fewer rows than this in pandas.
AUTO_PANDAS_ROWS = 5_000_000

_SCALE = "pip install linkages[scale]"
_PROBLEMS = ("no source", "no target", "not numeric", "missing", "negative", "infinite")


def aggregate_records(records: Any, *, source: str = "source", target: str = "target",
                      value: str | None = "value", date: str | None = None,
                      layer: str | None = None, directed: bool = True,
                      invalid: str = "error", engine: str = "auto", sort: bool = True,
                      memory_limit: str = "50%", temp_directory: str | PathLike | None = None,
                      report: BuildReport | None = None) -> pd.DataFrame:
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
    engine : {'auto', 'pandas', 'duckdb', 'spark'}
        ``'auto'``: Spark for a PySpark DataFrame; pandas for a DataFrame of fewer than
        :data:`AUTO_PANDAS_ROWS` rows; DuckDB otherwise (files, large DataFrames) when it is
        installed (``pip install linkages[scale]``), else pandas.
    sort : bool
        True (default): ties sorted by (source, target[, layer]), the same table from every
        engine and run, so seeded results downstream repeat exactly. False skips the sort,
        a quarter of the time with DuckDB at 50M records (22 s -> 17 s); row order then
        depends on the engine and, with DuckDB or Spark, may change from run to run.
    memory_limit : str
        DuckDB's memory limit (e.g. ``'8GB'`` or ``'50%'`` of RAM); past it, DuckDB spills
        to ``temp_directory``.
    temp_directory : path, optional
        Where DuckDB spills; default a fresh temporary directory, removed afterwards.
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
    check_one_of(engine, ["auto", "pandas", "duckdb", "spark"], argument="engine", caller=caller)
    check_one_of(invalid, ["error", "drop"], argument="invalid", caller=caller)
    kind = _input_kind(records, caller=caller)
    if engine == "auto":
        engine = _auto_engine(records, kind)
    check_type(sort, bool, argument="sort", caller=caller)
    spec = _Spec(source, target, value, date, layer, directed, invalid, sort, caller)
    if engine == "pandas":
        if kind == "spark":
            raise InputError(f"The 'engine' argument of {caller} must be 'spark' for a "
                             "PySpark DataFrame. Got 'pandas' instead.")
        frame = records if kind == "pandas" else _read_files(records, caller=caller)
        ties, counts = _pandas(frame, spec)
    elif engine == "duckdb":
        if kind == "spark":
            raise InputError(f"The 'engine' argument of {caller} must be 'spark' for a "
                             "PySpark DataFrame. Got 'duckdb' instead.")
        from linkages.build.sql_engines import _duckdb
        ties, counts = _duckdb(records, kind, spec, memory_limit=memory_limit,
                               temp_directory=temp_directory)
    else:
        from linkages.build.sql_engines import _spark
        ties, counts = _spark(records, kind, spec)

    report = report if report is not None else BuildReport()
    n_in, n_kept = counts["rows"], counts["rows"] - sum(counts[p] for p in _PROBLEMS)
    keys = ", ".join(["source", "target"] + (["layer"] if layer is not None else []))
    reasons = {f"records with no {source!r} (invalid='drop')": counts["no source"],
               f"records with no {target!r} (invalid='drop')": counts["no target"]}
    if value is not None:
        words = {"not numeric": "a non-numeric", "missing": "a missing", "negative": "a negative",
                 "infinite": "an infinite"}
        reasons.update({f"records with {words[p]} {value!r} (invalid='drop')": counts[p]
                        for p in words})
    reasons[f"records merged into one tie per ({keys})"] = n_kept - len(ties)
    report.add(f"aggregate records ({engine})", rows_in=n_in, rows_out=len(ties),
               dropped=reasons)
    ties.attrs["report"] = report
    return ties


# -- shared ----------------------------------------------------------------------------------
class _Spec:
    """The column mapping and options of one call."""

    def __init__(self, source, target, value, date, layer, directed, invalid, sort, caller):
        self.source, self.target, self.value, self.date, self.layer = (
            source, target, value, date, layer)
        self.directed, self.invalid, self.sort, self.caller = directed, invalid, sort, caller
        self.columns = [source, target] + [c for c in (value, date, layer) if c is not None]
        self.keys = ["source", "target"] + (["layer"] if layer is not None else [])


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


def _auto_engine(records: Any, kind: str) -> str:
    if kind == "spark":
        return "spark"
    if kind == "pandas" and len(records) < AUTO_PANDAS_ROWS:
        return "pandas"
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return "pandas"
    return "duckdb"


def _paths(records: Any, *, caller: str) -> list[str]:
    """Paths and globs expanded to existing files, in a stable order."""
    patterns = [records] if isinstance(records, str | PathLike) else list(records)
    files: list[str] = []
    for pattern in map(fspath, patterns):
        found = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not found or not all(map(_exists, found)):
            raise InputError(f"The 'records' argument of {caller} names no existing file: "
                             f"{pattern!r}.")
        files += found
    return files


def _exists(path: str) -> bool:
    from pathlib import Path
    return Path(path).is_file()


def _is_parquet(path: str) -> bool:
    return path.lower().endswith((".parquet", ".pq"))


def _read_files(records: Any, *, caller: str) -> pd.DataFrame:
    from linkages.build.files import read_table
    frames = [read_table(path) for path in _paths(records, caller=caller)]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _raise_first(counts: dict[str, int], spec: _Spec, rows_of) -> None:
    """Raise the error of the first problem found; ``rows_of(problem)`` -> (rows, values)."""
    for problem in _PROBLEMS:
        n = counts[problem]
        if not n:
            continue
        if problem in ("no source", "no target"):
            column = spec.source if problem == "no source" else spec.target
            raise InputError(f"The 'records' argument of {spec.caller} has {n} rows with no "
                             f"{column!r}.")
        argument = f"records[{spec.value!r}]"
        rows, values = rows_of(problem)
        head = f"The {argument!r} argument of {spec.caller} must"
        if problem == "not numeric":
            raise InputError(f"{head} hold numbers; {n} values are not numeric, e.g. "
                             f"{preview(pd.unique(np.asarray(values, dtype=object)))} "
                             f"(rows {preview(rows)}).")
        if problem == "missing":
            raise InputError(f"{head} not hold missing values (NaN); found {n} at rows "
                             f"{preview(rows)}.")
        if problem == "negative":
            raise InputError(f"{head} hold non-negative numbers; found {n} negative values at "
                             f"rows {preview(rows)}.")
        raise InputError(f"{head} hold finite numbers; found {n} infinite values.")


def _finish(ties: pd.DataFrame, spec: _Spec) -> pd.DataFrame:
    """The same dtypes whatever the engine."""
    ties = ties.reset_index(drop=True)
    wanted = {"weight": "float64", "records": "int64"}
    if spec.date is not None:
        wanted.update(first="datetime64[us]", last="datetime64[us]")
    for column, dtype in wanted.items():       # no copies of what is right already
        if ties[column].dtype != dtype:
            ties[column] = pd.to_datetime(ties[column]).astype(dtype) if dtype.startswith(
                "datetime") else ties[column].astype(dtype)
    return ties


# -- pandas ----------------------------------------------------------------------------------
def _pandas(records: pd.DataFrame, spec: _Spec) -> tuple[pd.DataFrame, dict[str, int]]:
    check_columns(records, spec.columns, argument="records", caller=spec.caller)
    _check_rows(len(records), spec)
    masks = {"no source": records[spec.source].isna().to_numpy(),
             "no target": records[spec.target].isna().to_numpy()}
    if spec.value is not None:
        raw = records[spec.value]
        numeric = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64",
                                                              na_value=np.nan)
        nan = np.isnan(numeric)
        masks.update({"not numeric": nan & raw.notna().to_numpy(), "missing": nan,
                      "negative": numeric < 0, "infinite": np.isinf(numeric)})
    else:
        numeric = np.ones(len(records))
    bad = np.zeros(len(records), dtype=bool)
    counts = {"rows": len(records)}
    for problem in _PROBLEMS:                    # exclusive: the first problem counts
        mask = masks.get(problem)
        counts[problem] = 0 if mask is None else int((mask & ~bad).sum())
        if mask is not None:
            bad |= mask
    if spec.invalid == "error":
        def rows_of(problem):
            mask = masks[problem]
            return records.index[mask], records[spec.value][mask].unique()
        _raise_first(counts, spec, rows_of)
    keep = ~bad if bad.any() else slice(None)

    frame = pd.DataFrame({"source": records[spec.source].to_numpy()[keep],
                          "target": records[spec.target].to_numpy()[keep],
                          "weight": numeric[keep]})
    if not spec.directed:
        s, t = frame["source"].to_numpy(), frame["target"].to_numpy()
        swap = (frame["source"].astype(str) > frame["target"].astype(str)).to_numpy()
        frame["source"], frame["target"] = np.where(swap, t, s), np.where(swap, s, t)
    aggregations: dict[str, Any] = {"weight": ("weight", "sum"), "records": ("weight", "size")}
    if spec.layer is not None:
        frame["layer"] = records[spec.layer].astype(str).to_numpy()[keep]
    if spec.date is not None:
        frame["date"] = pd.to_datetime(records[spec.date]).to_numpy()[keep]
        aggregations.update(first=("date", "min"), last=("date", "max"))
    ties = frame.groupby(spec.keys, sort=spec.sort, observed=True).agg(**aggregations)
    return _finish(ties.reset_index(), spec), counts


def _check_rows(n: int, spec: _Spec) -> None:
    if n == 0:
        raise InputError(f"The 'records' argument of {spec.caller} is empty: it has no rows.")
