"""How stable and how alike clusters are: partition comparison, layer agreement,
resolution sweeps and consensus over seeds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import combinations
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from linkages._validation import InputError, check_one_of
from linkages.clusters.find import METHODS, as_method, find_clusters
from linkages.clusters.inputs import cluster_graph, draw_seed, graph_ties
from linkages.clusters.layer_methods import MultilayerInfomap
from linkages.clusters.methods import GraphMethod, Infomap, Leiden, Method
from linkages.clusters.quality import cpm_quality
from linkages.clusters.result import Clusters
from linkages.membership import relabel
from linkages.network import MultilayerNetwork
from linkages.views import graph_from_ties

__all__ = ["compare_partitions", "compare_layers", "resolution_sweep", "consensus_clusters"]

_COMPARE = {"nmi": "nmi", "ari": "adjusted_rand", "vi": "vi", "rand": "rand"}


def compare_partitions(a: Any, b: Any, *, method: str = "nmi") -> float:
    r"""Similarity (or distance) of two partitions of the same organisations.

    - ``"nmi"``: normalised mutual information :math:`2 I(a, b) / (H(a) + H(b))`
      (Danon et al. 2005), 1 for identical partitions;
    - ``"ari"``: adjusted Rand index (Hubert & Arabie 1985), 0 for chance agreement;
    - ``"rand"``: Rand index (Rand 1971);
    - ``"vi"``: variation of information :math:`H(a) + H(b) - 2 I(a, b)` in nats
      (Meila 2007), 0 for identical partitions.

    ``a`` and ``b`` are :class:`~linkages.Clusters`, Series indexed by organisation id
    (aligned on their ids; organisations missing or NA in either are left out) or
    sequences of equal length. Computed by :func:`igraph.compare_communities`.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> found = lk.find_clusters(net, seed=1)
    >>> truth = net.organisations["planted_cluster"]
    >>> round(lk.compare_partitions(found, truth, method="ari"), 3)
    0.94
    >>> lk.compare_partitions([0, 0, 1, 1], [5, 5, 7, 7])
    1.0
    """
    caller = "compare_partitions"
    check_one_of(method, list(_COMPARE), argument="method", caller=caller)
    a, b = (getattr(x, "membership", x) for x in (a, b))
    for name, x in (("a", a), ("b", b)):
        if not isinstance(x, pd.Series | Sequence | np.ndarray) or isinstance(x, str):
            raise TypeError(f"The {name!r} argument of {caller} must be a find_clusters "
                            f"result, a pandas Series or a sequence. Got {type(x).__name__} "
                            "instead.")
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        a, b = a.align(b, join="inner")
    elif len(a) != len(b):
        raise InputError(f"The 'b' argument of {caller} must have as many entries as 'a' "
                         f"({len(a)}). Got {len(b)} instead.")
    a, b = pd.Series(np.asarray(a, dtype=object)), pd.Series(np.asarray(b, dtype=object))
    known = a.notna().to_numpy() & b.notna().to_numpy()
    if not known.any():
        raise InputError(f"The 'a' and 'b' arguments of {caller} share no organisation "
                         "with a cluster in both.")
    codes_a, codes_b = pd.factorize(a[known])[0], pd.factorize(b[known])[0]
    return float(ig.compare_communities(codes_a.tolist(), codes_b.tolist(),
                                        method=_COMPARE[method]))


def compare_layers(clusters: Any, *, method: str = "nmi") -> pd.DataFrame:
    """Pairwise similarity of the clusters found in each layer: do the layers agree?

    ``clusters`` is a layer-coupled :class:`~linkages.Clusters` (its
    ``layer_membership``), a DataFrame with one membership column per layer, or a mapping
    of layer name to membership (e.g. ``find_clusters(net, layers=name)`` per layer).
    Each pair is compared on the organisations with a cluster in both.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> per_layer = {name: lk.find_clusters(net, layers=name, seed=1) for name in net.layers}
    >>> lk.compare_layers(per_layer).round(2)
    layer       production  scientific  commercial
    layer
    production        1.00        0.45        0.70
    scientific        0.45        1.00        0.49
    commercial        0.70        0.49        1.00
    """
    caller = "compare_layers"
    table = getattr(clusters, "layer_membership", clusters)
    if isinstance(table, Mapping):
        table = pd.DataFrame({name: getattr(m, "membership", m) for name, m in table.items()})
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"The 'clusters' argument of {caller} must be a layer-coupled "
                        "find_clusters result, a DataFrame or a mapping of layer to "
                        f"membership. Got {type(clusters).__name__} instead.")
    names = [str(c) for c in table.columns]
    result = pd.DataFrame(1.0 if method != "vi" else 0.0, index=pd.Index(names, name="layer"),
                          columns=pd.Index(names, name="layer"))
    for x, y in combinations(range(len(names)), 2):
        value = compare_partitions(table.iloc[:, x], table.iloc[:, y], method=method)
        result.iloc[x, y] = result.iloc[y, x] = value
    return result


def resolution_sweep(net: MultilayerNetwork, *, resolutions: Iterable[float],
                     seeds: Iterable[int] = range(5), method: str | Method = "leiden",
                     layers: str | Sequence[str] | None = None,
                     layer_weights: Mapping[str, float] | None = None,
                     weighted: bool = False) -> pd.DataFrame:
    """Number of clusters, quality and stability per resolution, to pick one with evidence.

    For each resolution :func:`~linkages.find_clusters` runs ``method`` (its other options
    kept, its ``resolution`` replaced) once per seed. Stability is the mean NMI over all
    pairs of seeds (1: every seed gives the same partition); a resolution where stability
    peaks and the number of clusters plateaus is well supported.

    Parameters
    ----------
    net : MultilayerNetwork
    resolutions : iterable of float
    seeds : iterable of int
    method : str or method object
        A method with a resolution: :class:`~linkages.Leiden` (default),
        :class:`~linkages.Louvain`, :class:`~linkages.Multiplex`,
        :class:`~linkages.Coupled`, or one of their names.
    layers, layer_weights, weighted
        As in :func:`~linkages.find_clusters`.

    Returns
    -------
    DataFrame
        Indexed by ``resolution``: ``n_clusters`` (median over seeds), ``n_clusters_min``,
        ``n_clusters_max``, ``quality`` (mean; the method's quality) and ``stability``.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> sweep = lk.resolution_sweep(net, resolutions=[0.5, 1.0, 2.0], seeds=range(3))
    >>> sweep[["n_clusters", "stability"]].round(2)
                n_clusters  stability
    resolution
    0.5                4.0       1.00
    1.0                4.0       1.00
    2.0               12.0       0.84
    """
    caller = "resolution_sweep"
    method = as_method(method, caller=caller)
    if not hasattr(method, "resolution"):
        with_resolution = sorted(name for name, cls in METHODS.items()
                                 if "resolution" in cls.defaults())
        raise InputError(f"The 'method' argument of {caller} must be a method with a "
                         f"resolution, one of {with_resolution!r}. Got {method.name!r} "
                         "instead.")
    seeds = list(seeds)
    resolutions = list(resolutions)
    if not resolutions or not seeds:
        raise InputError(f"The 'resolutions' and 'seeds' arguments of {caller} must each "
                         f"name at least one value. Got {len(resolutions)} resolutions and "
                         f"{len(seeds)} seeds instead.")
    rows = []
    for resolution in resolutions:
        at = replace(method, resolution=resolution)  # type: ignore[call-arg]
        runs = [find_clusters(net, method=at, layers=layers, layer_weights=layer_weights,
                              weighted=weighted, seed=seed) for seed in seeds]
        counts = [run.n_clusters for run in runs]
        pairs = [compare_partitions(x.membership, y.membership)
                 for x, y in combinations(runs, 2)]
        rows.append({"resolution": float(resolution), "n_clusters": float(np.median(counts)),
                     "n_clusters_min": min(counts), "n_clusters_max": max(counts),
                     "quality": float(np.mean([run.quality for run in runs])),
                     "stability": float(np.mean(pairs)) if pairs else 1.0})
    return pd.DataFrame(rows).set_index("resolution")


def consensus_clusters(net: MultilayerNetwork, *, method: str | Method = "leiden",
                       layers: str | Sequence[str] | None = None,
                       layer_weights: Mapping[str, float] | None = None,
                       weighted: bool = False, n_runs: int = 20, seed: int | None = None,
                       threshold: float = 0.5, max_rounds: int = 10) -> Clusters:
    r"""Consensus clusters over many seeds, with a per-organisation confidence.

    Iterated consensus (Lancichinetti & Fortunato 2012), on existing ties only (no dense
    N x N matrix): run ``method`` ``n_runs`` times; weight each tie of the aggregate by
    the share of runs that put its two ends together; drop ties below ``threshold``
    (keeping each organisation's strongest tie); cluster that consensus graph ``n_runs``
    times with the same method and options (its objective, resolution, iterations, engine;
    a layer-aware method's objective, resolution and iterations with
    :class:`~linkages.Leiden`, as the consensus graph is one graph; multilayer Infomap
    with :class:`~linkages.Infomap`); repeat until every run agrees or ``max_rounds`` is
    reached.

    ``confidence`` of an organisation is the share of the first ``n_runs`` runs in which it
    sat with its consensus cluster's core (the run's cluster holding most of that
    consensus cluster's members).

    Parameters
    ----------
    net : MultilayerNetwork
    method : str or method object
        As in :func:`~linkages.find_clusters`.
    layers, layer_weights, weighted
        As in :func:`~linkages.find_clusters`.
    n_runs : int
        Runs per round (>= 2).
    seed : int, optional
        Seeds every run; drawn at random (and recorded) when None.
    threshold : float
        Share of runs, in [0, 1], below which a tie leaves the consensus graph.
    max_rounds : int
        Rounds at most (>= 1).

    Returns
    -------
    Clusters
        ``method`` is ``"consensus"``; ``quality`` is the consensus partition's quality on
        the aggregate by the method's objective at its resolution: modularity, or for a
        CPM method the CPM quality (``quality_name`` ``"CPM quality"``, as
        :class:`~linkages.Leiden` reports it); ``params`` records the first run's
        ``params``, ``n_runs``, ``threshold``, ``max_rounds``, ``rounds``, ``converged``
        and ``consensus_method``, the method of the later rounds.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> agreed = lk.consensus_clusters(net, n_runs=10, seed=1)
    >>> agreed.n_clusters, round(float(agreed.confidence.mean()), 2)
    (4, 1.0)
    """
    caller = "consensus_clusters"
    method = as_method(method, caller=caller)
    for argument, value, low in (("n_runs", n_runs, 2), ("max_rounds", max_rounds, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InputError(f"The {argument!r} argument of {caller} must be an integer "
                             f">= {low}. Got {value!r} instead.")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) \
            or not 0 <= threshold <= 1:
        raise InputError(f"The 'threshold' argument of {caller} must be a number in [0, 1]. "
                         f"Got {threshold!r} instead.")
    seed = draw_seed(seed, caller=caller)
    seeds = np.random.default_rng(seed).integers(2**31 - 1, size=n_runs * (max_rounds + 1))
    runs = [find_clusters(net, method=method, layers=layers, layer_weights=layer_weights,
                          weighted=weighted, seed=int(s)) for s in seeds[:n_runs]]
    first = runs[0]
    graph = cluster_graph(net, layers=first.params["layers"],
                          layer_weights=first.params["layer_weights"],
                          weighted=first.params["weighted"])
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    labels = np.stack([run.membership.to_numpy() for run in runs])
    again = _consensus_method(first.params["method"])
    rounds, converged = 1, False
    while True:
        share = (labels[:, edges[:, 0]] == labels[:, edges[:, 1]]).mean(axis=0)
        if np.all((share == 0) | (share == 1)) or rounds == max_rounds:
            converged = bool(np.all((share == 0) | (share == 1)))
            break
        keep = (share >= threshold) | _strongest(edges, share, net.n_organisations)
        consensus = graph_from_ties(net.n_organisations, edges[keep, 0], edges[keep, 1], False)
        consensus.es["weight"] = share[keep]
        labels = np.stack([again.on_graph(consensus, seed=int(s))[0]
                           for s in seeds[rounds * n_runs:(rounds + 1) * n_runs]])
        rounds += 1
    final = relabel(labels[0])
    first_labels = np.stack([run.membership.to_numpy() for run in runs])
    confidence = np.mean([_with_core(final, run) for run in first_labels], axis=0)
    ids = net.organisations.index
    resolution = getattr(again, "resolution", 1.0)
    if getattr(again, "objective", "modularity") == "CPM":
        quality, quality_name = cpm_quality(graph_ties(graph), final,
                                            resolution=resolution), "CPM quality"
    else:
        quality = graph.modularity(final.tolist(), weights="weight", resolution=resolution)
        quality_name = "modularity"
    params = dict(first.params, n_runs=n_runs, threshold=threshold, max_rounds=max_rounds,
                  rounds=rounds, converged=converged, consensus_method=again)
    return Clusters(pd.Series(final, index=ids, name="cluster"), float(quality), quality_name,
                    "consensus", params, seed,
                    confidence=pd.Series(confidence, index=ids, name="confidence"))


def _consensus_method(method: Method) -> GraphMethod:
    """The method that clusters the consensus graph in the later rounds: the same method
    with its options (Lancichinetti & Fortunato 2012); for a layer-aware method, Leiden
    with its objective, resolution and iterations (Infomap for multilayer Infomap)."""
    if isinstance(method, GraphMethod):
        return method
    if isinstance(method, MultilayerInfomap):
        return Infomap()
    options = {name: getattr(method, name) for name in ("objective", "resolution",
                                                        "n_iterations")
               if hasattr(method, name)}
    return Leiden(**options)


def _strongest(edges: np.ndarray, share: np.ndarray, n: int) -> np.ndarray:
    """Mask of each organisation's highest-share tie (so no one is cut loose)."""
    ends = np.concatenate([edges[:, 0], edges[:, 1]])
    tie = np.tile(np.arange(len(edges)), 2)
    order = np.lexsort((-share[tie], ends))
    first = order[np.r_[True, np.diff(ends[order]) > 0]] if len(order) else order
    mask = np.zeros(len(edges), dtype=bool)
    mask[tie[first]] = True
    return mask


def _with_core(final: np.ndarray, run: np.ndarray) -> np.ndarray:
    """True where an organisation's run cluster is its consensus cluster's plurality one."""
    k = np.int64(run.max()) + 1
    pair, counts = np.unique(final * k + run, return_counts=True)
    cluster, label = pair // k, pair % k
    order = np.lexsort((-counts, cluster))
    best = order[np.r_[True, np.diff(cluster[order]) > 0]]
    core = np.empty(final.max() + 1, dtype=np.int64)
    core[cluster[best]] = label[best]
    return run == core[final]
