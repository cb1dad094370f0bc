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
from linkages.measures.centrality import (
    EXACT_BETWEENNESS_MAX,
    betweenness,
    betweenness_from_ties,
    pagerank_from_ties,
    resolve_samples,
)
from linkages.membership import group_codes
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, sum_by_pair, to_igraph
from linkages.vocabulary import (
    FIRM_TYPES,
    ORGANISATION_TYPES,
    RESEARCH_TYPES,
    SIZED_FIRM_TYPES,
    describe_types,
    normalise_types,
    type_table,
)

__all__ = ["leading_firms", "resilience", "DEFAULT_WEIGHTS"]

#: Weights of the composite score of :func:`leading_firms` (normalised to sum 1).
DEFAULT_WEIGHTS = {"sme_reach": 0.4, "pagerank": 0.2, "research": 0.15, "betweenness": 0.1,
                   "size": 0.15}


def leading_firms(net: MultilayerNetwork, clusters: Any, *, top: int | None = 5,
                  weights: Mapping[str, float] | None = None, firms_only: bool = True,
                  production: str | None = "production", science: str | None = "scientific",
                  anchor_share: float = 0.25, size: str | None = "size",
                  type: str | None = "type", betweenness_samples: int | str | None = "auto",
                  seed: int | None = 0) -> pd.DataFrame:
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

    .. math:: \\text{score}_i = \\sum_{k \\in K_i} w_k \\frac{m_{ik}}{\\max_{j \\in C(i)} m_{jk}}
              \\Big/ \\sum_{k \\in K_i} w_k

    with the weights :data:`DEFAULT_WEIGHTS` (0.4, 0.2, 0.15, 0.1, 0.15) unless given, and
    :math:`K_i` the measures known for :math:`i` (all five, unless said below).
    An **anchor** is a large firm, or a firm of unknown size class, whose production ties
    reach at least ``anchor_share`` of its cluster's SMEs.

    What cannot be computed is left out and said so, in ``result.attrs["notes"]``:

    - **No types** (no ``type`` column, or no value in it that linkages recognises): every
      organisation of a cluster is ranked (``firms_only`` cannot apply); ``sme_reach`` and
      ``research`` need the types of the partners and are left out, no anchor is flagged.
    - **Firms of unknown size class** (type ``"firm"``, e.g. CORDIS ``PRC``) are firms:
      ranked with the others and anchors when their ties reach ``anchor_share``; their
      reason says "size class unknown". In a cluster where no member has a size class
      (no SME, no large firm), ``sme_reach``, ``cluster_smes`` and ``sme_share`` count
      ties to *firms* (any size) instead of SMEs, so leaders and anchors are still found
      there; in a cluster with a size class, a ``"firm"`` partner is not counted as an SME.
    - **No employee count**: ``size`` is left out of that organisation's score (its other
      weights renormalised) and its reason says so; without a ``size`` column, for all.
    - **No production or scientific layer**: their measures are left out.

    With the default ``weights`` the measures left out for everyone are dropped and the
    others renormalised (``result.attrs["weights"]`` holds the weights used); weights you
    give must name only measures that can be computed. Types are read with
    :func:`linkages.normalise_types` (``"Large Firm"``, ``"SME"``, CORDIS codes), noted.

    Parameters
    ----------
    net : MultilayerNetwork
        Organisation types, when known, in the ``type`` column (values as in
        :data:`linkages.vocabulary.FIRM_TYPES`, :data:`linkages.vocabulary.RESEARCH_TYPES`).
    clusters : find_clusters result, Series, sequence or str
        Cluster of every organisation, or an organisation column (e.g. ``"planted_cluster"``,
        ``"region"``). Organisations with no cluster (-1, missing) are not ranked.
    top : int or None
        Rows per cluster (None: all).
    weights : mapping, optional
        Weights of ``sme_reach``, ``pagerank``, ``research``, ``betweenness``, ``size``;
        those not given are 0. E.g. ``{"sme_reach": 1}`` ranks by SME reach alone.
    firms_only : bool
        Rank only firms (types 'large firm', 'sme' and 'firm'; default); False ranks every
        type.
    production, science : str or None
        The production and scientific layers; None leaves that layer's measures out. When
        the network has no layer of the default name (``'production'``, ``'scientific'``),
        its measures are left out and noted.
    anchor_share : float
        Share of the cluster's SMEs an anchor's production ties must reach, in [0, 1].
    size : str or None
        Column of employees; None, or no column of the default name ``'size'``, leaves
        size out. A missing value leaves size out of that organisation's score.
    type : str or None
        Column of organisation types; None, or no column of the default name ``'type'``,
        ranks without types (see above).
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
        ``name`` (when the network has one), ``type`` (when known), ``score``, ``anchor``,
        ``reason``, then the measures ``sme_suppliers`` (SMEs it buys from),
        ``sme_customers``, ``sme_reach``, ``cluster_smes``, ``sme_share``, ``pagerank``,
        ``research``, ``research_outside`` (of them in other clusters), ``betweenness``,
        ``size`` (employees; missing when unknown). ``attrs["notes"]``: what was left out,
        recoded or counted otherwise, one sentence each; ``attrs["weights"]``: the weights
        used.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> leaders = lk.leading_firms(net, "planted_cluster", top=1)
    >>> leaders[["cluster", "rank", "anchor"]].reset_index().values.tolist()
    [['O00001', 0, 1, True], ['O00068', 1, 1, True], ['O00137', 2, 1, True], ['O00214', 3, 1, True]]
    >>> leaders.loc["O00214", "reason"]
    "buys from 59 of the cluster's 70 SMEs; R&D ties to 1 research organisation; 1,865 employees"

    Without types every organisation is ranked, and the notes say what was left out:

    >>> bare = lk.MultilayerNetwork(net.organisations.drop(columns="type"), net.relations)
    >>> print(lk.leading_firms(bare, "planted_cluster").attrs["notes"][0])
    no 'type' column: every organisation is ranked (not only firms), no anchor is flagged
    """
    caller = "leading_firms"
    given = weights is not None
    weights = _weights(weights, caller=caller)
    if top is not None and (not isinstance(top, int | np.integer) or top < 1):
        raise InputError(f"The 'top' argument of {caller} must be a positive integer or None. "
                         f"Got {top!r} instead.")
    if not 0 <= anchor_share <= 1:
        raise InputError(f"The 'anchor_share' argument of {caller} must be in [0, 1]. "
                         f"Got {anchor_share!r} instead.")
    orgs = net.organisations
    notes: list[str] = []
    left_out: dict[str, str] = {}          # measure -> why it cannot be computed

    for argument, default, needs in (("production", "production", ("sme_reach", "pagerank")),
                                     ("science", "scientific", ("research",))):
        layer = production if argument == "production" else science
        if layer is not None and layer == default and layer not in net.layers:
            layer = None
            why = f"no {default!r} layer"
        else:
            why = f"{argument}=None"
        if layer is None:
            left_out.update(dict.fromkeys(needs, why))
        else:
            check_one_of(layer, list(net.layers), argument=argument, caller=caller)
        if argument == "production":
            production = layer
        else:
            science = layer
    if size is not None and size == "size" and size not in orgs.columns:
        size, why = None, "no 'size' column"
    else:
        why = "size=None"
    if size is None:
        left_out["size"] = why
    else:
        check_columns(orgs, [size], argument="net.organisations", caller=caller)

    types, type_notes = _types(orgs, type, caller=caller)
    notes += type_notes
    if types is None:
        why = "no organisation types" if type is None or type not in orgs.columns else (
            "no recognised organisation type")
        left_out.setdefault("sme_reach", why)
        left_out.setdefault("research", why)

    used = [k for k in DEFAULT_WEIGHTS if k in left_out and weights[k] > 0]
    if used and given:
        reasons = "; ".join(f"{k}: {left_out[k]}" for k in used)
        raise InputError(f"The 'weights' argument of {caller} gives {used!r} a weight, but "
                         f"they cannot be computed ({reasons}); set their weights to 0, or "
                         "leave weights unset to have them left out.")
    size_wanted = weights["size"] > 0
    if used:
        for k in used:
            weights[k] = 0.0
        total = sum(weights.values())
        weights = {k: w / total for k, w in weights.items()}
        kept = ", ".join(f"{k} {w:.3g}" for k, w in weights.items() if w > 0)
        notes.append("left out of the score: " + "; ".join(
            f"{k} ({left_out[k]})" for k in used) + f"; the other weights renormalised: {kept}")

    betweenness_samples = resolve_samples(betweenness_samples, net, caller=caller)
    codes, labels = group_codes(clusters, orgs, argument="clusters", caller=caller)
    partners, by_firms = _reach_partners(types, codes)
    m = _measures(net, codes, partners, types, production=production, science=science,
                  size=size, samples=0 if weights["betweenness"] == 0 else betweenness_samples,
                  seed=seed)
    candidate = codes >= 0
    if firms_only and types is not None:
        candidate &= np.isin(types, FIRM_TYPES)
    m = m[candidate]
    by_firms_row = by_firms[np.maximum(m["cluster"].to_numpy(), 0)]
    scaled = {"sme_reach": m["sme_share"], "pagerank": m["pagerank"],
              "research": m["research"], "betweenness": m["betweenness"],
              "size": np.log1p(m["size"])}
    score = np.zeros(len(m))
    weighed = np.zeros(len(m))                 # the weights of the measures known per row
    for key, weight in weights.items():
        if weight > 0:
            values = scaled[key]
            known = values.notna().to_numpy()
            top_value = values.groupby(m["cluster"]).transform("max").to_numpy()
            part = np.divide(values.to_numpy(), top_value, out=np.zeros(len(m)),
                             where=known & (top_value > 0))
            score += weight * part
            weighed += weight * known
    # no weighted measure known (only size weighted, no employee count): no score
    m.insert(1, "score", np.divide(score, weighed, out=np.full(len(m), np.nan),
                                   where=weighed > 0))
    if types is None:
        anchor = np.zeros(len(m), dtype=bool)
    else:
        anchor = (np.isin(m["type"].to_numpy(), ("large firm", "firm"))
                  & (m["sme_share"] >= anchor_share).to_numpy())
    m.insert(2, "anchor", anchor)
    # size left out of a row's score: no employee count, or no size column at all
    m = m.assign(_firms=by_firms_row, _size_out=size_wanted & m["size"].isna().to_numpy(),
                 _size_column=size is not None)
    m = m.sort_values(["cluster", "score"], ascending=[True, False], kind="stable")
    m.insert(1, "rank", m.groupby("cluster").cumcount() + 1)
    notes += _candidate_notes(m, types, by_firms, codes, size=size, size_wanted=size_wanted,
                              reach=production is not None)
    if top is not None:
        m = m[m["rank"] <= top]
    used_names = {"pagerank": "production PageRank", "betweenness": "betweenness",
                  "size": "size"}
    empty = ("no production or research ties" if types is not None else
             "no types: ranked by " + ", ".join(
                 name for k, name in used_names.items() if weights[k] > 0))
    m.insert(2, "reason", _reasons(m, typed=types is not None, empty=empty))
    m = m.drop(columns=["_firms", "_size_out", "_size_column"])
    m["cluster"] = labels.take(m["cluster"].to_numpy())
    if "name" in orgs.columns:
        m.insert(2, "name", orgs.loc[m.index, "name"])
    if types is None:
        m = m.drop(columns="type")
    first = ["cluster", "rank", "name", "type", "score", "anchor", "reason"]
    first = [c for c in first if c in m.columns]
    m = m[first + [c for c in m.columns if c not in first]]
    sizes = m["size"].dropna()
    if len(sizes) and (sizes % 1 == 0).all():   # employee counts stay whole, missing as <NA>
        m["size"] = m["size"].astype("Int64")
    m.attrs["notes"] = notes
    m.attrs["weights"] = dict(weights)
    return m


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


def _types(orgs: pd.DataFrame, column: str | None, *,
           caller: str) -> tuple[np.ndarray | None, list[str]]:
    """The organisations' types read as linkages types, or None when none is known."""
    if column is None:
        return None, ["type=None: every organisation is ranked (not only firms), no anchor "
                      "is flagged"]
    if column == "type" and column not in orgs.columns:
        return None, ["no 'type' column: every organisation is ranked (not only firms), no "
                      "anchor is flagged"]
    check_columns(orgs, [column], argument="net.organisations", caller=caller)
    table = type_table(orgs[column])
    notes = describe_types(table)
    types, _ = normalise_types(orgs[column])
    values = types.to_numpy(dtype=object)
    if not np.isin(values, ORGANISATION_TYPES).any():
        return None, notes + [f"no organisation has a recognised type in {column!r}: every "
                              "organisation is ranked (not only firms), no anchor is flagged"]
    return values, notes


