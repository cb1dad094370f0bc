r"""How good a partition is: modularity of the aggregate, of each layer, and multislice
modularity over the layers.

Return types, one per function, whatever the options: a measure that is one number for
the network returns a float (:func:`modularity` of the aggregate,
:func:`multiplex_modularity`, whose coupling term belongs to no layer); the measure taken
layer by layer returns a Series indexed by the chosen layers (:func:`layer_modularity`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import check_layer_weights, check_layers, check_type
from linkages.clusters.inputs import (
    Ties,
    check_non_negative,
    cluster_graph,
    layer_graph,
    layer_ties,
)
from linkages.membership import as_membership, per_layer_labels
from linkages.network import MultilayerNetwork

__all__ = ["modularity", "layer_modularity", "multiplex_modularity", "tie_modularity",
           "cpm_quality", "multislice_q"]


def modularity(net: MultilayerNetwork, membership: Any, *,
               layers: str | Sequence[str] | None = None,
               layer_weights: Mapping[str, float] | None = None, resolution: float = 1.0,
               weighted: bool = False) -> float:
    r"""Modularity of a partition on the aggregate of the chosen layers.

    .. math:: Q = \frac{1}{2m} \sum_{ij} \Big(A_{ij} - \gamma \frac{k_i k_j}{2m}\Big)
              \delta(c_i, c_j)

    (Newman & Girvan 2004) on the undirected aggregate that
    :func:`~linkages.find_clusters` clusters with the same ``layers``, ``layer_weights``
    and ``weighted``: the quality that ``"leiden"`` and ``"louvain"`` maximise. Each
    layer on its own, with its own directedness: :func:`~linkages.layer_modularity`.
    Organisations without a cluster (missing from a Series) count as singletons.

    Parameters
    ----------
    net : MultilayerNetwork
    membership : Clusters, Series, sequence or str
        The partition (a column name reads an organisation attribute).
    layers, layer_weights, weighted
        As in :func:`~linkages.find_clusters`.
    resolution : float
        :math:`\gamma`.

    Returns
    -------
    float
        NaN when the chosen layers have no ties.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> round(lk.modularity(net, "planted_cluster"), 3)
    0.602
    >>> found = lk.find_clusters(net, seed=1)
    >>> abs(lk.modularity(net, found) - found.quality) < 1e-12
    True
    """
    caller = "modularity"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    layers = check_layers(layers, net.layers, caller=caller)
    weights = check_layer_weights(layer_weights, layers, caller=caller)
    resolution = check_non_negative(resolution, argument="resolution", caller=caller)
    labels = _labels(membership, net, caller=caller)
    graph = cluster_graph(net, layers=layers, layer_weights=weights, weighted=weighted)
    return _graph_modularity(graph, labels, resolution)


def layer_modularity(net: MultilayerNetwork, membership: Any, *,
                     layers: str | Sequence[str] | None = None, resolution: float = 1.0,
                     weighted: bool = False) -> pd.Series:
    r"""Modularity of a partition in each layer, each with its own directedness.

    An undirected layer takes :math:`Q_l = \frac{1}{2m}\sum_{ij}(A_{ij} - \gamma
    \frac{k_i k_j}{2m})\delta(c_i, c_j)` (Newman & Girvan 2004), a directed one
    :math:`\frac{1}{m}\sum_{ij}(A_{ij} - \gamma k^{out}_i k^{in}_j / m)\delta(c_i, c_j)`
    (Leicht & Newman 2008). Their mean, weighted by the layer weights, is the quality of
    :class:`~linkages.Multiplex`. Organisations without a cluster count as singletons.

    Parameters
    ----------
    net : MultilayerNetwork
    membership : Clusters, Series, sequence or str
        The partition (a column name reads an organisation attribute).
    layers : str or list of str, optional
        Layers to score; all by default.
    resolution : float
        :math:`\gamma`.
    weighted : bool
        As in :func:`~linkages.find_clusters`.

    Returns
    -------
    Series
        Indexed by the chosen layers (index name ``layer``), named ``modularity``; NaN for
        a layer without ties.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> lk.layer_modularity(net, "planted_cluster").round(3)
    layer
    production    0.643
    scientific    0.560
    commercial    0.613
    Name: modularity, dtype: float64
    """
    caller = "layer_modularity"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    layers = check_layers(layers, net.layers, caller=caller)
    resolution = check_non_negative(resolution, argument="resolution", caller=caller)
    labels = _labels(membership, net, caller=caller)
    values = [_graph_modularity(layer_graph(net, name, 1.0, weighted), labels, resolution)
              for name in layers]
    return pd.Series(values, index=pd.Index(layers, name="layer"), name="modularity",
                     dtype="float64")


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

    Returns
    -------
    float
        One number for all layers (the coupling term belongs to no layer); NaN without
        ties and coupling.

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
    omega = check_non_negative(omega, argument="omega", caller=caller)
    resolution = check_non_negative(resolution, argument="resolution", caller=caller)
    labels = per_layer_labels(membership, net.organisations, layers, caller=caller)
    ties = [layer_ties(net, name, weights[name], weighted) for name in layers]
    return multislice_q(ties, labels, omega=omega, resolution=resolution)


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


def cpm_quality(ties: Ties, labels: np.ndarray, *, resolution: float) -> float:
    r"""Constant Potts Model quality of a partition of undirected tie arrays, as igraph's
    Leiden reports it: :math:`\frac{1}{m} \sum_c (w_c - \gamma n_c^2 / 2)`, with
    :math:`w_c` the tie weight inside cluster :math:`c`, :math:`n_c` its size and
    :math:`m` the total tie weight. NaN without ties.
    """
    s, t, w, _ = ties
    if not len(w) or not w.sum():
        return float("nan")
    _, c = np.unique(np.asarray(labels), return_inverse=True)
    c = c.ravel()
    sizes = np.bincount(c).astype(np.float64)
    inside = w[c[s] == c[t]].sum()
    return float((inside - resolution * (sizes ** 2).sum() / 2) / w.sum())


def multislice_q(ties: list[Ties], labels: np.ndarray, *, omega: float,
                 resolution: float) -> float:
    """Multislice modularity of (L, N) labels over the layers' tie arrays."""
    n_layers, n = labels.shape
    intra, two_mu = 0.0, 0.0
    for one_layer, g in zip(ties, labels):
        w = one_layer[2]
        if len(w) and w.sum():  # a directed layer adds m to 2 mu, an undirected one 2m
            intra += tie_modularity(one_layer, g, resolution=resolution, normalise=False)
            two_mu += w.sum() * (1 if one_layer[3] else 2)
    agree = sum(int((labels[a] == labels[b]).sum())
                for a in range(n_layers) for b in range(a + 1, n_layers))
    two_mu += omega * n_layers * (n_layers - 1) * n
    return float((intra + 2 * omega * agree) / two_mu) if two_mu else float("nan")


def _labels(membership: Any, net: MultilayerNetwork, *, caller: str) -> list[int]:
    """Cluster numbers per organisation; organisations without one become singletons."""
    labels = as_membership(membership, net.organisations, argument="membership",
                           caller=caller).to_numpy()
    return np.where(labels < 0, labels.max() + 1 + np.arange(len(labels)), labels).tolist()


def _graph_modularity(graph: Any, labels: list[int], resolution: float) -> float:
    if not graph.ecount():
        return float("nan")
    return float(graph.modularity(labels, weights="weight", resolution=resolution,
                                  directed=True))
