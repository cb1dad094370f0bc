"""The networkx multigraph that GEXF, GraphML and node-link JSON go through, both ways.

Writing: the lossless multigraph of :func:`linkages.to_networkx` (one edge per tie, with
its layer, weight and extra columns) plus ``cluster`` and score node attributes. Reading:
a multigraph back into a network. GEXF and GraphML graph attributes cannot hold a mapping,
so the directedness of each layer travels as a JSON string under :data:`LAYERS_KEY`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import networkx as nx
import pandas as pd

from linkages.formats.shared import organisation_table
from linkages.network import MultilayerNetwork
from linkages.views import from_networkx, to_networkx

__all__ = ["LAYERS_KEY", "attributed_graph", "network_from_graph", "stored_layers"]

#: The key of the layers' directedness in a file's graph attributes or description.
LAYERS_KEY = "linkages_layers"


def attributed_graph(net: MultilayerNetwork, clusters: Any, scores: Any, *,
                     caller: str) -> tuple[nx.Graph, pd.DataFrame]:
    """The lossless networkx multigraph with cluster and score node attributes, and the
    organisation table they come from."""
    table = organisation_table(net, clusters, scores, caller=caller)
    G = to_networkx(net, multigraph=True)
    added = table.drop(columns=net.organisations.columns)
    if len(added.columns):
        nx.set_node_attributes(G, {node: {k: v for k, v in row.items() if pd.notna(v)}
                                   for node, row in added.to_dict("index").items()})
    return G, table


def stored_layers(text: str | None) -> dict[str, bool] | None:
    """The layers' directedness stored as JSON by a writer of this package, else None."""
    if not text:
        return None
    try:
        layers = json.loads(text)
    except ValueError:
        return None
    layers = layers.get(LAYERS_KEY, layers) if isinstance(layers, Mapping) else None
    return {str(k): bool(v) for k, v in layers.items()} if isinstance(layers, Mapping) else None


def network_from_graph(G: nx.Graph, layers: Mapping[str, bool] | None) -> MultilayerNetwork:
    """A network from a multigraph read from a file.

    ``layers`` (from :func:`stored_layers`) gives each layer's directedness and the layers'
    order, including layers without ties; without it, a layer is directed when its edges
    are (an edge attribute ``_directed``, else the graph's directedness).
    """
    directed: Any = None
    if layers is not None:
        G.graph["layers"] = dict(layers)
    else:   # other tools' files: a layer is directed when its edges are
        kinds: dict[str, bool] = {}
        for *_, data in G.edges(data=True):
            name = str(data.get("layer", "default"))
            kinds[name] = kinds.get(name, False) or data.pop("_directed", G.is_directed())
        directed = kinds or G.is_directed()
    net = from_networkx(G, directed=directed, duplicates="error")
    if layers is not None:
        # the file's layer list keeps the layers' order and the layers without ties
        relations = net.relations.assign(layer=pd.Categorical(
            net.relations["layer"].astype(str), categories=list(layers)))
        net = MultilayerNetwork(net.organisations, relations, directed=dict(layers))
    return net
