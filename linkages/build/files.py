"""Reading tables: CSV, TSV, Excel and Parquet files, or a DataFrame as given.

``read_table`` reads one file; ``as_table`` is what every builder calls on an argument that
may be a DataFrame or a path. Graph file formats (Pajek, GEXF, GraphML, JSON) are in
:mod:`linkages.formats`.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd

from linkages._validation import InputError, check_type

__all__ = ["Table", "as_table", "read_table"]

#: A table argument: a DataFrame, or the path of a file :func:`read_table` reads.
Table: TypeAlias = "pd.DataFrame | str | PathLike[str]"


def _read_parquet(path: Path) -> pd.DataFrame:
    # pandas stores a named index (orgs.to_parquet() of a table indexed by id) as the
    # index again: give it back as the column it names, as CSV and Excel files have it.
    frame = pd.read_parquet(path)
    named = any(name is not None for name in frame.index.names)
    return frame.reset_index() if named else frame


_READERS: dict[str, Any] = {
    ".csv": pd.read_csv, ".txt": pd.read_csv, ".tsv": lambda p: pd.read_csv(p, sep="\t"),
    ".xlsx": pd.read_excel, ".xls": pd.read_excel, ".parquet": _read_parquet,
    ".pq": _read_parquet,
}


def read_table(path: str | PathLike[str]) -> pd.DataFrame:
    """Read a CSV (also ``.csv.gz``), TSV, Excel or Parquet file into a DataFrame.

    Parameters
    ----------
    path : str or path
        The file; its suffix chooses the reader: ``.csv``/``.txt``, ``.tsv``,
        ``.xlsx``/``.xls``, ``.parquet``/``.pq``, optionally followed by ``.gz``, ``.bz2``,
        ``.zip`` or ``.xz``. A Parquet file written from a DataFrame with a named index
        (``orgs.to_parquet(path)`` of a table indexed by ``id``) gives the index back as
        a column.

    Returns
    -------
    DataFrame

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


def as_table(table: Table, *, argument: str, caller: str) -> pd.DataFrame:
    """A DataFrame as given, or read from a CSV, Excel or Parquet path by its suffix.

    Raises TypeError (naming ``argument`` of ``caller``) for anything else.
    """
    if isinstance(table, pd.DataFrame):
        return table
    check_type(table, (str, PathLike), argument=argument, caller=caller,
               expected="pandas DataFrame or path to a CSV, Excel or Parquet file")
    return read_table(table)
