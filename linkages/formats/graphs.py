"""Writers (and readers) of standard graph files: GEXF, GraphML, Pajek, node-link JSON, tables.

Every writer keeps every tie of every layer, the layer of each tie, its weight and extra
columns, and the organisations' attributes (plus cluster and score columns when given);
every reader gives back an equal network (tested round trips). GEXF and GraphML go through
the lossless networkx multigraph of :func:`linkages.to_networkx`; their graph attributes
cannot hold a mapping, so the directedness of each layer travels as a JSON string (GraphML:
graph attribute ``linkages_layers``; GEXF: the ``<meta><description>``). Pajek ties are
read by :func:`linkages.read_pajek` (``linkages/io.py``).
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from networkx.readwrite.gexf import GEXFWriter

from linkages._validation import InputError, check_type, preview
from linkages.membership import as_membership
from linkages.network import MultilayerNetwork
from linkages.views import from_networkx, to_networkx

__all__ = ["read_gexf", "read_graphml", "read_json", "read_tables", "write_gexf",
           "write_graphml", "write_json", "write_pajek", "write_tables"]

_LAYERS_KEY = "linkages_layers"
#: Data rows an Excel sheet holds (1,048,576 rows with the header).
EXCEL_MAX_ROWS = 1_048_575


def write_gexf(net: MultilayerNetwork, path: str | PathLike, *, clusters: Any = None,
               scores: pd.Series | pd.DataFrame | None = None, seed: int = 0) -> Path:
    """Write a GEXF file for Gephi, with colours, sizes and positions (the ``viz`` module).

    One GEXF edge per tie, carrying ``layer``, ``weight`` and the relations' extra
    columns; ties of undirected layers are marked ``type="undirected"``. Nodes carry the
    organisations' attributes plus ``cluster`` and the score columns; their colour is their
    cluster's (as in :func:`linkages.to_html`), their size grows with the square root of the
    first score (else of degree) and their position is the seeded layout of the HTML map.
    networkx's writer does the XML: about 3 minutes for 1M ties.

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
    from linkages.render.map_page import _cluster_colours, _layout, _sizes

    caller = "write_gexf"
    G, table = _graph(net, clusters, scores, caller=caller)
    src, tgt, _ = net.codes()
    xy = _layout(net.n_organisations, src, tgt, None, seed=seed)
    cluster = (table["cluster"].to_numpy() if "cluster" in table.columns
               else np.full(net.n_organisations, -1))
    colours = _cluster_colours(cluster)
    extra = [c for c in table.columns if c not in net.organisations.columns]
    value = (table[extra[-1]].to_numpy(dtype=float) if extra and extra[-1] != "cluster" else
             np.bincount(np.concatenate([src, tgt]), minlength=net.n_organisations))
    size = _sizes(np.asarray(value, dtype=float), low=2.0, high=20.0)
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
    ET.SubElement(meta, "description").text = json.dumps({_LAYERS_KEY: G.graph["layers"]})
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
    path = _existing(path, caller="read_gexf")
    root = ET.parse(path).getroot()
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    meta = root.find(f"{ns}meta/{ns}description")
    layers = _stored_layers(meta.text if meta is not None else None)
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
    return _from_graph(G, layers)


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
    G, _ = _graph(net, clusters, scores, caller="write_graphml")
    G.graph[_LAYERS_KEY] = json.dumps(G.graph.pop("layers"))
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
    path = _existing(path, caller="read_graphml")
    G = nx.read_graphml(path, force_multigraph=True)
    layers = _stored_layers(G.graph.pop(_LAYERS_KEY, None))
    for *_, data in G.edges(data=True):
        data.pop("id", None)
    return _from_graph(G, layers)


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
    G, _ = _graph(net, clusters, scores, caller="write_json")
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
    path = _existing(path, caller="read_json")
    data = json.loads(path.read_text(encoding="utf-8"))
    edges = "edges" if "edges" in data else "links"
    G = nx.node_link_graph(data, edges=edges)
    return from_networkx(G, duplicates="error")


