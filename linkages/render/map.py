"""The interactive HTML map: one self-contained, offline file per network.

pyvis holds the node and edge records and the vis-network options, and ships the
vis-network library that is inlined into the page. The page itself is the project's own
template (``templates/map.html``) because pyvis 0.3.2 falls short where it matters here:
its offline mode still requests Bootstrap from a CDN, ``add_edge`` drops a second tie
between the same pair (another layer's tie) and scans every edge per call, its filter menu
does not hide a layer's ties, and physics freezes large graphs. So positions are computed
in Python (igraph Fruchterman-Reingold, seeded), physics is off, records are filled in
bulk with a unique id per tie, and the data travel as escaped JSON read by the page's own
script, which builds every user string with ``textContent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_known_ids,
    check_layers,
    check_one_of,
    check_type,
    preview,
)
from linkages.membership import as_membership
from linkages.network import MultilayerNetwork
from linkages.render.map_page import (
    FAST_EDGES,
    OVERVIEW_MAX_LINES,
    PHYSICS_MAX_NODES,
    _cluster_colours,
    _cluster_legend,
    _json_rows,
    _layer_info,
    _layout,
    _options,
    _pyvis,
    _render,
    _sizes,
    _widths,
    _write,
)
from linkages.views import aggregate_ties

if TYPE_CHECKING:
    pass

__all__ = ["to_html"]



def to_html(net: MultilayerNetwork, path: str | PathLike, *, clusters: Any = None,
            scores: pd.Series | pd.DataFrame | None = None, leaders: Any = None,
            layers: str | Sequence[str] | None = None, size_by: str | None = None,
            max_nodes: int = 5000, max_pages: int | None = 20, physics: bool = False,
            title: str = "Linkages map", seed: int = 0) -> Path:
    """Write an interactive map of the network to one self-contained HTML file.

    The page works offline and makes no network request: vis-network (shipped by pyvis)
    and the data are inline. Organisations are coloured by cluster, sized by a score and
    placed by a seeded Fruchterman-Reingold layout of the aggregate network (ties within a
    cluster pull 5 times harder, so clusters sit together). Every tie of every layer is
    drawn, coloured by layer, with arrows on directed layers. The side panel has a
    checkbox per layer that hides and shows that layer's ties, a legend of clusters and
    layers and a search box by organisation name; hovering an organisation shows its
    attributes, cluster and scores. Leaders get a thick black border and a starred label.
    All user text is shown as text, never interpreted as HTML. Above
    :data:`FAST_EDGES` (10,000) ties the page strokes the ties itself, one canvas path per
    layer (still every tie, still toggled per layer) instead of one vis-network object per
    tie, which would take seconds to build: then ties have no arrows and no tooltips.

    Above ``max_nodes`` organisations the page is an overview: one node per cluster
    (sized by members, labelled with its leaders) and, per layer, one tie per pair of
    clusters weighted by the ties between them; each cluster of at most ``max_nodes``
    organisations (the ``max_pages`` largest of them) gets its own drill-down page in the
    folder ``<stem>_clusters/`` beside ``path``, linked from the legend and by
    double-clicking its node; the overview says which clusters have no page and why. The
    overview needs ``clusters``: a network that large is not partitioned silently (no
    clusters raises an error that says what to pass).

    Parameters
    ----------
    net : MultilayerNetwork
    path : str or path
        The HTML file to write (its folder must exist).
    clusters : find_clusters result, Series or sequence, optional
        Cluster of each organisation (colours; overview mode).
    scores : Series or DataFrame, optional
        Scores indexed by organisation id (e.g. ``centrality``), shown in tooltips.
    leaders : sequence of ids, boolean Series or DataFrame, optional
        Organisations to highlight, e.g. the result of ``leading_firms`` (its
        ``organisation`` or ``id`` column, else its index).
    layers : str or list of str, optional
        Layers to draw; all by default.
    size_by : str, optional
        What sets node size: a column of ``scores``, a numeric organisation attribute or
        ``'degree'`` (ties in the drawn layers). Default: the first score, else degree.
        Sizes grow with the square root of the value (area proportional to it).
    max_nodes : int
        Most organisations drawn one by one in a page (5,000 render in about 2 s).
    max_pages : int or None
        Overview mode: drill-down pages for at most this many clusters, the largest first
        (None: every cluster). Each page costs about a second to write.
    physics : bool
        Let vis-network's physics move the nodes (allowed up to 500 organisations).
    title : str
        Page title.
    seed : int
        Seed of the layout: the same seed writes the same file.

    Returns
    -------
    pathlib.Path
        The file written (the overview page in overview mode).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> out = lk.to_html(net, pathlib.Path(tempfile.mkdtemp()) / "map.html",
    ...                  clusters=net.organisations["planted_cluster"])
    >>> import json, re
    >>> text = out.read_text(encoding="utf-8")
    >>> data = json.loads(re.search(r'id="linkages-data">(.*?)</script>', text)[1])
    >>> len(data["nodes"]), len(data["edges"]), [c["members"] for c in data["clusters"]]
    (300, 1634, [86, 77, 69, 68])
    """
    caller = "to_html"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    layers = check_layers(layers, net.layers, caller=caller)
    if not isinstance(max_nodes, int | np.integer) or max_nodes < 1:
        raise InputError(f"The 'max_nodes' argument of {caller} must be a positive integer. "
                         f"Got {max_nodes!r} instead.")
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError(f"The 'path' argument of {caller} must be in an existing folder. "
                         f"Got {str(path)!r} instead.")
    ids = net.organisations.index
    membership = (None if clusters is None
                  else as_membership(clusters, net.organisations, caller=caller))
    scores = _scores(scores, ids, caller=caller)
    leader = _leaders(leaders, ids, caller=caller)
    values = _size_values(net, layers, scores, size_by, caller=caller)
    if physics and net.n_organisations > PHYSICS_MAX_NODES:
        raise InputError(f"The 'physics' argument of {caller} may be True only up to "
                         f"{PHYSICS_MAX_NODES} organisations (physics freezes larger pages); "
                         f"this network has {net.n_organisations:,}.")
    if net.n_organisations <= max_nodes:
        page = _map_page(net, layers, membership, scores, leader, values, physics=physics,
                         title=title, seed=seed)
        _write(path, page)
        return path
    if membership is None:
        raise InputError(f"{caller} draws at most max_nodes={max_nodes:,} organisations one by "
                         f"one; this network has {net.n_organisations:,}. Pass clusters= "
                         "(e.g. lk.find_clusters(net)) to write an overview with one node per "
                         "cluster and a page per cluster, or raise max_nodes.")
    if max_pages is not None and (not isinstance(max_pages, int | np.integer) or max_pages < 0):
        raise InputError(f"The 'max_pages' argument of {caller} must be a non-negative integer "
                         f"or None. Got {max_pages!r} instead.")
    _overview(net, path, layers, membership, scores, leader, values, max_nodes=max_nodes,
              max_pages=max_pages, title=title, seed=seed)
    return path


# -- inputs ----------------------------------------------------------------------------------
def _scores(scores: Any, ids: pd.Index, *, caller: str) -> pd.DataFrame:
    if scores is None:
        return pd.DataFrame(index=ids)
    check_type(scores, (pd.Series, pd.DataFrame), argument="scores", caller=caller,
               expected="pandas Series or DataFrame indexed by organisation id")
    frame = scores.to_frame(scores.name or "score") if isinstance(scores, pd.Series) else scores
    unknown = frame.index.difference(ids)
    if len(unknown):
        raise InputError(f"The 'scores' argument of {caller} names {len(unknown)} "
                         f"organisations not in the network: {preview(unknown)}.")
    frame = frame.reindex(ids)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _leaders(leaders: Any, ids: pd.Index, *, caller: str) -> np.ndarray:
    mask = np.zeros(len(ids), dtype=bool)
    if leaders is None:
        return mask
    if isinstance(leaders, pd.DataFrame):
        column = next((c for c in ("organisation", "id", "organisation_id")
                       if c in leaders.columns), None)
        leaders = leaders[column] if column else leaders.index.to_series()
    if isinstance(leaders, pd.Series) and leaders.dtype == bool:
        leaders = leaders.index[leaders.to_numpy()]
    if isinstance(leaders, str) or not isinstance(leaders, Sequence | pd.Index | pd.Series
                                                  | np.ndarray | set):
        raise TypeError(f"The 'leaders' argument of {caller} must be a sequence of organisation "
                        f"ids, a boolean Series or a DataFrame. Got {type(leaders).__name__} "
                        "instead.")
    pos = check_known_ids(pd.Series(list(leaders), dtype=object), ids, argument="leaders",
                          caller=caller)
    mask[pos] = True
    return mask


def _size_values(net: MultilayerNetwork, layers: list[str], scores: pd.DataFrame,
                 size_by: str | None, *, caller: str) -> pd.Series:
    numeric = [c for c in net.organisations.columns
               if pd.api.types.is_numeric_dtype(net.organisations[c])
               and not pd.api.types.is_bool_dtype(net.organisations[c])]
    if size_by is None:
        size_by = scores.columns[0] if len(scores.columns) else "degree"
    check_one_of(size_by, ["degree", *scores.columns, *numeric], argument="size_by",
                 caller=caller)
    if size_by in scores.columns:
        values = pd.to_numeric(scores[size_by], errors="coerce")
    elif size_by == "degree":
        src, tgt, lay = net.codes()
        chosen = np.isin(lay, [net.layers.index(name) for name in layers])
        degree = np.bincount(np.concatenate([src[chosen], tgt[chosen]]),
                             minlength=net.n_organisations)
        values = pd.Series(degree, index=net.organisations.index, dtype=float)
    else:
        values = net.organisations[size_by].astype(float)
    return values.rename(size_by)


# -- pages -----------------------------------------------------------------------------------
def _map_page(net: MultilayerNetwork, layers: list[str], membership: pd.Series | None,
              scores: pd.DataFrame, leader: np.ndarray, values: pd.Series, *, physics: bool,
              title: str, seed: int, note: str = "", back: dict | None = None) -> str:
    """The page of one network drawn organisation by organisation."""
    orgs = net.organisations
    n = len(orgs)
    src, tgt, lay = net.codes()
    chosen = np.isin(lay, [net.layers.index(name) for name in layers])
    cluster = membership.to_numpy() if membership is not None else np.full(n, -1)
    # layout of the pairs tied in any drawn layer; pairs within a cluster pull harder
    s, t, _, _ = aggregate_ties(net, layers=layers, directed=False)
    pull = np.where(cluster[s] == cluster[t], 5.0, 1.0) if membership is not None else None
    xy = _layout(n, s, t, pull, seed=seed)
    names = (orgs["name"].astype(object).where(orgs["name"].notna(), orgs.index.to_series())
             if "name" in orgs.columns else orgs.index.to_series()).astype(str).to_numpy()

    colour = _cluster_colours(cluster)
    size = _sizes(values.to_numpy(dtype=float))
    show_label = leader | (n <= 100)   # more labels hide the map; hover shows names
    node = pd.DataFrame({
        "id": np.arange(n), "x": xy[:, 0].round(1), "y": xy[:, 1].round(1),
        "size": size.round(2), "label": np.where(show_label, names, ""),
        "color": colour, "borderWidth": np.where(leader, 4, 1)})
    node.loc[leader, "label"] = "\u2605 " + node.loc[leader, "label"]
    records = node.to_dict("records")
    for i in np.flatnonzero(leader):  # few: a loop over leaders only
        records[i]["color"] = {"background": colour[i], "border": "#000000"}
        records[i]["font"] = {"size": 16, "strokeWidth": 3}

    # Tooltip rows: id, attributes, cluster, scores, leader flag (values as JSON scalars).
    info = orgs.rename_axis("id").reset_index()
    if membership is not None:
        info["cluster"] = cluster
    info = pd.concat([info.reset_index(drop=True), scores.reset_index(drop=True)], axis=1)
    info["leader"] = np.where(leader, "yes", "no")
    info = info.loc[:, ~info.columns.duplicated()]

    rel = net.relations[chosen]
    layer_pos = {net.layers.index(name): i for i, name in enumerate(layers)}
    edge_layer = pd.Series(lay[chosen]).map(layer_pos).to_numpy()
    weight = rel["weight"].to_numpy()
    edge = pd.DataFrame({"id": np.flatnonzero(chosen), "from": src[chosen], "to": tgt[chosen],
                         "layer": edge_layer, "width": _widths(weight, edge_layer),
                         "weight": weight})
    layer_info = _layer_info(net, layers, np.bincount(edge_layer, minlength=len(layers)))
    legend = _cluster_legend(cluster, names, leader, values.to_numpy(dtype=float))
    fast = len(edge) > FAST_EDGES
    summary = (f"{n:,} organisations, {int(chosen.sum()):,} ties in {len(layers)} layers. "
               f"Node size: {values.name}.")
    if fast:
        summary += (f" More than {FAST_EDGES:,} ties: drawn as plain lines (no arrows, no tie "
                    "tooltips) so the page stays fast.")
    vis = _pyvis(heading=title, directed=any(net.directed[x] for x in layers))
    vis.nodes, vis.node_ids = records, list(range(n))   # bulk fill: no per-edge scans
    vis.edges = edge.to_dict("records")                 # one record per tie, unique ids
    vis.options = _options(physics=physics, n_edges=len(edge))
    payload = {"title": title, "summary": summary, "note": note, "back": back,
               "fastEdges": fast,
               "names": names.tolist(), "fields": [str(c) for c in info.columns],
               "info": _json_rows(info), "layers": layer_info, "clusters": legend}
    return _render(vis, payload)


def _overview(net: MultilayerNetwork, path: Path, layers: list[str], membership: pd.Series,
              scores: pd.DataFrame, leader: np.ndarray, values: pd.Series, *, max_nodes: int,
              max_pages: int | None, title: str, seed: int) -> None:
    """One node per cluster, ties aggregated per layer, and a drill-down page per cluster."""
    cluster = membership.to_numpy()
    labels, members = np.unique(cluster, return_counts=True)
    if len(labels) > max_nodes:
        raise InputError(f"to_html's overview has one node per cluster, but the 'clusters' "
                         f"argument has {len(labels):,} clusters, more than max_nodes="
                         f"{max_nodes:,}. Pass a coarser partition or raise max_nodes.")
    order = np.lexsort((labels, -members))  # largest first, as cluster 0 is
    labels, members = labels[order], members[order]
    k = len(labels)
    code = pd.Index(labels).get_indexer(cluster)
    names = (net.organisations["name"].astype(str).to_numpy() if "name" in
             net.organisations.columns else net.organisations.index.astype(str).to_numpy())
    legend = _cluster_legend(cluster, names, leader, values.to_numpy(dtype=float))
    by_label = {c["id"]: c for c in legend}

    folder = path.with_name(path.stem + "_clusters")
    src, tgt, lay = net.codes()
    hrefs: list[str | None] = []
    skipped, unpaged = [], 0
    for label, size in zip(labels.tolist(), members.tolist()):
        if size > max_nodes:
            hrefs.append(None)
            skipped.append(f"{by_label[label]['label']} ({size:,})")
            continue
        if max_pages is not None and len(hrefs) - len(skipped) - unpaged >= max_pages:
            hrefs.append(None)
            unpaged += 1
            continue
        folder.mkdir(exist_ok=True)
        name = f"cluster-{label}.html"
        hrefs.append(f"{folder.name}/{name}")
        keep = cluster == label
        outside = int((keep[src] != keep[tgt]).sum())
        page = _map_page(net.subnetwork(keep), layers, membership[keep], scores[keep], leader[keep],
                         values[keep], physics=False, seed=seed,
                         title=f"{title}: {by_label[label]['label']}",
                         note=(f"{by_label[label]['label']}: {size:,} of "
                               f"{net.n_organisations:,} organisations. Its {outside:,} ties "
                               "with organisations of other clusters are not drawn here."),
                         back={"href": f"../{path.name}", "text": "overview of all clusters"})
        _write(folder / name, page)
    for c, href in zip(legend, hrefs):
        c["href"] = href

    # Ties between clusters: one per (cluster pair, layer), weight = number of ties.
    rel = pd.DataFrame({"a": code[src], "b": code[tgt], "layer": lay,
                        "weight": net.relations["weight"].to_numpy()})
    rel = rel[rel["layer"].isin([net.layers.index(x) for x in layers])]
    undirected = ~np.array([net.directed[x] for x in net.layers])[rel["layer"].to_numpy()]
    a, b = rel["a"].to_numpy(), rel["b"].to_numpy()
    rel["a"], rel["b"] = np.where(undirected, np.minimum(a, b), a), np.where(
        undirected, np.maximum(a, b), b)
    internal = (rel[rel["a"] == rel["b"]].groupby(["a", "layer"]).size().unstack("layer")
                .reindex(index=range(k), columns=[net.layers.index(x) for x in layers])
                .fillna(0).astype(np.int64))
    between = (rel[rel["a"] != rel["b"]].groupby(["a", "b", "layer"])
               .agg(ties=("weight", "size"), total=("weight", "sum")).reset_index())
    layer_pos = {net.layers.index(name): i for i, name in enumerate(layers)}
    between["layer"] = between["layer"].map(layer_pos)
    total_ties = between.groupby(["a", "b"])["ties"].sum().reset_index()
    xy = _layout(k, total_ties["a"].to_numpy(), total_ties["b"].to_numpy(),
                 total_ties["ties"].to_numpy(dtype=float), seed=seed, spread=250.0)

    size = _sizes(members.astype(float), low=15.0, high=70.0)
    leader_text = [", ".join(c["leaders"]) for c in legend]
    node = pd.DataFrame({"id": np.arange(k), "x": xy[:, 0].round(1), "y": xy[:, 1].round(1),
                         "size": size.round(2), "color": [c["color"] for c in legend],
                         "label": [f"{c['label']} ({c['members']:,})"
                                   + (f"\n{t}" if t else "")
                                   for c, t in zip(legend, leader_text)]})
    info = pd.DataFrame({"cluster": labels, "organisations": members,
                         "leaders": leader_text,
                         "page": [h or ("too large for a page" if m > max_nodes else
                                        f"no page (max_pages={max_pages})")
                                  for h, m in zip(hrefs, members.tolist())]})
    for name in layers:
        info[f"{name} ties inside"] = internal[net.layers.index(name)].to_numpy()
    drawn = between                      # the strongest lines only, on the largest networks
    if len(between) > OVERVIEW_MAX_LINES:
        strongest = np.lexsort((between["layer"], between["b"], between["a"],
                                -between["ties"].to_numpy()))[:OVERVIEW_MAX_LINES]
        drawn = between.iloc[np.sort(strongest)]
    edge = pd.DataFrame({"id": np.arange(len(drawn)), "from": drawn["a"],
                         "to": drawn["b"], "layer": drawn["layer"],
                         "width": _widths(drawn["ties"].to_numpy(dtype=float),
                                          drawn["layer"].to_numpy()),
                         "weight": drawn["ties"]})
    edge["extra"] = [[["total weight", float(round(t, 4))]] for t in drawn["total"]]
    layer_info = _layer_info(net, layers, np.bincount(
        between["layer"].to_numpy(dtype=np.int64), weights=between["ties"].to_numpy(),
        minlength=len(layers)).astype(np.int64))
    n_ties = int(np.isin(net.codes()[2], list(layer_pos)).sum())
    note = (f"Overview: {net.n_organisations:,} organisations are more than max_nodes="
            f"{max_nodes:,}, so each of the {k:,} clusters is drawn as one node (size = "
            f"organisations) and the {int(between['ties'].sum()):,} ties between clusters "
            f"(of {n_ties:,}) as one line per pair of clusters and layer (width and weight = "
            "number of ties). Double-click a cluster or use the legend to open its page.")
    if len(drawn) < len(between):
        note += (f" The {len(drawn):,} strongest of these {len(between):,} lines are drawn "
                 f"(each of at least {int(drawn['ties'].min()):,} ties), so the page stays "
                 "fast.")
    if skipped:
        note += (f" Clusters larger than max_nodes have no page: {', '.join(skipped)}.")
    if unpaged:
        note += (f" Only the {max_pages:,} largest clusters have a page (max_pages="
                 f"{max_pages:,}); {unpaged:,} smaller ones have none.")
    vis = _pyvis(heading=title, directed=True)
    vis.nodes, vis.node_ids = node.to_dict("records"), list(range(k))
    vis.edges = edge.to_dict("records")
    vis.options = _options(physics=False, n_edges=len(edge))
    payload = {"title": title, "summary": f"{k:,} clusters of {net.n_organisations:,} "
               "organisations.", "note": note, "back": None,
               "names": [c["label"] for c in legend], "fields": [str(c) for c in info.columns],
               "info": _json_rows(info), "layers": layer_info, "clusters": legend,
               "hrefs": hrefs}
    _write(path, _render(vis, payload))
