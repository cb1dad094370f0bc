"""Structural gaps of each cluster, with the evidence and a remedy, and their priorities.

Five kinds of gap, each a row of one tidy table (:func:`structural_gaps`):

- ``triple_helix``: no university or research institute (academia), or no public body
  (government), among the cluster's members or their partners;
- ``sme_without_rnd``: many of the cluster's SMEs have no tie in the scientific layer;
- ``dependence``: one firm carries a large share of the cluster's SME production ties;
- ``bridging``: two clusters alike in themes or suppliers with (almost) no tie between them,
  with the best pairs to introduce;
- ``broker``: a member whose removal splits the cluster (an articulation point of the
  ties inside it).

:func:`gap_priorities` ranks them across clusters for a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

from linkages._validation import InputError, check_one_of
from linkages.membership import group_codes
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, sum_by_pair
from linkages.vocabulary import FIRM_TYPES, HELIX_GROUPS, normalise_types

__all__ = ["structural_gaps", "gap_priorities", "GAP_KINDS", "DEFAULT_GAP_WEIGHTS"]

#: The kinds of gap, in the order rows are listed within a cluster.
GAP_KINDS = ("broker", "dependence", "triple_helix", "sme_without_rnd", "bridging")
#: How much each kind weighs in :func:`gap_priorities` (times the gap's severity).
DEFAULT_GAP_WEIGHTS = {"broker": 1.0, "dependence": 1.0, "triple_helix": 0.8,
                       "sme_without_rnd": 0.6, "bridging": 0.5}
COLUMNS = ["cluster", "kind", "subject", "severity", "evidence", "remedy", "organisations",
           "partners"]
HELIX_WORDS = {"academia": "a university or research institute",
               "government": "a public body"}


def structural_gaps(net: MultilayerNetwork, clusters: Any, *, theme: str | None = "sector",
                    production: str | None = "production", science: str | None = "scientific",
                    type: str | None = "type", dependence: float = 0.5,
                    sme_share: float = 0.5, bridge_similarity: float = 0.5,
                    bridge_ties: int = 1, bridge_pairs: int = 3, min_cut: int = 1,
                    suggestions: int = 3) -> pd.DataFrame:
    """Every cluster's structural gaps: one row per gap, with evidence and a remedy.

    For each cluster :math:`C` (ties of all layers taken without direction unless said):

    - **triple_helix** (Etzkowitz & Leydesdorff 2000): a helix group (``academia``:
      universities and research institutes; ``government``: public bodies;
      :data:`linkages.vocabulary.HELIX_GROUPS`) with no member in :math:`C` and no
      organisation tied to a member. Severity: the share of the two groups missing.
      Partners: the most connected organisations of the missing groups.
    - **sme_without_rnd**: the SMEs of :math:`C` with no tie in the ``science`` layer,
      when they are at least ``sme_share`` of its SMEs. Severity: that share. Partners:
      the research organisations already tied to other members, most tied first.
    - **dependence**: the firm :math:`f` through which the largest share of the
      cluster's SME production ties run, :math:`d_f = |\\{e \\ni f\\}| / |E_{SME}|` over
      the ``production`` ties inside :math:`C` with an SME at one end (either
      direction), when :math:`d_f \\ge` ``dependence``. Severity: :math:`d_f`. Partners:
      the firms of :math:`C` next in line, second suppliers or customers.
    - **bridging**: clusters :math:`A, B` alike, :math:`\\max(\\cos(t_A, t_B),
      J(S_A, S_B)) \\ge` ``bridge_similarity``, with :math:`t` the members' counts per
      ``theme`` value and :math:`J` the Jaccard index of their production suppliers, and
      at most ``bridge_ties`` ties between them. One row, under the first of the two.
      Severity: the similarity. Partners: the best ``bridge_pairs`` pairs
      ``"a + b"`` (not tied, most common partners, then same theme, then most ties).
    - **broker**: a member :math:`v` whose removal cuts at least ``min_cut`` members
      off the largest part of its component inside :math:`C` (an articulation point,
      igraph). Severity: the members cut off, as a share of :math:`|C| - 1`.
      Organisations: those cut off.

    A measure that the network cannot give (no such layer, no types, no theme column) is
    skipped, and said so in ``attrs["notes"]``.

    Parameters
    ----------
    net : MultilayerNetwork
    clusters : find_clusters result, Series, sequence or str
        Cluster of every organisation, or an organisation column. Organisations in no
        cluster are partners, never rows.
    theme : str or None
        Organisation column of themes compared between clusters (e.g. ``"sector"``).
    production, science : str or None
        The production and scientific layers.
    type : str or None
        Organisation type column (read with :func:`linkages.normalise_types`).
    dependence, sme_share, bridge_similarity : float
        Thresholds in [0, 1] (above).
    bridge_ties : int
        Most ties between two clusters for a bridging gap.
    bridge_pairs, suggestions : int
        Pairs per bridging gap; partners suggested per other gap.
    min_cut : int
        Fewest members a broker's removal must cut off.

    Returns
    -------
    DataFrame
        Columns ``cluster`` (its label), ``kind`` (:data:`GAP_KINDS`), ``subject`` (the
        firm, the missing helix groups, the other cluster: as text), ``severity`` in
        [0, 1], ``evidence``, ``remedy`` (sentences), ``organisations`` (ids concerned)
        and ``partners`` (ids, or ``"a + b"`` pairs, suggested). Sorted by cluster,
        kind, severity. ``attrs["notes"]``.

    See Also
    --------
    gap_priorities : the gaps ranked across clusters.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> gaps = lk.structural_gaps(net, "planted_cluster")
    >>> gaps[["cluster", "kind", "subject"]].head(3).values.tolist()
    [[0, 'broker', 'O00000'], [1, 'broker', 'O00068'], [1, 'triple_helix', 'government']]
    >>> print(gaps.loc[2, "remedy"])
    tie in a public body, e.g. O00177, O00145, O00195
    """
    caller = "structural_gaps"
    _check_options(dependence=dependence, sme_share=sme_share,
                   bridge_similarity=bridge_similarity, bridge_ties=bridge_ties,
                   bridge_pairs=bridge_pairs, min_cut=min_cut, suggestions=suggestions,
                   caller=caller)
    ctx = _gap_context(net, clusters, theme=theme, production=production, science=science,
                       type=type, caller=caller)
    rows = (_broker_gaps(ctx, min_cut=min_cut)
            + _dependence_gaps(ctx, dependence=dependence, suggestions=suggestions)
            + _helix_gaps(ctx, suggestions=suggestions)
            + _sme_rnd_gaps(ctx, sme_share=sme_share, suggestions=suggestions)
            + _bridging_gaps(ctx, bridge_similarity=bridge_similarity,
                             bridge_ties=bridge_ties, bridge_pairs=bridge_pairs))
    table = pd.DataFrame(rows, columns=COLUMNS)
    if len(table):
        table["_kind"] = table["kind"].map({kind: i for i, kind in enumerate(GAP_KINDS)})
        table["_cluster"] = table["cluster"].map({label: i
                                                  for i, label in enumerate(ctx.labels)})
        table = table.sort_values(["_cluster", "_kind", "severity"],
                                  ascending=[True, True, False], kind="stable")
        table = table.drop(columns=["_kind", "_cluster"]).reset_index(drop=True)
    table = table.astype({"severity": float})
    table.attrs["notes"] = ctx.notes
    return table


def _check_options(*, dependence: float, sme_share: float, bridge_similarity: float,
                   bridge_ties: int, bridge_pairs: int, min_cut: int, suggestions: int,
                   caller: str) -> None:
    for name, value in (("dependence", dependence), ("sme_share", sme_share),
                        ("bridge_similarity", bridge_similarity)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise InputError(f"The {name!r} argument of {caller} must be a number in [0, 1]. "
                             f"Got {value!r} instead.")
    for name, count in (("bridge_ties", bridge_ties), ("bridge_pairs", bridge_pairs),
                        ("min_cut", min_cut), ("suggestions", suggestions)):
        if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
            raise InputError(f"The {name!r} argument of {caller} must be a non-negative "
                             f"integer. Got {count!r} instead.")


@dataclass
class _GapContext:
    """What every kind of gap reads, computed once."""

    net: MultilayerNetwork
    caller: str
    ids: np.ndarray
    n: int
    notes: list[str]
    codes: np.ndarray
    labels: pd.Index
    members: list[np.ndarray]
    layers: dict[str, str | None]
    types: np.ndarray | None
    themes: pd.Series | None
    s: np.ndarray                      # ties of all layers, undirected, no self-ties
    t: np.ndarray
    adjacency: sp.csr_matrix
    degree: np.ndarray
    helix: np.ndarray
    is_sme: np.ndarray
    is_firm: np.ndarray


def _gap_context(net: MultilayerNetwork, clusters: Any, *, theme: str | None,
                 production: str | None, science: str | None, type: str | None,
                 caller: str) -> _GapContext:
    orgs = net.organisations
    ids = orgs.index.astype(str).to_numpy()
    n = net.n_organisations
    notes: list[str] = []
    codes, labels = group_codes(clusters, orgs, argument="clusters", caller=caller)
    layers = {}
    for argument, layer, default in (("production", production, "production"),
                                     ("science", science, "scientific")):
        if layer is not None and layer == default and layer not in net.layers:
            notes.append(f"no {default!r} layer: "
                         + ("dependence and bridging by suppliers" if argument == "production"
                            else "SMEs without R&D ties") + " not looked for")
            layer = None
        if layer is not None:
            check_one_of(layer, list(net.layers), argument=argument, caller=caller)
        layers[argument] = layer
    types = None
    if type is not None and type in orgs.columns:
        types = normalise_types(orgs[type])[0].to_numpy(dtype=object)
    elif type is not None and type != "type":
        check_one_of(type, [str(c) for c in orgs.columns], argument="type", caller=caller)
    if types is None:
        notes.append("no organisation types: triple-helix, SME and firm gaps not looked for")
    themes = None
    if theme is not None and theme in orgs.columns:
        themes = orgs[theme]
    elif theme is not None and theme != "sector":
        check_one_of(theme, [str(c) for c in orgs.columns], argument="theme", caller=caller)

    s, t, _, _ = aggregate_ties(net, directed=False, weighted=False, caller=caller)
    keep = s != t
    s, t = s[keep], t[keep]
    adjacency = sp.csr_matrix((np.ones(2 * len(s)), (np.r_[s, t], np.r_[t, s])), shape=(n, n))
    return _GapContext(
        net=net, caller=caller, ids=ids, n=n, notes=notes, codes=codes, labels=labels,
        members=[np.flatnonzero(codes == c) for c in range(len(labels))], layers=layers,
        types=types, themes=themes, s=s, t=t, adjacency=adjacency,
        degree=np.diff(adjacency.indptr), helix=_helix(types, n),
        is_sme=(types == "sme") if types is not None else np.zeros(n, bool),
        is_firm=np.isin(types, FIRM_TYPES) if types is not None else np.ones(n, bool))


def _broker_gaps(ctx: _GapContext, *, min_cut: int) -> list[dict[str, Any]]:
    """Articulation points of the ties inside each cluster."""
    codes, s, t = ctx.codes, ctx.s, ctx.t
    inside = (codes[s] == codes[t]) & (codes[s] >= 0)
    rows: list[dict[str, Any]] = []
    for c in range(len(ctx.labels)):
        mine = inside & (codes[s] == c)
        rows += _brokers(ctx.members[c], s[mine], t[mine], ctx.ids, ctx.labels[c],
                         min_cut=min_cut)
    return rows


def _dependence_gaps(ctx: _GapContext, *, dependence: float, suggestions: int
                     ) -> list[dict[str, Any]]:
    """SME production ties of a cluster running through one firm."""
    if ctx.layers["production"] is None or ctx.types is None:
        return []
    codes, ids, n, is_sme, is_firm = ctx.codes, ctx.ids, ctx.n, ctx.is_sme, ctx.is_firm
    ps, pt, _, _ = aggregate_ties(ctx.net, layers=ctx.layers["production"], directed=False,
                                  weighted=False, caller=ctx.caller)
    same = (codes[ps] == codes[pt]) & (codes[ps] >= 0) & (ps != pt)
    ps, pt = ps[same], pt[same]
    sme_tie = is_sme[ps] | is_sme[pt]
    ps, pt = ps[sme_tie], pt[sme_tie]
    rows = []
    for c in range(len(ctx.labels)):
        mine = codes[ps] == c
        total = int(mine.sum())
        if not total:
            continue
        # "through" a firm: the other end of the tie is an SME
        through = (np.bincount(ps[mine][is_sme[pt[mine]]], minlength=n)
                   + np.bincount(pt[mine][is_sme[ps[mine]]], minlength=n))
        through = np.where(is_firm, through, 0)
        f = int(np.argmax(through))
        share = through[f] / total
        if share < dependence or through[f] == 0:
            continue
        smes = np.unique(np.r_[ps[mine & (pt == f)], pt[mine & (ps == f)]])
        smes = smes[is_sme[smes]]
        partners_of = np.bincount(np.r_[ps[mine], pt[mine]], minlength=n)
        only = smes[partners_of[smes] == 1]
        order = np.argsort(-through, kind="stable")
        nxt = order[(order != f) & (through[order] > 0)][:suggestions]
        if not len(nxt):
            members = ctx.members[c]
            other = members[is_firm[members] & (members != f)]
            nxt = other[np.argsort(-ctx.degree[other], kind="stable")][:suggestions]
        rows.append(_row(
            ctx.labels[c], "dependence", ids[f], share,
            f"{through[f]} of the cluster's {total} SME production ties ({share:.0%}) "
            f"run through {ids[f]}; {len(only)} SMEs have no other production partner "
            "in the cluster",
            f"find second customers or suppliers for the SMEs tied to {ids[f]}"
            + (f", e.g. among {', '.join(ids[nxt])}" if len(nxt) else ""),
            ids[smes], ids[nxt]))
    return rows


def _helix_gaps(ctx: _GapContext, *, suggestions: int) -> list[dict[str, Any]]:
    """No academia or no government among a cluster's members or their partners."""
    if ctx.types is None:
        return []
    ids, helix = ctx.ids, ctx.helix
    rows = []
    for c in range(len(ctx.labels)):
        mine = ctx.members[c]
        if not len(mine):
            continue
        tied = np.unique(np.r_[mine, ctx.adjacency[mine].indices])
        present = set(helix[tied]) - {None}
        missing = [g for g in ("academia", "government") if g not in present]
        if not missing:
            continue
        pool = np.flatnonzero(np.isin(helix, missing))
        pool = pool[np.argsort(-ctx.degree[pool], kind="stable")][:suggestions]
        words = " and ".join(HELIX_WORDS[g] for g in missing)
        rows.append(_row(
            ctx.labels[c], "triple_helix", " and ".join(missing), len(missing) / 2,
            f"no {' and no '.join(HELIX_WORDS[g][2:] for g in missing)} among the "
            f"cluster's "
            f"{len(mine)} members or the organisations tied to them",
            f"tie in {words}" + (f", e.g. {', '.join(ids[pool])}" if len(pool) else
                                 " (none in the network: look outside it)"),
            [], ids[pool]))
    return rows


