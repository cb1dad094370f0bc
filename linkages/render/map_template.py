"""The HTML around a map's records: vis-network options, the data as JSON, the template.

pyvis holds the node and edge records and the vis-network options, and ships the
vis-network library that is inlined into the page; the page is the project's own template
(``templates/map.html``), which reads the data from an escaped JSON block. pyvis is
imported only when a page is drawn: it imports IPython, which is slow to load.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

__all__ = ["json_rows", "render_page", "script_json"]

TEMPLATE = Path(__file__).parent / "templates" / "map.html"
#: The page styles both map pages share (the vis-network page and the WebGL page).
PAGE_CSS = Path(__file__).parent / "templates" / "map.css"
#: The script both map pages share (text helpers, links, tooltips, search), filled in
#: inside each page's own script, where ``data`` is the page's records.
PAGE_JS = Path(__file__).parent / "templates" / "map_common.js"


def render_page(nodes: list[dict], edges: list[dict], payload: dict[str, Any], *, title: str,
                directed: bool, physics: bool) -> str:
    """The self-contained page of one map.

    ``nodes`` are numbered ``0..n-1`` in order and each edge record has a unique ``id``;
    ``payload`` is what the page's script reads besides them (title, legend, tooltips).
    """
    from pyvis.network import Network  # only when a map is drawn: pyvis imports IPython
    vis = Network(heading=title, directed=directed)
    vis.nodes, vis.node_ids = nodes, list(range(len(nodes)))   # bulk fill: no per-edge scans
    vis.edges = edges                                          # one record per tie
    vis.options = _options(physics=physics, n_edges=len(edges))
    nodes, edges, heading, _, _, options = vis.get_network_data()
    payload = {**payload, "nodes": nodes, "edges": edges, "options": json.loads(options)}
    data = script_json(payload)
    template = jinja2.Template(TEMPLATE.read_text(encoding="utf-8"), autoescape=False)
    import pyvis
    library = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"     # vis-network ships there
    return template.render(title=html.escape(heading), data=data,
                           vis_js=(library / "vis-network.min.js").read_text(encoding="utf-8"),
                           vis_css=(library / "vis-network.css").read_text(encoding="utf-8"),
                           page_css=PAGE_CSS.read_text(encoding="utf-8"),
                           page_js=PAGE_JS.read_text(encoding="utf-8"))


def script_json(payload: Any) -> str:
    """``payload`` as JSON to put inside a ``<script>`` block: <, > and & escaped, so no
    string can close the block or open a comment; NaN refused (not valid JSON)."""
    return (json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def json_rows(frame: pd.DataFrame) -> list[list]:
    """Rows as JSON-ready lists (NaN -> null, numpy scalars -> Python)."""
    return json.loads(frame.to_json(orient="values", date_format="iso", default_handler=str))


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
