"""Pajek network files (``.net``) and projects (``.paj``): reader and writer, one layer
per relation.

Format: Batagelj & Mrvar, *Pajek manual*, "Input file formats"
(http://mrvar.fdv.uni-lj.si/pajek/). :func:`write_pajek` writes what :func:`read_pajek`
reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_layers,
    check_one_of,
    check_type,
    check_weights,
    preview,
)
from linkages.formats.shared import existing_file, organisation_table
from linkages.network import BuildReport, MultilayerNetwork

__all__ = ["read_pajek", "write_pajek"]

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_HEADER = re.compile(r'^\*(\w+)\s*(?::\s*(\d+))?\s*(?:"([^"]*)"|(.*?))\s*$')
_VERTEX = re.compile(rf'^(\d+)\s*(?:"([^"]*)"|(\S+))?\s*({_NUM})?\s*({_NUM})?\s*({_NUM})?')
_TIE = re.compile(rf"^(?:(\d+)\s*:\s*)?(\d+)\s+(\d+)(?:\s+({_NUM}))?")
_TIE_KINDS = {"arcs": True, "arcslist": True, "matrix": True, "edges": False,
              "edgeslist": False}


def read_pajek(path: str | PathLike, *, id: str = "label",
               directed: bool | Mapping[str, bool] | None = None,
               default_layer: str = "default", self_loops: str = "keep",
               duplicates: str = "sum", encoding: str | None = None) -> MultilayerNetwork:
    """Read a Pajek network (``.net``) or project (``.paj``), one layer per relation.

    Pajek's multi-relational form numbers and names relations in the section headers,
    ``*Arcs :1 "production"`` or ``*Edges :2 "scientific"`` (or per line, ``2: 1 5 1.0``);
    every relation becomes a layer named after it (``'relation k'`` when unnamed,
    ``default_layer`` when unnumbered). ``*Arcs``/``*Arcslist``/``*Matrix`` sections make
    a layer directed, ``*Edges``/``*Edgeslist`` undirected; a layer with both is directed
    and its edges count in both directions (noted in the report). Ties without a weight
    weigh 1. Vertex labels (quoted or not) and coordinates ``x y z`` are read; in ``.paj``
    projects, ``*Vector`` and ``*Partition`` sections become organisation columns. The
    ``*Vertices n m`` form of two-mode networks adds a ``mode`` column (1 or 2).

    Parameters
    ----------
    path : str or path
        A Pajek file; ``%`` lines are comments.
    id : {'label', 'number'}
        Organisation ids: the vertex labels (default; they must be unique) or the vertex
        numbers 1..n (labels then go to a ``name`` column).
    directed : bool or mapping of layer to bool, optional
        Override the directedness of the sections, e.g. ``False`` to read the symmetric
        arcs of an undirected relation as edges (reverse arcs then merge by ``duplicates``).
    default_layer : str
        Layer name of ties in sections without a relation number.
    self_loops, duplicates : str
        Policies of :class:`MultilayerNetwork` (reported).
    encoding : str, optional
        Text encoding; default UTF-8, falling back to Latin-1 (common in Pajek files).

    Returns
    -------
    MultilayerNetwork
        With a ``report`` of vertices and tie lines read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import linkages as lk
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "cluster.net"
    >>> _ = path.write_text('''*Vertices 3
    ... 1 "Anchor" 0.1 0.5
    ... 2 "Supplier"
    ... 3 "University"
    ... *Arcs :1 "production"
    ... 2 1 12.5
    ... *Edges :2 "scientific"
    ... 3 1
    ... 3 2
    ... ''')
    >>> net = lk.read_pajek(path)
    >>> net
    MultilayerNetwork(3 organisations, 3 relations in 2 layers:
    production (1, directed), scientific (2))
    >>> net.relations[["source", "target", "layer", "weight"]].values.tolist()
    [['Supplier', 'Anchor', 'production', 12.5], ['Anchor', 'University', 'scientific', 1.0],
     ['Supplier', 'University', 'scientific', 1.0]]
    """
    caller = "read_pajek"
    check_one_of(id, ["label", "number"], argument="id", caller=caller)
    lines = pd.Series(_read_text(path, encoding=encoding, caller=caller).splitlines(),
                      dtype=object).str.strip()
    lines = lines[(lines != "") & ~lines.str.startswith("%")].reset_index(drop=True)
    starts = np.flatnonzero(lines.str.startswith("*").to_numpy())
    if len(lines) == 0 or len(starts) == 0 or starts[0] != 0:
        raise InputError(f"The 'path' argument of {caller} is not a Pajek file: it must start "
                         f"with a *Vertices or *Network line. Got {str(path)!r}.")
    report = BuildReport()
    vertices: pd.DataFrame | None = None
    pending: tuple[str | None, bool] | None = None
    ties: list[pd.DataFrame] = []
    names: dict[int, str] = {}
    vectors: dict[tuple[str | None, bool], pd.Series] = {}
    headers = []    # (relation key, is arcs) of every tie section, so empty layers survive
    n_networks = 0
    for start, end in zip(starts, np.r_[starts[1:], len(lines)]):
        match = _HEADER.match(lines[start])
        if match is None:
            raise InputError(f"The 'path' argument of {caller} is not a Pajek file: line "
                             f"{lines[start]!r} is not a *section header.")
        kind, number = match[1].lower(), int(match[2]) if match[2] else None
        title, body = match[3] if match[3] is not None else match[4], lines[start + 1:end]
        if kind == "network":
            n_networks += 1
            if n_networks > 1:
                raise InputError(f"The 'path' argument of {caller} holds several *Network "
                                 "sections; read_pajek reads one network per file. Save the "
                                 "networks of the project one per file.")
        elif kind == "vertices" and pending is not None:
            if pending[0] is not None:  # the values of the *Vector/*Partition just named
                vectors[pending] = body
            pending = None
        elif kind == "vertices":
            if vertices is not None:
                raise InputError(f"The 'path' argument of {caller} has two *Vertices "
                                 "sections for one network.")
            vertices = _pajek_vertices(title, body, caller=caller)
        elif kind in ("vector", "partition"):
            pending = (title or f"{kind} {len(vectors) + 1}", kind == "partition")
        elif kind in _TIE_KINDS:
            if number is not None and title:
                names.setdefault(number, title)
            headers.append((-1 if number is None else number, _TIE_KINDS[kind]))
            ties.append(_pajek_ties(kind, number, body, n=0 if vertices is None else
                                    len(vertices), caller=caller))
        else:   # *Cluster, *Permutation, *Hierarchy...: also followed by *Vertices n
            report.note(f"Pajek section *{match[1]} {title or ''} ignored".replace("  ", " "))
            pending = (None, False)
    if vertices is None:
        raise InputError(f"The 'path' argument of {caller} has no *Vertices section.")
    n = len(vertices)
    for (name, is_partition), body in vectors.items():
        values = pd.to_numeric(body, errors="coerce").to_numpy()
        if len(values) != n or np.isnan(values).any():
            raise InputError(f"The 'path' argument of {caller} has a *Vector/*Partition "
                             f"{name!r} of {len(values)} values (some not numeric?) for "
                             f"{n} vertices.")
        vertices[name] = values.astype(np.int64) if is_partition else values

    # organisation ids
    labels = vertices.pop("label")
    if id == "label":
        if labels.duplicated().any():
            dup = labels[labels.duplicated()].unique()
            raise InputError(f"The 'path' argument of {caller} has {len(dup)} vertex labels "
                             f"used more than once: {preview(dup)}; pass id='number' to use "
                             "vertex numbers as organisation ids.")
        vertices.index = pd.Index(labels.to_numpy(), name="id")
    else:
        vertices.insert(0, "name", labels.to_numpy())
        vertices.index = pd.Index(np.arange(1, n + 1), name="id")
    report.add("Pajek vertices", rows_in=n, rows_out=n)

    # relations: one layer per relation number
    table = (pd.concat(ties, ignore_index=True) if ties else
             pd.DataFrame({"relation": [], "source": [], "target": [], "weight": [],
                           "arcs": []}))
    table["weight"] = check_weights(table["weight"], argument="path", caller=caller)
    bad = (table["source"] < 1) | (table["source"] > n) | (table["target"] < 1) | (
        table["target"] > n)
    if bad.any():
        pairs = list(zip(table.loc[bad, "source"], table.loc[bad, "target"]))
        raise InputError(f"The 'path' argument of {caller} has {int(bad.sum())} ties with a "
                         f"vertex number outside 1..{n}, e.g. {preview(pairs, 3)}.")
    sections = pd.DataFrame(headers, columns=["relation", "arcs"])
    seen = pd.concat([sections, table[["relation", "arcs"]]], ignore_index=True)
    layer_of = {k: (default_layer if k < 0 else names.get(k, f"relation {k}"))
                for k in dict.fromkeys(seen["relation"])}
    table["layer"] = table["relation"].map(layer_of)
    layers = list(dict.fromkeys(layer_of.values()))
    in_file = seen.groupby(seen["relation"].map(layer_of), sort=False)["arcs"].any().to_dict()
    if directed is None or isinstance(directed, bool):
        final = {name: in_file[name] if directed is None else directed for name in layers}
    else:
        check_type(directed, Mapping, argument="directed", caller=caller,
                   expected="bool or mapping of layer name to bool")
        check_layers(list(directed), layers, argument="directed", caller=caller)
        final = {name: bool(directed.get(name, in_file[name])) for name in layers}
    # edges in a directed layer stand for arcs both ways
    double = (~table["arcs"] & table["layer"].map(final).astype(bool)
              & (table["source"] != table["target"]))
    if double.any():
        report.note(f"{int(double.sum())} *Edges lines in directed layers read as arcs in "
                    "both directions")
        flipped = table[double].rename(columns={"source": "target", "target": "source"})
        table = pd.concat([table, flipped], ignore_index=True)
    report.add("Pajek tie lines", rows_in=len(table) - int(double.sum()), rows_out=len(table))
    ids = vertices.index
    relations = pd.DataFrame({
        "source": ids.take(table["source"].to_numpy(np.int64) - 1),
        "target": ids.take(table["target"].to_numpy(np.int64) - 1),
        "layer": pd.Categorical(table["layer"], categories=layers),
        "weight": table["weight"].to_numpy()})
    return MultilayerNetwork(vertices, relations, directed=final, self_loops=self_loops,
                             duplicates=duplicates, report=report)


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
        table = organisation_table(net, clusters, scores, caller=caller)
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


def _read_text(path: str | PathLike, *, encoding: str | None, caller: str) -> str:
    path = existing_file(path, caller=caller)
    if encoding is not None:
        return path.read_text(encoding=encoding)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return path.read_text(encoding="latin-1")


def _pajek_vertices(title: str, body: pd.Series, *, caller: str) -> pd.DataFrame:
    sizes = (title or "").split()
    if not sizes or not sizes[0].isdigit():
        raise InputError(f"The 'path' argument of {caller} must give the vertex count, "
                         f"'*Vertices n'. Got '*Vertices {title}' instead.")
    n = int(sizes[0])
    parts = body.str.extract(_VERTEX)
    if parts[0].isna().any():
        raise InputError(f"The 'path' argument of {caller} has {int(parts[0].isna().sum())} "
                         f"vertex lines not starting with a number, e.g. "
                         f"{preview(body[parts[0].isna()], 3)}.")
    number = parts[0].astype(np.int64).to_numpy()
    if ((number < 1) | (number > n)).any() or len(np.unique(number)) < len(number):
        raise InputError(f"The 'path' argument of {caller} must number its {n} vertices "
                         "1..n, each once.")
    # vertices without a line are labelled by their number (Pajek's rule)
    table = pd.DataFrame({"label": [str(i) for i in range(1, n + 1)]}, dtype=object)
    table.loc[number - 1, "label"] = parts[1].fillna(parts[2]).fillna(parts[0]).to_numpy()
    for column, axis in zip((3, 4, 5), "xyz"):
        if parts[column].notna().any():
            table[axis] = np.nan
            table.loc[number - 1, axis] = parts[column].astype(float).to_numpy()
    if len(sizes) > 1 and sizes[1].isdigit():    # two-mode: the first m vertices are mode 1
        table["mode"] = np.where(np.arange(n) < int(sizes[1]), 1, 2)
    return table


def _pajek_ties(kind: str, number: int | None, body: pd.Series, *, n: int,
                caller: str) -> pd.DataFrame:
    relation = -1 if number is None else number
    if kind in ("arcs", "edges"):
        parts = body.str.extract(_TIE)
        if parts[1].isna().any():
            raise InputError(f"The 'path' argument of {caller} has "
                             f"{int(parts[1].isna().sum())} *{kind} lines that are not "
                             f"'source target [weight]', e.g. "
                             f"{preview(body[parts[1].isna()], 3)}.")
        rel = parts[0].astype(float).fillna(relation).astype(np.int64)
        src, tgt = parts[1].astype(np.int64), parts[2].astype(np.int64)
        weight = parts[3].astype(float).fillna(1.0)
    elif kind in ("arcslist", "edgeslist"):
        tokens = body.str.split().explode()
        first = ~tokens.index.duplicated()
        src = tokens[first].astype(np.int64).reindex(tokens.index)[~first]
        tgt = tokens[~first].astype(np.int64)
        rel, weight = pd.Series(relation, index=src.index), pd.Series(1.0, index=src.index)
    else:  # matrix: n x n values, row = source
        values = pd.to_numeric(body.str.split().explode(), errors="coerce").to_numpy()
        if n == 0 or len(values) != n * n or np.isnan(values).any():
            raise InputError(f"The 'path' argument of {caller} has a *Matrix of "
                             f"{len(values)} values; expected {n} x {n} numbers after "
                             "*Vertices.")
        row, col = np.nonzero(values.reshape(n, n))
        src, tgt = pd.Series(row + 1), pd.Series(col + 1)
        weight = pd.Series(values.reshape(n, n)[row, col])
        rel = pd.Series(relation, index=src.index)
    return pd.DataFrame({"relation": rel.to_numpy(), "source": src.to_numpy(),
                         "target": tgt.to_numpy(), "weight": weight.to_numpy(),
                         "arcs": _TIE_KINDS[kind]})