def _sme_rnd_gaps(ctx: _GapContext, *, sme_share: float, suggestions: int
                  ) -> list[dict[str, Any]]:
    """Many of a cluster's SMEs without a tie in the scientific layer."""
    if ctx.layers["science"] is None or ctx.types is None:
        return []
    ids, n = ctx.ids, ctx.n
    rs, rt, _, _ = aggregate_ties(ctx.net, layers=ctx.layers["science"], directed=False,
                                  weighted=False, caller=ctx.caller)
    rnd = np.zeros(n, bool)
    rnd[np.r_[rs, rt][np.r_[rs, rt] != np.r_[rt, rs]]] = True
    research = ctx.helix == "academia"
    rows = []
    for c in range(len(ctx.labels)):
        smes = ctx.members[c][ctx.is_sme[ctx.members[c]]]
        lacking = smes[~rnd[smes]]
        if not len(smes) or not len(lacking):
            continue
        share = len(lacking) / len(smes)
        if share < sme_share:
            continue
        mine = np.zeros(n, bool)
        mine[ctx.members[c]] = True
        ends, other = np.r_[rs, rt], np.r_[rt, rs]
        counts = np.bincount(other[mine[ends] & research[other]], minlength=n)
        pool = np.flatnonzero(counts)
        pool = pool[np.argsort(-counts[pool], kind="stable")][:suggestions]
        rows.append(_row(
            ctx.labels[c], "sme_without_rnd", f"{len(lacking)} SMEs", share,
            f"{len(lacking)} of the cluster's {len(smes)} SMEs ({share:.0%}) have no "
            "R&D (scientific) tie",
            "open R&D projects to them"
            + (f", e.g. with {', '.join(ids[pool])}, already working with the cluster"
               if len(pool) else ""),
            ids[lacking], ids[pool]))
    return rows


