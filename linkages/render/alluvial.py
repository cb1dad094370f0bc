"""The alluvial (Sankey) diagram of clusters over periods: a static matplotlib figure
(:func:`alluvial_figure`) and an offline inline-SVG fragment a report embeds
(:func:`alluvial_svg`), both drawn from one layout (:func:`alluvial_layout`).

Each period is a column; each cluster a block as tall as its organisations, in its
stable colour; bands carry the organisations that stay, move, merge or split between
consecutive periods (organisations entering or leaving the clusters are not drawn).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from linkages._validation import check_type
from linkages.analysis.evolution import Evolution
from linkages.render.style import CLUSTER_COLOURS

__all__ = ["alluvial_figure", "alluvial_svg", "alluvial_layout"]


def alluvial_layout(evolution: Evolution, *, min_size: int = 1, gap: float = 0.02
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Blocks and bands on a unit canvas: ``blocks`` (``period``, ``column``,
    ``cluster``, ``size``, ``y0``, ``y1``) and ``bands`` (``column`` of the left end,
    ``before``, ``after``, ``organisations``, ``left0``, ``left1``, ``right0``,
    ``right1``). Clusters smaller than ``min_size`` are left out."""
    sizes = evolution.membership.apply(lambda c: c.value_counts()).fillna(0).astype(int)
    labels = list(evolution.membership.columns)
    tallest = max(int(sizes[label].sum()) for label in labels) or 1
    blocks = []
    for column, label in enumerate(labels):
        column_sizes = sizes[label][sizes[label] >= min_size].sort_index()
        scale = (1 - gap * max(len(sizes) - 1, 0)) / tallest
        y = 0.0
        for cluster, size in column_sizes.items():
            blocks.append((label, column, int(cluster), int(size), y, y + size * scale))
            y += size * scale + gap
    blocks_t = pd.DataFrame(blocks, columns=["period", "column", "cluster", "size", "y0", "y1"])
    flows = evolution.flows
    flows = flows[(flows["before"] >= 0) & (flows["after"] >= 0)]
    rows = []
    out_used: dict[tuple[int, int], float] = {}
    in_used: dict[tuple[int, int], float] = {}
    where = {(r.column, r.cluster): r for r in blocks_t.itertuples()}
    for flow in flows.sort_values(["period", "before", "after"]).itertuples():
        right = labels.index(flow.period)
        a, b = where.get((right - 1, flow.before)), where.get((right, flow.after))
        if a is None or b is None:
            continue
        ha = (a.y1 - a.y0) * flow.organisations / a.size
        hb = (b.y1 - b.y0) * flow.organisations / b.size
        l0 = a.y0 + out_used.get((right - 1, flow.before), 0.0)
        r0 = b.y0 + in_used.get((right, flow.after), 0.0)
        out_used[(right - 1, flow.before)] = l0 - a.y0 + ha
        in_used[(right, flow.after)] = r0 - b.y0 + hb
        rows.append((right - 1, flow.before, flow.after, flow.organisations, l0, l0 + ha,
                     r0, r0 + hb))
    bands = pd.DataFrame(rows, columns=["column", "before", "after", "organisations",
                                        "left0", "left1", "right0", "right1"])
    return blocks_t, bands


def _colour(cluster: int) -> str:
    return CLUSTER_COLOURS[int(cluster) % len(CLUSTER_COLOURS)]


