"""Builders: tables and files -> network; raw-record aggregation; two-mode projection.

All of it is vectorised pandas/numpy: no Python loop per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike

import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_columns,
    check_not_empty,
    check_one_of,
    check_type,
)
from linkages.views import sum_by_pair
from linkages.network import BuildReport, MultilayerNetwork


__all__ = ["from_tables", "project_two_mode"]

Table = pd.DataFrame | str | PathLike


def from_tables(organisations: Table | None, relations: Table | Mapping[str, Table], *,
                id: str = "id", source: str = "source", target: str = "target",
                layer: str = "layer", weight: str | None = "weight",
                directed: bool | Mapping[str, bool] | None = None,
                self_loops: str = "drop", duplicates: str = "sum",
                unknown_ids: str = "error") -> MultilayerNetwork:
    """Build a multilayer network from an organisations table and relation tables.

    Parameters
    ----------
    organisations : DataFrame, path or None
        One row per organisation (CSV, Excel or Parquet path, or a DataFrame). ``None``
        makes an attribute-less table from the relation endpoints.
    relations : DataFrame, path, or mapping of layer name to DataFrame or path
        Relation records. With one table, its ``layer`` column names each row's layer;
        with a mapping, every table is one layer.
    id, source, target, layer, weight : str
        Column names in the user's tables (column mapping): the organisation id, the two
        ends of a relation, its layer and its weight. ``weight=None``, or a missing default
        ``'weight'`` column, gives every tie weight 1 (noted in the report).
    directed : bool or mapping of layer to bool, optional
        Default: production and commercial directed, scientific and others undirected.
    self_loops : {'drop', 'keep', 'error'}
    duplicates : {'sum', 'max', 'first', 'error'}
        Several rows for one (source, target, layer) are merged: weights summed (default).
        Use :func:`aggregate_records` first to keep counts and dates of raw records.
    unknown_ids : {'error', 'drop'}
        Relations whose ends are not in ``organisations``: raise (default) or drop them,
        with the count in the report.

    Returns
    -------
    MultilayerNetwork
        With ``report`` saying rows read, ties made and rows dropped, and why.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> orgs = pd.DataFrame({"org": ["A", "B", "C"], "kind": ["large firm", "sme", "sme"]})
    >>> supply = pd.DataFrame({"seller": ["B", "C", "C", "C"], "buyer": ["A", "A", "A", "C"],
    ...                        "value": [10.0, 4.0, 1.0, 2.0]})
    >>> net = lk.from_tables(orgs, {"production": supply}, id="org", source="seller",
    ...                      target="buyer", weight="value")
    >>> net.relations[["source", "target", "weight"]].values.tolist()
    [['B', 'A', 10.0], ['C', 'A', 5.0]]
    >>> for reason, n in net.report.dropped.items():
    ...     print(n, reason)
    1 self-loops dropped (self_loops='drop')
    1 duplicate (source, target, layer) rows merged (duplicates='sum')
    """
    caller = "from_tables"
    check_one_of(unknown_ids, ["error", "drop"], argument="unknown_ids", caller=caller)
    report = BuildReport()
    table = _relations_table(relations, source=source, target=target, layer=layer,
                             weight=weight, report=report, caller=caller)
    if organisations is None:
        ids = pd.unique(pd.concat([table["source"], table["target"]], ignore_index=True))
        orgs = pd.DataFrame(index=pd.Index(ids, name="id"))
        report.note(f"no organisations table: {len(orgs):,} organisations taken from the "
                    "relation endpoints")
    else:
        orgs = read_table(organisations, argument="organisations", caller=caller)
        check_not_empty(orgs, argument="organisations", caller=caller)
        if id in orgs.columns:
            orgs = orgs.set_index(id)
        elif orgs.index.name != id:
            check_columns(orgs, [id], argument="organisations", caller=caller)
        orgs = orgs.rename_axis("id")
        table = _align_id_types(table, orgs.index)
    report.add("organisations", rows_in=len(orgs), rows_out=len(orgs))

    if unknown_ids == "drop":
        known = table["source"].isin(orgs.index) & table["target"].isin(orgs.index)
        report.add("unknown ids", rows_in=len(table), rows_out=int(known.sum()), dropped={
            "relations with an end not in organisations (unknown_ids='drop')":
                int((~known).sum())})
        table = table[known]
    return MultilayerNetwork(orgs, table, directed=directed, self_loops=self_loops,
                             duplicates=duplicates, report=report)


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
    participations = read_table(participations, argument="participations", caller=caller)
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


# -- helpers ---------------------------------------------------------------------------------
def read_table(table: Table, *, argument: str, caller: str) -> pd.DataFrame:
    """A DataFrame as given, or read from a CSV, Excel or Parquet path by its suffix."""
    if isinstance(table, pd.DataFrame):
        return table
    check_type(table, (str, PathLike), argument=argument, caller=caller,
               expected="pandas DataFrame or path to a CSV, Excel or Parquet file")
    from linkages.build.files import read_table as read_file
    return read_file(table)


def _relations_table(relations: Table | Mapping[str, Table], *, source: str, target: str,
                     layer: str, weight: str | None, report: BuildReport,
                     caller: str) -> pd.DataFrame:
    if isinstance(relations, Mapping):
        if not relations:
            raise InputError(f"The 'relations' argument of {caller} is an empty mapping: "
                             "it names no layer.")
        parts = []
        for name, part in relations.items():
            part = read_table(part, argument=f"relations[{name!r}]", caller=caller)
            check_columns(part, [source, target], argument=f"relations[{name!r}]",
                          caller=caller)
            if weight not in (None, "weight"):     # a weight column the user named must exist
                check_columns(part, [weight], argument=f"relations[{name!r}]", caller=caller)
            if weight is not None and weight not in part.columns:
                part = part.assign(**{weight: 1.0})
                report.note(f"relations[{name!r}] has no {weight!r} column: its rows weigh 1")
            parts.append(part)
        layer_names = [str(name) for name in relations]
        parts = [part.assign(**{layer: pd.Categorical.from_codes(  # no per-row strings
            np.full(len(part), i), categories=layer_names)}) for i, part in enumerate(parts)]
        table = pd.concat(parts, ignore_index=True)
    else:
        table = read_table(relations, argument="relations", caller=caller)
        if layer not in table.columns:
            raise InputError(
                f"The 'relations' argument of {caller} must have a layer column {layer!r} "
                f"(set layer= to its name) or be a mapping of layer name to table, e.g. "
                f"{{'production': table}}. Found columns {[str(c) for c in table.columns]!r}.")
        layer_names = None
    check_columns(table, [source, target], argument="relations", caller=caller)
    check_not_empty(table, argument="relations", caller=caller)
    if weight is not None and weight not in table.columns and weight != "weight":
        check_columns(table, [weight], argument="relations", caller=caller)
    renamed = {source: "source", target: "target", layer: "layer"}
    out = table.rename(columns=renamed)
    if weight is not None and weight in table.columns:
        out = out.rename(columns={weight: "weight"})
    else:
        out = out.assign(weight=1.0)
        report.note("no weight column: every relation row weighs 1")
    if layer_names is None:     # layers named in the table survive rows dropped later
        out["layer"] = _layers_as_text(out["layer"])
    else:
        out["layer"] = pd.Categorical(out["layer"], categories=layer_names)
    first = ["source", "target", "layer", "weight"]
    report.add("read relations", rows_in=len(out), rows_out=len(out))
    return out[first + [c for c in out.columns if c not in first]]


def _layers_as_text(column: pd.Series) -> pd.Categorical:
    """Layer names as text categories in order of first appearance, missing kept missing.

    Works on category codes: no Python object per row (10M rows in about a second).
    """
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("category")
    codes = column.cat.codes.to_numpy()
    names = np.array([str(c) for c in column.cat.categories] + [""], dtype=object)
    layer_names = list(dict.fromkeys(names[pd.unique(codes[codes >= 0])]))
    position = {name: i for i, name in enumerate(layer_names)}
    remap = np.array([position.get(name, -1) for name in names[:-1]] + [-1])
    return pd.Categorical.from_codes(remap[codes], categories=layer_names)


def _align_id_types(table: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Compare ids as text when organisation ids are text and relation ids were read as numbers."""
    ends_numeric = (pd.api.types.is_numeric_dtype(table["source"].dtype)
                    and pd.api.types.is_numeric_dtype(table["target"].dtype))
    if ends_numeric and not pd.api.types.is_numeric_dtype(index.dtype):
        return table.assign(source=table["source"].astype(str),
                            target=table["target"].astype(str))
    return table
