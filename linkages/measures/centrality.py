"""Classic centrality measures per layer and on the aggregate, computed by igraph.

Multiplex measures live in :mod:`linkages.multiplex`, brokerage and structural holes
in :mod:`linkages.brokerage`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

from linkages._validation import InputError, check_choices, check_layers, check_type
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, igraph_seed, to_igraph

__all__ = ["centrality", "MEASURES", "betweenness"]

#: Measures understood by :func:`centrality`.
MEASURES = ("degree", "in_degree", "out_degree", "strength", "in_strength", "out_strength",
            "betweenness", "closeness", "harmonic", "eigenvector", "pagerank", "hub",
            "authority", "coreness")
DEFAULT_MEASURES = ("degree", "in_degree", "out_degree", "strength", "betweenness",
                    "closeness", "eigenvector", "pagerank")
AGGREGATE = "aggregate"
#: ``betweenness_samples="auto"`` (centrality, leading_firms): exact betweenness up to this
#: many organisations; above, as many sampled sources (at most 200, at least 2) as keep the
#: work near BETWEENNESS_BUDGET tie visits (each source costs one pass over the ties).
EXACT_BETWEENNESS_MAX = 5_000
AUTO_BETWEENNESS_SAMPLES = 200
BETWEENNESS_BUDGET = 20_000_000


def centrality(net: MultilayerNetwork, *, measures: str | Sequence[str] = DEFAULT_MEASURES,
               layers: str | Sequence[str] | None = None, aggregate: bool = True,
               weighted: bool = False, betweenness_samples: int | str | None = "auto",
               damping: float = 0.85, seed: int | None = None) -> pd.DataFrame:
    """Centrality of every organisation in each layer and in the aggregate of the layers.

    Parameters
    ----------
    net : MultilayerNetwork
    measures : str or list of str
        Any of :data:`MEASURES` (default: degree, in_degree, out_degree, strength,
        betweenness, closeness, eigenvector, pagerank). Each measure gives one column per
        layer, whatever the layer's directedness. Definitions, for a layer's graph with
        ``n`` vertices:

        - ``degree``: number of distinct partners, in either direction; ``in_degree`` and
          ``out_degree``: partners tied to / from the organisation (in production ties run
          supplier -> customer, so in-degree counts suppliers); on undirected layers both
          equal ``degree``. ``strength``, ``in_strength``, ``out_strength``: the same with
          tie weights summed (a reciprocated pair counts both ties). Always weighted.
        - ``betweenness``: Freeman's betweenness
          :math:`b_v = \\sum_{s \\ne v \\ne t} \\sigma_{st}(v) / \\sigma_{st}`, normalised by
          the number of pairs not involving ``v``: ``(n-1)(n-2)`` ordered pairs on directed
          graphs, ``(n-1)(n-2)/2`` on undirected ones (as networkx ``normalized=True``).
          Exact (Brandes 2001) up to 5,000 organisations, sampled above; see
          ``betweenness_samples`` below.
        - ``closeness``: incoming closeness with the Wasserman & Faust correction for
          disconnected graphs, :math:`C_v = \\frac{r_v - 1}{n - 1} \\cdot
          \\frac{r_v - 1}{\\sum_u d(u, v)}`, over the ``r_v - 1`` organisations that reach
          ``v`` (networkx ``closeness_centrality`` default). 0 for organisations no one reaches.
        - ``harmonic``: :math:`H_v = \\frac{1}{n-1} \\sum_{u \\ne v} 1 / d(u, v)` (incoming
          distances, 1/inf = 0); networkx's ``harmonic_centrality`` divided by ``n - 1``.
        - ``eigenvector``: leading eigenvector of the adjacency matrix (incoming ties on
          directed layers: :math:`\\lambda x_v = \\sum_u A_{uv} x_u`), scaled to unit
          Euclidean norm (as networkx). On directed acyclic layers it is zero except at sinks.
        - ``pagerank``: PageRank with damping ``damping``; dangling organisations jump
          uniformly (Brin & Page 1998; igraph PRPACK).
        - ``hub``, ``authority``: Kleinberg's HITS scores, scaled to sum 1 (as networkx
          ``hits``); on undirected layers hub and authority are equal.
        - ``coreness``: k-core number (Seidman 1983), the largest ``k`` such that the
          organisation is in a subgraph where all have total degree >= ``k``.
    layers : str or list of str, optional
        Layers to report one by one; all by default.
    aggregate : bool
        Also report the aggregate of ``layers`` (columns ``measure:aggregate``; ties
        merged per pair and weights summed, see :func:`linkages.aggregate_ties`), when
        more than one layer is chosen.
    weighted : bool
        Use tie weights in betweenness, closeness and harmonic (distance = 1 / weight, so a
        strong tie is short) and in eigenvector, PageRank and HITS (weights as adjacency
        values). Default False: ties count as present or absent, which is robust to the
        heavy-tailed value weights of production data. Degree and coreness never use
        weights; strength always does.
    betweenness_samples : int, 'auto' or None
        Estimate betweenness from this many source organisations drawn uniformly without
        replacement (Brandes & Pich 2007): :math:`\\hat b_v = \\frac{n}{k} \\sum_{s \\in S}
        \\delta_{s\\cdot}(v)`, an unbiased estimator of the exact value, then normalised as
        above. Cost ``O(k m)`` instead of ``O(n m)``. None (or ``>= n``): exact, hours at
        100k organisations. ``'auto'`` (default): exact up to 5,000 organisations; above,
        as many sources (2 to 200) as keep the work near 20M tie visits: about 22 at 900k
        ties, 2 at 10M.
    damping : float
        PageRank damping factor.
    seed : int, optional
        Seed of the betweenness sample.

    Returns
    -------
    DataFrame
        Indexed by organisation id; one column ``"<measure>:<layer>"`` per measure and
        layer, in the order asked (layers outer), e.g. ``"in_degree:production"``,
        ``"betweenness:aggregate"``: the same columns whatever the layers' directedness.

    References
    ----------
    Freeman (1977) Sociometry 40; Brandes (2001) J. Math. Sociol. 25; Brandes & Pich (2007)
    Int. J. Bifurcation Chaos 17; Wasserman & Faust (1994) Social Network Analysis;
    Bonacich (1972); Kleinberg (1999) J. ACM 46; Seidman (1983) Social Networks 5.

    Examples
    --------
    >>> import linkages as lk
    >>> from linkages.measures.centrality import centrality   # also lk.centrality
    >>> net = lk.load_example()
    >>> c = centrality(net, measures=["in_degree", "pagerank"])
    >>> c.columns.tolist()[:4]
    ['in_degree:production', 'pagerank:production', 'in_degree:scientific', 'pagerank:scientific']
    >>> c["in_degree:production"].idxmax()   # the anchor most SMEs supply
    'O00214'
    """
    caller = "centrality"
    betweenness_samples = resolve_samples(betweenness_samples, net, caller=caller)
    measures = check_choices(measures, MEASURES, argument="measures", caller=caller,
                             what="measure")
    layers = check_layers(layers, net.layers, caller=caller)
    check_type(weighted, bool, argument="weighted", caller=caller)
    if not 0 < damping < 1:
        raise InputError(f"The 'damping' argument of {caller} must be in (0, 1). "
                         f"Got {damping!r} instead.")
    chosen = [(name, [name]) for name in layers]
    if aggregate and len(layers) > 1:
        chosen.append((AGGREGATE, layers))
    # Above EXACT_BETWEENNESS_MAX organisations, degrees, strengths and PageRank come from
    # the merged ties with numpy (igraph's values): no igraph graph to build from Python ints.
    from_ties = (net.n_organisations > EXACT_BETWEENNESS_MAX
                 and set(measures) <= TIES_MEASURES)
    columns: dict[str, np.ndarray] = {}
    for label, names in chosen:
        if from_ties:
            ties = aggregate_ties(net, layers=names, caller=caller)
            for measure in measures:
                columns[f"{measure}:{label}"] = _measure_from_ties(
                    net.n_organisations, *ties, measure, weighted=weighted, damping=damping)
            continue
        graph = to_igraph(net, layers=names)
        for measure in measures:
            values = _measure(graph, measure, weighted=weighted, damping=damping,
                              samples=betweenness_samples, seed=seed, caller=caller)
            columns[f"{measure}:{label}"] = values
    return pd.DataFrame(columns, index=net.organisations.index)


#: Measures :func:`centrality` computes from the merged ties, without igraph, at scale.
TIES_MEASURES = {"degree", "in_degree", "out_degree", "strength", "in_strength",
                 "out_strength", "pagerank"}


def _measure_from_ties(n: int, s: np.ndarray, t: np.ndarray, w: np.ndarray, directed: bool,
                       measure: str, *, weighted: bool, damping: float) -> np.ndarray:
    """A measure of :data:`TIES_MEASURES` from merged ties, as igraph computes it on the view
    (self-loops: no partner; in strength twice undirected, once per direction directed)."""
    loop = s == t
    if measure == "pagerank":
        arcs_w = w if weighted else np.ones(len(s))
        if not directed:   # both directions; igraph walks an undirected loop both ways too
            s, t, arcs_w = np.r_[s, t], np.r_[t, s], np.r_[arcs_w, arcs_w]
        return pagerank_from_ties(n, s, t, arcs_w, damping=damping)
    if measure.endswith("strength"):
        mode = measure[:-9] if directed and measure != "strength" else "all"
        out = np.bincount(s, weights=w, minlength=n) if mode in ("out", "all") else 0.0
        into = np.bincount(t, weights=w, minlength=n) if mode in ("in", "all") else 0.0
        return np.asarray(out + into, dtype=float)
    s, t = s[~loop], t[~loop]
    if measure == "degree" and directed:      # distinct partners: a reciprocated pair once
        lo, hi = np.minimum(s, t), np.maximum(s, t)
        _, first = np.unique(lo * np.int64(n) + hi, return_index=True)
        s, t = lo[first], hi[first]
    elif directed:
        return np.bincount(t if measure == "in_degree" else s, minlength=n).astype(float)
    return (np.bincount(s, minlength=n) + np.bincount(t, minlength=n)).astype(float)


def resolve_samples(samples: int | str | None, net: MultilayerNetwork, *,
                    caller: str) -> int | None:
    """The number of betweenness sources for ``samples`` (None: exact), checked.

    ``'auto'``: exact (None) up to ``EXACT_BETWEENNESS_MAX`` organisations; above, as many
    sources as keep the work near ``BETWEENNESS_BUDGET`` tie visits (each source costs one
    pass over the ties), between 2 and ``AUTO_BETWEENNESS_SAMPLES``: about 22 sources at
    900k ties, 2 at 10M.

    Examples
    --------
    >>> import linkages as lk
    >>> resolve_samples("auto", lk.load_example(), caller="centrality") is None   # 300 orgs
    True
    """
    if samples == "auto":
        if net.n_organisations <= EXACT_BETWEENNESS_MAX:
            return None
        return int(np.clip(BETWEENNESS_BUDGET // max(net.n_relations, 1), 2,
                           AUTO_BETWEENNESS_SAMPLES))
    if samples is not None and (isinstance(samples, bool)
                                or not isinstance(samples, int | np.integer) or samples < 1):
        raise InputError(f"The 'betweenness_samples' argument of {caller} must be a positive "
                         f"integer, 'auto' or None. Got {samples!r} instead.")
    return None if samples is None else int(samples)


def betweenness(graph: ig.Graph, *, weights: str | None = None, samples: int | None = None,
                seed: int | None = None, caller: str = "betweenness") -> np.ndarray:
    """Normalised betweenness of an igraph graph, exact or from a uniform source sample.

    See :func:`centrality` for the definition and the estimator.

    Examples
    --------
    >>> import igraph as ig
    >>> betweenness(ig.Graph.Star(5)).round(3).tolist()
    [1.0, 0.0, 0.0, 0.0, 0.0]
    """
    n = graph.vcount()
    directed = graph.is_directed()
    if samples is not None:
        if not isinstance(samples, int | np.integer) or samples < 1:
            raise InputError(f"The 'betweenness_samples' argument of {caller} must be a "
                             f"positive integer. Got {samples!r} instead.")
    if samples is None or samples >= n:
        raw = np.asarray(graph.betweenness(directed=directed, weights=weights), dtype=float)
    else:
        sources = sample_sources(n, int(samples), seed)
        raw = np.asarray(graph.betweenness(directed=directed, weights=weights,
                                           sources=sources.tolist()), dtype=float) * n / samples
    pairs = (n - 1) * (n - 2) / (1 if directed else 2)
    return raw / pairs if pairs > 0 else np.zeros(n)


def sample_sources(n: int, samples: int, seed: int | None) -> np.ndarray:
    """The sampled betweenness sources: the same draw for the igraph and the ties paths."""
    return np.random.default_rng(seed).choice(n, size=int(samples), replace=False)


def betweenness_from_ties(n: int, source: np.ndarray, target: np.ndarray, *, directed: bool,
                          samples: int, seed: int | None) -> np.ndarray:
    """Sampled normalised betweenness (unweighted) straight from integer ties, no igraph graph.

    The same sources and estimator as :func:`betweenness` (Brandes 2001 from each sampled
    source, Brandes & Pich 2007 scaling): level-synchronous breadth-first search over a
    CSR matrix, path counts and dependencies accumulated one level at a time with numpy.
    At 1M organisations and 10M ties it saves building an igraph graph (seconds) for the
    two or so sources the budget allows. Undirected ties are given once (either way).

    Examples
    --------
    >>> s, t = np.array([0, 0, 0, 0]), np.array([1, 2, 3, 4])     # a star
    >>> betweenness_from_ties(5, s, t, directed=False, samples=5, seed=0).round(3).tolist()
    [1.0, 0.0, 0.0, 0.0, 0.0]
    """
    source, target = np.asarray(source, dtype=np.int64), np.asarray(target, dtype=np.int64)
    if not directed:
        source, target = np.r_[source, target], np.r_[target, source]
    keep = source != target
    adjacency = sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.float64),
                               (source[keep], target[keep])), shape=(n, n))
    indptr, indices = adjacency.indptr.astype(np.int64), adjacency.indices.astype(np.int64)
    samples = min(int(samples), n)
    total = np.zeros(n)
    for start in sample_sources(n, samples, seed).tolist():
        total += _dependencies(n, indptr, indices, start)
    raw = total * n / samples / (1 if directed else 2)
    pairs = (n - 1) * (n - 2) / (1 if directed else 2)
    return raw / pairs if pairs > 0 else np.zeros(n)


def _dependencies(n: int, indptr: np.ndarray, indices: np.ndarray, start: int) -> np.ndarray:
    """Brandes' dependencies of every vertex on paths from ``start`` (BFS by levels)."""
    dist = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    dist[start], sigma[start] = 0, 1.0
    frontier = np.array([start], dtype=np.int64)
    # per level, the ties of the shortest-path DAG into it, and the level's vertices
    steps: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    while True:
        src, tgt = _out_ties(indptr, indices, frontier)
        new = dist[tgt] == -1
        if not new.any():
            break
        src, tgt = src[new], tgt[new]
        paths = np.bincount(tgt, weights=sigma[src], minlength=n)
        frontier = np.flatnonzero(paths)        # reached now: every path count is >= 1
        dist[frontier], sigma[frontier] = len(steps) + 1, paths[frontier]
        steps.append((src, tgt, frontier))
    delta = np.zeros(n)
    coef = np.zeros(n)
    for src, tgt, level in reversed(steps):
        coef[level] = (1.0 + delta[level]) / sigma[level]
        delta += np.bincount(src, weights=coef[tgt], minlength=n) * sigma
    delta[start] = 0.0
    return delta


