"""from_tables: an organisations table and relation tables (or files) -> a network.

Vectorised pandas/numpy: no Python loop per row.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_columns,
    check_not_empty,
    check_one_of,
)
from linkages.build.files import Table, as_table
from linkages.network import BuildReport, MultilayerNetwork

__all__ = ["from_tables"]


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
        orgs = as_table(organisations, argument="organisations", caller=caller)
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


# -- helpers ---------------------------------------------------------------------------------
def _relations_table(relations: Table | Mapping[str, Table], *, source: str, target: str,
                     layer: str, weight: str | None, report: BuildReport,
                     caller: str) -> pd.DataFrame:
    if isinstance(relations, Mapping):
        if not relations:
            raise InputError(f"The 'relations' argument of {caller} is an empty mapping: "
                             "it names no layer.")
        parts = []
        for name, part in relations.items():
            part = as_table(part, argument=f"relations[{name!r}]", caller=caller)
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
        table = as_table(relations, argument="relations", caller=caller)
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

    Works on category codes: no Python object per row.
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
