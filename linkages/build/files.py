"""Readers of tables (CSV, Excel, Parquet) and two-mode incidence tables.

Pajek files: :mod:`linkages.pajek` (re-exported here); graph formats: :mod:`linkages.formats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import pandas as pd

from linkages._validation import (
    InputError,
    preview,
    check_columns,
    check_not_empty,
    check_one_of,
    check_type,
    check_weights,
)
from linkages.build.tables import project_two_mode
from linkages.formats.pajek import read_pajek

__all__ = ["read_incidence", "read_pajek", "read_table"]

def _read_parquet(path: Path) -> pd.DataFrame:
    # pandas stores a named index (orgs.to_parquet() of a table indexed by id) as the
    # index again: give it back as the column it names, as CSV and Excel files have it.
    frame = pd.read_parquet(path)
    named = any(name is not None for name in frame.index.names)
    return frame.reset_index() if named else frame


_READERS = {
    ".csv": pd.read_csv, ".txt": pd.read_csv, ".tsv": lambda p: pd.read_csv(p, sep="\t"),
    ".xlsx": pd.read_excel, ".xls": pd.read_excel, ".parquet": _read_parquet,
    ".pq": _read_parquet,
}


def read_table(path: str | PathLike) -> pd.DataFrame:
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


# -- two-mode incidence tables -------------------------------------------------------------
def read_incidence(table: pd.DataFrame | str | PathLike, *, organisation: str | None = None,
                   groups: Sequence[str] | None = None, group: str = "project",
                   transpose: bool = False, weighting: str | None = None) -> pd.DataFrame:
    """Read a two-mode incidence table (organisations x projects) into participation rows.

    Rows are organisations, columns are groups (projects, patents, boards...), cells are
    0/1 or counts. Every non-zero cell becomes one row ``(organisation, group, count)``:
    the long table that :func:`project_two_mode` accepts. With ``weighting`` the table is
    projected at once (``'count'`` or ``'newman'``), giving ties ready to be a layer of
    :func:`from_tables`. Organisations with no participation (all-zero rows) make no row;
    their ids are kept in ``result.attrs['no_participation']``.

    Parameters
    ----------
    table : DataFrame or path
        The incidence table (CSV, Excel or Parquet path, or DataFrame).
    organisation : str, optional
        The column of organisation ids. Default: the index of a DataFrame, the first
        column of a file.
    groups : list of str, optional
        The group columns to use (default: all others).
    group : str
        Name of the group column of the result.
    transpose : bool
        True when rows are the groups and columns the organisations (e.g. directors x
        companies, for interlocks between companies).
    weighting : {None, 'count', 'newman'}
        Project onto organisation pairs with :func:`project_two_mode`.

    Returns
    -------
    DataFrame
        Columns ``organisation``, ``group`` (the name given), ``count``; or with
        ``weighting`` the ties ``source``, ``target``, ``weight``, ``groups``.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> grid = pd.DataFrame({"P1": [1, 1, 0, 0], "P2": [1, 2, 1, 0]},
    ...                     index=pd.Index(["A", "B", "C", "D"], name="org"))
    >>> lk.read_incidence(grid).values.tolist()
    [['A', 'P1', 1.0], ['A', 'P2', 1.0], ['B', 'P1', 1.0], ['B', 'P2', 2.0], ['C', 'P2', 1.0]]
    >>> ties = lk.read_incidence(grid, weighting="count")
    >>> ties.values.tolist()
    [['A', 'B', 2.0, 2], ['A', 'C', 1.0, 1], ['B', 'C', 1.0, 1]]
    >>> net = lk.from_tables(None, {"scientific": ties}, unknown_ids="error")
    >>> net.n_relations
    3
    """
    caller = "read_incidence"
    if weighting is not None:
        check_one_of(weighting, ["count", "newman"], argument="weighting", caller=caller)
    if isinstance(table, pd.DataFrame):
        frame = table
    else:
        check_type(table, (str, PathLike), argument="table", caller=caller,
                   expected="pandas DataFrame or path to a CSV, Excel or Parquet file")
        frame = read_table(table)
        if organisation is None:
            frame = frame.set_index(frame.columns[0])
    if organisation is not None:
        check_columns(frame, [organisation], argument="table", caller=caller)
        frame = frame.set_index(organisation)
    if groups is not None:
        check_columns(frame, list(groups), argument="table", caller=caller)
        frame = frame[list(groups)]
    if transpose:
        frame = frame.T
    check_not_empty(frame, argument="table", caller=caller)
    for axis, what in ((frame.index, "organisation"), (frame.columns, group)):
        if not axis.is_unique:
            dup = axis[axis.duplicated()].unique()
            raise InputError(f"The 'table' argument of {caller} must have unique {what} ids; "
                             f"found {len(dup)} duplicated: {preview(dup)}.")
    cells = frame.stack()
    counts = check_weights(cells, argument="table", caller=caller)
    present = counts > 0
    long = pd.DataFrame({"organisation": cells.index.get_level_values(0)[present],
                         group: cells.index.get_level_values(1)[present],
                         "count": counts[present]})
    no_participation = frame.index[(frame.to_numpy() == 0).all(axis=1)].tolist()
    if weighting is not None:
        long = project_two_mode(long, organisation="organisation", group=group,
                                weighting=weighting)
    long.attrs["no_participation"] = no_participation
    return long