def _reach_partners(types: np.ndarray | None, codes: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Who counts in ``sme_reach``: SMEs, or firms in clusters with no size class at all.

    Returns the mask of counted organisations and, per cluster, whether it counts firms.
    """
    k = int(codes.max(initial=-1)) + 1
    if types is None:
        return np.zeros(len(codes), dtype=bool), np.zeros(max(k, 1), dtype=bool)
    inside = codes >= 0
    sized = np.bincount(codes[inside & np.isin(types, SIZED_FIRM_TYPES)], minlength=k) > 0
    by_firms = np.r_[~sized, False]            # the extra slot: no cluster
    firm = np.isin(types, FIRM_TYPES)
    counted = np.where(by_firms[np.where(inside, codes, k)], firm, types == "sme") & inside
    return counted, by_firms[:max(k, 1)]


def _measures(net: MultilayerNetwork, codes: np.ndarray, counted: np.ndarray,
              types: np.ndarray | None, *, production: str | None, science: str | None,
              size: str | None, samples: int | None, seed: int | None) -> pd.DataFrame:
    """The measures behind the score, for every organisation (vectorised over ties).

    ``counted`` marks the organisations ``sme_reach`` counts (SMEs, or firms where a
    cluster has no size class).
    """
    n = net.n_organisations
    sme = counted
    smes_in = np.bincount(codes[(codes >= 0) & sme], minlength=codes.max(initial=0) + 1)
    cluster_smes = np.where(codes >= 0, smes_in[np.maximum(codes, 0)] - sme, 0)
    suppliers: np.ndarray = np.zeros(n)
    customers: np.ndarray = np.zeros(n)
    reach: np.ndarray = np.zeros(n)
    pagerank: np.ndarray = np.zeros(n)
    if production is not None:
        s, t, w, _ = aggregate_ties(net, layers=production, directed=True)
        same = (codes[s] == codes[t]) & (codes[s] >= 0) & (s != t)
        # an organisation buys from the SMEs that supply it (s -> t: s supplies t)
        suppliers = np.bincount(t[same & sme[s]], minlength=n)
        customers = np.bincount(s[same & sme[t]], minlength=n)
        a, b = np.r_[s[same & sme[s]], t[same & sme[t]]], np.r_[t[same & sme[s]],
                                                               s[same & sme[t]]]
        _, organisation, _ = sum_by_pair(a, b, 1.0, n=n)   # distinct (SME, organisation)
        reach = np.bincount(organisation, minlength=n)
        if n > EXACT_BETWEENNESS_MAX and net.directed[production]:
            # from the merged ties: no igraph graph to build (seconds at 1M), same scores
            pagerank = pagerank_from_ties(n, s, t, w)
        else:
            graph = to_igraph(net, layers=production)
            pagerank = np.asarray(graph.pagerank(directed=graph.is_directed(),
                                                 weights="weight"))
    research: np.ndarray = np.zeros(n)
    outside: np.ndarray = np.zeros(n)
    if science is not None and types is not None:
        s, t, _, _ = aggregate_ties(net, layers=science, directed=False)
        knowledge = np.isin(types, RESEARCH_TYPES)
        ends = np.r_[s, t]
        partners = np.r_[t, s]
        keep = knowledge[partners] & (ends != partners)
        org, partner, _ = sum_by_pair(ends[keep], partners[keep], 1.0, n=n)  # distinct pairs
        research = np.bincount(org, minlength=n)
        outside = np.bincount(org[codes[org] != codes[partner]], minlength=n)
    between = _betweenness(net, samples=samples, seed=seed)
    employees = (pd.to_numeric(net.organisations[size], errors="coerce").to_numpy(dtype=float)
                 if size is not None else np.full(n, np.nan))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(cluster_smes > 0, reach / np.maximum(cluster_smes, 1), 0.0)
    return pd.DataFrame({
        "cluster": codes, "type": types if types is not None else np.full(n, None),
        "sme_suppliers": suppliers.astype(np.int64),
        "sme_customers": customers.astype(np.int64), "sme_reach": reach.astype(np.int64),
        "cluster_smes": cluster_smes.astype(np.int64), "sme_share": share,
        "pagerank": pagerank, "research": research.astype(np.int64),
        "research_outside": outside.astype(np.int64), "betweenness": between,
        "size": employees}, index=net.organisations.index)


def _betweenness(net: MultilayerNetwork, *, samples: int | None, seed: int | None
                 ) -> np.ndarray:
    """Betweenness on the unweighted aggregate of all layers (0: not computed).

    Sampled, it runs on the merged ties (the same sources and values as igraph's, without
    building an igraph graph of the whole network); exact, on the cached igraph view.
    """
    n = net.n_organisations
    if samples == 0:                       # weighted out of the score
        return np.zeros(n)
    if samples is not None and samples < n:
        # the pairs of the unweighted aggregate (weights do not matter for paths; the
        # weighted merge finds the same pairs in one pass)
        s, t, _, directed = aggregate_ties(net)
        return betweenness_from_ties(n, s, t, directed=directed, samples=samples, seed=seed)
    return betweenness(to_igraph(net, weighted=False), samples=samples, seed=seed,
                       caller="leading_firms")


def _candidate_notes(m: pd.DataFrame, types: np.ndarray | None, by_firms: np.ndarray,
                     codes: np.ndarray, *, size: str | None, size_wanted: bool,
                     reach: bool) -> list[str]:
    """What the ranked rows were counted or scored without, one sentence each."""
    notes = []
    if types is not None and reach:
        present = np.unique(codes[codes >= 0])
        firms = int(by_firms[present].sum())
        if firms:
            notes.append(f"{firms:,} of {len(present):,} clusters have no member with a size "
                         "class (no SME, no large firm): there sme_reach, cluster_smes and "
                         "sme_share count ties to firms of any size instead of SMEs")
    if types is not None:
        unknown = int((m["type"] == "firm").sum())
        if unknown:
            notes.append(f"{unknown:,} ranked firms have an unknown size class ('firm'): "
                         "ranked among firms, anchors when their production ties reach "
                         "anchor_share, 'size class unknown' in their reason")
    if size is not None and size_wanted:
        missing = int((m["_size_out"] & m["_size_column"]).sum())
        if missing:
            notes.append(f"{missing:,} ranked organisations have no employee count in "
                         f"{size!r}: size is left out of their scores (their other weights "
                         "renormalised)")
    if not reach and types is not None:
        notes.append("no production layer: no anchor is flagged (an anchor's production "
                     "ties reach anchor_share of its cluster's SMEs)")
    return notes


def _reasons(m: pd.DataFrame, *, typed: bool, empty: str) -> pd.Series:
    """One sentence per row, built column-wise (string operations over the top rows)."""
    def part(condition: pd.Series, text: pd.Series | str) -> pd.Series:
        return pd.Series(text, index=m.index).where(condition, "")

    count = lambda column: m[column].astype(str)   # noqa: E731
    noun = pd.Series(np.where(m["_firms"], "firms", "SMEs"), index=m.index)
    size_class = m["type"] == "firm" if typed else pd.Series(False, index=m.index)
    parts = [
        part(m["sme_suppliers"] > 0, "buys from " + count("sme_suppliers") + " of the cluster's "
             + count("cluster_smes") + " " + noun),
        part(m["sme_customers"] > 0, "supplies " + count("sme_customers") + " of its " + noun),
        part(m["research"] > 0, "R&D ties to " + count("research") + " research organisation"
             + np.where(m["research"] > 1, "s", "")
             + np.where(m["research_outside"] > 0,
                        " (" + count("research_outside") + " outside the cluster)", "")),
        part(m["size"] > 0, m["size"].map("{:,.0f} employees".format)),
        part(size_class, np.where(m["_size_out"], "size class unknown (size left out of the "
                                  "score)", "size class unknown")),
        part(~size_class & m["_size_out"] & m["_size_column"],
             "no employee count (size left out of the score)"),
    ]
    reason = parts[0]
    for nxt in parts[1:]:
        reason = reason.str.cat(nxt, sep="; ")
    reason = reason.str.replace(r"(; )+", "; ", regex=True).str.strip("; ")
    return reason.where(reason != "", empty)


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
        :func:`leading_firms` with its defaults (which leave out what the network cannot
        give: layers, types, sizes; see its notes).
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
