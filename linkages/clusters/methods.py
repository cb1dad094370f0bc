r"""Clustering methods on one graph: :class:`Leiden`, :class:`Louvain`,
:class:`LabelPropagation`, :class:`Infomap`.

Each method is a small frozen dataclass: its options, checked when it is made (so an
option that does not apply to a method cannot be given to it), and the one place that
runs it. :func:`~linkages.find_clusters` takes a method object, or a method's name for
the method with its defaults. The layer-aware methods live in
:mod:`linkages.clusters.layer_methods`.

A method on one graph clusters one layer, or the undirected aggregate of the chosen
layers (Infomap: directed when every chosen layer is directed).

Randomness: igraph draws from Python's ``random`` module, so every igraph call runs with a
private ``random.Random(seed)`` installed (and the previous generator restored);
leidenalg, Infomap and networkit take the seed directly; networkit runs on one thread
(restored after), as its parallel runs differ whatever the seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

import igraph as ig
import numpy as np

from linkages._validation import check_one_of
from linkages.clusters.inputs import (
    Ties,
    check_options,
    cluster_graph,
    graph_ties,
)
from linkages.clusters.quality import tie_modularity
from linkages.clusters.result import Clusters, one_partition, run_params
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, igraph_seed

__all__ = ["Method", "GraphMethod", "Leiden", "Louvain", "LabelPropagation", "Infomap",
           "AUTO_NETWORKIT_TIES", "AUTO_ITERATIONS", "NETWORKIT_MAX_ITERATIONS"]

#: Above this many ties in the chosen layers ``engine="auto"`` (the default) uses
#: networkit, when installed: on one thread its Leiden was the fastest reproducible engine
#: from about 300k ties up (1.2x igraph's 2-iteration Leiden at 300k ties, 1.4x at 1M), to
#: the same modularity (docs/scale.md); below, both take a tenth of a second.
AUTO_NETWORKIT_TIES = 100_000
#: ``engine="auto"`` above AUTO_NETWORKIT_TIES with a negative ``n_iterations`` runs this
#: many Leiden iterations instead of iterating until no organisation moves: 3x faster at
#: 1M ties for a modularity within 1e-4 (docs/scale.md).
AUTO_ITERATIONS = 3
#: ``Leiden(engine="networkit", n_iterations=-1)`` stops once no organisation moves, or
#: after this many Leiden iterations.
NETWORKIT_MAX_ITERATIONS = 100
ENGINES = ["igraph", "networkit", "auto"]


@dataclass(frozen=True)
class Method:
    """A clustering method with its options; ``name`` is what ``Clusters.method`` reads."""

    name: ClassVar[str]

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """The method's options and their defaults."""
        return {option.name: option.default for option in fields(cls)}

    def run(self, net: MultilayerNetwork, *, layers: Sequence[str],
            layer_weights: Mapping[str, float], weighted: bool, seed: int) -> Clusters:
        """Cluster ``net`` (options already checked by :func:`~linkages.find_clusters`)."""
        raise NotImplementedError


@dataclass(frozen=True)
class GraphMethod(Method):
    """A method on one graph: the aggregate of the chosen layers."""

    #: Infomap reads the directed aggregate when every chosen layer is directed (None).
    directed: ClassVar[bool | None] = False

    def on_graph(self, graph: ig.Graph, *, seed: int) -> tuple[np.ndarray, float, str]:
        """Labels, quality and the quality's name on one igraph graph (its ``weight``)."""
        raise NotImplementedError

    def on_ties(self, ties: Ties, n: int, *, seed: int) -> tuple[np.ndarray, float, str]:
        """The same on tie arrays (``n`` organisations), without an igraph graph."""
        raise NotImplementedError

    def uses_ties(self, net: MultilayerNetwork, layers: Sequence[str]) -> bool:
        """True to cluster tie arrays (:meth:`on_ties`), False for an igraph graph."""
        return False

    def resolved(self, net: MultilayerNetwork, layers: Sequence[str]) -> GraphMethod:
        """The method with any ``"auto"`` option replaced by the choice made on ``net``."""
        return self

    def why(self, net: MultilayerNetwork, layers: Sequence[str]) -> str | None:
        """Why :meth:`resolved` chose what it chose (None: nothing was chosen)."""
        return None

    def run(self, net: MultilayerNetwork, *, layers: Sequence[str],
            layer_weights: Mapping[str, float], weighted: bool, seed: int) -> Clusters:
        method = self.resolved(net, layers)
        if method.uses_ties(net, layers):  # no igraph graph, no Python tuple per tie
            ties = aggregate_ties(net, layers=layers, layer_weights=layer_weights,
                                  directed=self.directed, weighted=weighted,
                                  caller="find_clusters")
            labels, quality, name = method.on_ties(ties, net.n_organisations, seed=seed)
        else:
            graph = cluster_graph(net, layers=layers, layer_weights=layer_weights,
                                  weighted=weighted, directed=self.directed)
            labels, quality, name = method.on_graph(graph, seed=seed)
        params = run_params(method, layers, layer_weights, weighted)
        why = self.why(net, layers)
        if why is not None:
            params["why"] = why
        return one_partition(net, labels, quality=quality, quality_name=name, seed=seed,
                             params=params)