def _bridging_gaps(ctx: _GapContext, *, bridge_similarity: float, bridge_ties: int,
                   bridge_pairs: int) -> list[dict[str, Any]]:
    """Clusters alike in themes or suppliers with few ties between them."""
    if len(ctx.labels) <= 1:
        return []
    rows = _bridging(ctx.net, ctx.codes, ctx.labels, ctx.members, ctx.adjacency, ctx.themes,
                     ctx.layers["production"], ctx.ids, ctx.is_firm,
                     bridge_similarity=bridge_similarity, bridge_ties=bridge_ties,
                     bridge_pairs=bridge_pairs, s=ctx.s, t=ctx.t, caller=ctx.caller)
    if ctx.themes is None and ctx.layers["production"] is None:
        ctx.notes.append("no theme column and no production layer: bridging not looked for")
    return rows


def gap_priorities(gaps: pd.DataFrame, *, weights: Mapping[str, float] | None = None,
                   top: int | None = None) -> pd.DataFrame:
    """The gaps of :func:`structural_gaps` ranked across clusters: what to act on first.

    ``score = weight[kind] * severity``, with :data:`DEFAULT_GAP_WEIGHTS` (a broker or a
    dependence, a single point of failure, 1.0; a missing helix partner 0.8; SMEs without
    R&D 0.6; a bridging opportunity 0.5) unless given; ties broken by kind, then cluster.

    Parameters
    ----------
    gaps : DataFrame
        The result of :func:`structural_gaps`.
    weights : mapping, optional
        Weight of each kind (kinds not given keep their default).
    top : int or None
        Rows kept (None: all).

    Returns
    -------
    DataFrame
        ``priority`` (1 first), ``cluster``, ``kind``, ``subject``, ``score``,
        ``severity``, ``evidence``, ``remedy``, ``partners``; and ``cluster_gaps``, the
        number of gaps of that cluster.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> ranked = lk.gap_priorities(lk.structural_gaps(net, "planted_cluster"), top=3)
    >>> for row in ranked[["priority", "cluster", "kind", "subject"]].values.tolist():
    ...     print(row)
    [1, 1, 'triple_helix', 'government']
    [2, 3, 'sme_without_rnd', '40 SMEs']
    [3, 2, 'sme_without_rnd', '30 SMEs']
    """
    caller = "gap_priorities"
    missing = [c for c in COLUMNS if c not in getattr(gaps, "columns", [])]
    if missing:
        raise InputError(f"The 'gaps' argument of {caller} must be a structural_gaps table; "
                         f"missing columns {missing!r}.")
    used = dict(DEFAULT_GAP_WEIGHTS)
    for kind, value in (weights or {}).items():
        check_one_of(kind, list(GAP_KINDS), argument="weights", caller=caller)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise InputError(f"The 'weights' argument of {caller} must give non-negative "
                             f"numbers. Got {value!r} for {kind!r}.")
        used[kind] = float(value)
    if top is not None and (isinstance(top, bool) or not isinstance(top, int | np.integer)
                            or top < 1):
        raise InputError(f"The 'top' argument of {caller} must be a positive integer or None. "
                         f"Got {top!r} instead.")
    table = gaps.copy()
    table["score"] = table["kind"].map(used).fillna(0.0) * table["severity"]
    table["cluster_gaps"] = table.groupby("cluster", sort=False)["kind"].transform("size")
    table["_kind"] = table["kind"].map({kind: i for i, kind in enumerate(GAP_KINDS)})
    table = table.sort_values(["score", "_kind"], ascending=[False, True], kind="stable")
    table = table.drop(columns="_kind").reset_index(drop=True)
    table.insert(0, "priority", np.arange(1, len(table) + 1))
    table = table[["priority", "cluster", "kind", "subject", "score", "severity", "evidence",
                   "remedy", "partners", "cluster_gaps"]]
    table.attrs = {"weights": used, **gaps.attrs}
    return table if top is None else table.head(top)


