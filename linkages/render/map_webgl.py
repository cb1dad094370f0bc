"""The WebGL page of a large network: sigma.js with graphology, inlined (vendored).

vis-network builds a JavaScript object per node and per tie and strokes them on a 2D
canvas: past a few thousand organisations its frames take most of a second. This page
hands the same positions (computed in Python, seeded) to sigma.js, which draws the
organisations with WebGL (cluster colours, leaders labelled, search, a tooltip per
organisation), and draws every tie in its own WebGL layer: one line per tie, coloured by
layer, the ties of a pair side by side (:func:`tie_sides`), arrow heads on directed
layers. Software GL needs seconds for half a million ties, so while the view moves the
page moves its last images and, once it rests, redraws the ties off screen in chunks of
about 60 ms (a new move abandons the redraw) and swaps them in. A click on an organisation
lists its ties (layer, direction, the other organisation, weight) in the side panel.
In the geographic layout the page draws the territory of its data (``geo.territory``, the
rings and names :mod:`linkages.render.geo` projected for the vis-network page too) on 2D
canvases: outlines under the ties, names over the organisations, as canvas text (one
that would overlap a name already written is left out).
The data travel as flat arrays (positions, sizes, cluster and layer numbers, tie ends,
weights and sides) in an escaped JSON block; every user string is shown with
``textContent``. The libraries are inlined from ``vendor/`` (MIT, licences beside them),
so the page stays one file that loads nothing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import numpy as np

from linkages.render.map_template import PAGE_CSS, PAGE_JS, script_json
from linkages.render.style import node_sizes, short_labels, tie_bends

__all__ = ["VENDOR", "WEBGL_MAX_NODES", "WEBGL_MIN_NODES", "render_webgl", "tie_sides"]

VENDOR = Path(__file__).parent / "vendor"
TEMPLATE = Path(__file__).parent / "templates" / "map_webgl.html"
#: ``render="auto"`` draws pages of more than this many organisations with WebGL. Measured
#: in headless Chromium with software GL (SwiftShader) on a shared 2-core machine
#: (``benchmarks/bench_html.py``, medians of 3): a vis-network frame takes 60 / 121 / 218 /
#: 316 ms at 2,000 / 3,000 / 4,000 / 5,000 organisations, a WebGL frame 33 ms at every size
#: (the page moves its images; the sharp redraw follows in 0.3 s at 2,000-5,000). So
#: vis-network keeps the pages it draws within about 120 ms a frame (with its tie tooltips
#: on hover, physics and the layout toggle), and WebGL takes the larger ones.
WEBGL_MIN_NODES = 3000
#: Most organisations one WebGL page draws (``max_nodes`` default with WebGL): 100,000 with
#: about 585,000 ties open with every tie drawn in 3-4 s in software GL (bench_html.py).
WEBGL_MAX_NODES = 200_000
LIBRARIES = ("graphology-0.26.0.umd.min.js", "sigma-3.0.3.min.js")


def render_webgl(*, n: int, values: np.ndarray, colour: np.ndarray,
                 leader: np.ndarray, names: np.ndarray, label_chars: int,
                 src: np.ndarray, tgt: np.ndarray, edge_layer: np.ndarray,
                 weight: np.ndarray, payload: dict[str, Any], title: str) -> str:
    """The self-contained WebGL page: nodes numbered ``0..n-1``, ties as end arrays.

    ``payload`` carries the positions (``layout_payload``), legend and tooltip rows;
    ``weight`` the tie weights (listed per organisation on click), rounded to 4 significant
    digits, as integers when they all are.
    """
    size = node_sizes(values, low=2.0, high=12.0) if n else np.zeros(0)
    palette, colour_code = np.unique(np.asarray(colour, dtype=str), return_inverse=True)
    text = short_labels(names, limit=label_chars)
    payload = {**payload, "renderer": "webgl", "n": int(n),
               "size": size.round(2).tolist(), "palette": palette.tolist(),
               "colour": colour_code.tolist(),
               "leaders": np.flatnonzero(leader).tolist(),
               "labels": ["\u2605 " + str(text[i]) for i in np.flatnonzero(leader)],
               "src": np.asarray(src).tolist(), "tgt": np.asarray(tgt).tolist(),
               "layer": np.asarray(edge_layer).tolist(), "weight": _weights(weight),
               "side": tie_sides(src, tgt, edge_layer).tolist()}
    data = script_json(payload)
    fields = {"page_css": PAGE_CSS.read_text(encoding="utf-8"),
              "page_js": PAGE_JS.read_text(encoding="utf-8"), "title": html.escape(title),
              "libraries": "\n".join(_library(name) for name in LIBRARIES), "data": data}
    # One pass over the template: a title holding "{{ data }}" stays that text.
    return re.sub(r"\{\{ (page_css|page_js|title|libraries|data) \}\}",
                  lambda match: fields[match[1]], TEMPLATE.read_text(encoding="utf-8"))


def tie_sides(src: np.ndarray, tgt: np.ndarray, layer: np.ndarray) -> np.ndarray:
    """Each tie's side and rank among the ties of its pair: +1, -1, +2, -2, ...

    The order of :func:`~linkages.render.style.tie_bends` (by layer, then direction), its
    sign in the pair's own orientation (from the lower node number to the higher): the page
    draws a tie that many 1.5-pixel steps to that side of the straight line, so the ties of
    a pair (other layers, the other direction) never lie on one another.

    Examples
    --------
    >>> import numpy as np
    >>> tie_sides(np.array([0, 1, 0, 2]), np.array([1, 0, 1, 3]), np.array([0, 0, 1, 0]))
    array([ 1, -1,  2,  1])
    """
    bends = tie_bends(np.asarray(src), np.asarray(tgt), np.asarray(layer))
    return (np.sign(bends) * (1 + np.round((np.abs(bends) - 0.12) / 0.14))).astype(np.int64)


def _weights(weight: np.ndarray) -> list:
    """Tie weights for the page: integers when all are, else 4 significant digits."""
    w = np.nan_to_num(np.asarray(weight, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    if len(w) and np.array_equal(w, np.round(w)) and np.abs(w).max() < 2**53:
        return w.astype(np.int64).tolist()
    return [float(f"{v:.4g}") for v in w.tolist()]


def _library(name: str) -> str:
    """A vendored script, without its source-map comment (the page requests nothing)."""
    code = (VENDOR / name).read_text(encoding="utf-8")
    code = "\n".join(line for line in code.splitlines()
                     if not line.startswith("//# sourceMappingURL"))
    return f"<script>{code}</script>"
