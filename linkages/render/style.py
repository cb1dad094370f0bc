"""What every drawing shares: palettes, node sizes, line widths and the seeded layout.

The HTML map, the GEXF export (Gephi's ``viz`` colours, sizes and positions) and the
figures use these, so an organisation looks the same in each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkages.views import graph_from_ties, igraph_seed

__all__ = ["CLUSTER_COLOURS", "LAYER_COLOURS", "NO_CLUSTER_COLOUR", "cluster_colours",
           "edge_widths", "layer_colour", "layout", "node_sizes"]

#: Cluster colours (Tableau 20 order, strong tones first); cluster -1 (none) is grey.
CLUSTER_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948",
                   "#ff9da7", "#9c755f", "#86bcb6", "#a0cbe8", "#ffbe7d", "#8cd17d", "#f1ce63",
                   "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e", "#b6992d", "#499894"]
NO_CLUSTER_COLOUR = "#bab0ac"
#: Layer colours, dark enough to read as lines over the cluster colours.
LAYER_COLOURS = ["#c0392b", "#2c3e50", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"]


def cluster_colours(cluster: np.ndarray) -> np.ndarray:
    """The colour of each cluster number (the palette repeats; below 0: grey)."""
    palette = np.array(CLUSTER_COLOURS, dtype=object)
    return np.where(cluster < 0, NO_CLUSTER_COLOUR,
                    palette[np.maximum(cluster, 0) % len(palette)]).astype(object)


def layer_colour(position: int) -> str:
    """The colour of the layer drawn at ``position`` (the palette repeats)."""
    return LAYER_COLOURS[position % len(LAYER_COLOURS)]


def node_sizes(values: np.ndarray, *, low: float = 6.0, high: float = 30.0) -> np.ndarray:
    """Node radius from ``low`` to ``high`` growing with the square root of the value.

    Missing and negative values count as 0; the area of a node is proportional to its value.
    """
    v = np.sqrt(np.clip(np.nan_to_num(values, nan=0.0), 0.0, None))
    top = v.max() if len(v) else 0.0
    return low + (high - low) * (v / top if top > 0 else v)


def edge_widths(weight: np.ndarray, layer: np.ndarray) -> np.ndarray:
    """Line width 0.5-4 by weight relative to the heaviest tie of its layer (units differ)."""
    top = pd.Series(weight).groupby(layer).transform("max").to_numpy()
    rel = np.divide(weight, top, out=np.ones_like(weight, dtype=float), where=top > 0)
    return (0.5 + 3.5 * np.sqrt(rel)).round(2)


def layout(n: int, src: np.ndarray, tgt: np.ndarray, weight: np.ndarray | None, *,
           seed: int, spread: float = 30.0) -> np.ndarray:
    """Seeded Fruchterman-Reingold positions in pixels, about ``spread * sqrt(n)`` wide.

    ``src`` and ``tgt`` are node numbers ``0..n-1`` of the ties (direction ignored),
    ``weight`` how hard each pulls. 500 iterations up to 1,000 nodes, then fewer (100 from
    5,000 nodes up): the layout is most of the time to write a large page, and the grid
    variant settles early. The same seed gives the same positions.
    """
    if n == 1:
        return np.zeros((1, 2))
    g = graph_from_ties(n, src, tgt, directed=False)
    start = np.random.default_rng(seed).uniform(-1, 1, size=(n, 2)) * np.sqrt(n)
    with igraph_seed(seed):
        xy = np.asarray(g.layout_fruchterman_reingold(
            weights=None if weight is None else list(weight), seed=start.tolist(),
            niter=int(np.clip(500_000 // n, 100, 500)), grid="auto").coords)
    # Isolated nodes and small components drift far out; scale by the bulk (99th
    # percentile radius) and pull the stragglers in to just outside it.
    xy -= np.median(xy, axis=0)
    radius = np.hypot(xy[:, 0], xy[:, 1])
    bulk = np.percentile(radius, 99) if n >= 100 else radius.max()
    bulk = bulk or 1.0
    far = radius > 1.15 * bulk
    xy[far] *= (1.15 * bulk / radius[far])[:, None]
    return xy / bulk * spread * np.sqrt(n)
