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

from ._validation import InputError, check_layers, check_type
from .clusters import Clusters, cluster_graph, relabel
from .convert import _graph, _layer_weights
from .network import MultilayerNetwork

__all__ = ["multiplex_modularity"]


def layer_clusters(net: MultilayerNetwork, *, method: str, params: dict[str, Any],
                   seed: int) -> Clusters:
    """Run one layer-aware method (called by :func:`~linkages.find_clusters`)."""
    layers, weights = params["layers"], params["layer_weights"]
    graphs = [_layer_graph(net, name, weights[name], params["weighted"]) for name in layers]
    if method == "multiplex":
        return _multiplex(net, graphs, params, seed)
    if method == "coupled":
        supra, quality, name = _coupled(graphs, params, seed)
        if params["objective"] == "modularity":
            quality = _multislice_q(graphs, supra.reshape(len(graphs), -1),
                                    omega=params["omega"], resolution=params["resolution"])
            name = "multislice modularity"
    else:
        supra, quality, name = _infomap_multilayer(graphs, params, seed)
    return _layered_result(net, graphs, supra, quality, name, method, params, seed)


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
    weights = _layer_weights(layer_weights, layers, caller=caller)
    for name, value in (("omega", omega), ("resolution", resolution)):
        if not isinstance(value, int | float | np.number) or not value >= 0 \
                or not np.isfinite(value):
            raise InputError(f"The {name!r} argument of {caller} must be a finite number "
                             f">= 0. Got {value!r} instead.")
    labels = _per_layer_labels(membership, net.organisations.index, layers, caller=caller)
    graphs = [_layer_graph(net, name, weights[name], weighted) for name in layers]
    return _multislice_q(graphs, labels, omega=omega, resolution=resolution)


# -- methods --------------------------------------------------------------------------------
def _multiplex(net: MultilayerNetwork, graphs: list[ig.Graph], params: dict[str, Any],
               seed: int) -> Clusters:
    resolution, lam = params["resolution"], list(params["layer_weights"].values())
    parts, part_weights, kept = [], [], []
    for graph, weight in zip(graphs, lam):
        total = sum(graph.es["weight"]) * (1 if graph.is_directed() else 2)
        if total == 0 or weight == 0:
            continue  # a layer without ties adds nothing to the objective
        if params["objective"] == "modularity":
            # RB-configuration / (its 2m) is the layer's modularity: equal footing per layer.
            parts.append(la.RBConfigurationVertexPartition(
                graph, weights="weight", resolution_parameter=resolution))
            part_weights.append(weight / total)
        else:
            parts.append(la.CPMVertexPartition(graph, weights="weight",
                                               resolution_parameter=resolution))
            part_weights.append(weight)
        kept.append((graph, weight))
    if not parts:
        raise InputError("The 'layers' argument of find_clusters selects layers without "
                         f"ties: {params['layers']!r}.")
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition_multiplex(parts, layer_weights=part_weights,
                                           n_iterations=params["n_iterations"])
    labels = np.asarray(parts[0].membership)
    if params["objective"] == "modularity":
        quality = sum(w * g.modularity(labels.tolist(), weights="weight", resolution=resolution,
                                       directed=True) for g, w in kept) / sum(w for _, w in kept)
        name = "mean layer modularity"
    else:
        quality, name = sum(w * p.quality() for p, w in zip(parts, part_weights)), "CPM quality"
    membership = pd.Series(relabel(labels), index=net.organisations.index, name="cluster")
    return Clusters(membership, float(quality), name, "multiplex", params, seed)


def _coupled(graphs: list[ig.Graph], params: dict[str, Any], seed: int
             ) -> tuple[np.ndarray, float, str]:
    n, n_layers = graphs[0].vcount(), len(graphs)
    resolution, omega = params["resolution"], params["omega"]
    parts = []
    for s, graph in enumerate(graphs):
        edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2) + s * n
        supra = _graph(n * n_layers, edges[:, 0], edges[:, 1], graph.is_directed())
        supra.es["weight"] = graph.es["weight"]
        kind = (la.RBConfigurationVertexPartition if params["objective"] == "modularity"
                else la.CPMVertexPartition)
        parts.append(kind(supra, weights="weight", resolution_parameter=resolution))
    if omega > 0 and n_layers > 1:
        pairs = [(a, b) for a in range(n_layers) for b in range(a + 1, n_layers)]
        ids = np.arange(n)
        edges = np.concatenate([np.column_stack([ids + a * n, ids + b * n]) for a, b in pairs])
        coupling = _graph(n * n_layers, edges[:, 0], edges[:, 1], False)
        coupling.es["weight"] = np.full(len(edges), omega)
        parts.append(la.CPMVertexPartition(coupling, weights="weight", resolution_parameter=0))
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition_multiplex(parts, n_iterations=params["n_iterations"])
    return np.asarray(parts[0].membership), sum(p.quality() for p in parts), "CPM quality"


