"""What every record engine shares: the spec of one call, the problem checks, the tie table.

An engine (:mod:`~linkages.build.records.pandas_engine`,
:mod:`~linkages.build.records.duckdb_engine`, :mod:`~linkages.build.records.spark_engine`)
takes the records and a :class:`Spec` and returns the tie table (through :func:`finish`, so
the dtypes are the same whatever the engine) and the count of each problem in
:data:`PROBLEMS`; :func:`linkages.aggregate_records` adds the report.

Records are checked in one order, and each record counts under the first problem it has:
no source, no target, a non-numeric value, a missing value (NaN), a negative value, an
infinite value. ``invalid='error'`` raises (:func:`raise_first`) on the first problem
found, naming a few rows (0-based positions in the input); ``invalid='drop'`` drops those
records and the report counts each reason.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from os import PathLike, fspath
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
import pandas as pd

from linkages._validation import InputError, preview

__all__ = ["PROBLEMS", "SCALE_EXTRA", "Counts", "Engine", "Spec", "check_rows", "finish",
           "problem_column", "is_parquet", "paths", "raise_first"]

#: The problems a record may have, in the order they are checked.
PROBLEMS = ("no source", "no target", "not numeric", "missing", "negative", "infinite",
            "bad date")

#: How to install the optional engines.
SCALE_EXTRA = "pip install linkages[scale]"

#: Records read (``'rows'``) and the count of each problem in :data:`PROBLEMS`.
Counts = dict[str, int]


@dataclass(frozen=True)
class Spec:
    """The column mapping and the options of one call, the same for every engine."""

    source: str
    target: str
    value: str | None
    date: str | None
    layer: str | None
    directed: bool
    invalid: str
    sort: bool
    caller: str

    @property
    def columns(self) -> list[str]:
        """The columns the records must have."""
        return [self.source, self.target] + [c for c in (self.value, self.date, self.layer)
                                             if c is not None]

    @property
    def keys(self) -> list[str]:
        """The columns of the tie table that identify a tie."""
        return ["source", "target"] + (["layer"] if self.layer is not None else [])


class Engine(Protocol):
    """An aggregation engine: its name (shown in the report) and one method."""

    name: ClassVar[str]

    def aggregate(self, records: Any, kind: str, spec: Spec) -> tuple[pd.DataFrame, Counts]:
        """Ties and problem counts of ``records``, of input ``kind`` 'pandas', 'files' or
        'spark'."""
        ...


def check_rows(n: int, spec: Spec) -> None:
    """Raise InputError when the records have no rows."""
    if n == 0:
        raise InputError(f"The 'records' argument of {spec.caller} is empty: it has no rows.")


def paths(records: str | PathLike[str] | Sequence[str | PathLike[str]], *,
          caller: str) -> list[str]:
    """Paths and globs expanded to existing files, in a stable order."""
    patterns = [records] if isinstance(records, str | PathLike) else list(records)
    files: list[str] = []
    for pattern in (fspath(p) for p in patterns):
        found = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not found or not all(Path(f).is_file() for f in found):
            raise InputError(f"The 'records' argument of {caller} names no existing file: "
                             f"{pattern!r}.")
        files += found
    return files


def is_parquet(path: str) -> bool:
    return path.lower().endswith((".parquet", ".pq"))


def raise_first(counts: Counts, spec: Spec,
                rows_of: Callable[[str], tuple[Sequence[Any], Sequence[Any]]]) -> None:
    """Raise the error of the first problem found; ``rows_of(problem)`` -> (rows, values).

    ``rows_of`` is called only for a problem of the value or date column (see
    :func:`problem_column`), and only when raising.
    """
    for problem in PROBLEMS:
        n = counts[problem]
        if not n:
            continue
        if problem in ("no source", "no target"):
            column = spec.source if problem == "no source" else spec.target
            raise InputError(f"The 'records' argument of {spec.caller} has {n} rows with no "
                             f"{column!r}.")
        argument = f"records[{problem_column(problem, spec)!r}]"
        rows, values = rows_of(problem)
        if problem == "bad date":
            raise InputError(f"The {argument!r} argument of {spec.caller} must hold dates; "
                             f"{n} values cannot be read as dates, e.g. "
                             f"{preview(pd.unique(np.asarray(values, dtype=object)))} "
                             f"(rows {preview(rows)}); pass invalid='drop' to leave them out.")
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


def problem_column(problem: str, spec: Spec) -> str | None:
    """The column a value problem is about: the date column for 'bad date', else the value."""
    return spec.date if problem == "bad date" else spec.value


def finish(ties: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """The tie table with the same index and dtypes whatever the engine."""
    ties = ties.reset_index(drop=True)
    wanted = {"weight": "float64", "records": "int64"}
    if spec.date is not None:
        wanted.update(first="datetime64[us]", last="datetime64[us]")
    for column, dtype in wanted.items():       # no copies of what is right already
        if ties[column].dtype != dtype:
            ties[column] = pd.to_datetime(ties[column]).astype(dtype) if dtype.startswith(
                "datetime") else ties[column].astype(dtype)
    return ties