@dataclass(frozen=True)
class Leiden(GraphMethod):
    r"""Leiden (Traag, Waltman & van Eck 2019) on one graph: igraph's implementation.

    Maximises modularity :math:`Q = \frac{1}{2m}\sum_{ij}(A_{ij} - \gamma
    \frac{k_i k_j}{2m})\delta(c_i, c_j)` (Newman & Girvan 2004), or the Constant Potts
    Model :math:`\sum_c (e_c - \gamma \binom{n_c}{2})` (Traag et al. 2011).

    Parameters
    ----------
    objective : {'modularity', 'CPM'}
    resolution : float
        :math:`\gamma` (>= 0); higher gives more, smaller clusters.
    n_iterations : int
        Iterations; negative runs until the partition is stable (with ``engine="auto"``
        on a large network: :data:`~linkages.clusters.methods.AUTO_ITERATIONS`, see
        below).
    engine : {'igraph', 'networkit', 'auto'}
        ``"auto"`` (what ``find_clusters(net)`` and ``method="leiden"`` run): igraph up to
        :data:`~linkages.clusters.methods.AUTO_NETWORKIT_TIES` ties in the chosen layers;
        above, networkit when it is installed and the objective is modularity, with
        :data:`~linkages.clusters.methods.AUTO_ITERATIONS` iterations when
        ``n_iterations`` is negative (until stable costs about 3x more there for a
        modularity within 1e-4). The choice and why are in the result's
        ``params["method"]`` and ``params["why"]``. ``"igraph"`` (the object's default)
        forces igraph.
        ``"networkit"`` runs networkit's ParallelLeiden (an optional dependency;
        modularity only; ``n_iterations`` passed on, negative: until no organisation
        moves, at most :data:`~linkages.clusters.methods.NETWORKIT_MAX_ITERATIONS`):
        faster on large networks, without an igraph graph. It runs on one thread,
        so the same seed gives the same result (on several threads the order of the moves
        varies from run to run whatever the seed); it gives up networkit's parallel
        speed-up for that. See ``docs/scale.md``.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> lk.find_clusters(net, method=lk.Leiden(resolution=0.5), seed=1).n_clusters
    4
    >>> lk.find_clusters(net, method=lk.Leiden(objective="CPM", resolution=0.05),
    ...                  seed=1).quality_name
    'CPM quality'
    """

    objective: str = "modularity"
    resolution: float = 1.0
    n_iterations: int = -1
    engine: str = "igraph"
    name: ClassVar[str] = "leiden"

    def __post_init__(self) -> None:
        check_options(self)
        check_one_of(self.engine, ENGINES, argument="engine", caller=type(self).__name__)

    def resolved(self, net: MultilayerNetwork, layers: Sequence[str]) -> Leiden:
        if self.engine != "auto":
            return self
        if self.objective == "modularity" and _fast_engine(net, layers) == "networkit":
            return replace(self, engine="networkit", n_iterations=(
                self.n_iterations if self.n_iterations >= 0 else AUTO_ITERATIONS))
        return replace(self, engine="igraph")

    def why(self, net: MultilayerNetwork, layers: Sequence[str]) -> str | None:
        if self.engine != "auto":
            return None
        chosen = self.resolved(net, layers)
        if self.objective != "modularity":
            return "engine='auto': igraph, as networkit's Leiden optimises modularity only"
        text = _why_engine(net, layers, chosen.engine)
        if chosen.engine == "networkit" and self.n_iterations < 0:
            text += (f"; {AUTO_ITERATIONS} Leiden iterations (AUTO_ITERATIONS) instead of "
                     "until stable, about 3x faster at this size for a modularity within 1e-4")
        return text

    def uses_ties(self, net: MultilayerNetwork, layers: Sequence[str]) -> bool:
        return self.engine == "networkit"

    def on_graph(self, graph: ig.Graph, *, seed: int) -> tuple[np.ndarray, float, str]:
        if self.engine == "networkit":
            return self.on_ties(graph_ties(graph), graph.vcount(), seed=seed)
        weights = _weights(graph)
        with igraph_seed(seed):
            found = graph.community_leiden(
                objective_function=self.objective, weights=weights,
                resolution=self.resolution, n_iterations=self.n_iterations)
        if self.objective == "CPM":
            return np.asarray(found.membership), found.quality, "CPM quality"
        return _with_modularity(graph, found.membership, self.resolution)

    def on_ties(self, ties: Ties, n: int, *, seed: int) -> tuple[np.ndarray, float, str]:
        labels = networkit_clusters(ties, n, leiden=True, resolution=self.resolution,
                                    seed=seed, n_iterations=self.n_iterations)
        return labels, tie_modularity(ties, labels, resolution=self.resolution), "modularity"


