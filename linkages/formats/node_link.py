"""Node-link JSON (networkx ``node_link_data``, as d3.js reads it): writer and reader."""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from linkages.formats.multigraph import attributed_graph
from linkages.formats.shared import existing_file
from linkages.network import MultilayerNetwork
from linkages.views import from_networkx

__all__ = ["read_json", "write_json"]


def write_json(net: MultilayerNetwork, path: str | PathLike, *, clusters: Any = None,
               scores: pd.Series | pd.DataFrame | None = None) -> Path:
    """Write node-link JSON (networkx ``node_link_data``, as d3.js reads it).

    ``graph.layers`` maps each layer to its directedness; each edge has ``layer``,
    ``weight`` and the extra columns; missing values are left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> path = lk.write_json(net, pathlib.Path(tempfile.mkdtemp()) / "net.json")
    >>> lk.read_json(path).n_relations == net.n_relations
    True
    """
    G, _ = attributed_graph(net, clusters, scores, caller="write_json")
    data = nx.node_link_data(G, edges="edges")
    path = Path(path)
    path.write_text(json.dumps(data, ensure_ascii=False, default=_json_scalar),
                    encoding="utf-8")
    return path


def read_json(path: str | PathLike) -> MultilayerNetwork:
    """Read node-link JSON (from :func:`write_json` or networkx) into a network.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> back = lk.read_json(lk.write_json(net, pathlib.Path(tempfile.mkdtemp()) / "n.json"))
    >>> back.organisations.loc["O00000", "name"], back.n_relations
    ('Large 0000', 1634)
    """
    path = existing_file(path, caller="read_json")
    data = json.loads(path.read_text(encoding="utf-8"))
    edges = "edges" if "edges" in data else "links"
    G = nx.node_link_graph(data, edges=edges)
    return from_networkx(G, duplicates="error")


def _json_scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"write_json cannot write a {type(value).__name__} value: {value!r}.")