def _row(cluster: Any, kind: str, subject: str, severity: float, evidence: str, remedy: str,
         organisations: Any, partners: Any) -> dict[str, Any]:
    return {"cluster": cluster, "kind": kind, "subject": str(subject),
            "severity": float(min(max(severity, 0.0), 1.0)), "evidence": evidence,
            "remedy": remedy, "organisations": [str(v) for v in organisations],
            "partners": [str(v) for v in partners]}


def _helix(types: np.ndarray | None, n: int) -> np.ndarray:
    """The helix group of every organisation (None: none or unknown)."""
    out = np.full(n, None, dtype=object)
    if types is None:
        return out
    for group, members in HELIX_GROUPS.items():
        out[np.isin(types, members)] = group
    return out


def _brokers(members: np.ndarray, s: np.ndarray, t: np.ndarray, ids: np.ndarray,
             label: Any, *, min_cut: int) -> list[dict[str, Any]]:
    """Articulation points of a cluster's inside ties, with the members they cut off."""
    if len(members) < 3 or not len(s):
        return []
    local = np.full(max(int(members.max()), int(s.max()), int(t.max())) + 1, -1)
    local[members] = np.arange(len(members))
    graph = ig.Graph(n=len(members), edges=np.column_stack([local[s], local[t]]).tolist())
    component = np.asarray(graph.connected_components().membership)
    rows = []
    for v in graph.articulation_points():   # a loop over articulation points only
        part = np.flatnonzero(component == component[v])
        sub = graph.induced_subgraph(part[part != v].tolist())
        after = np.asarray(sub.connected_components().membership)
        sizes = np.bincount(after)
        biggest = int(sizes.argmax())
        cut = part[part != v][after != biggest]
        if len(cut) < min_cut:
            continue
        share = len(cut) / max(len(members) - 1, 1)
        cut_ids = ids[members[cut]]
        rows.append(_row(
            label, "broker", ids[members[v]], share,
            f"the only link of {len(cut)} member{'s' if len(cut) > 1 else ''} "
            f"({', '.join(cut_ids[:5])}{', ...' if len(cut) > 5 else ''}) to the rest of "
            f"the cluster: removing it leaves {len(sizes)} parts",
            "tie the members it holds to another member of the cluster (a second partner "
            "in any layer)", cut_ids, []))
    return rows