@dataclass(frozen=True)
class Louvain(GraphMethod):
    r"""Louvain (Blondel et al. 2008): igraph's multilevel modularity optimisation.

    Parameters
    ----------
    resolution : float
        :math:`\gamma` of modularity (>= 0); higher gives more, smaller clusters.
    engine : {'igraph', 'networkit', 'auto'}
        ``"networkit"`` runs networkit's PLM with refinement (an optional dependency):
        faster on large networks; on one thread, so the same seed gives the same
        result (see :class:`Leiden`).
        ``"auto"`` uses it above
        :data:`~linkages.clusters.methods.AUTO_NETWORKIT_TIES` ties when installed,
        igraph below; ``params["why"]`` says which and why.

    Examples
    --------
    >>> import linkages as lk
    >>> found = lk.find_clusters(lk.load_example(), method="louvain", seed=1)
    >>> found.method, found.params["method"]
    ('louvain', Louvain(resolution=1.0, engine='igraph'))
    """

    resolution: float = 1.0
    engine: str = "igraph"
    name: ClassVar[str] = "louvain"

    def __post_init__(self) -> None:
        check_options(self)
        check_one_of(self.engine, ENGINES, argument="engine", caller=type(self).__name__)

    def resolved(self, net: MultilayerNetwork, layers: Sequence[str]) -> Louvain:
        if self.engine != "auto":
            return self
        return replace(self, engine=_fast_engine(net, layers))

    def why(self, net: MultilayerNetwork, layers: Sequence[str]) -> str | None:
        if self.engine != "auto":
            return None
        return _why_engine(net, layers, self.resolved(net, layers).engine)

    def uses_ties(self, net: MultilayerNetwork, layers: Sequence[str]) -> bool:
        return self.engine == "networkit"

    def on_graph(self, graph: ig.Graph, *, seed: int) -> tuple[np.ndarray, float, str]:
        if self.engine == "networkit":
            return self.on_ties(graph_ties(graph), graph.vcount(), seed=seed)
        with igraph_seed(seed):
            found = graph.community_multilevel(weights=_weights(graph),
                                               resolution=self.resolution)
        return _with_modularity(graph, found.membership, self.resolution)

    def on_ties(self, ties: Ties, n: int, *, seed: int) -> tuple[np.ndarray, float, str]:
        labels = networkit_clusters(ties, n, leiden=False, resolution=self.resolution,
                                    seed=seed)
        return labels, tie_modularity(ties, labels, resolution=self.resolution), "modularity"


@dataclass(frozen=True)
class LabelPropagation(GraphMethod):
    """Label propagation (Raghavan, Albert & Kumara 2007): each organisation adopts its
    neighbours' most common label; a fast baseline. No options; ``quality`` is the
    modularity reached.

    Examples
    --------
    >>> import linkages as lk
    >>> found = lk.find_clusters(lk.load_example(), method=lk.LabelPropagation(), seed=1)
    >>> found.method, found.quality_name
    ('label_propagation', 'modularity')
    """

    name: ClassVar[str] = "label_propagation"

    def on_graph(self, graph: ig.Graph, *, seed: int) -> tuple[np.ndarray, float, str]:
        with igraph_seed(seed):
            found = graph.community_label_propagation(weights=_weights(graph))
        return _with_modularity(graph, found.membership, 1.0)


@dataclass(frozen=True)
class Infomap(GraphMethod):
    """Infomap (Rosvall & Bergstrom 2008): minimises the map equation, the codelength (in
    bits) of a random walk on the graph. Runs on the directed aggregate when every chosen
    layer is directed. No options.

    Examples
    --------
    >>> import linkages as lk
    >>> found = lk.find_clusters(lk.load_example(), method="infomap", seed=1)
    >>> found.method, found.quality_name
    ('infomap', 'codelength')
    """

    name: ClassVar[str] = "infomap"
    directed: ClassVar[bool | None] = None

    def uses_ties(self, net: MultilayerNetwork, layers: Sequence[str]) -> bool:
        return True

    def on_graph(self, graph: ig.Graph, *, seed: int) -> tuple[np.ndarray, float, str]:
        return self.on_ties(graph_ties(graph), graph.vcount(), seed=seed)

    def on_ties(self, ties: Ties, n: int, *, seed: int) -> tuple[np.ndarray, float, str]:
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