def _out_ties(indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every stored entry of the CSR ``rows``."""
    starts, lengths = indptr[rows], indptr[rows + 1] - indptr[rows]
    total = int(lengths.sum())
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return np.repeat(rows, lengths), indices[offsets + np.arange(total, dtype=np.int64)]


def pagerank_from_ties(n: int, source: np.ndarray, target: np.ndarray, weight: np.ndarray, *,
                       damping: float = 0.85, tolerance: float = 1e-10,
                       max_iterations: int = 10_000) -> np.ndarray:
    """Weighted PageRank of directed ties by power iteration on a CSR matrix, no igraph graph.

    The same definition as igraph's PRPACK (dangling organisations jump uniformly; the
    scores sum to 1), iterated until the scores change by less than ``tolerance`` in sum:
    within about 1e-10 of PRPACK. Ties with weight 0 are no ties.

    Examples
    --------
    >>> s, t, w = np.array([0, 1, 2]), np.array([1, 2, 0]), np.ones(3)    # a cycle
    >>> pagerank_from_ties(3, s, t, w).round(4).tolist()
    [0.3333, 0.3333, 0.3333]
    """
    source, target = np.asarray(source, dtype=np.int64), np.asarray(target, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    out = np.bincount(source, weights=weight, minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(out[source] > 0, weight / out[source], 0.0)
    transition = sp.csr_matrix((share, (target, source)), shape=(n, n))
    dangling = out <= 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iterations):
        jump = (damping * x[dangling].sum() + 1.0 - damping) / n
        new = damping * (transition @ x) + jump
        new /= new.sum()
        if np.abs(new - x).sum() < tolerance:
            return new
        x = new
    return x


def _measure(graph: ig.Graph, measure: str, *, weighted: bool, damping: float,
             samples: int | None, seed: int | None, caller: str) -> np.ndarray:
    directed = graph.is_directed()
    n = graph.vcount()
    weights = "weight" if weighted else None
    if measure == "degree":
        return _partners(graph)
    if measure in ("in_degree", "out_degree"):
        return _distinct(graph, measure[:-7] if directed else "all")
    if measure in ("strength", "in_strength", "out_strength"):
        mode = measure[:-9] if directed and measure != "strength" else "all"
        return np.asarray(graph.strength(mode=mode, weights="weight"), dtype=float)
    if measure == "betweenness":
        return betweenness(_distance_graph(graph, weighted), weights=weights,
                           samples=samples, seed=seed, caller=caller)
    if measure == "closeness":
        g = _distance_graph(graph, weighted)
        inverse_total = np.asarray(g.closeness(mode="in", weights=weights, normalized=False),
                                   dtype=float)
        reached = np.asarray(g.neighborhood_size(order=n, mode="in"), dtype=float) - 1
        return np.nan_to_num(inverse_total) * reached * reached / max(n - 1, 1)
    if measure == "harmonic":
        g = _distance_graph(graph, weighted)
        return np.asarray(g.harmonic_centrality(mode="in", weights=weights, normalized=True),
                          dtype=float)
    if measure == "eigenvector":
        x = _eigenvector(graph, weights)
        norm = np.linalg.norm(x)
        return x / norm if norm > 0 else x
    if measure == "pagerank":
        return np.asarray(graph.pagerank(directed=directed, damping=damping, weights=weights),
                          dtype=float)
    if measure in ("hub", "authority"):
        score = graph.hub_score if measure == "hub" else graph.authority_score
        with _quiet():
            x = np.asarray(score(weights=weights), dtype=float)
        total = x.sum()
        return x / total if total > 0 else x
    # coreness: on the simple undirected skeleton, as networkx core_number counts in + out
    return np.asarray(graph.coreness(mode="all"), dtype=float)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence igraph's notes that a graph is not (strongly) connected or acyclic: the
    docstring says what the scores mean then, and real layers rarely are."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=".*(connected|acyclic|scores are zeros|undirected graph).*",
            category=RuntimeWarning)
        yield


def _partners(graph: ig.Graph) -> np.ndarray:
    """Distinct partners in either direction: a reciprocated pair counts once."""
    if not graph.is_directed():
        return _distinct(graph, "all")
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    s, t = edges[:, 0], edges[:, 1]
    n = np.int64(graph.vcount())
    mutual = np.isin(t * n + s, s * n + t) & (s != t)
    return _distinct(graph, "all") - np.bincount(s[mutual], minlength=graph.vcount())


def _distinct(graph: ig.Graph, mode: str) -> np.ndarray:
    # views are merged (one edge per ordered pair), so edge counts are partner counts
    return np.asarray(graph.degree(mode=mode, loops=False), dtype=float)


def _eigenvector(graph: ig.Graph, weights: str | None) -> np.ndarray:
    """igraph's eigenvector centrality with a seeded ARPACK start vector.

    ARPACK starts from a random vector drawn from igraph's generator: seeded, the result
    does not depend on what ran before. On graphs with many isolates ARPACK's LAPACK step
    can fail for one start vector; another start is tried before giving up.
    """
    for attempt in range(3):
        try:
            with _quiet(), igraph_seed(attempt):   # 1.0 rejects directed=False: the view decides
                return np.asarray(graph.eigenvector_centrality(weights=weights), dtype=float)
        except ig.InternalError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _distance_graph(graph: ig.Graph, weighted: bool) -> ig.Graph:
    """The graph with ``weight`` turned into a length 1/weight when ``weighted``."""
    if not weighted:
        return graph
    g = graph.copy()
    w = np.asarray(g.es["weight"], dtype=float)
    g.es["weight"] = (1.0 / np.where(w > 0, w, 1.0)).tolist()
    g.delete_edges(np.flatnonzero(w == 0).tolist())   # a zero-weight tie is infinitely long
    return g
