"""A territory with its outside partners: selection, openness, partner regions, gatekeepers.

``net.select(region=...)`` keeps the ties with both ends in the territory and drops the
rest (counted in its report). A regional cluster's outside partners are half of what the
literature measures ("local buzz and global pipelines", Bathelt, Malmberg & Maskell 2004),
so :func:`select_region` keeps them:

- the organisations of the territory, and every outside organisation tied to one of them,
  flagged in the boolean column ``external``;
- every tie touching the territory, labelled in the relation column ``scope``:
  ``"internal"`` (both ends inside) or ``"external"`` (one end outside);
- the ties between two outside organisations are dropped, and counted in the report.

The analysis then clusters and ranks the inside while counting the outside:
:func:`inside_clusters` finds clusters among the inside organisations only (the outside
ones get cluster -1); :func:`openness` gives each cluster's (or region's) share of ties
and weight going outside; :func:`partner_regions` where those ties go; :func:`gatekeepers`
which inside organisations hold them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_columns, check_layers, preview
from linkages.clusters.find import find_clusters
from linkages.clusters.result import Clusters
from linkages.measures.brokerage import brokerage
from linkages.membership import read_labels
from linkages.network import BuildReport, MultilayerNetwork

__all__ = ["select_region", "inside_clusters", "openness", "partner_regions", "gatekeepers",
           "SCOPES"]

#: Values of the relation column ``scope`` made by :func:`select_region`.
SCOPES = ("internal", "external")


def select_region(net: MultilayerNetwork, region: Any, *, column: str = "region",
                  flag: str = "external", scope: str = "scope") -> MultilayerNetwork:
    """The organisations of a territory, their outside partners, and every tie touching it.

    Unlike ``net.select(region=...)``, which keeps only the ties with both ends inside,
    this keeps the territory's ties to the outside:

    - organisations: those whose ``column`` is one of ``region`` (inside), and the outside
      organisations with at least one tie to an inside one; the boolean column ``flag``
      (``external``) is True for the outside ones. Outside organisations with no tie to
      the territory are left out;
    - relations: every tie with at least one end inside, with a column ``scope``:
      ``"internal"`` (both ends inside) or ``"external"`` (one end outside; either
      direction on directed layers). Ties between two outside organisations are dropped.

    The report gains two steps, so that for the relations ``rows_in = internal +
    external + dropped``: ``select_region organisations`` (outside organisations with no
    tie to the territory dropped) and ``select_region`` (ties between two outside
    organisations dropped), and a note with the counts.

    Parameters
    ----------
    net : MultilayerNetwork
    region : value or list of values
        The territory: the values of ``column`` that are inside (``"EL"``,
        ``["North", "Centre"]``).
    column : str
        The organisation attribute naming each organisation's place (``"region"``,
        ``"country"``, a NUTS code column). A missing value is outside.
    flag, scope : str
        Names of the organisation column flagging the outside organisations and of the
        relation column labelling the ties; an existing column of that name is replaced.

    Returns
    -------
    MultilayerNetwork
        Same layers and directedness.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> north = lk.select_region(net, "North")
    >>> north.organisations.groupby("external").size().to_dict()
    {False: 142, True: 91}
    >>> north.relations["scope"].value_counts().to_dict()
    {'internal': 573, 'external': 384}
    >>> step = north.report.steps[-1]
    >>> step["rows_in"], step["rows_out"], step["dropped"]
    (1634, 957, {'ties between two organisations outside the region': 677})
    >>> net.select(region="North").n_relations   # the drop-everything selection
    573
    """
    caller = "select_region"
    organisations = net.organisations
    check_columns(organisations, [column], argument="net.organisations", caller=caller)
    accepted = [region] if isinstance(region, str) or not isinstance(
        region, Sequence | set | pd.Index | np.ndarray) else list(region)
    inside = organisations[column].isin(accepted).to_numpy(dtype=bool)
    if not inside.any():
        known = pd.unique(organisations[column].dropna())
        raise InputError(f"The 'region' argument of {caller} matches no organisation's "
                         f"{column!r}. Got {region!r}; values found: "
                         f"{preview(sorted(map(str, known)))}.")
    src, tgt, _ = net.codes()
    ends = inside[src].astype(np.int8) + inside[tgt]
    crossing = ends == 1
    partner = np.zeros(net.n_organisations, dtype=bool)
    partner[src[crossing]] = True
    partner[tgt[crossing]] = True
    partner &= ~inside
    keep = inside | partner
    kept = organisations[keep].assign(**{flag: ~inside[keep]})

    tie = ends > 0
    relations = net.relations[tie]
    relations[scope] = pd.Categorical(np.where(ends[tie] == 2, SCOPES[0], SCOPES[1]),
                                      categories=list(SCOPES))
    n_internal, n_external = int((ends == 2).sum()), int(crossing.sum())
    n_outside = int((ends == 0).sum())
    report = BuildReport(list(net.report.steps), list(net.report.notes))
    report.add("select_region organisations", rows_in=net.n_organisations,
               rows_out=int(keep.sum()), dropped={
                   "organisations outside the region with no tie to it": int((~keep).sum())})
    report.add("select_region", rows_in=net.n_relations, rows_out=n_internal + n_external,
               dropped={"ties between two organisations outside the region": n_outside})
    report.note(f"select_region({column}={region!r}): {int(inside.sum()):,} organisations "
                f"inside, {int(partner.sum()):,} outside partners kept ({flag}=True); "
                f"{n_internal:,} internal ties + {n_external:,} external ties kept, "
                f"{n_outside:,} ties between two outside organisations dropped")
    selected = MultilayerNetwork(kept, relations, directed=net.directed)
    selected.report = report            # the tables are a valid network's: nothing changed
    return selected


def inside_clusters(net: MultilayerNetwork, *, flag: str = "external",
                    **options: Any) -> Clusters:
    """Clusters of the inside organisations, found on the internal ties only.

    :func:`~linkages.find_clusters` runs on the sub-network of the organisations whose
    ``flag`` is False (the internal ties of :func:`select_region`'s result), so outside
    partners shape no cluster; the outside organisations get cluster -1 in the returned
    membership (``sizes`` counts them under -1). An inside organisation with no internal
    tie forms a cluster of its own.

    Parameters
    ----------
    net : MultilayerNetwork
        With a boolean organisation column ``flag`` (see :func:`select_region`).
    flag : str
    **options
        Passed to :func:`~linkages.find_clusters` (``method``, ``layers``, ``weighted``,
        ``seed``...).

    Returns
    -------
    Clusters
        The result of find_clusters, with ``membership`` over every organisation of
        ``net`` (integers, pandas' nullable ``Int64``; -1 outside), so it can be passed to
        :func:`openness`, :func:`~linkages.leading_firms`, :func:`~linkages.cluster_themes`,
        :func:`~linkages.describe_clusters` and :func:`~linkages.to_html` as it is.

    Examples
    --------
    >>> import linkages as lk
    >>> north = lk.select_region(lk.load_example(), "North")
    >>> found = lk.inside_clusters(north, seed=1)
    >>> found.membership[north.organisations["external"]].unique().tolist()
    [-1]
    >>> int((found.membership >= 0).sum())
    142
    """
    outside = _outside(net, flag, caller="inside_clusters")
    found = find_clusters(net.subnetwork(~outside), **options)
    membership = found.membership.reindex(net.organisations.index, fill_value=-1)
    # nullable integers: readers that mask -1 as "no cluster" keep the numbers integral
    return dataclasses.replace(found, membership=membership.astype("Int64"))


def openness(net: MultilayerNetwork, clusters: Any = None, *, flag: str = "external",
             layers: str | Sequence[str] | None = None) -> pd.DataFrame:
    """How open each cluster (or region) of the territory is: ties and weight going outside.

    For a group ``G`` of inside organisations (a cluster, a region), every tie with an end
    in ``G`` is one of:

    - ``within``: both ends in ``G``;
    - ``between``: the other end inside the territory but not in ``G`` (another cluster,
      or none);
    - ``external``: the other end outside (``flag`` True).

    ``ties = within + between + external``; ``openness = external / ties`` and
    ``weight_openness = external_weight / weight`` (NaN without ties: an inside
    organisation tied to nobody forms a cluster of its own with no tie). A tie between two
    groups counts once for each. Ties are relation rows: a pair tied in two layers counts
    twice (choose ``layers`` to count one). Ties between two outside organisations, if
    any, are ignored.

    Parameters
    ----------
    net : MultilayerNetwork
        With a boolean organisation column ``flag`` (see :func:`select_region`).
    clusters : find_clusters result, Series, sequence, str or None
        The groups: a clustering (e.g. :func:`inside_clusters`), or an organisation column
        (``"region"`` for openness per region). Outside organisations belong to no group;
        inside ones with no group (-1, missing) are in no row. None: the whole territory
        as one group, labelled ``"all"``.
    flag : str
    layers : str or list of str, optional
        Layers counted; all by default.

    Returns
    -------
    DataFrame
        One row per group (index named ``cluster``, or after the column): ``organisations``
        (inside members), ``ties``, ``within``, ``between``, ``external``, ``openness``,
        ``weight``, ``external_weight``, ``weight_openness``.

    Examples
    --------
    >>> import linkages as lk
    >>> north = lk.select_region(lk.load_example(), "North")
    >>> lk.openness(north)[["organisations", "ties", "external", "openness"]].round(3)
             organisations  ties  external  openness
    cluster
    all                142   957       384     0.401
    >>> found = lk.inside_clusters(north, seed=1)
    >>> table = lk.openness(north, found)
    >>> bool((table["ties"] == table[["within", "between", "external"]].sum(axis=1)).all())
    True
    """
    caller = "openness"
    outside, codes, labels, s, t, w = _groups(net, clusters, flag, layers, caller=caller)
    k = len(labels)
    kinds = ("within", "between", "external")
    ties = np.zeros((k, 3))
    weight = np.zeros((k, 3))
    gs, gt = codes[s], codes[t]
    # the source end's group: within, external or between
    mine = gs >= 0
    kind = np.where(gt == gs, 0, np.where(outside[t], 2, 1))[mine]
    np.add.at(ties, (gs[mine], kind), 1)
    np.add.at(weight, (gs[mine], kind), w[mine])
    # the target end's group, unless the same (a within tie is counted once)
    mine = (gt >= 0) & (gt != gs)
    kind = np.where(outside[s], 2, 1)[mine]
    np.add.at(ties, (gt[mine], kind), 1)
    np.add.at(weight, (gt[mine], kind), w[mine])
    table = pd.DataFrame(ties.astype(np.int64), index=labels, columns=list(kinds))
    table.insert(0, "ties", table.sum(axis=1))
    table.insert(0, "organisations", np.bincount(codes[codes >= 0], minlength=k))
    table["openness"] = _ratio(table["external"].to_numpy(), table["ties"].to_numpy())
    table["weight"] = weight.sum(axis=1)
    table["external_weight"] = weight[:, 2]
    table["weight_openness"] = _ratio(weight[:, 2], weight.sum(axis=1))
    return table


def partner_regions(net: MultilayerNetwork, clusters: Any = None, *, column: str = "region",
                    flag: str = "external", top: int | None = 5,
                    layers: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Where each cluster's outside ties go: the top partner regions of every group.

    Every external tie (one end in the group, the other outside) is credited to the
    outside organisation's ``column`` value (missing: ``"unknown"``).

    Parameters
    ----------
    net : MultilayerNetwork
        With a boolean organisation column ``flag`` (see :func:`select_region`).
    clusters : find_clusters result, Series, sequence, str or None
        As in :func:`openness`; None: the whole territory (``"all"``).
    column : str
        The outside organisations' place.
    flag : str
    top : int or None
        Partner regions per group (None: all).
    layers : str or list of str, optional

    Returns
    -------
    DataFrame
        One row per group and partner region, sorted by group then rank: ``cluster`` (or
        the clusters column's name), ``rank``, ``partner_region``, ``ties``, ``share`` (of
        the group's external ties), ``weight``, ``weight_share``, ``partners`` (distinct
        outside organisations).

    Examples
    --------
    >>> import linkages as lk
    >>> north = lk.select_region(lk.load_example(), "North")
    >>> lk.partner_regions(north)[["partner_region", "ties", "share"]].round(2)
      partner_region  ties  share
    0         Centre   251   0.65
    1          South   133   0.35
    """
    caller = "partner_regions"
    outside, codes, labels, s, t, w = _groups(net, clusters, flag, layers, caller=caller)
    check_columns(net.organisations, [column], argument="net.organisations", caller=caller)
    place = net.organisations[column].astype(object).where(
        net.organisations[column].notna(), "unknown").astype(str).to_numpy()
    cross = outside[s] != outside[t]
    inner = np.where(outside[s], t, s)[cross]
    outer = np.where(outside[s], s, t)[cross]
    group = codes[inner]
    kept = group >= 0
    rows = pd.DataFrame({"group": group[kept], "partner_region": place[outer[kept]],
                         "partner": outer[kept], "weight": w[cross][kept]})
    name = _group_name(labels)
    columns = [name, "rank", "partner_region", "ties", "share", "weight", "weight_share",
               "partners"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    per = rows.groupby(["group", "partner_region"]).agg(
        ties=("partner", "size"), weight=("weight", "sum"), partners=("partner", "nunique"))
    per = per.reset_index()
    totals = per.groupby("group")[["ties", "weight"]].transform("sum")
    per["share"] = per["ties"] / totals["ties"]
    per["weight_share"] = _ratio(per["weight"].to_numpy(), totals["weight"].to_numpy())
    per = per.sort_values(["group", "ties", "weight", "partner_region"],
                          ascending=[True, False, False, True])
    per["rank"] = per.groupby("group").cumcount() + 1
    if top is not None:
        per = per[per["rank"] <= top]
    per[name] = labels.take(per["group"].to_numpy())
    return per[columns].reset_index(drop=True)


def gatekeepers(net: MultilayerNetwork, clusters: Any = None, *, top: int | None = 5,
                column: str = "region", flag: str = "external",
                layers: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The inside organisations holding each cluster's ties to the outside, ranked.

    Every inside organisation with at least one external tie is ranked within its group by
    ``external_ties`` (relation rows with an outside partner), then ``external_weight``,
    then id. When the chosen layers include directed ones, the Gould-Fernandez roles
    (see :func:`~linkages.brokerage`) with the inside and the outside as the two groups
    are added: ``gatekeeper`` (open two-paths outside -> it -> inside: it lets the
    outside's flow in) and ``representative`` (inside -> it -> outside: it carries the
    territory's flow out), over the directed layers only.

    Parameters
    ----------
    net : MultilayerNetwork
        With a boolean organisation column ``flag`` (see :func:`select_region`).
    clusters : find_clusters result, Series, sequence, str or None
        As in :func:`openness`; None: the whole territory (``"all"``).
    top : int or None
        Organisations per group (None: all with an external tie).
    column : str
        The outside organisations' place, for ``partner_regions``.
    flag : str
    layers : str or list of str, optional

    Returns
    -------
    DataFrame
        Indexed by organisation id, sorted by group then rank: ``cluster`` (or the
        clusters column's name), ``rank``, ``type`` (when the network has one),
        ``external_ties``, ``external_weight``, ``partners`` (distinct outside
        organisations), ``partner_regions`` (their distinct places), ``external_share``
        (share of its own ties that go outside), ``cluster_share`` (share of its group's
        external ties), and ``gatekeeper``, ``representative`` on directed layers.

    Examples
    --------
    >>> import linkages as lk
    >>> north = lk.select_region(lk.load_example(), "North")
    >>> top = lk.gatekeepers(north, top=3)
    >>> top[["rank", "type", "external_ties", "partners", "gatekeeper"]]
            rank        type  external_ties  partners  gatekeeper
    id
    O00214     1  large firm             25        16          14
    O00047     2         sme             11         7           0
    O00029     3         sme              9         6           1
    """
    caller = "gatekeepers"
    outside, codes, labels, s, t, w = _groups(net, clusters, flag, layers, caller=caller)
    check_columns(net.organisations, [column], argument="net.organisations", caller=caller)
    n = net.n_organisations
    place_codes, _ = pd.factorize(net.organisations[column])
    cross = outside[s] != outside[t]
    inner = np.where(outside[s], t, s)[cross]
    outer = np.where(outside[s], s, t)[cross]
    external_ties = np.bincount(inner, minlength=n)
    external_weight = np.bincount(inner, weights=w[cross], minlength=n)
    pairs = np.unique(inner.astype(np.int64) * n + outer)
    partners = np.bincount(pairs // n, minlength=n)
    places = np.unique((pairs // n) * (n + 1) + place_codes[pairs % n] + 1)
    partner_places = np.bincount(places // (n + 1), minlength=n)
    all_ties = np.bincount(s, minlength=n) + np.bincount(t, minlength=n)
    group_external = np.bincount(codes[inner][codes[inner] >= 0], minlength=len(labels))
    name = _group_name(labels)
    holders = np.flatnonzero((external_ties > 0) & (codes >= 0))
    table = pd.DataFrame({name: labels.take(codes[holders]), "code": codes[holders],
                          "external_ties": external_ties[holders],
                          "external_weight": external_weight[holders],
                          "partners": partners[holders],
                          "partner_regions": partner_places[holders],
                          "external_share": external_ties[holders] / all_ties[holders],
                          "cluster_share": external_ties[holders]
                          / group_external[codes[holders]]},
                         index=net.organisations.index[holders])
    if "type" in net.organisations.columns:
        table.insert(1, "type", net.organisations["type"].to_numpy()[holders])
    chosen = check_layers(layers, net.layers, caller=caller) if layers is not None else list(
        net.layers)
    directed = [layer for layer in chosen if net.directed[layer]]
    if directed:
        roles = brokerage(net, flag, layers=directed)
        table["gatekeeper"] = roles["gatekeeper"].to_numpy()[holders]
        table["representative"] = roles["representative"].to_numpy()[holders]
    table = table.rename_axis(net.organisations.index.name).reset_index()
    id_name = table.columns[0]
    table = table.sort_values(["code", "external_ties", "external_weight", id_name],
                              ascending=[True, False, False, True])
    table.insert(2, "rank", table.groupby("code").cumcount() + 1)
    if top is not None:
        table = table[table["rank"] <= top]
    return table.drop(columns="code").set_index(id_name)


# -- shared helpers -----------------------------------------------------------------------
def _outside(net: MultilayerNetwork, flag: str, *, caller: str) -> np.ndarray:
    if flag not in net.organisations.columns:
        raise InputError(f"{caller} needs the organisation column {flag!r} flagging the "
                         "organisations outside the territory: make the network with "
                         "lk.select_region(net, region). Columns found: "
                         f"{[str(c) for c in net.organisations.columns]!r}.")
    values = net.organisations[flag]
    if not pd.api.types.is_bool_dtype(values.dtype):
        raise InputError(f"The organisation column {flag!r} read by {caller} must be "
                         f"boolean (True: outside). Got dtype {values.dtype} instead.")
    return values.to_numpy(dtype=bool, na_value=False)


def _groups(net: MultilayerNetwork, clusters: Any, flag: str,
            layers: str | Sequence[str] | None, *, caller: str):
    """Outside flags, group code per organisation (-1: outside or none), group labels and
    the chosen layers' ties (source and target positions, weights)."""
    outside = _outside(net, flag, caller=caller)
    if clusters is None:
        codes = np.where(outside, -1, 0).astype(np.int64)
        labels = pd.Index(["all"], name="cluster")
    else:
        values = read_labels(clusters, net.organisations, caller=caller)
        values = values.mask(pd.Series(outside, index=values.index))
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
                values.dtype) and (values.dropna() % 1 == 0).all():
            values = values.astype("Int64")
        found, uniques = pd.factorize(values, sort=True)
        codes = found.astype(np.int64)
        labels = pd.Index(uniques, name=clusters if isinstance(clusters, str) else "cluster")
    s, t, lay = net.codes()
    w = net.relations["weight"].to_numpy(dtype=float)
    if layers is not None:
        chosen = check_layers(layers, net.layers, caller=caller)
        mask = np.isin(lay, [net.layers.index(name) for name in chosen])
        s, t, w = s[mask], t[mask], w[mask]
    both_out = outside[s] & outside[t]
    return outside, codes, labels, s[~both_out], t[~both_out], w[~both_out]


def _group_name(labels: pd.Index) -> str:
    return str(labels.name) if labels.name is not None else "cluster"


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.full_like(num, np.nan), where=den > 0)