def _infomap_multilayer(graphs: list[ig.Graph], params: dict[str, Any], seed: int
                        ) -> tuple[np.ndarray, float, str]:
    import infomap

    n = graphs[0].vcount()
    directed = any(g.is_directed() for g in graphs)
    links = []
    for s, graph in enumerate(graphs):
        edges = np.asarray(graph.get_edgelist(), dtype=np.float64).reshape(-1, 2)
        w = np.asarray(graph.es["weight"], dtype=np.float64)
        if directed and not graph.is_directed():  # an undirected layer flows both ways
            edges, w = np.vstack([edges, edges[:, ::-1]]), np.concatenate([w, w])
        links.append(np.column_stack([np.full(len(edges), s), edges, w]))
    finder = infomap.Infomap(two_level=True, silent=True, seed=seed, num_trials=1,
                             directed=directed, multilayer_relax_rate=params["relax_rate"])
    finder.add_multilayer_intra_links(np.vstack(links))
    result = finder.run()
    table = result.to_dataframe(columns=["layer_id", "node_id", "module_id"], states=True)
    supra = -1 - np.arange(n * len(graphs))  # state nodes without ties: singletons
    supra[table["layer_id"].to_numpy() * n + table["node_id"].to_numpy()] = table["module_id"]
    return supra, float(result.codelength), "codelength"


# -- helpers --------------------------------------------------------------------------------
def _layer_graph(net: MultilayerNetwork, layer: str, weight: float, weighted: bool
                 ) -> ig.Graph:
    return cluster_graph(net, layers=[layer], layer_weights={layer: weight},
                         weighted=weighted, directed=net.directed[layer])


def _layered_result(net: MultilayerNetwork, graphs: list[ig.Graph], supra: np.ndarray,
                    quality: float, name: str, method: str, params: dict[str, Any],
                    seed: int) -> Clusters:
    n, n_layers = net.n_organisations, len(graphs)
    degree = np.stack([np.asarray(g.strength(weights="weight", mode="all"), dtype=float)
                       if g.ecount() else np.zeros(n) for g in graphs])   # (L, N)
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


def _per_layer_labels(membership: Any, index: pd.Index, layers: list[str], *,
                      caller: str) -> np.ndarray:
    """(L, N) integer labels; a missing entry takes the organisation's overall cluster, else
    its cluster in another layer, else a singleton."""
    table = getattr(membership, "layer_membership", None)
    if table is not None:
        overall = membership.membership
        table = table.apply(lambda column: column.fillna(overall))
    table = membership if isinstance(membership, pd.DataFrame) else table
    if table is None:
        from ._validation import as_membership
        one = as_membership(membership, index, argument="membership", caller=caller)
        table = pd.DataFrame({name: one for name in layers})
        table = table.mask(table < 0)
    missing = [name for name in layers if name not in table.columns]
    if missing:
        raise InputError(f"The 'membership' argument of {caller} has no column for the "
                         f"layers {missing!r}. Found columns {[str(c) for c in table.columns]!r}.")
    table = table[layers].reindex(index).astype("Float64")
    table = table.bfill(axis=1).ffill(axis=1)
    values = table.to_numpy(dtype=float, na_value=np.nan).T
    fresh = -1 - np.arange(values.size, dtype=float).reshape(values.shape)
    return np.where(np.isnan(values), fresh, values).astype(np.int64)


def _multislice_q(graphs: list[ig.Graph], labels: np.ndarray, *, omega: float,
                  resolution: float) -> float:
    n_layers, n = labels.shape
    intra, two_mu = 0.0, 0.0
    for graph, g in zip(graphs, labels):
        if graph.ecount() == 0:
            continue
        edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        w = np.asarray(graph.es["weight"], dtype=float)
        _, c = np.unique(g, return_inverse=True)
        same = c[edges[:, 0]] == c[edges[:, 1]]
        k = c.max() + 1
        if graph.is_directed():
            m = w.sum()
            k_out = np.bincount(c[edges[:, 0]], weights=w, minlength=k)
            k_in = np.bincount(c[edges[:, 1]], weights=w, minlength=k)
            intra += w[same].sum() - resolution * (k_out * k_in).sum() / m
            two_mu += m
        else:
            m = w.sum()
            inside = 2 * w[same].sum()  # ordered pairs: each tie counts both ways
            strength = np.bincount(c[edges.ravel()], weights=np.repeat(w, 2), minlength=k)
            intra += inside - resolution * (strength ** 2).sum() / (2 * m)
            two_mu += 2 * m
    agree = sum(int((labels[a] == labels[b]).sum())
                for a in range(n_layers) for b in range(a + 1, n_layers))
    two_mu += omega * n_layers * (n_layers - 1) * n
    return float((intra + 2 * omega * agree) / two_mu) if two_mu else float("nan")
