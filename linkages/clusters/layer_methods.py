r"""Layer-aware clustering methods: :class:`Multiplex` (one partition optimised over the
layers), :class:`Coupled` (layer-coupled communities) and :class:`MultilayerInfomap`.

Each is a small frozen dataclass with its options, checked when it is made, and the one
place that runs it (see :mod:`linkages.clusters.methods`).

Layer-coupled methods work on the supra-graph: organisation ``i`` in layer ``s`` is the
state node ``s * N + i``. Each layer is one leidenalg partition over all ``N L`` state nodes
(its null model sees only its own ties), and a coupling layer ties each organisation's
copies in every pair of layers with weight omega, scored by CPM at resolution 0 (a plain
reward for keeping the copies together), as in leidenalg's ``slices_to_layers``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import igraph as ig
import leidenalg as la
import numpy as np
import pandas as pd

from linkages._validation import InputError, check_one_of
from linkages.clusters.inputs import (
    Ties,
    arc_graph,
    check_non_negative,
    check_options,
    layer_graph,
    layer_ties,
)
from linkages.clusters.methods import Leiden, Method
from linkages.clusters.quality import multislice_q
from linkages.clusters.result import Clusters, one_partition, run_params
from linkages.network import MultilayerNetwork
from linkages.views import graph_from_ties

__all__ = ["Multiplex", "Coupled", "MultilayerInfomap", "layered_result", "AUTO_WARM_TIES",
           "WARM_TOLERANCE"]

#: Above this many ties (summed over the chosen layers) ``Multiplex(start="auto")`` starts
#: from the aggregate partition instead of singletons.
AUTO_WARM_TIES = 200_000
#: ``Multiplex`` started from the aggregate with a negative ``n_iterations`` stops once an
#: iteration of the multiplex optimiser raises the quality by less than this share.
WARM_TOLERANCE = 1e-4
STARTS = ["auto", "singletons", "aggregate"]


@dataclass(frozen=True)
class Multiplex(Method):
    r"""One partition optimised jointly over the layers (leidenalg's multiplex optimiser).

    Maximises :math:`\sum_l \lambda_l Q_l`, each layer's modularity :math:`Q_l` taken
    with its own directedness (directed modularity for directed layers) and
    :math:`\lambda_l` its layer weight; or, with ``objective="CPM"``, the layer-weighted
    sum of the layers' Constant Potts Models. ``quality`` is the layer-weighted mean of
    the layers' modularities (see :func:`~linkages.layer_modularity`), or the CPM sum.

    Parameters
    ----------
    objective : {'modularity', 'CPM'}
    resolution : float
        :math:`\gamma` (>= 0); higher gives more, smaller clusters.
    n_iterations : int
        Iterations of the multiplex optimiser; negative runs until the partition is stable
        (started from the aggregate: until an iteration raises the quality by less than
        :data:`~linkages.clusters.layer_methods.WARM_TOLERANCE`, a relative 1e-4).
        With ``start="aggregate"``, 0 returns the aggregate partition itself, scored by
        the multiplex objective.
    start : {'auto', 'singletons', 'aggregate'}
        Where the multiplex optimiser starts. ``"singletons"`` is plain leidenalg (every
        organisation alone): the reference, but slow on large networks. ``"aggregate"``
        first runs igraph's fast built-in Leiden (2 iterations) on the aggregate whose
        objective is closest to the multiplex one (each layer's ties scaled by
        :math:`\lambda_l / m_l`, :math:`m_l` its total tie weight, for modularity; for CPM
        the aggregate objective is the multiplex one), then improves that partition with
        the multiplex optimiser for ``n_iterations``. It reaches the cold start's quality
        (within 0.01% on the benchmark multiplexes) in a fraction of its time, but may
        keep a structure the aggregate imposed where a cold start would find another
        optimum; ``n_iterations=0`` skips the multiplex optimiser (fastest: the
        aggregate's partition). ``"auto"`` starts from singletons up to
        :data:`~linkages.clusters.layer_methods.AUTO_WARM_TIES` ties, from the aggregate
        above; the result's ``params["method"]`` records the choice. Measured trade-offs:
        the clusters guide and ``docs/scale.md``.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> joint = lk.find_clusters(net, method=lk.Multiplex(start="aggregate"), seed=1)
    >>> joint.method, joint.params["method"].start, joint.n_clusters
    ('multiplex', 'aggregate', 4)
    """

    objective: str = "modularity"
    resolution: float = 1.0
    n_iterations: int = -1
    start: str = "auto"
    name: ClassVar[str] = "multiplex"

    def __post_init__(self) -> None:
        check_options(self)
        check_one_of(self.start, STARTS, argument="start", caller=type(self).__name__)

    def run(self, net: MultilayerNetwork, *, layers: Sequence[str],
            layer_weights: Mapping[str, float], weighted: bool, seed: int) -> Clusters:
        lam = layer_weights
        layer_graphs = {name: layer_graph(net, name, lam[name], weighted) for name in layers}
        sums = {name: sum(graph.es["weight"]) for name, graph in layer_graphs.items()}
        # 2m of an undirected layer, m of a directed one: 1/total turns its RB quality into Q_l
        totals = {name: sums[name] * (1 if layer_graphs[name].is_directed() else 2)
                  for name in sums}
        kept = [name for name in layers if totals[name] > 0 and lam[name] > 0]
        if not kept:  # a layer without ties adds nothing to the objective
            raise InputError("The 'layers' argument of find_clusters selects layers without "
                             f"ties: {list(layers)!r}.")
        n_ties = sum(graph.ecount() for graph in layer_graphs.values())
        if self.start == "auto" and n_ties > AUTO_WARM_TIES:
            starts = ["aggregate"]
        elif self.start == "auto":  # both starts, the better one by the multiplex quality
            starts = ["singletons", "aggregate"]
        else:
            starts = [self.start]
        best: tuple[float, str, np.ndarray] | None = None
        for start in starts:
            initial = (self._aggregate_start(net, kept, sums, lam, weighted, seed)
                       if start == "aggregate" else None)
            labels = self._optimise(layer_graphs, kept, lam, totals, initial, seed)
            quality = self._quality(layer_graphs, kept, lam, labels)
            if best is None or quality > best[0]:  # a tie keeps the singletons start
                best = (quality, start, labels)
        assert best is not None
        quality, start, labels = best
        name = "mean layer modularity" if self.objective == "modularity" else "CPM quality"
        return one_partition(net, labels, quality=quality, quality_name=name, seed=seed,
                             params=run_params(replace(self, start=start), layers, lam,
                                               weighted))

    def _parts(self, layer_graphs: Mapping[str, ig.Graph], kept: list[str],
               lam: Mapping[str, float], totals: Mapping[str, float],
               labels: list[int] | None) -> tuple[list, list[float]]:
        """leidenalg's partition of each layer and its weight in the multiplex objective
        (the layer graphs' ties already carry lambda_l)."""
        parts, part_weights = [], []
        for name in kept:
            if self.objective == "modularity":
                parts.append(la.RBConfigurationVertexPartition(
                    layer_graphs[name], weights="weight", initial_membership=labels,
                    resolution_parameter=self.resolution))
                part_weights.append(lam[name] / totals[name])
            else:  # lambda_l (a_lc - gamma n_c (n_c - 1)): lambda_l on the penalty too
                parts.append(la.CPMVertexPartition(
                    layer_graphs[name], weights="weight", initial_membership=labels,
                    resolution_parameter=self.resolution * lam[name]))
                part_weights.append(1.0)
        return parts, part_weights

    def _optimise(self, layer_graphs: Mapping[str, ig.Graph], kept: list[str],
                  lam: Mapping[str, float], totals: Mapping[str, float],
                  initial: list[int] | None, seed: int) -> np.ndarray:
        """leidenalg's multiplex optimiser from singletons (``initial`` None) or from
        ``initial``."""
        parts, part_weights = self._parts(layer_graphs, kept, lam, totals, initial)
        optimiser = la.Optimiser()
        optimiser.set_rng_seed(seed)
        n_iterations = self.n_iterations
        if initial is None:
            optimiser.optimise_partition_multiplex(parts, layer_weights=part_weights,
                                                   n_iterations=n_iterations)
        else:  # one iteration at a time, to stop once the gains are negligible
            done = 0
            while done < n_iterations or n_iterations < 0:
                gain = optimiser.optimise_partition_multiplex(
                    parts, layer_weights=part_weights, n_iterations=1)
                done += 1
                total = sum(w * p.quality() for p, w in zip(parts, part_weights))
                if n_iterations < 0 and gain <= WARM_TOLERANCE * abs(total):
                    break
        return np.asarray(parts[0].membership)

    def _quality(self, layer_graphs: Mapping[str, ig.Graph], kept: list[str],
                 lam: Mapping[str, float], labels: np.ndarray) -> float:
        """The result's quality: the layer-weighted mean of the layers' modularities, or the
        multiplex CPM sum."""
        if self.objective == "modularity":
            return sum(lam[name] * layer_graphs[name].modularity(
                labels.tolist(), weights="weight", resolution=self.resolution, directed=True)
                for name in kept) / sum(lam[name] for name in kept)
        totals = dict.fromkeys(kept, 1.0)   # CPM: the weights do not read the totals
        parts, part_weights = self._parts(layer_graphs, kept, lam, totals, labels.tolist())
        return float(sum(w * p.quality() for p, w in zip(parts, part_weights)))

    def _aggregate_start(self, net: MultilayerNetwork, layers: list[str],
                         sums: dict[str, float], lam: Mapping[str, float], weighted: bool,
                         seed: int) -> list[int]:
        """igraph's built-in Leiden (2 iterations, its default) on the aggregate whose
        objective is closest to the multiplex one: :func:`~linkages.clusters.inputs.
        arc_graph`, which sums arcs as the layers' objectives do (A->B and B->A in a
        directed layer count twice there).

        Modularity: each layer's ties scaled by lambda_l / m_l (m_l its total tie weight: a
        tie inside a cluster adds w / m_l to Q_l, directed or not), so each layer weighs in
        the aggregate as in sum_l lambda_l Q_l (only the null model differs). CPM: leidenalg
        counts ordered pairs, sum_l lambda_l (a_lc - gamma n_c (n_c - 1)) with a_lc the arcs
        inside c (an undirected tie is two arcs), which is twice igraph's aggregate CPM
        quality sum_c (e_c - gamma' n_c^2 / 2) with ties weighted lambda_l (halved in
        directed layers) and gamma' = gamma sum_l lambda_l, up to a constant: the same
        objective.
        """
        if self.objective == "modularity":
            own = {name: sums[name] / lam[name] for name in layers}  # graphs carry lambda
            scale = float(np.mean(list(own.values())))  # keeps the weights near 1
            weights = {name: lam[name] * scale / own[name] for name in layers}
            resolution = self.resolution
        else:
            weights = {name: lam[name] * (0.5 if net.directed[name] else 1.0)
                       for name in layers}
            resolution = self.resolution * sum(lam[name] for name in layers)
        graph = arc_graph(net, layers=layers, layer_weights=weights, weighted=weighted)
        start = Leiden(objective=self.objective, resolution=resolution, n_iterations=2)
        return start.on_graph(graph, seed=seed)[0].tolist()


@dataclass(frozen=True)
class Coupled(Method):
    r"""Layer-coupled communities (Mucha et al. 2010): an organisation may sit in
    different clusters in different layers, its copies tied with strength ``omega``.

    Maximises multislice modularity (see :func:`~linkages.multiplex_modularity`), or with
    ``objective="CPM"`` the layers' Constant Potts Models plus the coupling (``quality``
    then is leidenalg's CPM sum). The result carries ``layer_membership`` and
    ``switches``.

    Parameters
    ----------
    objective : {'modularity', 'CPM'}
    resolution : float
        :math:`\gamma` (>= 0).
    omega : float
        Interlayer coupling (>= 0; 0: layers independent).
    n_iterations : int
        Iterations of leidenalg's optimiser; negative runs until the partition is stable.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> coupled = lk.find_clusters(net, method=lk.Coupled(omega=0.5), seed=1)
    >>> coupled.layer_membership[coupled.switches].head(2)
    layer   production  scientific  commercial
    id
    O00037           3           0           3
    O00042           3           1           3
    """

    objective: str = "modularity"
    resolution: float = 1.0
    omega: float = 1.0
    n_iterations: int = -1
    name: ClassVar[str] = "coupled"

    def __post_init__(self) -> None:
        check_options(self, numbers=("resolution", "omega"))

    def run(self, net: MultilayerNetwork, *, layers: Sequence[str],
            layer_weights: Mapping[str, float], weighted: bool, seed: int) -> Clusters:
        ties = [layer_ties(net, name, layer_weights[name], weighted) for name in layers]
        n, n_layers, omega = net.n_organisations, len(ties), self.omega
        parts = []
        for layer, (s, t, w, directed) in enumerate(ties):
            supra = graph_from_ties(n * n_layers, s + layer * n, t + layer * n, directed)
            supra.es["weight"] = w
            kind = (la.RBConfigurationVertexPartition if self.objective == "modularity"
                    else la.CPMVertexPartition)
            parts.append(kind(supra, weights="weight", resolution_parameter=self.resolution))
        if omega > 0 and n_layers > 1:
            pairs = [(a, b) for a in range(n_layers) for b in range(a + 1, n_layers)]
            ids = np.arange(n)
            edges = np.concatenate([np.column_stack([ids + a * n, ids + b * n])
                                    for a, b in pairs])
            coupling = graph_from_ties(n * n_layers, edges[:, 0], edges[:, 1], False)
            coupling.es["weight"] = np.full(len(edges), omega)
            parts.append(la.CPMVertexPartition(coupling, weights="weight",
                                               resolution_parameter=0))
        optimiser = la.Optimiser()
        optimiser.set_rng_seed(seed)
        optimiser.optimise_partition_multiplex(parts, n_iterations=self.n_iterations)
        supra_labels = np.asarray(parts[0].membership)
        if self.objective == "modularity":
            quality = multislice_q(ties, supra_labels.reshape(n_layers, -1), omega=omega,
                                   resolution=self.resolution)
            name = "multislice modularity"
        else:
            quality, name = sum(p.quality() for p in parts), "CPM quality"
        return layered_result(net, ties, supra_labels, quality, name,
                              run_params(self, layers, layer_weights, weighted), seed)


@dataclass(frozen=True)
class MultilayerInfomap(Method):
    """Infomap on the multilayer network (De Domenico et al. 2015): the random walker
    relaxes to another layer at rate ``relax_rate``; an organisation may sit in different
    clusters in different layers. ``quality`` is the codelength (bits).

    Parameters
    ----------
    relax_rate : float
        Probability, in [0, 1], that the walker relaxes its layer at a step.

    Examples
    --------
    >>> import linkages as lk
    >>> found = lk.find_clusters(lk.load_example(), method=lk.MultilayerInfomap(0.3), seed=1)
    >>> found.method, found.quality_name, list(found.layer_membership.columns)
    ('infomap_multilayer', 'codelength', ['production', 'scientific', 'commercial'])
    """

    relax_rate: float = 0.15
    name: ClassVar[str] = "infomap_multilayer"

    def __post_init__(self) -> None:
        rate = check_non_negative(self.relax_rate, argument="relax_rate",
                                  caller=type(self).__name__)
        if rate > 1:
            raise InputError(f"The 'relax_rate' argument of {type(self).__name__} must be a "
                             f"number in [0, 1]. Got {self.relax_rate!r} instead.")
        object.__setattr__(self, "relax_rate", rate)

    def run(self, net: MultilayerNetwork, *, layers: Sequence[str],
            layer_weights: Mapping[str, float], weighted: bool, seed: int) -> Clusters:
        import infomap

        ties = [layer_ties(net, name, layer_weights[name], weighted) for name in layers]
        n = net.n_organisations
        directed = any(one_layer[3] for one_layer in ties)
        links = []
        for layer, (s, t, w, layer_directed) in enumerate(ties):
            if directed and not layer_directed:  # an undirected layer flows both ways
                s, t, w = np.concatenate([s, t]), np.concatenate([t, s]), np.concatenate([w, w])
            links.append(np.column_stack([np.full(len(s), layer), s, t, w]).astype(np.float64))
        finder = infomap.Infomap(two_level=True, silent=True, seed=seed, num_trials=1,
                                 directed=directed)
        finder.add_multilayer_intra_links(np.vstack(links))
        # infomap 2.16 takes the relax rate through options (the keyword is deprecated)
        result = finder.run(options={"multilayer_relax_rate": self.relax_rate})
        table = result.to_dataframe(columns=["layer_id", "node_id", "module_id"], states=True)
        supra = -1 - np.arange(n * len(ties))  # state nodes without ties: singletons
        supra[table["layer_id"].to_numpy() * n + table["node_id"].to_numpy()] = \
            table["module_id"]
        return layered_result(net, ties, supra, float(result.codelength), "codelength",
                              run_params(self, layers, layer_weights, weighted), seed)


def layered_result(net: MultilayerNetwork, ties: list[Ties], supra: np.ndarray,
                   quality: float, name: str, params: dict, seed: int) -> Clusters:
    """A layer-coupled result from the state nodes' labels (``supra``: layer-major)."""
    n, n_layers = net.n_organisations, len(ties)
    degree = np.stack([np.bincount(s, weights=w, minlength=n) + np.bincount(t, weights=w,
                                                                            minlength=n)
                       for s, t, w, _ in ties])   # (L, N) strengths, self-loops twice
    _, codes = np.unique(supra, return_inverse=True)
    codes = codes.reshape(n_layers, n)
    k = int(codes.max()) + 1
    # Main cluster: the one holding most of the organisation's ties over layers (the
    # first layer's when it has none).
    tie_weight = pd.Series(degree.ravel() + 1e-12,
                           index=pd.MultiIndex.from_arrays([np.tile(np.arange(n), n_layers),
                                                            codes.ravel()]))
    tie_weight = tie_weight.groupby(level=[0, 1]).sum().sort_values(ascending=False,
                                                                   kind="stable")
    best = tie_weight.index.to_frame(index=False).drop_duplicates(0)
    main = np.empty(n, dtype=np.int64)
    main[best[0].to_numpy()] = best[1].to_numpy()
    # Number clusters by their organisations (main), then by their state nodes.
    order = np.lexsort((np.arange(k), -np.bincount(codes.ravel(), minlength=k),
                        -np.bincount(main, minlength=k)))
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    ids = net.organisations.index
    present = degree > 0
    lab = rank[codes]
    table = pd.DataFrame(lab.T, index=ids,
                         columns=pd.Index(params["layers"], name="layer")).astype("Int64")
    table = table.mask(~present.T)
    low = np.where(present, lab, k).min(axis=0)
    high = np.where(present, lab, -1).max(axis=0)
    switches = pd.Series((high >= 0) & (low != high), index=ids, name="switches")
    membership = pd.Series(rank[main], index=ids, name="cluster")
    return Clusters(membership, float(quality), name, params["method"].name, params, seed,
                    layer_membership=table, switches=switches)