def write_pajek(net: MultilayerNetwork, path: str | PathLike, *, clusters: Any = None,
                scores: pd.Series | pd.DataFrame | None = None) -> Path:
    """Write a multi-relational Pajek file: one relation per layer.

    Vertices are labelled by organisation id; each layer is one section,
    ``*Arcs :k "name"`` for a directed layer and ``*Edges :k "name"`` for an undirected
    one, with ``source target weight`` lines. A ``.paj`` path writes a Pajek project: the
    network followed by a ``*Partition`` of the clusters and a ``*Vector`` per score and
    per numeric organisation attribute. :func:`linkages.read_pajek` reads either back
    (ids as strings, text attributes only in the other formats).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> path = lk.write_pajek(net, pathlib.Path(tempfile.mkdtemp()) / "net.net")
    >>> print(path.read_text().splitlines()[0])
    *Vertices 300
    >>> back = lk.read_pajek(path)
    >>> back.directed == net.directed and back.n_relations == net.n_relations
    True
    """
    caller = "write_pajek"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    ids = net.organisations.index.astype(str)
    for what, names in (("organisation ids", ids), ("layer names", pd.Index(net.layers))):
        bad = names[names.str.contains('"') | names.str.contains("\n")]
        if len(bad):
            raise InputError(f"write_pajek cannot write {what} holding a double quote or a "
                             f"line break (Pajek labels are quoted): {preview(bad)}.")
    path = Path(path)
    lines = [f"*Vertices {net.n_organisations}"]
    lines += (pd.Series(np.arange(1, net.n_organisations + 1)).astype(str) + ' "'
              + pd.Series(ids) + '"').tolist()
    src, tgt, lay = net.codes()
    weight = pd.Series(net.relations["weight"].to_numpy()).map(repr)
    for k, name in enumerate(net.layers):
        mask = lay == k
        lines.append(f'*{"Arcs" if net.directed[name] else "Edges"} :{k + 1} "{name}"')
        lines += (pd.Series(src[mask] + 1).astype(str) + " " + pd.Series(tgt[mask] + 1)
                  .astype(str) + " " + weight[mask].reset_index(drop=True)).tolist()
    if path.suffix.lower() == ".paj":
        table = _organisations(net, clusters, scores, caller=caller)
        lines.insert(0, f"*Network {path.stem}")
        for column in table.columns:
            values = table[column]
            if not pd.api.types.is_numeric_dtype(values) or values.isna().any():
                continue
            integer = (pd.api.types.is_integer_dtype(values)
                       or pd.api.types.is_bool_dtype(values))
            lines += [f'*{"Partition" if integer else "Vector"} {column}',
                      f"*Vertices {net.n_organisations}"]
            lines += values.astype(np.int64 if integer else float).map(repr).tolist()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_tables(net: MultilayerNetwork, folder: str | PathLike, *, clusters: Any = None,
                 scores: pd.Series | pd.DataFrame | None = None, excel: bool = False,
                 extra: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """Write CSV tables: ``organisations.csv`` (with cluster and score columns),
    ``relations.csv`` and ``layers.csv`` (directedness), plus ``<name>.csv`` for each
    ``extra`` table (leaders, profiles...; its index is written unless it is a plain row
    number); optionally one Excel workbook ``network.xlsx`` with the same tables, a sheet
    each, written in one pass. An Excel sheet holds at most
    :data:`EXCEL_MAX_ROWS` rows: a larger network raises an error before anything is
    written (use ``excel=False``).

    Examples
    --------
    >>> import tempfile
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> folder = lk.write_tables(net, tempfile.mkdtemp(), excel=True)
    >>> sorted(p.name for p in folder.iterdir())
    ['layers.csv', 'network.xlsx', 'organisations.csv', 'relations.csv']
    >>> lk.read_tables(folder).n_relations == net.n_relations
    True
    """
    caller = "write_tables"
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"The 'folder' argument of {caller} must be an existing folder. "
                         f"Got {str(folder)!r} instead.")
    sheets = {"organisations": _organisations(net, clusters, scores, caller=caller),
              "relations": net.relations.assign(layer=net.relations["layer"].astype(str)),
              "layers": pd.DataFrame({"layer": list(net.layers),
                                      "directed": [net.directed[x] for x in net.layers]})}
    for name, table in (extra or {}).items():
        check_type(table, pd.DataFrame, argument="extra", caller=caller,
                   expected="mapping of name to DataFrame")
        if name in sheets:
            raise InputError(f"The 'extra' argument of {caller} must not reuse the names "
                             f"{sorted(sheets)!r}. Got {name!r}.")
        sheets[name] = table
    keep_index = {name: not isinstance(table.index, pd.RangeIndex)
                  for name, table in sheets.items()}
    keep_index.update(organisations=True, relations=False, layers=False)
    too_big = {name: len(t) for name, t in sheets.items() if len(t) > EXCEL_MAX_ROWS}
    if excel and too_big:
        raise InputError(f"The 'excel' argument of {caller} must be False for a network this "
                         f"large: an Excel sheet holds {EXCEL_MAX_ROWS:,} rows; got "
                         + ", ".join(f"{n:,} {name}" for name, n in too_big.items()) + ".")
    for name, table in sheets.items():
        table.to_csv(folder / f"{name}.csv", index=keep_index[name])
    if excel:
        with pd.ExcelWriter(folder / "network.xlsx") as book:
            for name, table in sheets.items():
                table.to_excel(book, sheet_name=name[:31], index=keep_index[name])
    return folder


