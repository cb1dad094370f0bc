"""Community detection: which organisations form the clusters of a region.

One entry point, :func:`find_clusters`, returns a :class:`Clusters` result. Methods that
work on one graph (Leiden, Louvain, label propagation, Infomap) run on one layer or on a
weighted aggregate of layers; layer-aware methods (multiplex Leiden, layer-coupled
Leiden, multilayer Infomap) live in :mod:`linkages.clusters.layered`; quality measures,
partition comparison, resolution sweeps and consensus in :mod:`linkages.clusters.quality`.

Randomness: igraph draws from Python's ``random`` module, so every igraph call runs with a
private ``random.Random(seed)`` installed (and the previous generator restored);
leidenalg, Infomap and networkit take the seed directly. ``seed=None`` draws a seed and
records it in the result, so every result can be reproduced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_layer_weights,
    check_layers,
    check_one_of,
    check_type,
)
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, igraph_seed, to_igraph

__all__ = ["Clusters", "find_clusters"]

AGGREGATE_METHODS = ("leiden", "louvain", "label_propagation", "infomap")
LAYER_METHODS = ("multiplex", "coupled", "infomap_multilayer")
METHODS = AGGREGATE_METHODS + LAYER_METHODS
#: Above this many ties in the chosen layers ``engine="auto"`` uses networkit (when
#: installed).
AUTO_NETWORKIT_TIES = 2_000_000
#: Above this many ties (summed over the chosen layers) ``method="multiplex"`` with
#: ``start="auto"`` starts from the aggregate partition instead of singletons.
AUTO_WARM_TIES = 200_000


@dataclass(repr=False)
class Clusters:
    r"""The result of :func:`find_clusters`.

    Attributes
    ----------
    membership : Series
        Cluster of each organisation (index: organisation id, name ``cluster``); clusters
        are numbered by size, 0 the largest. Organisations without ties in the chosen
        layers form clusters of their own.
    quality : float
        The value the method optimises (see ``quality_name``): modularity; CPM quality
        (igraph's normalisation :math:`\sum_c (2 e_c - \gamma n_c^2) / 2m` for
        ``"leiden"``, leidenalg's unnormalised sum for the layer methods); Infomap's
        codelength (bits); the layer-weighted mean of the layers' modularities
        (``"multiplex"``); multislice modularity (``"coupled"``).
    quality_name : str
    method : str
    params : dict
        Everything needed to rerun the method (layers, weights, resolution, ...).
    seed : int
        The seed used (drawn at random when none was given).
    layer_membership : DataFrame or None
        Layer-coupled methods: cluster of each organisation (rows) in each layer (columns),
        ``<NA>`` where it has no tie in that layer. Cluster numbers are shared across
        layers: the same number is the same cluster.
    switches : Series of bool or None
        Layer-coupled methods: True where an organisation sits in different clusters in
        different layers (among the layers where it has ties).
    confidence : Series or None
        :func:`~linkages.consensus_clusters`: share of runs in which each organisation sat
        with its cluster's core.

    Examples
    --------
    >>> import linkages as lk
    >>> found = lk.find_clusters(lk.load_example(), seed=1)
    >>> found.n_clusters, found.sizes.tolist()
    (4, [86, 77, 71, 66])
    >>> found.membership.head(3).tolist()
    [3, 3, 3]
    >>> found.params["layers"]
    ['production', 'scientific', 'commercial']
    """

    membership: pd.Series
    quality: float
    quality_name: str
    method: str
    params: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    layer_membership: pd.DataFrame | None = None
    switches: pd.Series | None = None
    confidence: pd.Series | None = None

    @property
    def n_clusters(self) -> int:
        return int(self.membership.max()) + 1 if len(self.membership) else 0

    @property
    def sizes(self) -> pd.Series:
        """Number of organisations per cluster, largest first."""
        return self.membership.value_counts().sort_index().rename_axis("cluster").rename("size")

    def __repr__(self) -> str:
        sizes = self.sizes.tolist()
        shown = ", ".join(map(str, sizes[:6])) + (", ..." if len(sizes) > 6 else "")
        extra = ""
        if self.switches is not None:
            extra = f", {int(self.switches.sum())} organisations switch across layers"
        return (f"Clusters(method={self.method!r}, {self.n_clusters} clusters of sizes "
                f"[{shown}], {self.quality_name}={self.quality:.4f}, seed={self.seed}{extra})")


def find_clusters(net: MultilayerNetwork, *, method: str = "leiden",
                  layers: str | Sequence[str] | None = None,
                  layer_weights: Mapping[str, float] | None = None,
                  objective: str = "modularity", resolution: float = 1.0, omega: float = 1.0,
                  weighted: bool = False, seed: int | None = None, n_iterations: int = -1,
                  relax_rate: float = 0.15, engine: str = "igraph",
                  start: str = "auto") -> Clusters:
    r"""Find clusters: groups of organisations densely tied to each other.

    Methods on one graph (one layer, or the undirected aggregate of the chosen layers):

    - ``"leiden"`` (Traag, Waltman & van Eck 2019), igraph's built-in implementation,
      maximising modularity :math:`Q = \frac{1}{2m}\sum_{ij}(A_{ij} - \gamma
      \frac{k_i k_j}{2m})\delta(c_i, c_j)` (Newman & Girvan 2004) or the Constant Potts
      Model :math:`\sum_c (e_c - \gamma \binom{n_c}{2})` (Traag et al. 2011) with
      ``objective="CPM"``; ``resolution`` is :math:`\gamma`.
    - ``"louvain"`` (Blondel et al. 2008), igraph's multilevel modularity optimisation.
    - ``"label_propagation"`` (Raghavan, Albert & Kumara 2007): a fast baseline.
    - ``"infomap"`` (Rosvall & Bergstrom 2008): minimises the map equation (codelength of
      a random walk); uses the directed aggregate when every chosen layer is directed.

    Layer-aware methods (see :mod:`linkages.clusters.layered`):

    - ``"multiplex"``: one partition optimised jointly over the layers (leidenalg's
      multiplex optimiser), maximising :math:`\sum_l \lambda_l Q_l`, each layer's
      modularity taken with its own directedness (directed modularity for directed layers).
    - ``"coupled"``: layer-coupled communities (Mucha et al. 2010): an organisation may sit
      in different clusters in different layers, its copies tied with strength ``omega``.
    - ``"infomap_multilayer"``: Infomap on the multilayer network, the random walker
      relaxing to other layers at rate ``relax_rate`` (De Domenico et al. 2015).

    Parameters
    ----------
    net : MultilayerNetwork
    method : str
        One of the methods above.
    layers : str or list of str, optional
        Layers to use; all by default.
    layer_weights : mapping of layer to float, optional
        Weight of each layer (default 1 each): its multiplier in the aggregate, or its
        :math:`\lambda_l` in the multiplex objective.
    objective : {'modularity', 'CPM'}
        For the Leiden-based methods.
    resolution : float
        :math:`\gamma`; higher gives more, smaller clusters.
    omega : float
        Interlayer coupling of ``"coupled"`` (0: layers independent).
    weighted : bool
        False (default): every tie counts 1 in each layer where it exists, so the
        aggregate weight of a pair is the (layer-weighted) number of layers tying it.
        True: tie weights (values, counts) are used as given. The default is deliberate:
        trade and supply values are heavy-tailed, and with them a few large flows dominate
        modularity and split off small groups (on the bundled example, weighted Leiden finds
        10 clusters, NMI 0.77 to the planted ones; unweighted, 4 clusters, NMI 0.93).
    seed : int, optional
        Same seed, same result. Drawn at random (and recorded) when None.
    n_iterations : int
        Leiden iterations; negative runs until the partition is stable (for
        ``"multiplex"`` started from the aggregate: until an iteration raises the quality
        by less than :data:`~linkages.clusters.layered.WARM_TOLERANCE`, a relative
        1e-4). ``"multiplex"`` with ``start="aggregate"`` and 0 iterations returns the
        aggregate partition itself, scored by the multiplex objective.
    relax_rate : float
        ``"infomap_multilayer"`` only: probability that the walker relaxes its layer.
    engine : {'igraph', 'networkit', 'auto'}
        ``"networkit"`` runs Leiden (ParallelLeiden) or Louvain (PLM with refinement) with
        networkit (an optional dependency; modularity only), faster on the largest
        networks; ``"auto"`` uses it above :data:`AUTO_NETWORKIT_TIES` aggregate ties when
        installed. networkit uses both cores: its results may vary between runs.
    start : {'auto', 'singletons', 'aggregate'}
        ``"multiplex"`` only: where leidenalg's multiplex optimiser starts.
        ``"singletons"`` is plain leidenalg (every organisation alone): the reference, but
        slow on large networks. ``"aggregate"`` first runs igraph's fast built-in Leiden
        (2 iterations) on the aggregate whose objective is closest to the multiplex one
        (each layer's ties scaled by :math:`\lambda_l / m_l`, :math:`m_l` its total tie
        weight, for modularity; for CPM the aggregate objective is the multiplex one), then
        improves that partition with the multiplex optimiser for ``n_iterations``. It
        reaches the cold start's quality (within 0.01% on the benchmark multiplexes) in a
        fraction of its time, but may keep a structure the aggregate imposed where a cold
        start would find another optimum; ``n_iterations=0`` skips the multiplex optimiser
        (fastest, the aggregate's partition). ``"auto"`` starts from singletons up to
        :data:`AUTO_WARM_TIES` ties, from the aggregate above. See the clusters guide.

    Returns
    -------
    Clusters

    References
    ----------
    Traag, Waltman & van Eck (2019), Sci. Rep. 9:5233. Blondel et al. (2008), J. Stat.
    Mech. P10008. Mucha et al. (2010), Science 328:876. Rosvall & Bergstrom (2008), PNAS
    105:1118. Raghavan, Albert & Kumara (2007), Phys. Rev. E 76:036106.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> found = lk.find_clusters(net, seed=1)
    >>> found
    Clusters(method='leiden', 4 clusters of sizes [86, 77, 71, 66], modularity=0.6044, seed=1)
    >>> truth = net.organisations["planted_cluster"]
    >>> round(lk.compare_partitions(found, truth), 2)
    0.93
    >>> joint = lk.find_clusters(net, method="multiplex", start="aggregate", seed=1)
    >>> joint.params["start"], joint.n_clusters, round(lk.compare_partitions(joint, truth), 2)
    ('aggregate', 4, 0.94)
    >>> coupled = lk.find_clusters(net, method="coupled", omega=0.5, seed=1)
    >>> coupled.layer_membership[coupled.switches].head(2)
    layer   production  scientific  commercial
    id
    O00037           3           0           3
    O00042           3           1           3
    """
    caller = "find_clusters"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    check_one_of(method, list(METHODS), argument="method", caller=caller)
    check_one_of(objective, ["modularity", "CPM"], argument="objective", caller=caller)
    check_one_of(engine, ["igraph", "networkit", "auto"], argument="engine", caller=caller)
    check_one_of(start, ["auto", "singletons", "aggregate"], argument="start", caller=caller)
    layers = check_layers(layers, net.layers, caller=caller)
    weights = check_layer_weights(layer_weights, layers, caller=caller)
    for name, value in (("resolution", resolution), ("omega", omega),
                        ("relax_rate", relax_rate)):
        if not isinstance(value, int | float | np.number) or not value >= 0 \
                or not np.isfinite(value):
            raise InputError(f"The {name!r} argument of {caller} must be a finite number "
                             f">= 0. Got {value!r} instead.")
    if objective == "CPM" and method not in ("leiden", "multiplex", "coupled"):
        raise InputError(f"The 'objective' argument of {caller} can be 'CPM' only with the "
                         f"methods ['coupled', 'leiden', 'multiplex']. Got method {method!r}.")
    if engine != "igraph" and method not in ("leiden", "louvain"):
        raise InputError(f"The 'engine' argument of {caller} can be {engine!r} only with the "
                         f"methods ['leiden', 'louvain']. Got method {method!r}.")
    if start != "auto" and method != "multiplex":
        raise InputError(f"The 'start' argument of {caller} can be {start!r} only with the "
                         f"method 'multiplex'. Got method {method!r}.")
    seed = _draw_seed(seed, caller=caller)
    params = {"layers": layers, "layer_weights": weights, "objective": objective,
              "resolution": float(resolution), "weighted": bool(weighted),
              "n_iterations": n_iterations, "engine": engine}
    if method in LAYER_METHODS:
        from linkages.clusters.layered import layer_clusters
        params.update(omega=float(omega), relax_rate=float(relax_rate))
        if method == "multiplex":
            params["start"] = start
        return layer_clusters(net, method=method, params=params, seed=seed)

    if engine == "auto":
        n_ties = int(np.isin(net.codes()[2], [net.layers.index(name) for name in layers]).sum())
        engine = "networkit" if (n_ties > AUTO_NETWORKIT_TIES and objective == "modularity"
                                 and _has_networkit()) else "igraph"
        params["engine"] = engine
    directed = None if method == "infomap" else False
    if engine == "networkit" or method == "infomap":  # from tie arrays: no igraph graph
        ties = aggregate_ties(net, layers=layers, layer_weights=weights, directed=directed,
                              weighted=weighted, caller=caller)
        n = net.n_organisations
        if method == "infomap":
            labels, quality, name = _infomap(ties, n, seed=seed)
        else:
            labels = _networkit(ties, n, method=method, resolution=resolution, seed=seed)
            quality, name = tie_modularity(ties, labels, resolution=resolution), "modularity"
    else:
        graph = cluster_graph(net, layers=layers, layer_weights=weights, weighted=weighted,
                              directed=directed)
        labels, quality, name = _run_on_graph(graph, method=method, objective=objective,
                                              resolution=resolution,
                                              n_iterations=n_iterations, seed=seed,
                                              engine=engine)
    membership = pd.Series(relabel(labels), index=net.organisations.index, name="cluster")
    return Clusters(membership, float(quality), name, method, params, seed)


# -- one graph ----------------------------------------------------------------------------
def cluster_graph(net: MultilayerNetwork, *, layers: Sequence[str],
                  layer_weights: Mapping[str, float], weighted: bool,
                  directed: bool | None = False) -> ig.Graph:
    """The aggregate graph clustered by :func:`find_clusters` (cached on the network).

    ``weighted=True`` is :func:`~linkages.to_igraph`'s merged view. ``weighted=False``
    counts each tie once per layer (times the layer's weight), summed per pair.
    """
    return to_igraph(net, layers=layers, layer_weights=layer_weights, directed=directed,
                     weighted=weighted)


def _run_on_graph(graph: ig.Graph, *, method: str, objective: str, resolution: float,
                  n_iterations: int, seed: int, engine: str,
                  initial: np.ndarray | None = None) -> tuple[np.ndarray, float, str]:
    """Membership array, quality and its name for one method on one graph."""
    # by name: igraph reads the attribute in C (a list of 10M weights costs seconds)
    weights = "weight" if "weight" in graph.es.attributes() else None
    if engine == "networkit":
        labels = _networkit(_graph_ties(graph), graph.vcount(), method=method,
                            resolution=resolution, seed=seed)
    elif method == "infomap":
        return _infomap(_graph_ties(graph), graph.vcount(), seed=seed)
    else:
        with igraph_seed(seed):
            if method == "leiden":
                found = graph.community_leiden(
                    objective_function=objective, weights=weights, resolution=resolution,
                    n_iterations=n_iterations, initial_membership=initial)
                if objective == "CPM":
                    return np.asarray(found.membership), found.quality, "CPM quality"
            elif method == "louvain":
                found = graph.community_multilevel(weights=weights, resolution=resolution)
            else:
                found = graph.community_label_propagation(weights=weights, initial=initial)
        labels = np.asarray(found.membership)
    quality = graph.modularity(labels.tolist(), weights=weights, resolution=resolution)
    return labels, quality, "modularity"


Ties = tuple[np.ndarray, np.ndarray, np.ndarray, bool]   # source, target, weight, directed


def _graph_ties(graph: ig.Graph) -> Ties:
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    weights = (np.asarray(graph.es["weight"], dtype=np.float64)
               if "weight" in graph.es.attributes() else np.ones(len(edges)))
    return edges[:, 0], edges[:, 1], weights, graph.is_directed()


def tie_modularity(ties: Ties, labels: np.ndarray, *, resolution: float = 1.0,
                   normalise: bool = True) -> float:
    r"""Modularity of a partition of tie arrays (as :meth:`igraph.Graph.modularity`).

    Undirected: :math:`\sum_c [2 w_c - \gamma K_c^2 / 2m]`, over :math:`2m`; directed:
    :math:`\sum_c [w_c - \gamma K^{out}_c K^{in}_c / m]`, over :math:`m` (a self-loop counts
    twice in an undirected strength, as in igraph). ``normalise=False`` returns the sum
    and leaves the division to the caller. NaN without ties.
    """
    s, t, w, directed = ties
    if not len(w) or not w.sum():
        return float("nan")
    _, c = np.unique(np.asarray(labels), return_inverse=True)
    c = c.ravel()
    k = int(c.max()) + 1
    same = c[s] == c[t]
    m = w.sum()
    if directed:
        k_out = np.bincount(c[s], weights=w, minlength=k)
        k_in = np.bincount(c[t], weights=w, minlength=k)
        total = w[same].sum() - resolution * (k_out * k_in).sum() / m
    else:
        strength = np.bincount(c[s], weights=w, minlength=k) + np.bincount(c[t], weights=w,
                                                                          minlength=k)
        total, m = 2 * w[same].sum() - resolution * (strength ** 2).sum() / (2 * m), 2 * m
    return float(total / m) if normalise else float(total)


def _infomap(ties: Ties, n: int, *, seed: int) -> tuple[np.ndarray, float, str]:
    import infomap

    s, t, w, directed = ties
    finder = infomap.Infomap(two_level=True, silent=True, seed=seed, directed=directed,
                             num_trials=1)
    finder.add_nodes(range(n))
    if len(s):
        finder.add_links(np.column_stack([s, t, w]).astype(np.float64))
    result = finder.run()
    table = result.to_dataframe(columns=["node_id", "module_id"])
    labels = np.empty(n, dtype=np.int64)
    labels[table["node_id"].to_numpy()] = table["module_id"].to_numpy()
    return labels, float(result.codelength), "codelength"


def _networkit(ties: Ties, n: int, *, method: str, resolution: float, seed: int) -> np.ndarray:
    try:
        import networkit as nk
    except ImportError as error:
        raise ImportError("engine='networkit' needs the optional package networkit: "
                          "pip install networkit (or pip install 'linkages[scale]').") from error
    import scipy.sparse as sp

    nk.engineering.setSeed(seed, False)
    s, t, w, _ = ties
    # From CSR, one triangle: 5x faster than GraphFromCoo at 10M ties (2 s against 10 s).
    upper = sp.csr_matrix((w, (np.minimum(s, t), np.maximum(s, t))), shape=(n, n))
    g = nk.graph.GraphFromCsr(upper, directed=False, weighted=True)
    if method == "leiden":
        algorithm = nk.community.ParallelLeiden(g, randomize=True, iterations=3,
                                                gamma=resolution)
    else:
        algorithm = nk.community.PLM(g, refine=True, gamma=resolution)
    algorithm.run()
    return np.asarray(algorithm.getPartition().getVector(), dtype=np.int64)


def _has_networkit() -> bool:
    try:
        import networkit  # noqa: F401
    except ImportError:
        return False
    return True


# -- shared helpers -------------------------------------------------------------------------
def relabel(labels: Any) -> np.ndarray:
    """Cluster labels renumbered by size: 0 the largest; ties by first appearance."""
    codes, _ = pd.factorize(np.asarray(labels))
    sizes = np.bincount(codes)
    rank = np.empty(len(sizes), dtype=np.int64)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(len(sizes))
    return rank[codes]


def _draw_seed(seed: int | None, *, caller: str) -> int:
    if seed is None:
        return int(np.random.default_rng().integers(2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"The 'seed' argument of {caller} must be a non-negative integer "
                         f"or None. Got {seed!r} instead.")
    return int(seed)
