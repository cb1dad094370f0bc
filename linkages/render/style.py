"""What every drawing shares: palettes, node sizes, line widths and the seeded layout.

The HTML map, the GEXF export (Gephi's ``viz`` colours, sizes and positions) and the
figures use these, so an organisation looks the same in each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkages.views import graph_from_ties, igraph_seed

__all__ = ["CLUSTER_COLOURS", "LAYER_COLOURS", "LAYER_DASHES", "LAYOUT_LARGE_ITERATIONS",
           "LAYOUT_PART", "LAYOUT_SPLIT", "NO_CLUSTER_COLOUR",
           "cluster_colours", "edge_widths", "layer_colour", "layer_dashes", "layout",
           "node_sizes", "place_missing", "short_labels", "tie_bends"]

#: Cluster colours: mid and light tones (CIELAB lightness 45-90). The first six are the
#: Okabe-Ito colours without black and yellow, then the light tones of Tableau 20 that stay
#: apart from them; the first eight are at least 15 CIELAB units apart from each other for
#: normal, deuteranope and protanope vision (simulated, Machado et al. 2009; checked in
#: ``tests/test_html.py``). Cluster -1 (none) is grey.
CLUSTER_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8cd17d",
                   "#fabfd2", "#f1ce63", "#9c755f", "#76b7b2", "#b07aa1", "#ff9da7", "#edc948",
                   "#86bcb6", "#a0cbe8", "#ffbe7d", "#d4a6c8", "#79706e", "#499894"]
NO_CLUSTER_COLOUR = "#bab0ac"
#: Layer colours: a separate, dark hue family (lightness under 30), so a tie never reads as
#: a cluster; layers differ by line style too (:data:`LAYER_DASHES`).
LAYER_COLOURS = ["#1a1a1a", "#08306b", "#7f2704", "#3f007d", "#00441b", "#4a1486", "#5c0f3a"]
#: Line style of each layer: solid, dashed, dotted, dash-dot, ... (canvas dash lengths in
#: pixels at scale 1; empty: solid).
LAYER_DASHES: list[list[int]] = [[], [9, 5], [2, 4], [12, 4, 2, 4], [5, 5], [14, 6],
                                 [2, 4, 8, 4]]


#: Above this many organisations a layout given ``groups`` is computed part by part: each
#: group of at least :data:`LAYOUT_PART` organisations alone, the smaller groups together,
#: then the parts placed by the ties between them. igraph's Fruchterman-Reingold takes
#: about 27 ms an iteration at 20,000 organisations but 650 ms at 100,000 (measured on the
#: planted clusters), so four parts of 25,000 take a fifth of the time of the whole.
LAYOUT_SPLIT = 20_000
#: Smallest group laid out as a part of its own (see :data:`LAYOUT_SPLIT`).
LAYOUT_PART = 1_000
#: Fruchterman-Reingold iterations above :data:`LAYOUT_SPLIT` nodes (a part or a whole
#: network): on a planted cluster of 25,000 the mean tie length, relative to the mean
#: distance between two random organisations, is 0.569 after 50 iterations and 0.556 after
#: 100, in half the time (1.7 s against 3.4 s).
LAYOUT_LARGE_ITERATIONS = 50


def cluster_colours(cluster: np.ndarray) -> np.ndarray:
    """The colour of each cluster number (the palette repeats; below 0: grey)."""
    palette = np.array(CLUSTER_COLOURS, dtype=object)
    return np.where(cluster < 0, NO_CLUSTER_COLOUR,
                    palette[np.maximum(cluster, 0) % len(palette)]).astype(object)


def layer_colour(position: int) -> str:
    """The colour of the layer drawn at ``position`` (the palette repeats)."""
    return LAYER_COLOURS[position % len(LAYER_COLOURS)]


def layer_dashes(position: int) -> list[int]:
    """The dash pattern of the layer drawn at ``position`` (the patterns repeat)."""
    return LAYER_DASHES[position % len(LAYER_DASHES)]


def tie_bends(src: np.ndarray, tgt: np.ndarray, layer: np.ndarray) -> np.ndarray:
    """A signed bend per tie so that no two ties between a pair are drawn on one curve.

    The ties of a pair (either direction, any layer) are ordered by layer and direction
    and take turns on either side of the straight line, further out each time: 0.12,
    -0.12, 0.26, -0.26, ... The sign is in the pair's own orientation (from the lower
    node number to the higher), so A->B and B->A bend to opposite sides. The bend is the
    control point's distance from the midpoint, as a share of the pair's distance.
    """
    if len(src) == 0:
        return np.zeros(0)
    lo, hi = np.minimum(src, tgt), np.maximum(src, tgt)
    frame = pd.DataFrame({"lo": lo, "hi": hi, "layer": layer, "back": src > tgt})
    slot = frame.sort_values(["lo", "hi", "layer", "back"], kind="stable").groupby(
        ["lo", "hi"], sort=False).cumcount().reindex(frame.index).to_numpy()
    return np.where(slot % 2 == 0, 1.0, -1.0) * (0.12 + 0.14 * (slot // 2))


def short_labels(names: np.ndarray, *, limit: int = 40) -> np.ndarray:
    """Names cut to ``limit`` characters with an ellipsis (the full name is in tooltips)."""
    text = pd.Series(names, dtype=object).astype(str)
    long = text.str.len() > limit
    text[long] = text[long].str.slice(0, limit - 1).str.rstrip() + "\u2026"
    return text.to_numpy(dtype=object)


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
           seed: int, spread: float = 30.0, groups: np.ndarray | None = None) -> np.ndarray:
    """Seeded Fruchterman-Reingold positions in pixels, about ``spread * sqrt(n)`` wide.

    ``src`` and ``tgt`` are node numbers ``0..n-1`` of the ties (direction ignored),
    ``weight`` how hard each pulls. 500 iterations up to 1,000 nodes, then fewer (100 from
    5,000 nodes up, 50 above :data:`LAYOUT_SPLIT`): the layout is most of the time to write
    a large page, and the grid variant settles early. The same seed gives the same
    positions.

    ``groups`` (a group number per node, e.g. clusters): above :data:`LAYOUT_SPLIT` nodes,
    each group of at least :data:`LAYOUT_PART` nodes is laid out alone (its own ties), the
    smaller groups together, and the parts are placed side by side as discs by a layout of
    the ties between them (``weight`` is then not used).
    """
    if groups is not None and n > LAYOUT_SPLIT:
        return _layout_by_parts(n, src, tgt, np.asarray(groups), seed=seed, spread=spread)
    if n <= 1:
        return np.zeros((n, 2))
    g = graph_from_ties(n, src, tgt, directed=False)
    small = _small_components(g, n)
    if small.any() and not small.all():      # isolates and pairs: a grid beside the rest
        keep = np.flatnonzero(~small)
        index = np.full(n, -1)
        index[keep] = np.arange(len(keep))
        inside = ~small[src] & ~small[tgt]
        xy = np.zeros((n, 2))
        xy[keep] = layout(len(keep), index[src[inside]], index[tgt[inside]],
                          None if weight is None else np.asarray(weight)[inside], seed=seed,
                          spread=spread)
        xy[small] = _grid_beside(_component_order(g, small), xy[keep], spread)
        return xy
    start = np.random.default_rng(seed).uniform(-1, 1, size=(n, 2)) * np.sqrt(n)
    with igraph_seed(seed):
        xy = np.asarray(g.layout_fruchterman_reingold(
            weights=None if weight is None else list(weight), seed=start.tolist(),
            niter=LAYOUT_LARGE_ITERATIONS if n > LAYOUT_SPLIT else int(
                np.clip(500_000 // n, 100, 500)), grid="auto").coords)
    # Isolated nodes and small components drift far out; scale by the bulk (99th
    # percentile radius) and pull the stragglers in to just outside it.
    xy -= np.median(xy, axis=0)
    radius = np.hypot(xy[:, 0], xy[:, 1])
    bulk = np.percentile(radius, 99) if n >= 100 else radius.max()
    bulk = bulk or 1.0
    far = radius > 1.15 * bulk
    xy[far] *= (1.15 * bulk / radius[far])[:, None]
    return xy / bulk * spread * np.sqrt(n)


def place_missing(xy: np.ndarray, known: np.ndarray, src: np.ndarray, tgt: np.ndarray, *,
                  seed: int, spread: float = 30.0) -> np.ndarray:
    """Positions for the nodes where ``known`` is False; the known ones are kept as given.

    In rounds, each unplaced node tied to placed nodes goes to the mean position of those
    partners, moved by ``spread`` in a seeded random direction (so that two of them do not
    fall on one point); a node placed in one round places its partners in the next. The
    nodes left, with no path to a placed one, are laid out together by :func:`layout`
    (seeded) and set to the right of the rest. ``src`` and ``tgt`` are node numbers of the
    ties (direction ignored). The same seed gives the same positions.
    """
    n = len(xy)
    xy = np.array(xy, dtype=float)
    placed = np.asarray(known, dtype=bool).copy()
    if placed.all():
        return xy
    rng = np.random.default_rng(seed)
    a, b = np.concatenate([src, tgt]), np.concatenate([tgt, src])
    while True:
        reach = placed[b] & ~placed[a]
        if not reach.any():
            break
        count = np.bincount(a[reach], minlength=n)
        new = count > 0
        mean = np.column_stack([np.bincount(a[reach], weights=xy[b[reach], j], minlength=n)
                                for j in (0, 1)])[new] / count[new][:, None]
        angle = rng.uniform(0.0, 2 * np.pi, int(new.sum()))
        xy[new] = mean + spread * np.column_stack([np.cos(angle), np.sin(angle)])
        placed |= new
    rest = np.flatnonzero(~placed)
    if len(rest):
        index = np.full(n, -1)
        index[rest] = np.arange(len(rest))
        inside = ~placed[src] & ~placed[tgt]
        local = layout(len(rest), index[src[inside]], index[tgt[inside]], None, seed=seed,
                       spread=spread)
        if placed.any():
            local[:, 0] += xy[placed, 0].max() + 3 * spread - local[:, 0].min()
            local[:, 1] += np.median(xy[placed, 1]) - np.median(local[:, 1])
        xy[rest] = local
    return xy


def _layout_by_parts(n: int, src: np.ndarray, tgt: np.ndarray, groups: np.ndarray, *,
                     seed: int, spread: float) -> np.ndarray:
    """Each large group laid out alone, the rest together, the parts placed as discs."""
    codes, sizes = np.unique(groups, return_inverse=True, return_counts=True)[1:]
    big = sizes >= LAYOUT_PART
    part = np.where(big[codes], codes, len(sizes))          # the small groups: one part
    parts = np.unique(part)
    part = np.searchsorted(parts, part)
    k = len(parts)
    xy = np.zeros((n, 2))
    radius = np.zeros(k)
    for p in range(k):
        members = np.flatnonzero(part == p)
        index = np.full(n, -1)
        index[members] = np.arange(len(members))
        inside = (part[src] == p) & (part[tgt] == p)
        local = layout(len(members), index[src[inside]], index[tgt[inside]], None,
                       seed=seed + p, spread=spread)
        local -= (local.max(axis=0) + local.min(axis=0)) / 2
        xy[members] = local
        radius[p] = max(float(np.hypot(local[:, 0], local[:, 1]).max()), spread)
    if k == 1:
        return xy
    # the parts' centres: a layout of the ties between parts, spread until no two discs
    # overlap
    a, b = part[src], part[tgt]
    between = a != b
    pairs, ties = np.unique(np.sort(np.column_stack([a[between], b[between]]), axis=1),
                            axis=0, return_counts=True)
    centres = layout(k, pairs[:, 0], pairs[:, 1], ties.astype(float), seed=seed, spread=1.0)
    centres -= centres.mean(axis=0)
    i, j = np.triu_indices(k, 1)
    gap = np.hypot(*(centres[i] - centres[j]).T)
    factor = float(np.max((radius[i] + radius[j]) * 1.05 / np.maximum(gap, 1e-9)))
    return xy + centres[part] * factor


def _small_components(g, n: int) -> np.ndarray:
    """Organisations in components of one or two (isolates and pairs)."""
    membership = np.asarray(g.connected_components().membership)
    return np.bincount(membership, minlength=n)[membership] <= 2


def _component_order(g, small: np.ndarray) -> np.ndarray:
    """The small ones' node numbers, the two of a pair next to each other."""
    membership = np.asarray(g.connected_components().membership)
    nodes = np.flatnonzero(small)
    return nodes[np.lexsort((nodes, membership[nodes]))]


def _grid_beside(order: np.ndarray, xy: np.ndarray, spread: float) -> np.ndarray:
    """A compact grid to the right of ``xy``, rows as tall as the network, cells of
    ``spread`` pixels (the typical distance between neighbours)."""
    step = spread * 1.2
    left = xy[:, 0].max() + 2 * step
    top, height = xy[:, 1].min(), max(float(np.ptp(xy[:, 1])), step)
    columns = max(1, int(np.ceil(len(order) / max(1, int(height // step) + 1))))
    rows = int(np.ceil(len(order) / columns))
    i = np.arange(len(order))
    out = np.zeros((len(order), 2))
    out[:, 0] = left + step * (i % columns)
    out[:, 1] = top + (height - step * (rows - 1)) / 2 + step * (i // columns)
    return out[np.argsort(order, kind="stable")]      # by ascending node number