def _bridging(net: MultilayerNetwork, codes: np.ndarray, labels: pd.Index,
              members: list[np.ndarray], adjacency: sp.csr_matrix, themes: pd.Series | None,
              production: str | None, ids: np.ndarray, is_firm: np.ndarray, *,
              bridge_similarity: float, bridge_ties: int, bridge_pairs: int, s: np.ndarray,
              t: np.ndarray, caller: str) -> list[dict[str, Any]]:
    """Pairs of alike clusters with few ties between them, and the pairs to introduce."""
    n, k = net.n_organisations, len(labels)
    similarity = np.zeros((k, k))
    theme_codes = None
    if themes is not None:
        theme_codes, _ = pd.factorize(themes)
        known = (codes >= 0) & (theme_codes >= 0)
        counts = sp.csr_matrix((np.ones(int(known.sum())), (codes[known], theme_codes[known])),
                               shape=(k, int(theme_codes.max(initial=-1)) + 1)).toarray()
        norm = np.linalg.norm(counts, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            cosine = (counts @ counts.T) / np.outer(norm, norm)
        similarity = np.nan_to_num(cosine)
    shared = np.zeros((k, k), dtype=np.int64)
    if production is not None:
        ps, pt, _, _ = aggregate_ties(net, layers=production, directed=True, weighted=False,
                                      caller=caller)
        keep = (codes[pt] >= 0) & (ps != pt)
        # distinct (cluster, supplier) pairs
        rows_, supplier, _ = sum_by_pair(codes[pt[keep]], ps[keep], 1.0, n=k, m=n)
        supplied = sp.csr_matrix((np.ones(len(rows_)), (rows_, supplier)), shape=(k, n))
        shared = (supplied @ supplied.T).toarray().astype(np.int64)
        size = np.diff(supplied.indptr)
        union = size[:, None] + size[None, :] - shared
        with np.errstate(invalid="ignore", divide="ignore"):
            jaccard = np.nan_to_num(shared / union)
        similarity = np.maximum(similarity, jaccard)
    between = np.zeros((k, k), dtype=np.int64)
    crossing = (codes[s] >= 0) & (codes[t] >= 0) & (codes[s] != codes[t])
    np.add.at(between, (codes[s][crossing], codes[t][crossing]), 1)
    between = between + between.T
    rows = []
    for a in range(k):
        for b in range(a + 1, k):   # a loop over pairs of clusters only
            if similarity[a, b] < bridge_similarity or between[a, b] > bridge_ties:
                continue
            pairs = _best_pairs(members[a], members[b], adjacency, theme_codes, is_firm,
                                bridge_pairs)
            why = []
            if themes is not None:
                counts_a = themes.iloc[members[a]].value_counts()
                counts_b = themes.iloc[members[b]].value_counts()
                common = [str(v) for v in counts_a.index if v in counts_b.index][:3]
                if common:
                    why.append(f"they share the themes {', '.join(common)}")
            if shared[a, b]:
                why.append(f"buy from {shared[a, b]} common suppliers")
            rows.append(_row(
                labels[a], "bridging", str(labels[b]), similarity[a, b],
                f"clusters {labels[a]} and {labels[b]} are alike (similarity "
                f"{similarity[a, b]:.2f}: {'; '.join(why) or 'similar profiles'}) but have "
                f"{between[a, b]} tie{'s' if between[a, b] != 1 else ''} between them",
                "introduce " + (", ".join(f"{ids[u]} to {ids[v]}" for u, v in pairs)
                                if pairs else "their members") + " (common partners, same "
                "theme)", [], [f"{ids[u]} + {ids[v]}" for u, v in pairs]))
    return rows


def _best_pairs(a: np.ndarray, b: np.ndarray, adjacency: sp.csr_matrix,
                theme_codes: np.ndarray | None, is_firm: np.ndarray,
                count: int) -> list[tuple[int, int]]:
    """The untied pairs (a member of each) with most common partners, same theme, most ties."""
    if not count:
        return []
    a, b = a[is_firm[a]], b[is_firm[b]]
    if not len(a) or not len(b):
        return []
    common = (adjacency[a] @ adjacency[:, b]).toarray()
    tied = adjacency[a][:, b].toarray() > 0
    same = (np.zeros_like(common) if theme_codes is None else
            ((theme_codes[a][:, None] == theme_codes[b][None, :])
             & (theme_codes[a][:, None] >= 0)).astype(float))
    degree = np.diff(adjacency.indptr)
    activity = (degree[a][:, None] + degree[b][None, :]) / (2.0 * max(degree.max(), 1) + 1)
    score = np.where(tied, -np.inf, common + 0.5 * same + activity * 0.25)
    order = np.argsort(-score, axis=None, kind="stable")[:count]
    i, j = np.unravel_index(order, score.shape)
    return [(int(a[x]), int(b[y])) for x, y in zip(i, j, strict=True)
            if np.isfinite(score[x, y])]
