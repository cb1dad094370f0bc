"""GraphML (Cytoscape, yEd, igraph): writer and reader, one edge per tie with its layer.

The directedness of each layer travels as JSON in the graph attribute ``linkages_layers``.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from linkages.formats.multigraph import (
    LAYERS_KEY,
    attributed_graph,
    network_from_graph,
    stored_layers,
)
from linkages.formats.shared import existing_file
from linkages.network import MultilayerNetwork

__all__ = ["read_graphml", "write_graphml"]


def write_graphml(net: MultilayerNetwork, path: str | PathLike, *, clusters: Any = None,
                  scores: pd.Series | pd.DataFrame | None = None) -> Path:
    """Write a GraphML file (Cytoscape, yEd, igraph): one edge per tie with its layer.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> path = lk.write_graphml(net, pathlib.Path(tempfile.mkdtemp()) / "net.graphml")
    >>> back = lk.read_graphml(path)
    >>> back.summary()["ties"].to_dict() == net.summary()["ties"].to_dict()
    True
    """
    G, _ = attributed_graph(net, clusters, scores, caller="write_graphml")
    G.graph[LAYERS_KEY] = json.dumps(G.graph.pop("layers"))
    path = Path(path)
    nx.write_graphml(G, path, encoding="utf-8")
    return path


def read_graphml(path: str | PathLike) -> MultilayerNetwork:
    """Read a GraphML file (from :func:`write_graphml` or another tool) into a network.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> path = lk.write_graphml(net, pathlib.Path(tempfile.mkdtemp()) / "n.graphml")
    >>> back = lk.read_graphml(path)
    >>> back.directed == net.directed, back.n_relations == net.n_relations
    (True, True)
    """
    path = existing_file(path, caller="read_graphml")
    G = nx.read_graphml(path, force_multigraph=True)
    layers = stored_layers(G.graph.pop(LAYERS_KEY, None))
    for *_, data in G.edges(data=True):
        data.pop("id", None)
    return network_from_graph(G, layers)