def networkit_clusters(ties: Ties, n: int, *, leiden: bool, resolution: float,
                       seed: int, n_iterations: int = -1) -> np.ndarray:
    """networkit's ParallelLeiden (``leiden``) or PLM with refinement on undirected ties.

    Runs on one thread (networkit's thread count is restored after): with several threads
    the order of the moves, hence the partition, changes from run to run whatever the
    seed. ``n_iterations`` is ParallelLeiden's number of Leiden iterations (negative:
    until no organisation moves, at most :data:`NETWORKIT_MAX_ITERATIONS`; 0: every
    organisation alone, as igraph).
    """
    try:
        import networkit as nk
    except ImportError as error:
        raise ImportError("engine='networkit' needs the optional package networkit: "
                          "pip install networkit (or pip install 'linkages[scale]').") from error
    import scipy.sparse as sp

    if leiden and n_iterations == 0:
        return np.arange(n, dtype=np.int64)
    s, t, w, _ = ties
    # From CSR, one triangle: much faster than GraphFromCoo on millions of ties.
    if len(s) and bool((s <= t).all()) and bool((s[1:] >= s[:-1]).all()):
        # aggregate_ties' pairs come sorted by row, one triangle: the CSR arrays as they are
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(s, minlength=n), out=indptr[1:])
        upper = sp.csr_matrix((w, t, indptr), shape=(n, n))
    else:
        upper = sp.csr_matrix((w, (np.minimum(s, t), np.maximum(s, t))), shape=(n, n))
    threads = nk.engineering.getMaxNumberOfThreads()
    nk.engineering.setNumberOfThreads(1)
    try:
        nk.engineering.setSeed(seed, False)
        g = nk.graph.GraphFromCsr(upper, directed=False, weighted=True)
        if leiden:
            iterations = n_iterations if n_iterations > 0 else NETWORKIT_MAX_ITERATIONS
            algorithm = nk.community.ParallelLeiden(g, randomize=True, iterations=iterations,
                                                    gamma=resolution)
        else:
            algorithm = nk.community.PLM(g, refine=True, gamma=resolution)
        algorithm.run()
        return np.asarray(algorithm.getPartition().getVector(), dtype=np.int64)
    finally:
        nk.engineering.setNumberOfThreads(threads)


def _weights(graph: ig.Graph) -> str | None:
    # by name: igraph reads the attribute in C (a Python list of millions of weights is slow)
    return "weight" if "weight" in graph.es.attributes() else None


def _with_modularity(graph: ig.Graph, membership: list[int], resolution: float
                     ) -> tuple[np.ndarray, float, str]:
    labels = np.asarray(membership)
    return labels, graph.modularity(membership, weights=_weights(graph),
                                    resolution=resolution), "modularity"


def _n_ties(net: MultilayerNetwork, layers: Sequence[str]) -> int:
    per_layer = np.bincount(net.codes()[2], minlength=len(net.layers))
    return int(per_layer[[net.layers.index(name) for name in layers]].sum())


def _fast_engine(net: MultilayerNetwork, layers: Sequence[str]) -> str:
    """``engine="auto"``'s choice: networkit above AUTO_NETWORKIT_TIES ties, if installed."""
    big = _n_ties(net, layers) > AUTO_NETWORKIT_TIES
    return "networkit" if big and _has_networkit() else "igraph"


def _why_engine(net: MultilayerNetwork, layers: Sequence[str], engine: str) -> str:
    ties = _n_ties(net, layers)
    if engine == "networkit":
        return (f"engine='auto': networkit (one thread, seeded), as the chosen layers have "
                f"{ties:,} ties, more than AUTO_NETWORKIT_TIES ({AUTO_NETWORKIT_TIES:,})")
    if ties > AUTO_NETWORKIT_TIES:
        return (f"engine='auto': igraph, as networkit is not installed ({ties:,} ties; "
                f"pip install networkit for the faster engine above "
                f"{AUTO_NETWORKIT_TIES:,})")
    return (f"engine='auto': igraph, as the chosen layers have {ties:,} ties, at most "
            f"AUTO_NETWORKIT_TIES ({AUTO_NETWORKIT_TIES:,}): networkit would save at most "
            "a few tens of milliseconds here and its import costs about 2 s")


def _has_networkit() -> bool:
    try:
        import networkit  # noqa: F401
    except ImportError:
        return False
    return True
