"""Two-mode data: organisation x group (project, patent, board) -> ties between organisations.

``read_incidence`` turns a wide incidence table into participation rows;
``project_two_mode`` projects participation rows onto organisation pairs. Vectorised
numpy: no Python loop per row or per group.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_columns,
    check_not_empty,
    check_one_of,
    check_weights,
    preview,
)
from linkages.build.files import Table, as_table
from linkages.network import BuildReport
from linkages.views import sum_by_pair

__all__ = ["project_two_mode", "read_incidence"]


def project_two_mode(participations: Table, *, organisation: str = "organisation",
                     group: str = "project", weighting: str = "newman",
                     report: BuildReport | None = None) -> pd.DataFrame:
    """Project organisation x group records (projects, patents...) onto organisation pairs.

    Two organisations are tied when they share a group. Weights:

    - ``'count'``: the number of shared groups, :math:`w_{ij} = \\sum_p 1`;
    - ``'newman'``: Newman's collaboration weight (Newman 2001, Phys. Rev. E 64, 016132),
      :math:`w_{ij} = \\sum_p 1 / (n_p - 1)` with :math:`n_p` the participants of group
      ``p``, so each organisation's ties from one project add up to 1.

    Parameters
    ----------
    participations : DataFrame or path
        One row per (organisation, group) participation; other columns are ignored.
    organisation, group : str
        Column names of the organisation id and the group (project, patent...) id.
    weighting : {'newman', 'count'}
    report : BuildReport, optional
        Receives the step: rows read, repeated rows, single-participant groups, pairs made.

    Repeated rows of the same organisation in a group count once. Groups with a single
    participant make no tie; they are counted in ``report`` (if given) and in
    ``result.attrs['singleton_groups']``. Vectorised: pairs are generated per group size
    with numpy, memory is proportional to the number of pairs.

    Returns
    -------
    DataFrame
        Columns ``source``, ``target`` (``source < target``), ``weight`` and ``groups``
        (number of shared groups), one row per pair.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> rows = pd.DataFrame({"org": ["A", "B", "C", "A", "B", "D"],
    ...                      "project": [1, 1, 1, 2, 2, 3]})
    >>> lk.project_two_mode(rows, organisation="org", weighting="newman").values.tolist()
    [['A', 'B', 1.5, 2], ['A', 'C', 0.5, 1], ['B', 'C', 0.5, 1]]
    """
    caller = "project_two_mode"
    check_one_of(weighting, ["count", "newman"], argument="weighting", caller=caller)
    participations = as_table(participations, argument="participations", caller=caller)
    check_columns(participations, [organisation, group], argument="participations",
                  caller=caller)
    check_not_empty(participations, argument="participations", caller=caller)
    table = participations[[organisation, group]]
    missing = table.isna().any(axis=1)
    if missing.any():
        raise InputError(f"The 'participations' argument of {caller} has "
                         f"{int(missing.sum())} rows with no {organisation!r} or {group!r}.")
    org_codes, org_ids = pd.factorize(table[organisation], sort=True)
    grp_codes, _ = pd.factorize(table[group])
    n_orgs = np.int64(len(org_ids))
    pairs_in = np.unique(grp_codes.astype(np.int64) * n_orgs + org_codes)
    n_repeat = len(table) - len(pairs_in)
    g, o = pairs_in // n_orgs, pairs_in % n_orgs   # sorted by group, then organisation
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    singletons = int((sizes == 1).sum())

    src_parts, tgt_parts, w_parts = [], [], []
    for size in np.unique(sizes[sizes > 1]):         # one numpy step per distinct group size
        first = starts[sizes == size]
        members = o[first[:, None] + np.arange(size)]          # (groups, size)
        i, j = np.triu_indices(size, k=1)
        src_parts.append(members[:, i].ravel())
        tgt_parts.append(members[:, j].ravel())
        w = 1.0 if weighting == "count" else 1.0 / (size - 1)
        w_parts.append(np.full(len(first) * len(i), w))
    if src_parts:
        s, t, w = (np.concatenate(src_parts), np.concatenate(tgt_parts),
                   np.concatenate(w_parts))
    else:
        s = t = np.array([], dtype=np.int64)
        w = np.array([], dtype=float)
    source, target, weight = sum_by_pair(s, t, w, n=len(org_ids))
    groups = sum_by_pair(s, t, 1.0, n=len(org_ids))[2]       # same pairs, same order
    ties = pd.DataFrame({"source": org_ids.take(source), "target": org_ids.take(target),
                         "weight": weight, "groups": groups.astype(np.int64)})
    ties.attrs["singleton_groups"] = singletons
    if report is not None:
        report.add(f"two-mode projection ({weighting})", rows_in=len(table),
                   rows_out=len(ties), dropped={
                       "repeated (organisation, group) rows counted once": n_repeat,
                       "rows of groups with a single participant (no tie)": singletons})
        report.note(f"projection: {len(sizes):,} groups, {singletons:,} with one participant; "
                    f"{len(s):,} co-participations merged into {len(ties):,} pairs")
    return ties


def read_incidence(table: Table, *, organisation: str | None = None,
                   groups: Sequence[str] | None = None, group: str = "project",
                   transpose: bool = False) -> pd.DataFrame:
    """Read a two-mode incidence table (organisations x projects) into participation rows.

    Rows are organisations, columns are groups (projects, patents, boards...), cells are
    0/1 or counts. Every non-zero cell becomes one row ``(organisation, group, count)``:
    the long table that :func:`project_two_mode` accepts, so
    ``project_two_mode(read_incidence(path))`` gives ties ready to be a layer of
    :func:`from_tables` (pass ``group=`` to both when the group column is renamed).
    Organisations with no participation (all-zero rows) make no row; their ids are kept
    in ``result.attrs['no_participation']``.

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

    Returns
    -------
    DataFrame
        Columns ``organisation``, ``group`` (the name given) and ``count`` (float), one row
        per non-zero cell, in the table's row order.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> grid = pd.DataFrame({"P1": [1, 1, 0, 0], "P2": [1, 2, 1, 0]},
    ...                     index=pd.Index(["A", "B", "C", "D"], name="org"))
    >>> lk.read_incidence(grid).values.tolist()
    [['A', 'P1', 1.0], ['A', 'P2', 1.0], ['B', 'P1', 1.0], ['B', 'P2', 2.0], ['C', 'P2', 1.0]]
    >>> ties = lk.project_two_mode(lk.read_incidence(grid), weighting="count")
    >>> ties.values.tolist()
    [['A', 'B', 2.0, 2], ['A', 'C', 1.0, 1], ['B', 'C', 1.0, 1]]
    >>> net = lk.from_tables(None, {"scientific": ties}, unknown_ids="error")
    >>> net.n_relations
    3
    """
    caller = "read_incidence"
    frame = as_table(table, argument="table", caller=caller)
    if organisation is None and not isinstance(table, pd.DataFrame):
        frame = frame.set_index(frame.columns[0])      # a file's ids: its first column
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
    long.attrs["no_participation"] = no_participation
    return long