def alluvial_figure(evolution: Evolution, *, path: str | Path | None = None,
                    min_size: int = 1, width: float = 8.0, height: float = 4.5) -> Any:
    """The alluvial diagram of clusters over periods as a matplotlib figure.

    Parameters
    ----------
    evolution : Evolution
        From :func:`~linkages.track_clusters`.
    path : str or Path, optional
        Also save the figure there (PNG, SVG, PDF by the suffix).
    min_size : int
        Leave out clusters with fewer organisations.
    width, height : float
        Size in inches.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> import linkages as lk
    >>> planted = lk.make_evolving_clusters(seed=1)
    >>> periods = lk.periods_from_records(planted.records, planted.organisations,
    ...     date="date", value=None, directed=False, layer_name="scientific")
    >>> figure = lk.alluvial_figure(lk.track_clusters(periods, n_shuffles=0, seed=1))
    >>> [label.get_text() for label in figure.axes[0].get_xticklabels()][:2]
    ['2010', '2011']
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    check_type(evolution, Evolution, argument="evolution", caller="alluvial_figure",
               expected="Evolution")
    blocks, bands = alluvial_layout(evolution, min_size=min_size)
    figure, ax = plt.subplots(figsize=(width, height))
    w = 0.12
    for band in bands.itertuples():
        x0, x1 = band.column + w / 2, band.column + 1 - w / 2
        xm = (x0 + x1) / 2
        verts = [(x0, 1 - band.left0), (xm, 1 - band.left0), (xm, 1 - band.right0),
                 (x1, 1 - band.right0), (x1, 1 - band.right1), (xm, 1 - band.right1),
                 (xm, 1 - band.left1), (x0, 1 - band.left1), (x0, 1 - band.left0)]
        codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4,
                 MplPath.LINETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4,
                 MplPath.CLOSEPOLY]
        ax.add_patch(PathPatch(MplPath(verts, codes), facecolor=_colour(band.before),
                               edgecolor="none", alpha=0.45))
    for block in blocks.itertuples():
        ax.add_patch(Rectangle((block.column - w / 2, 1 - block.y1), w, block.y1 - block.y0,
                               facecolor=_colour(block.cluster), edgecolor="white"))
        if block.y1 - block.y0 > 0.03:
            ax.text(block.column, 1 - (block.y0 + block.y1) / 2, str(block.cluster),
                    ha="center", va="center", fontsize=7, color="white")
    labels = list(evolution.membership.columns)
    ax.set_xlim(-0.5, len(labels) - 0.5)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_title("Clusters over periods (block height: organisations)")
    figure.tight_layout()
    if path is not None:
        figure.savefig(path, dpi=150)
    return figure


def alluvial_svg(evolution: Evolution, *, min_size: int = 1, width: int = 800,
                 height: int = 420) -> str:
    """The alluvial diagram as an inline SVG fragment (no script, no download), ready to
    embed in an HTML report; each block and band has a ``<title>`` tooltip.

    Parameters
    ----------
    evolution : Evolution
    min_size : int
        Leave out clusters with fewer organisations.
    width, height : int
        Size in pixels.

    Returns
    -------
    str
        ``<svg ...>...</svg>``.

    Examples
    --------
    >>> import linkages as lk
    >>> planted = lk.make_evolving_clusters(seed=1)
    >>> periods = lk.periods_from_records(planted.records, planted.organisations,
    ...     date="date", value=None, directed=False, layer_name="scientific")
    >>> svg = lk.alluvial_svg(lk.track_clusters(periods, n_shuffles=0, seed=1))
    >>> svg.startswith("<svg"), svg.count("<rect") >= 30, "<script" in svg
    (True, True, False)
    """
    check_type(evolution, Evolution, argument="evolution", caller="alluvial_svg",
               expected="Evolution")
    blocks, bands = alluvial_layout(evolution, min_size=min_size)
    labels = list(evolution.membership.columns)
    top, bottom, side = 10, 30, 30
    step = (width - 2 * side) / max(len(labels) - 1, 1)
    bw = 14.0
    inner = height - top - bottom

    def x(column: float) -> float:
        return side + column * step

    def y(value: float) -> float:
        return top + value * inner

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" class="linkages-alluvial" '
             f'font-family="sans-serif" font-size="11">']
    for band in bands.itertuples():
        x0, x1 = x(band.column) + bw / 2, x(band.column + 1) - bw / 2
        xm = (x0 + x1) / 2
        d = (f"M{x0:.1f},{y(band.left0):.1f} C{xm:.1f},{y(band.left0):.1f} "
             f"{xm:.1f},{y(band.right0):.1f} {x1:.1f},{y(band.right0):.1f} "
             f"L{x1:.1f},{y(band.right1):.1f} C{xm:.1f},{y(band.right1):.1f} "
             f"{xm:.1f},{y(band.left1):.1f} {x0:.1f},{y(band.left1):.1f} Z")
        title = (f"{band.organisations} organisations: cluster {band.before} "
                 f"({escape(labels[band.column])}) to cluster {band.after} "
                 f"({escape(labels[band.column + 1])})")
        parts.append(f'<path d="{d}" fill="{_colour(band.before)}" fill-opacity="0.45">'
                     f"<title>{title}</title></path>")
    for block in blocks.itertuples():
        parts.append(f'<rect x="{x(block.column) - bw / 2:.1f}" y="{y(block.y0):.1f}" '
                     f'width="{bw}" height="{max(y(block.y1) - y(block.y0), 0.5):.1f}" '
                     f'fill="{_colour(block.cluster)}"><title>cluster {block.cluster}, '
                     f"{escape(str(block.period))}: {block.size} organisations</title></rect>")
    for column, label in enumerate(labels):
        parts.append(f'<text x="{x(column):.1f}" y="{height - 10}" '
                     f'text-anchor="middle">{escape(str(label))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)

