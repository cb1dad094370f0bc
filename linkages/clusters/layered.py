"""Layer-aware clusters: multiplex Leiden, layer-coupled Leiden, multilayer Infomap.

Reached through :func:`linkages.find_clusters` (``method="multiplex"``, ``"coupled"``,
``"infomap_multilayer"``); :func:`multiplex_modularity` scores a per-layer partition.

Layer-coupled methods work on the supra-graph: organisation ``i`` in layer ``s`` is the
state node ``s * N + i``. Each layer is one leidenalg partition over all ``N L`` state nodes
(its null model sees only its own ties), and a coupling layer ties each organisation's
copies in every pair of layers with weight omega, scored by CPM at resolution 0 (a plain
reward for keeping the copies together), as in leidenalg's ``slices_to_layers``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import igraph as ig
import leidenalg as la
import numpy as np
import pandas as pd

from linkages._validation import InputError, check_layer_weights, check_layers, check_type
from linkages.clusters.find import (
    AUTO_WARM_TIES,
    Clusters,
    Ties,
    _run_on_graph,
    cluster_graph,
    relabel,
    tie_modularity,
)
from linkages.membership import per_layer_labels
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, graph_from_ties

__all__ = ["multiplex_modularity"]

#: ``method="multiplex"`` started from the aggregate with a negative ``n_iterations`` stops
#: once an iteration of the multiplex optimiser raises the quality by less than this share.
WARM_TOLERANCE = 1e-4


def layer_clusters(net: MultilayerNetwork, *, method: str, params: dict[str, Any],
                   seed: int) -> Clusters:
    """Run one layer-aware method (called by :func:`~linkages.find_clusters`)."""
    layers, weights = params["layers"], params["layer_weights"]
    if method == "multiplex":
        graphs = [_layer_graph(net, name, weights[name], params["weighted"]) for name in layers]
        return _multiplex(net, graphs, params, seed)
    # the others read tie arrays (no igraph graph, no Python tuple per tie)
    ties = [_layer_ties(net, name, weights[name], params["weighted"]) for name in layers]
    n = net.n_organisations
    if method == "coupled":
        supra, quality, name = _coupled(ties, n, params, seed)
        if params["objective"] == "modularity":
            quality = _multislice_q(ties, supra.reshape(len(ties), -1),
                                    omega=params["omega"], resolution=params["resolution"])
            name = "multislice modularity"
    else:
        supra, quality, name = _infomap_multilayer(ties, n, params, seed)
    return _layered_result(net, ties, supra, quality, name, method, params, seed)


def multiplex_modularity(net: MultilayerNetwork, membership: Any, *, omega: float = 1.0,
                         resolution: float = 1.0, layers: str | Sequence[str] | None = None,
                         layer_weights: Mapping[str, float] | None = None,
                         weighted: bool = False) -> float:
    r"""Multislice modularity of a per-layer partition (Mucha et al. 2010).

    .. math::

        Q = \frac{1}{2\mu} \sum_{ijsr} \Big[\Big(A_{ijs} - \gamma \frac{k_{is} k_{js}}
        {2 m_s}\Big)\delta_{sr} + \delta_{ij}\,\omega\,(1 - \delta_{sr})\Big]
        \delta(g_{is}, g_{jr}),
        \qquad 2\mu = \sum_s 2 m_s + \omega L (L - 1) N

    with every pair of the ``L`` layers coupled (a multiplex, not a time series) and all
    ``N`` organisations present in every layer. A directed layer uses the directed null
    model :math:`k^{out}_{i} k^{in}_{j} / m_s` and contributes :math:`m_s` to
    :math:`2\mu`; layer weights scale a layer's ties (and so its whole term).

    Parameters
    ----------
    net : MultilayerNetwork
    membership : DataFrame, Clusters, Series or sequence
        Cluster of each organisation per layer (a DataFrame with one column per layer, or a
        layer-coupled ``Clusters``), or one partition used in every layer. A missing entry
        (an organisation without ties in that layer) takes the organisation's overall
        cluster, else its cluster in another layer; with none, it is a singleton.
    omega, resolution : float
        Coupling :math:`\omega` and resolution :math:`\gamma`.
    layers, layer_weights, weighted
        As in :func:`~linkages.find_clusters`.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> truth = net.organisations["planted_cluster"]
    >>> round(lk.multiplex_modularity(net, truth, omega=0), 3)
    0.588
    >>> round(lk.multiplex_modularity(net, truth, omega=1), 3)   # copies kept together
    0.767
    """
    caller = "multiplex_modularity"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    layers = check_layers(layers, net.layers, caller=caller)
    weights = check_layer_weights(layer_weights, layers, caller=caller)
    for name, value in (("omega", omega), ("resolution", resolution)):
        if not isinstance(value, int | float | np.number) or not value >= 0 \
                or not np.isfinite(value):
            raise InputError(f"The {name!r} argument of {caller} must be a finite number "
                             f">= 0. Got {value!r} instead.")
    labels = per_layer_labels(membership, net.organisations, layers, caller=caller)
    ties = [_layer_ties(net, name, weights[name], weighted) for name in layers]
    return _multislice_q(ties, labels, omega=omega, resolution=resolution)


# -- methods --------------------------------------------------------------------------------
def _multiplex(net: MultilayerNetwork, graphs: list[ig.Graph], params: dict[str, Any],
               seed: int) -> Clusters:
    resolution, objective, lam = params["resolution"], params["objective"], params["layer_weights"]
    layer_graph = dict(zip(params["layers"], graphs))
    sums = {name: sum(graph.es["weight"]) for name, graph in layer_graph.items()}
    # 2m of an undirected layer, m of a directed one: 1/total turns its RB quality into Q_l
    totals = {name: sums[name] * (1 if layer_graph[name].is_directed() else 2)
              for name in sums}
    kept = [name for name in params["layers"] if totals[name] > 0 and lam[name] > 0]
    if not kept:  # a layer without ties adds nothing to the objective
        raise InputError("The 'layers' argument of find_clusters selects layers without "
                         f"ties: {params['layers']!r}.")
    if params["start"] == "auto":
        n_ties = sum(graph.ecount() for graph in graphs)
        params["start"] = "aggregate" if n_ties > AUTO_WARM_TIES else "singletons"
    initial = (_aggregate_start(net, kept, sums, params, seed)
               if params["start"] == "aggregate" else None)
    parts, part_weights = [], []
    for name in kept:  # the layer graphs' ties already carry lambda_l
        if objective == "modularity":
            parts.append(la.RBConfigurationVertexPartition(
                layer_graph[name], weights="weight", initial_membership=initial,
                resolution_parameter=resolution))
            part_weights.append(lam[name] / totals[name])
        else:  # lambda_l (a_lc - gamma n_c (n_c - 1)): lambda_l on the penalty too
            parts.append(la.CPMVertexPartition(
                layer_graph[name], weights="weight", initial_membership=initial,
                resolution_parameter=resolution * lam[name]))
            part_weights.append(1.0)
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    n_iterations = params["n_iterations"]
    if initial is None:
        optimiser.optimise_partition_multiplex(parts, layer_weights=part_weights,
                                               n_iterations=n_iterations)
    else:  # one iteration at a time, to stop once the gains are negligible
        done = 0
        while done < n_iterations or n_iterations < 0:
            gain = optimiser.optimise_partition_multiplex(parts, layer_weights=part_weights,
                                                          n_iterations=1)
            done += 1
            total = sum(w * p.quality() for p, w in zip(parts, part_weights))
            if n_iterations < 0 and gain <= WARM_TOLERANCE * abs(total):
                break
    labels = np.asarray(parts[0].membership)
    if objective == "modularity":
        quality = sum(lam[name] * layer_graph[name].modularity(
            labels.tolist(), weights="weight", resolution=resolution, directed=True)
            for name in kept) / sum(lam[name] for name in kept)
        name = "mean layer modularity"
    else:
        quality, name = sum(w * p.quality() for p, w in zip(parts, part_weights)), "CPM quality"
    membership = pd.Series(relabel(labels), index=net.organisations.index, name="cluster")
    return Clusters(membership, float(quality), name, "multiplex", params, seed)


def _aggregate_start(net: MultilayerNetwork, layers: list[str], sums: dict[str, float],
                     params: dict[str, Any], seed: int) -> list[int]:
    """igraph's built-in Leiden (2 iterations, its default) on the aggregate whose objective
    is closest to the multiplex one.

    Modularity: each layer's ties scaled by lambda_l / m_l (m_l its total tie weight: a tie
    inside a cluster adds w / m_l to Q_l, directed or not), so each layer weighs in the
    aggregate as in sum_l lambda_l Q_l (only the null model differs). CPM: leidenalg counts
    ordered pairs, sum_l lambda_l (a_lc - gamma n_c (n_c - 1)) with a_lc the arcs inside c
    (an undirected tie is two arcs), which is twice igraph's aggregate CPM quality
    sum_c (e_c - gamma' n_c^2 / 2) with ties weighted lambda_l (halved in directed layers)
    and gamma' = gamma sum_l lambda_l, up to a constant: the same objective.
    """
    lam = params["layer_weights"]
    if params["objective"] == "modularity":
        own = {name: sums[name] / lam[name] for name in layers}  # layer graphs carry lambda
        scale = float(np.mean(list(own.values())))  # keeps the weights near 1
        weights = {name: lam[name] * scale / own[name] for name in layers}
        resolution = params["resolution"]
    else:
        weights = {name: lam[name] * (0.5 if net.directed[name] else 1.0) for name in layers}
        resolution = params["resolution"] * sum(lam[name] for name in layers)
    graph = cluster_graph(net, layers=layers, layer_weights=weights,
                          weighted=params["weighted"], directed=False)
    labels, _, _ = _run_on_graph(graph, method="leiden", objective=params["objective"],
                                 resolution=resolution, n_iterations=2, seed=seed,
                                 engine="igraph")
    return labels.tolist()


def _coupled(ties: list[Ties], n: int, params: dict[str, Any], seed: int
             ) -> tuple[np.ndarray, float, str]:
    n_layers = len(ties)
    resolution, omega = params["resolution"], params["omega"]
    parts = []
    for layer, (s, t, w, directed) in enumerate(ties):
        supra = graph_from_ties(n * n_layers, s + layer * n, t + layer * n, directed)
        supra.es["weight"] = w
        kind = (la.RBConfigurationVertexPartition if params["objective"] == "modularity"
                else la.CPMVertexPartition)
        parts.append(kind(supra, weights="weight", resolution_parameter=resolution))
    if omega > 0 and n_layers > 1:
        pairs = [(a, b) for a in range(n_layers) for b in range(a + 1, n_layers)]
        ids = np.arange(n)
        edges = np.concatenate([np.column_stack([ids + a * n, ids + b * n]) for a, b in pairs])
        coupling = graph_from_ties(n * n_layers, edges[:, 0], edges[:, 1], False)
        coupling.es["weight"] = np.full(len(edges), omega)
        parts.append(la.CPMVertexPartition(coupling, weights="weight", resolution_parameter=0))
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition_multiplex(parts, n_iterations=params["n_iterations"])
    return np.asarray(parts[0].membership), sum(p.quality() for p in parts), "CPM quality"


def _infomap_multilayer(ties: list[Ties], n: int, params: dict[str, Any], seed: int
                        ) -> tuple[np.ndarray, float, str]:
    import infomap

    directed = any(layer_ties[3] for layer_ties in ties)
    links = []
    for layer, (s, t, w, layer_directed) in enumerate(ties):
        if directed and not layer_directed:  # an undirected layer flows both ways
            s, t, w = np.concatenate([s, t]), np.concatenate([t, s]), np.concatenate([w, w])
        links.append(np.column_stack([np.full(len(s), layer), s, t, w]).astype(np.float64))
    finder = infomap.Infomap(two_level=True, silent=True, seed=seed, num_trials=1,
                             directed=directed, multilayer_relax_rate=params["relax_rate"])
    finder.add_multilayer_intra_links(np.vstack(links))
    result = finder.run()
    table = result.to_dataframe(columns=["layer_id", "node_id", "module_id"], states=True)
    supra = -1 - np.arange(n * len(ties))  # state nodes without ties: singletons
    supra[table["layer_id"].to_numpy() * n + table["node_id"].to_numpy()] = table["module_id"]
    return supra, float(result.codelength), "codelength"


# -- helpers --------------------------------------------------------------------------------
def _layer_ties(net: MultilayerNetwork, layer: str, weight: float, weighted: bool) -> Ties:
    return aggregate_ties(net, layers=[layer], layer_weights={layer: weight},
                          directed=net.directed[layer], weighted=weighted)


def _layer_graph(net: MultilayerNetwork, layer: str, weight: float, weighted: bool
                 ) -> ig.Graph:
    return cluster_graph(net, layers=[layer], layer_weights={layer: weight},
                         weighted=weighted, directed=net.directed[layer])


def _layered_result(net: MultilayerNetwork, ties: list[Ties], supra: np.ndarray,
                    quality: float, name: str, method: str, params: dict[str, Any],
                    seed: int) -> Clusters:
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
    return Clusters(membership, float(quality), name, method, params, seed,
                    layer_membership=table, switches=switches)


def _multislice_q(ties: list[Ties], labels: np.ndarray, *, omega: float,
                  resolution: float) -> float:
    n_layers, n = labels.shape
    intra, two_mu = 0.0, 0.0
    for layer_ties, g in zip(ties, labels):
        w = layer_ties[2]
        if len(w) and w.sum():  # a directed layer adds m to 2 mu, an undirected one 2m
            intra += tie_modularity(layer_ties, g, resolution=resolution, normalise=False)
            two_mu += w.sum() * (1 if layer_ties[3] else 2)
    agree = sum(int((labels[a] == labels[b]).sum())
                for a in range(n_layers) for b in range(a + 1, n_layers))
    two_mu += omega * n_layers * (n_layers - 1) * n
    return float((intra + 2 * omega * agree) / two_mu) if two_mu else float("nan")
