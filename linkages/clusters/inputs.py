"""What the clustering methods read: the graphs and tie arrays of the chosen layers, the
seed, and the checks of their numeric options.

Shared inside :mod:`linkages.clusters`; nothing here is exported from :mod:`linkages`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import igraph as ig
import numpy as np

from linkages._validation import InputError, check_one_of
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, graph_from_ties, sum_by_pair, to_igraph

__all__ = ["Ties", "cluster_graph", "arc_graph", "layer_graph", "layer_ties", "graph_ties",
           "draw_seed", "check_non_negative", "check_iterations", "check_options",
           "OBJECTIVES"]

#: The objectives of the Leiden-based methods.
OBJECTIVES = ["modularity", "CPM"]

Ties = tuple[np.ndarray, np.ndarray, np.ndarray, bool]   # source, target, weight, directed


def cluster_graph(net: MultilayerNetwork, *, layers: Sequence[str],
                  layer_weights: Mapping[str, float], weighted: bool,
                  directed: bool | None = False) -> ig.Graph:
    """The aggregate graph clustered by :func:`~linkages.find_clusters` (cached on the
    network).

    ``weighted=True`` is :func:`~linkages.to_igraph`'s merged view. ``weighted=False``
    counts each tie once per layer (times the layer's weight), summed per pair.
    """
    return to_igraph(net, layers=layers, layer_weights=layer_weights, directed=directed,
                     weighted=weighted)


def arc_graph(net: MultilayerNetwork, *, layers: Sequence[str],
              layer_weights: Mapping[str, float], weighted: bool) -> ig.Graph:
    """The undirected aggregate that sums arcs: a tie of an undirected layer and each arc
    of a directed layer add ``layer_weights[l]`` (times the tie's weight when
    ``weighted``), so A->B and B->A in one directed layer add it twice.

    The objective of the layers' own graphs seen on one graph (a directed layer's
    modularity and leidenalg's CPM count arcs), unlike :func:`cluster_graph`, which counts
    the layers tying a pair. Not cached.
    """
    # the directed aggregate gives an undirected tie both ways: halve it, then fold
    halved = {name: layer_weights[name] * (1.0 if net.directed[name] else 0.5)
              for name in layers}
    s, t, w, _ = aggregate_ties(net, layers=layers, layer_weights=halved, directed=True,
                                weighted=weighted)
    s, t, w = sum_by_pair(np.minimum(s, t), np.maximum(s, t), w, n=net.n_organisations)
    graph = graph_from_ties(net.n_organisations, s, t, False)
    graph.es["weight"] = w
    return graph


def layer_graph(net: MultilayerNetwork, layer: str, weight: float, weighted: bool
                ) -> ig.Graph:
    """One layer's graph, with the layer's own directedness, ties scaled by ``weight``."""
    return cluster_graph(net, layers=[layer], layer_weights={layer: weight},
                         weighted=weighted, directed=net.directed[layer])


def layer_ties(net: MultilayerNetwork, layer: str, weight: float, weighted: bool) -> Ties:
    """One layer's tie arrays, with the layer's own directedness, scaled by ``weight``."""
    return aggregate_ties(net, layers=[layer], layer_weights={layer: weight},
                          directed=net.directed[layer], weighted=weighted)


def graph_ties(graph: ig.Graph) -> Ties:
    """The tie arrays of an igraph graph (weight 1 where it has no ``weight`` attribute)."""
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    weights = (np.asarray(graph.es["weight"], dtype=np.float64)
               if "weight" in graph.es.attributes() else np.ones(len(edges)))
    return edges[:, 0], edges[:, 1], weights, graph.is_directed()


def draw_seed(seed: int | None, *, caller: str) -> int:
    """``seed`` checked, or a seed drawn at random when None (so it can be recorded)."""
    if seed is None:
        return int(np.random.default_rng().integers(2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"The 'seed' argument of {caller} must be a non-negative integer "
                         f"or None. Got {seed!r} instead.")
    return int(seed)


def check_non_negative(value: Any, *, argument: str, caller: str) -> float:
    """``value`` as a float if it is a finite number >= 0; else raise InputError."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.number) \
            or not value >= 0 or not np.isfinite(value):
        raise InputError(f"The {argument!r} argument of {caller} must be a finite number "
                         f">= 0. Got {value!r} instead.")
    return float(value)


def check_iterations(value: Any, *, caller: str) -> int:
    """``n_iterations`` as an int (negative: until stable); else raise InputError."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InputError(f"The 'n_iterations' argument of {caller} must be an integer "
                         f"(negative: until the partition is stable). Got {value!r} instead.")
    return int(value)


def check_options(method: Any, *, numbers: Sequence[str] = ("resolution",)) -> None:
    """Check a frozen method object's common options in place: ``objective`` (when it has
    one), the non-negative ``numbers`` and ``n_iterations`` (when it has one)."""
    caller = type(method).__name__
    if hasattr(method, "objective"):
        check_one_of(method.objective, OBJECTIVES, argument="objective", caller=caller)
    for argument in numbers:
        object.__setattr__(method, argument, check_non_negative(
            getattr(method, argument), argument=argument, caller=caller))
    if hasattr(method, "n_iterations"):
        object.__setattr__(method, "n_iterations", check_iterations(method.n_iterations,
                                                                    caller=caller))
