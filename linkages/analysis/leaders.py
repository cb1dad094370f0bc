"""Leading firms of each cluster, with the reasons, and what their removal would cost.

``leading_firms`` ranks the firms of every cluster by a documented composite score and
writes why; ``resilience`` removes an organisation and measures who loses their path to
the rest of the cluster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_columns,
    check_known_ids,
    check_layers,
    check_one_of,
)
from linkages.measures.centrality import betweenness, resolve_samples
from linkages.membership import group_codes
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, sum_by_pair, to_igraph
from linkages.vocabulary import FIRM_TYPES, RESEARCH_TYPES

__all__ = ["leading_firms", "resilience", "DEFAULT_WEIGHTS"]

#: Weights of the composite score of :func:`leading_firms` (normalised to sum 1).
DEFAULT_WEIGHTS = {"sme_reach": 0.4, "pagerank": 0.2, "research": 0.15, "betweenness": 0.1,
                   "size": 0.15}


def leading_firms(net: MultilayerNetwork, clusters: Any, *, top: int | None = 5,
                  weights: Mapping[str, float] | None = None, firms_only: bool = True,
                  production: str | None = "production", science: str | None = "scientific",
                  anchor_share: float = 0.25, size: str | None = "size",
                  betweenness_samples: int | str | None = "auto", seed: int | None = 0
                  ) -> pd.DataFrame:
    """The leading organisations of every cluster: a ranked table with the reasons.

    Every organisation in a cluster gets five measures, each scaled to [0, 1] by the
    cluster's maximum, and a composite score, their weighted mean:

    - ``sme_reach``: distinct SMEs of its own cluster tied to it in the ``production``
      layer, either way (ties run supplier -> customer, so an anchor *buys* from SMEs),
      as a share of the cluster's SMEs (``sme_share``);
    - ``pagerank``: weighted PageRank in the ``production`` layer (value flows to
      customers; see :func:`linkages.measures.centrality.centrality`);
    - ``research``: distinct universities and research institutes tied to it in the
      ``science`` layer, in any cluster;
    - ``betweenness``: normalised betweenness on the unweighted aggregate of all layers
      (sampled with ``betweenness_samples``), how much it bridges the network;
    - ``size``: ``log(1 + employees)`` from the ``size`` column.

    .. math:: \\text{score}_i = \\sum_k w_k \\frac{m_{ik}}{\\max_{j \\in C(i)} m_{jk}}
              \\Big/ \\sum_k w_k

    with the weights :data:`DEFAULT_WEIGHTS` (0.4, 0.2, 0.15, 0.1, 0.15) unless given.
    An **anchor** is a large firm whose production ties reach at least ``anchor_share`` of
    its cluster's SMEs.

    Parameters
    ----------
    net : MultilayerNetwork
        Needs a ``type`` column (values as in :data:`linkages.vocabulary.FIRM_TYPES`,
        :data:`linkages.vocabulary.RESEARCH_TYPES`).
    clusters : find_clusters result, Series, sequence or str
        Cluster of every organisation, or an organisation column (e.g. ``"planted_cluster"``,
        ``"region"``). Organisations with no cluster (-1, missing) are not ranked.
    top : int or None
        Rows per cluster (None: all).
    weights : mapping, optional
        Weights of ``sme_reach``, ``pagerank``, ``research``, ``betweenness``, ``size``;
        those not given are 0. E.g. ``{"sme_reach": 1}`` ranks by SME reach alone.
    firms_only : bool
        Rank only firms (types 'large firm' and 'sme'; default); False ranks every type.
    production, science : str or None
        The production and scientific layers; None leaves that layer's measures at 0 (their
        weight must then be 0).
    anchor_share : float
        Share of the cluster's SMEs an anchor's production ties must reach, in [0, 1].
    size : str or None
        Column of employees; None or a missing value counts as 0.
    betweenness_samples : int, 'auto' or None
        Sources sampled for betweenness (see :func:`linkages.measures.centrality.centrality`).
        None: exact (Brandes, O(nm): hours at 100k organisations). ``'auto'`` (default):
        exact up to 5,000 organisations, else 2 to 200 sampled sources, fewer on large
        networks so the work stays near 20M tie visits (about 22 sources at 900k ties, 2 at
        10M), as in :func:`linkages.centrality`. Few sources give a rough estimate
        (Spearman 0.93-0.95 to exact with 50-1,000 sources at 10k, see
        benchmarks/bench_centrality.py); betweenness weighs 0.1 in the default score.
        Give a number, or a betweenness weight of 0, to decide yourself.
    seed : int, optional
        Seed of the sampled sources; the same seed, the same scores.

    Returns
    -------
    DataFrame
        Indexed by organisation id, sorted by cluster and rank: ``cluster``, ``rank``,
        ``name`` (when the network has one), ``type``, ``score``, ``anchor``, ``reason``,
        then the measures ``sme_suppliers`` (SMEs it buys from), ``sme_customers``,
        ``sme_reach``, ``cluster_smes``, ``sme_share``, ``pagerank``, ``research``,
        ``research_outside`` (of them in other clusters), ``betweenness``, ``size``.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> leaders = lk.leading_firms(net, "planted_cluster", top=1)
    >>> leaders[["cluster", "rank", "anchor"]].reset_index().values.tolist()
    [['O00001', 0, 1, True], ['O00068', 1, 1, True], ['O00137', 2, 1, True], ['O00214', 3, 1, True]]
    >>> leaders.loc["O00214", "reason"]
    "buys from 59 of the cluster's 70 SMEs; R&D ties to 1 research organisation; 1,865 employees"
    """
    caller = "leading_firms"
    check_columns(net.organisations, ["type"], argument="net.organisations", caller=caller)
    weights = _weights(weights, caller=caller)
    if top is not None and (not isinstance(top, int | np.integer) or top < 1):
        raise InputError(f"The 'top' argument of {caller} must be a positive integer or None. "
                         f"Got {top!r} instead.")
    if not 0 <= anchor_share <= 1:
        raise InputError(f"The 'anchor_share' argument of {caller} must be in [0, 1]. "
                         f"Got {anchor_share!r} instead.")
    for argument, layer, needs in (("production", production, ("sme_reach", "pagerank")),
                                   ("science", science, ("research",))):
        if layer is None:
            used = [k for k in needs if weights[k] > 0]
            if used:
                raise InputError(f"The 'weights' argument of {caller} gives {used!r} a weight "
                                 f"but {argument}=None; set their weights to 0.")
        else:
            check_one_of(layer, list(net.layers), argument=argument, caller=caller)
    if size is not None:
        check_columns(net.organisations, [size], argument="net.organisations", caller=caller)
    elif weights["size"] > 0:
        raise InputError(f"The 'weights' argument of {caller} gives 'size' a weight but "
                         "size=None; set its weight to 0.")

    betweenness_samples = resolve_samples(betweenness_samples, net, caller=caller)
    codes, labels = group_codes(clusters, net.organisations, argument="clusters", caller=caller)
    m = _measures(net, codes, production=production, science=science, size=size,
                  samples=0 if weights["betweenness"] == 0 else betweenness_samples, seed=seed)
    types = net.organisations["type"].to_numpy()
    candidate = codes >= 0
    if firms_only:
        candidate &= np.isin(types, FIRM_TYPES)
    m = m[candidate]
    scaled = {"sme_reach": m["sme_share"], "pagerank": m["pagerank"],
              "research": m["research"], "betweenness": m["betweenness"],
              "size": np.log1p(m["size"])}
    score = np.zeros(len(m))
    for key, weight in weights.items():
        if weight > 0:
            top_value = scaled[key].groupby(m["cluster"]).transform("max").to_numpy()
            score += weight * np.divide(scaled[key].to_numpy(), top_value,
                                        out=np.zeros(len(m)), where=top_value > 0)
    m.insert(1, "score", score / sum(weights.values()))
    m.insert(2, "anchor", (m["type"] == "large firm").to_numpy()
             & (m["sme_share"] >= anchor_share).to_numpy())
    m = m.sort_values(["cluster", "score"], ascending=[True, False], kind="stable")
    m.insert(1, "rank", m.groupby("cluster").cumcount() + 1)
    if top is not None:
        m = m[m["rank"] <= top]
    m.insert(2, "reason", _reasons(m))
    m["cluster"] = labels.take(m["cluster"].to_numpy())
    if "name" in net.organisations.columns:
        m.insert(2, "name", net.organisations.loc[m.index, "name"])
    first = ["cluster", "rank", "name", "type", "score", "anchor", "reason"]
    first = [c for c in first if c in m.columns]
    return m[first + [c for c in m.columns if c not in first]]


def _weights(weights: Mapping[str, float] | None, *, caller: str) -> dict[str, float]:
    if weights is None:
        return dict(DEFAULT_WEIGHTS)
    if not isinstance(weights, Mapping):
        raise TypeError(f"The 'weights' argument of {caller} must be a mapping of measure to "
                        f"number. Got {type(weights).__name__} instead.")
    for key, value in weights.items():
        check_one_of(key, list(DEFAULT_WEIGHTS), argument="weights", caller=caller)
        if not isinstance(value, int | float) or not np.isfinite(value) or value < 0:
            raise InputError(f"The 'weights' argument of {caller} must map measures to finite "
                             f"non-negative numbers. Got {value!r} for {key!r} instead.")
    out = {key: float(weights.get(key, 0.0)) for key in DEFAULT_WEIGHTS}
    if sum(out.values()) == 0:
        raise InputError(f"The 'weights' argument of {caller} must give some measure a "
                         f"positive weight. Got {dict(weights)!r} instead.")
    return out


def _measures(net: MultilayerNetwork, codes: np.ndarray, *, production: str | None,
              science: str | None, size: str | None, samples: int | None,
              seed: int | None) -> pd.DataFrame:
    """The measures behind the score, for every organisation (vectorised over ties)."""
    n = net.n_organisations
    types = net.organisations["type"].to_numpy()
    sme = types == "sme"
    smes_in = np.bincount(codes[(codes >= 0) & sme], minlength=codes.max(initial=0) + 1)
    cluster_smes = np.where(codes >= 0, smes_in[np.maximum(codes, 0)] - sme, 0)
    suppliers: np.ndarray = np.zeros(n)
    customers: np.ndarray = np.zeros(n)
    reach: np.ndarray = np.zeros(n)
    pagerank: np.ndarray = np.zeros(n)
    if production is not None:
        s, t, _, _ = aggregate_ties(net, layers=production, directed=True)
        same = (codes[s] == codes[t]) & (codes[s] >= 0) & (s != t)
        # an organisation buys from the SMEs that supply it (s -> t: s supplies t)
        suppliers = np.bincount(t[same & sme[s]], minlength=n)
        customers = np.bincount(s[same & sme[t]], minlength=n)
        a, b = np.r_[s[same & sme[s]], t[same & sme[t]]], np.r_[t[same & sme[s]],
                                                               s[same & sme[t]]]
        _, organisation, _ = sum_by_pair(a, b, 1.0, n=n)   # distinct (SME, organisation)
        reach = np.bincount(organisation, minlength=n)
        graph = to_igraph(net, layers=production)
        pagerank = np.asarray(graph.pagerank(directed=graph.is_directed(), weights="weight"))
    research: np.ndarray = np.zeros(n)
    outside: np.ndarray = np.zeros(n)
    if science is not None:
        s, t, _, _ = aggregate_ties(net, layers=science, directed=False)
        knowledge = np.isin(types, RESEARCH_TYPES)
        ends = np.r_[s, t]
        partners = np.r_[t, s]
        keep = knowledge[partners] & (ends != partners)
        org, partner, _ = sum_by_pair(ends[keep], partners[keep], 1.0, n=n)  # distinct pairs
        research = np.bincount(org, minlength=n)
        outside = np.bincount(org[codes[org] != codes[partner]], minlength=n)
    between = (np.zeros(n) if samples == 0 else  # 0: weighted out of the score, not computed
               # unweighted paths: the aggregate view find_clusters has usually built already
               betweenness(to_igraph(net, weighted=False), samples=samples, seed=seed,
                           caller="leading_firms"))
    employees = (pd.to_numeric(net.organisations[size], errors="coerce").fillna(0).to_numpy()
                 if size is not None else np.zeros(n))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(cluster_smes > 0, reach / np.maximum(cluster_smes, 1), 0.0)
    return pd.DataFrame({
        "cluster": codes, "type": types, "sme_suppliers": suppliers.astype(np.int64),
        "sme_customers": customers.astype(np.int64), "sme_reach": reach.astype(np.int64),
        "cluster_smes": cluster_smes.astype(np.int64), "sme_share": share,
        "pagerank": pagerank, "research": research.astype(np.int64),
        "research_outside": outside.astype(np.int64), "betweenness": between,
        "size": employees}, index=net.organisations.index)


def _reasons(m: pd.DataFrame) -> pd.Series:
    """One sentence per row, built column-wise (string operations over the top rows)."""
    def part(condition: pd.Series, text: pd.Series) -> pd.Series:
        return text.where(condition, "")

    count = lambda column: m[column].astype(str)   # noqa: E731
    parts = [
        part(m["sme_suppliers"] > 0, "buys from " + count("sme_suppliers") + " of the cluster's "
             + count("cluster_smes") + " SMEs"),
        part(m["sme_customers"] > 0, "supplies " + count("sme_customers") + " of its SMEs"),
        part(m["research"] > 0, "R&D ties to " + count("research") + " research organisation"
             + np.where(m["research"] > 1, "s", "")
             + np.where(m["research_outside"] > 0,
                        " (" + count("research_outside") + " outside the cluster)", "")),
        part(m["size"] > 0, m["size"].map("{:,.0f} employees".format)),
    ]
    reason = parts[0]
    for nxt in parts[1:]:
        reason = reason.str.cat(nxt, sep="; ")
    reason = reason.str.replace(r"(; )+", "; ", regex=True).str.strip("; ")
    return reason.where(reason != "", "no production or research ties")


def resilience(net: MultilayerNetwork, clusters: Any,
               organisations: Sequence[Any] | None = None, *,
               layers: str | Sequence[str] | None = None) -> pd.DataFrame:
    """What removing an organisation does to the connectivity of its cluster, per layer.

    For each removed organisation ``v`` of cluster ``C`` and each layer (and the aggregate
    of ``layers``, label ``"aggregate"``), on the ties inside ``C`` taken without
    direction:

    - ``lcc_before``: size of the largest connected part of ``C``;
    - ``lcc_after``: the same without ``v``; ``lcc_change = lcc_after - lcc_before``;
    - ``disconnected``: members (other than ``v``) that were in the largest part before and
      are not in the largest part after (a "part" of a single member is no part: nobody in
      it has a path to anyone); ``disconnected_share``: their share of the ``|C| - 1``
      remaining members.

    Parameters
    ----------
    clusters : find_clusters result, Series, sequence or str
        Cluster membership or an organisation column.
    organisations : list of ids, optional
        Organisations to remove one at a time; by default each cluster's top firm from
        :func:`leading_firms` with its defaults (which need the ``production`` and
        ``scientific`` layers and a ``type`` column; otherwise name the organisations).
    layers : str or list of str, optional

    Returns
    -------
    DataFrame
        One row per removed organisation and layer, indexed by (``id``, ``layer``), with
        ``cluster``, ``members`` and the columns above.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> r = lk.resilience(net, "planted_cluster", ["O00214"], layers="production")
    >>> r.loc[("O00214", "production"), ["members", "lcc_before", "lcc_after"]].tolist()
    [86, 72, 67]
    """
    caller = "resilience"
    layers = check_layers(layers, net.layers, caller=caller)
    codes, labels = group_codes(clusters, net.organisations, argument="clusters", caller=caller)
    if organisations is None:
        leaders = leading_firms(net, clusters, top=1)
        positions = net.organisations.index.get_indexer(leaders.index)
    else:
        if isinstance(organisations, str):
            organisations = [organisations]
        positions = check_known_ids(pd.Series(list(organisations)), net.organisations.index,
                                    argument="organisations", caller=caller)
        outside = net.organisations.index[positions[codes[positions] < 0]]
        if len(outside):
            raise InputError(f"The 'organisations' argument of {caller} names organisations "
                             f"in no cluster: {list(outside)!r}.")
    views = [(name, [name]) for name in layers]
    if len(layers) > 1:
        views.append(("aggregate", layers))
    rows = []
    for label, chosen in views:   # a loop over layers and removed organisations only
        s, t, _, _ = aggregate_ties(net, layers=chosen, directed=False, caller=caller)
        for v in positions:
            members = np.flatnonzero(codes == codes[v])
            rows.append({"id": net.organisations.index[v], "layer": label,
                         "cluster": labels[codes[v]], "members": len(members),
                         **_removal(members, v, s, t)})
    return pd.DataFrame(rows).set_index(["id", "layer"])


def _removal(members: np.ndarray, v: int, s: np.ndarray, t: np.ndarray) -> dict[str, Any]:
    """Largest connected part of ``members`` before and after removing ``v``."""
    local = np.full(max(s.max(initial=0), t.max(initial=0), members.max()) + 1, -1)
    local[members] = np.arange(len(members))
    inside = (local[s] >= 0) & (local[t] >= 0)
    edges = np.column_stack([local[s[inside]], local[t[inside]]])
    before = ig.Graph(n=len(members), edges=edges).connected_components().membership
    before = np.asarray(before)
    counts = np.bincount(before)
    giant_before = (before == counts.argmax()) & (counts.max() > 1)
    lv = local[v]
    keep = (edges[:, 0] != lv) & (edges[:, 1] != lv)
    after = np.asarray(ig.Graph(n=len(members), edges=edges[keep]).connected_components()
                       .membership)
    sizes = np.bincount(after[np.arange(len(members)) != lv])
    biggest = sizes.argmax()
    giant_after = (after == biggest) & (sizes[biggest] > 1)
    others = np.arange(len(members)) != lv
    lost = int((giant_before & ~giant_after & others).sum())
    return {"lcc_before": int(counts.max()), "lcc_after": int(sizes.max()),
            "lcc_change": int(sizes.max() - counts.max()), "disconnected": lost,
            "disconnected_share": lost / max(len(members) - 1, 1)}
