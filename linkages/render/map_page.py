"""The parts of an HTML map: layout, sizes and colours, and the page around the records.

pyvis is imported only when a page is drawn (it imports IPython, 0.8 s).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import numpy as np
import pandas as pd

from linkages.network import MultilayerNetwork
from linkages.views import graph_from_ties, igraph_seed

if TYPE_CHECKING:
    from pyvis.network import Network

#: Cluster colours (Tableau 20 order, strong tones first); cluster -1 (none) is grey.
CLUSTER_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948",
                   "#ff9da7", "#9c755f", "#86bcb6", "#a0cbe8", "#ffbe7d", "#8cd17d", "#f1ce63",
                   "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e", "#b6992d", "#499894"]
NO_CLUSTER_COLOUR = "#bab0ac"
#: Layer colours, dark enough to read as lines over the cluster colours.
LAYER_COLOURS = ["#c0392b", "#2c3e50", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"]
PHYSICS_MAX_NODES = 500
#: Above this many ties the page draws them itself (plain lines, no arrows or tie tooltips):
#: vis-network builds a heavy object per edge, seconds for 30,000.
FAST_EDGES = 10_000
#: The overview draws at most this many lines between clusters, the strongest (most ties):
#: 725 clusters at 1M organisations have about 1M linked pairs, an 80 MB page.
OVERVIEW_MAX_LINES = 20_000
_TEMPLATE = Path(__file__).parent / "templates" / "map.html"


def _layout(n: int, src: np.ndarray, tgt: np.ndarray, weight: np.ndarray | None, *,
            seed: int, spread: float = 30.0) -> np.ndarray:
    """Seeded Fruchterman-Reingold positions in pixels, about ``spread * sqrt(n)`` wide.

    500 iterations up to 1,000 nodes, then fewer (100 from 5,000 nodes up): the layout is
    most of the time to write a large page, and the grid variant settles early.
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


def _sizes(values: np.ndarray, *, low: float = 6.0, high: float = 30.0) -> np.ndarray:
    """Node radius from ``low`` to ``high`` growing with the square root of the value."""
    v = np.sqrt(np.clip(np.nan_to_num(values, nan=0.0), 0.0, None))
    top = v.max() if len(v) else 0.0
    return low + (high - low) * (v / top if top > 0 else v)


def _widths(weight: np.ndarray, layer: np.ndarray) -> np.ndarray:
    """Line width 0.5-4 by weight relative to the heaviest tie of its layer (units differ)."""
    top = pd.Series(weight).groupby(layer).transform("max").to_numpy()
    rel = np.divide(weight, top, out=np.ones_like(weight, dtype=float), where=top > 0)
    return (0.5 + 3.5 * np.sqrt(rel)).round(2)


def _cluster_colours(cluster: np.ndarray) -> np.ndarray:
    palette = np.array(CLUSTER_COLOURS, dtype=object)
    return np.where(cluster < 0, NO_CLUSTER_COLOUR,
                    palette[np.maximum(cluster, 0) % len(palette)]).astype(object)


def _cluster_legend(cluster: np.ndarray, names: np.ndarray, leader: np.ndarray,
                    values: np.ndarray) -> list[dict]:
    """Clusters largest first: colour, members and up to three leaders (else top by size)."""
    labels, members = np.unique(cluster, return_counts=True)
    if len(labels) == 1 and labels[0] == -1:
        return []
    order = np.lexsort((labels, -members))
    frame = pd.DataFrame({"cluster": cluster, "name": names, "leader": leader,
                          "value": np.nan_to_num(values, nan=-np.inf)})
    frame = frame.sort_values(["leader", "value"], ascending=False, kind="stable")
    top = frame.groupby("cluster", sort=False).head(3).groupby("cluster")["name"].agg(list)
    colours = _cluster_colours(labels)
    return [{"id": int(labels[i]), "members": int(members[i]), "color": colours[i],
             "label": "no cluster" if labels[i] < 0 else f"Cluster {labels[i]}",
             "leaders": top.get(labels[i], [])} for i in order]


def _layer_info(net: MultilayerNetwork, layers: list[str], ties: Sequence[int]) -> list[dict]:
    info = []
    for i, (name, n) in enumerate(zip(layers, ties)):
        colour = LAYER_COLOURS[i % len(LAYER_COLOURS)]
        r, g, b = (int(colour[j:j + 2], 16) for j in (1, 3, 5))
        info.append({"name": name, "color": colour, "rgba": f"rgba({r},{g},{b},0.55)",
                     "directed": bool(net.directed[name]), "ties": int(n)})
    return info


def _options(*, physics: bool, n_edges: int) -> dict:
    """vis-network options: no physics, no improved layout (both freeze large graphs)."""
    return {
        "physics": {"enabled": bool(physics), "stabilization": {"iterations": 150}},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": {"enabled": n_edges <= 2000, "type": "curvedCW",
                             "roundness": 0.15},
                  "arrows": {"to": {"enabled": False, "scaleFactor": 0.4}},
                  "selectionWidth": 2},
        "nodes": {"shape": "dot", "font": {"size": 12}, "borderWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": n_edges > 5000,
                        "hideEdgesOnZoom": n_edges > 20000, "navigationButtons": False},
    }


def _json_rows(frame: pd.DataFrame) -> list[list]:
    """Rows as JSON-ready lists (NaN -> null, numpy scalars -> Python)."""
    return json.loads(frame.to_json(orient="values", date_format="iso", default_handler=str))


def _pyvis(**options: Any) -> Network:
    """A pyvis Network, imported only when a map is drawn (pyvis imports IPython: 0.8 s)."""
    from pyvis.network import Network
    return Network(**options)


def _render(vis: Network, payload: dict) -> str:
    nodes, edges, heading, _, _, options = vis.get_network_data()
    payload = {**payload, "nodes": nodes, "edges": edges, "options": json.loads(options)}
    # JSON inside a script block: escape <, > and & so no string can close the block.
    data = (json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    template = jinja2.Template(_TEMPLATE.read_text(encoding="utf-8"), autoescape=False)
    import pyvis  # imported already, by _pyvis
    library = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"     # vis-network ships there
    return template.render(title=html.escape(heading), data=data,
                           vis_js=(library / "vis-network.min.js").read_text(encoding="utf-8"),
                           vis_css=(library / "vis-network.css").read_text(encoding="utf-8"))


def _write(path: Path, page: str) -> None:
    path.write_text(page, encoding="utf-8")
