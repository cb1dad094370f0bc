"""GEXF for Gephi: writer (with colours, sizes and positions) and reader.

One GEXF edge per tie with its layer, weight and extra columns; nodes carry the
organisations' attributes plus cluster and score columns. The directedness of each layer
travels as JSON in the ``<meta><description>``, so reading back gives an equal network.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from networkx.readwrite.gexf import GEXFWriter

from linkages.formats.multigraph import (
    LAYERS_KEY,
    attributed_graph,
    network_from_graph,
    stored_layers,
)
from linkages.formats.shared import existing_file
from linkages.network import MultilayerNetwork
from linkages.render.style import cluster_colours, layout, node_sizes

__all__ = ["read_gexf", "write_gexf"]


def write_gexf(net: MultilayerNetwork, path: str | PathLike, *, clusters: Any = None,
               scores: pd.Series | pd.DataFrame | None = None, seed: int = 0) -> Path:
    """Write a GEXF file for Gephi, with colours, sizes and positions (the ``viz`` module).

    One GEXF edge per tie, carrying ``layer``, ``weight`` and the relations' extra
    columns; ties of undirected layers are marked ``type="undirected"``. Nodes carry the
    organisations' attributes plus ``cluster`` and the score columns; their colour is their
    cluster's (as in :func:`linkages.to_html`), their size grows with the square root of the
    first score (else of degree) and their position is the seeded layout of the HTML map.
    networkx's writer does the XML, one element at a time: large networks take long to write
    (the command line skips GEXF past a size and says so).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> path = lk.write_gexf(net, pathlib.Path(tempfile.mkdtemp()) / "net.gexf",
    ...                      clusters=net.organisations["planted_cluster"])
    >>> back = lk.read_gexf(path)
    >>> back.n_relations == net.n_relations, back.directed == net.directed
    (True, True)
    """
    caller = "write_gexf"
    G, table = attributed_graph(net, clusters, scores, caller=caller)
    src, tgt, _ = net.codes()
    xy = layout(net.n_organisations, src, tgt, None, seed=seed)
    cluster = (table["cluster"].to_numpy() if "cluster" in table.columns
               else np.full(net.n_organisations, -1))
    colours = cluster_colours(cluster)
    extra = [c for c in table.columns if c not in net.organisations.columns]
    value = (table[extra[-1]].to_numpy(dtype=float) if extra and extra[-1] != "cluster" else
             np.bincount(np.concatenate([src, tgt]), minlength=net.n_organisations))
    size = node_sizes(np.asarray(value, dtype=float), low=2.0, high=20.0)
    for i, node in enumerate(table.index):   # per node: networkx's viz data is a dict per node
        r, g, b = (int(colours[i][j:j + 2], 16) for j in (1, 3, 5))
        G.nodes[node]["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0},
                                "size": float(size[i]),
                                "position": {"x": float(xy[i, 0]), "y": float(xy[i, 1]),
                                             "z": 0.0}}
    if G.is_directed():
        for _, _, data in G.edges(data=True):
            if not net.directed[data["layer"]]:
                data["type"] = "undirected"
    writer = GEXFWriter(encoding="utf-8", version="1.2draft")
    writer.add_graph(G)
    meta = writer.xml.find("meta")
    ET.SubElement(meta, "description").text = json.dumps({LAYERS_KEY: G.graph["layers"]})
    path = Path(path)
    writer.write(path)
    return path


def read_gexf(path: str | PathLike) -> MultilayerNetwork:
    """Read a GEXF file (from :func:`write_gexf`, Gephi or networkx) into a network.

    Node ids become organisation ids (strings); node attributes become columns (Gephi's
    ``viz`` and a ``label`` equal to the id are left out). An edge's layer is its ``layer``
    attribute (else ``'default'``); layer directedness comes from the file's description
    when :func:`write_gexf` wrote it, else from the edge types.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> back = lk.read_gexf(lk.write_gexf(net, pathlib.Path(tempfile.mkdtemp()) / "n.gexf"))
    >>> back.summary()["ties"].to_dict()
    {'production': 557, 'scientific': 707, 'commercial': 370}
    """
    path = existing_file(path, caller="read_gexf")
    root = ET.parse(path).getroot()
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    meta = root.find(f"{ns}meta/{ns}description")
    layers = stored_layers(meta.text if meta is not None else None)
    # networkx refuses mixed graphs: read edge types here, then let it parse the rest
    types = {}
    for edge in root.iter(f"{ns}edge"):
        kind = edge.attrib.pop("type", None)
        if kind is not None:
            types[edge.get("id")] = kind == "directed"
    G = nx.read_gexf(io.BytesIO(ET.tostring(root)))
    for node, data in G.nodes(data=True):
        data.pop("viz", None)
        if data.get("label") == node:
            data.pop("label")
    edges = (G.edges(keys=True, data=True) if G.is_multigraph() else
             ((u, v, None, d) for u, v, d in G.edges(data=True)))
    for *_, key, data in edges:
        key = data.pop("id", key)
        if layers is None and key in types:
            data["_directed"] = types[key]
    return network_from_graph(G, layers)
