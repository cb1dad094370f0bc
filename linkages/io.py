"""Readers and writers of files: tables (CSV, Excel, Parquet) and graph formats."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import pandas as pd

from ._validation import InputError

__all__ = ["read_table"]

_READERS = {
    ".csv": pd.read_csv, ".txt": pd.read_csv, ".tsv": lambda p: pd.read_csv(p, sep="\t"),
    ".xlsx": pd.read_excel, ".xls": pd.read_excel, ".parquet": pd.read_parquet,
    ".pq": pd.read_parquet,
}


def read_table(path: str | PathLike) -> pd.DataFrame:
    """Read a CSV (also ``.csv.gz``), TSV, Excel or Parquet file into a DataFrame.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> import linkages as lk
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "orgs.parquet"
    >>> pd.DataFrame({"id": ["A", "B"]}).to_parquet(path)
    >>> lk.read_table(path)["id"].tolist()
    ['A', 'B']
    """
    path = Path(path)
    suffixes = [s.lower() for s in path.suffixes]
    suffix = suffixes[-2] if len(suffixes) > 1 and suffixes[-1] in (".gz", ".bz2", ".zip",
                                                                      ".xz") else path.suffix
    reader = _READERS.get(suffix.lower())
    if reader is None:
        raise InputError(f"The 'path' argument of read_table must end in one of "
                         f"{sorted(_READERS)!r} (optionally compressed). Got {str(path)!r} "
                         "instead.")
    if not path.exists():
        raise InputError(f"The 'path' argument of read_table names a file that does not "
                         f"exist: {str(path)!r}.")
    return reader(path)