def read_tables(source: str | PathLike) -> MultilayerNetwork:
    """Read the tables of :func:`write_tables` back: a folder of CSVs or the workbook.

    Examples
    --------
    >>> import tempfile
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> back = lk.read_tables(lk.write_tables(net, tempfile.mkdtemp()))
    >>> back.layers, back.n_relations
    (('production', 'scientific', 'commercial'), 1634)
    """
    caller = "read_tables"
    source = _existing(source, caller=caller)
    if source.is_dir():
        sheets = {name: pd.read_csv(source / f"{name}.csv")
                  for name in ("organisations", "relations", "layers")
                  if (source / f"{name}.csv").exists()}
    else:
        sheets = pd.read_excel(source, sheet_name=None)
    missing = [s for s in ("organisations", "relations", "layers") if s not in sheets]
    if missing:
        raise InputError(f"The 'source' argument of {caller} must hold the tables "
                         f"organisations, relations and layers; missing {missing!r}.")
    layers = sheets["layers"]
    directed = dict(zip(layers["layer"].astype(str), layers["directed"].astype(bool)))
    organisations = sheets["organisations"].set_index(sheets["organisations"].columns[0])
    relations = sheets["relations"]
    relations["layer"] = pd.Categorical(relations["layer"].astype(str),
                                        categories=list(directed))
    return MultilayerNetwork(organisations.rename_axis("id"), relations, directed=directed,
                             duplicates="error")


# -- helpers ---------------------------------------------------------------------------------
def _organisations(net: MultilayerNetwork, clusters: Any, scores: Any, *,
                   caller: str) -> pd.DataFrame:
    """Organisations with a ``cluster`` column and the score columns appended."""
    from linkages.render.map import _scores

    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    table = net.organisations.copy()
    if clusters is not None:
        table["cluster"] = as_membership(clusters, net.organisations, caller=caller).to_numpy()
    for column, values in _scores(scores, table.index, caller=caller).items():
        table[column] = values.to_numpy()
    return table


def _graph(net: MultilayerNetwork, clusters: Any, scores: Any, *,
           caller: str) -> tuple[nx.Graph, pd.DataFrame]:
    """The lossless networkx multigraph with cluster and score node attributes."""
    table = _organisations(net, clusters, scores, caller=caller)
    G = to_networkx(net, multigraph=True)
    added = table.drop(columns=net.organisations.columns)
    if len(added.columns):
        nx.set_node_attributes(G, {node: {k: v for k, v in row.items() if pd.notna(v)}
                                   for node, row in added.to_dict("index").items()})
    return G, table


def _stored_layers(text: str | None) -> dict[str, bool] | None:
    if not text:
        return None
    try:
        layers = json.loads(text)
    except ValueError:
        return None
    layers = layers.get(_LAYERS_KEY, layers) if isinstance(layers, Mapping) else None
    return {str(k): bool(v) for k, v in layers.items()} if isinstance(layers, Mapping) else None


def _from_graph(G: nx.Graph, layers: Mapping[str, bool] | None) -> MultilayerNetwork:
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


def _existing(path: str | PathLike, *, caller: str) -> Path:
    check_type(path, (str, PathLike), argument="path", caller=caller, expected="path")
    path = Path(path)
    if not path.exists():
        raise InputError(f"The 'path' argument of {caller} names a file that does not "
                         f"exist: {str(path)!r}.")
    return path


def _json_scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"write_json cannot write a {type(value).__name__} value: {value!r}.")
