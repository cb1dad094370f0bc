"""The result of every clustering: :class:`Clusters`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkages.membership import relabel
from linkages.network import MultilayerNetwork

__all__ = ["Clusters", "run_params", "one_partition"]


@dataclass(repr=False)
class Clusters:
    r"""The result of :func:`~linkages.find_clusters` (and of
    :func:`~linkages.consensus_clusters`).

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
        The method's name: ``"leiden"``, ``"louvain"``, ``"label_propagation"``,
        ``"infomap"``, ``"multiplex"``, ``"coupled"``, ``"infomap_multilayer"`` (or
        ``"consensus"``).
    params : dict
        Everything needed to rerun: ``method`` (the method object with its options, an
        ``"auto"`` choice replaced by the one made), ``layers``, ``layer_weights`` and
        ``weighted``, so ``find_clusters(net, **found.params, seed=found.seed)`` gives the
        same result.
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
    >>> net = lk.load_example()
    >>> found = lk.find_clusters(net, seed=1)
    >>> found.n_clusters, found.sizes.tolist()
    (4, [86, 77, 71, 66])
    >>> found.membership.head(3).tolist()
    [3, 3, 3]
    >>> found.params["method"]
    Leiden(objective='modularity', resolution=1.0, n_iterations=-1, engine='igraph')
    >>> found.params["layers"]
    ['production', 'scientific', 'commercial']
    >>> again = lk.find_clusters(net, **found.params, seed=found.seed)
    >>> again.membership.equals(found.membership)
    True
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
        """Number of clusters."""
        return int(self.membership.max()) + 1 if len(self.membership) else 0

    @property
    def sizes(self) -> pd.Series:
        """Number of organisations per cluster, largest first (-1, no cluster, left out)."""
        clustered = self.membership[self.membership >= 0]
        return clustered.value_counts().sort_index().rename_axis("cluster").rename("size")

    def __repr__(self) -> str:
        sizes = self.sizes.tolist()
        shown = ", ".join(map(str, sizes[:6])) + (", ..." if len(sizes) > 6 else "")
        extra = ""
        if self.switches is not None:
            extra = f", {int(self.switches.sum())} organisations switch across layers"
        return (f"Clusters(method={self.method!r}, {self.n_clusters} clusters of sizes "
                f"[{shown}], {self.quality_name}={self.quality:.4f}, seed={self.seed}{extra})")


def run_params(method: Any, layers: Sequence[str], layer_weights: Mapping[str, float],
               weighted: bool) -> dict[str, Any]:
    """``Clusters.params``: the method object and the options every method shares."""
    return {"method": method, "layers": list(layers), "layer_weights": dict(layer_weights),
            "weighted": bool(weighted)}


def one_partition(net: MultilayerNetwork, labels: np.ndarray, *, quality: float,
                  quality_name: str, params: dict[str, Any], seed: int) -> Clusters:
    """A result with one cluster per organisation, clusters renumbered by size."""
    membership = pd.Series(relabel(labels), index=net.organisations.index, name="cluster")
    return Clusters(membership, float(quality), quality_name, params["method"].name, params,
                    seed)
