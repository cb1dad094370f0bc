"""What the map's pages show: one network drawn organisation by organisation, or an
overview with one node per cluster and a drill-down page per cluster.

Positions are computed in Python (seeded layout, physics off), records are filled in bulk
with a unique id per tie (a second tie between the same pair, in another layer, is kept),
and every user string travels as data the page's script shows with ``textContent``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from linkages._validation import InputError
from linkages.network import MultilayerNetwork
from linkages.render.annotations import cluster_text
from linkages.render.geo import Projection, Territory, side_positions
from linkages.render.links import relative_href
from linkages.render.map_template import json_rows, render_page
from linkages.render.map_webgl import render_webgl
from linkages.render.style import (
    cluster_colours,
    edge_widths,
    layer_colour,
    layer_dashes,
    layout,
    node_sizes,
    short_labels,
    tie_bends,
)
from linkages.views import aggregate_ties, graph_from_ties, igraph_seed

__all__ = ["FAST_EDGES", "LABEL_CHARS", "OVERVIEW_MAX_LINES", "LeafPages", "MapContent",
           "label_offsets", "network_page", "network_xy", "split_cluster", "start_scale",
           "write_overview"]

#: Above this many ties the page draws them itself (plain lines, no arrows or tie tooltips):
#: vis-network builds a heavy object per edge, too slow to build for tens of thousands.
FAST_EDGES = 10_000
#: Labels drawn on the map are cut to this many characters (tooltips show the full name).
LABEL_CHARS = 40
#: The map's drawing area the first view is planned for (a 1280 x 800 window less the panel).
VIEW = (990.0, 800.0)
#: The overview draws at most this many lines between clusters, the strongest (most ties):
#: 725 clusters at 1M organisations have about 1M linked pairs, an 80 MB page.
OVERVIEW_MAX_LINES = 20_000


@dataclass(frozen=True)
class MapContent:
    """What a map shows, read and checked: one entry per organisation of ``net``.

    ``membership`` is None without clusters; ``leader`` is a boolean mask; ``values`` set
    the node sizes (named after what they are). ``coordinates`` are the latitude and
    longitude of each organisation (NaN: unknown; None: no geographic layout), ``layout``
    the layouts drawn (``"network"``, ``"geographic"`` or ``"both"``, which opens in the
    geographic one), ``territory`` what is drawn under the geographic layout. ``labels``
    name clusters (cluster number -> text) and ``themes`` give each its top theme lines.
    ``positions`` (n x 2, pixels) fix the network layout (None: computed), ``guessed``
    marks the organisations the given positions did not cover (placed by the page), and
    ``frame`` (x0, y0, x1, y1) is what the first view of the network layout shows (None:
    the nodes), so pages sharing a positions table open on the same view. ``geo_frame``
    (latitudes and longitudes, NaN: unknown) are the organisations the geographic layout's
    projection and first view are fitted on (None: the page's own), so pages sharing them
    put an organisation at the same spot.
    """

    net: MultilayerNetwork
    layers: list[str]
    membership: pd.Series | None
    scores: pd.DataFrame
    leader: np.ndarray
    values: pd.Series
    coordinates: tuple[np.ndarray, np.ndarray] | None = None
    layout: str = "network"
    territory: Territory | None = None
    labels: dict[int, str] = field(default_factory=dict)
    themes: dict[int, list[str]] = field(default_factory=dict)
    positions: np.ndarray | None = None
    guessed: np.ndarray | None = None
    frame: tuple[float, float, float, float] | None = None
    geo_frame: tuple[np.ndarray, np.ndarray] | None = None

    def part(self, keep: np.ndarray) -> MapContent:
        """The same content for the organisations where ``keep`` is True."""
        coordinates = (None if self.coordinates is None
                       else (self.coordinates[0][keep], self.coordinates[1][keep]))
        layout_ = self.layout
        if coordinates is not None and not np.isfinite(coordinates[0]).any():
            coordinates, layout_ = None, "network"      # none of these has coordinates
        return MapContent(self.net.subnetwork(keep), self.layers,
                          None if self.membership is None else self.membership[keep],
                          self.scores[keep], self.leader[keep], self.values[keep],
                          coordinates, layout_, self.territory, self.labels, self.themes,
                          None if self.positions is None else self.positions[keep],
                          None if self.guessed is None else self.guessed[keep])
        # (a part's page, a cluster of the overview, frames and projects its own nodes)


def network_xy(net: MultilayerNetwork, layers: Sequence[str], membership: pd.Series | None,
               *, seed: int) -> np.ndarray:
    """The network layout of a page drawn organisation by organisation (n x 2 pixels).

    Seeded Fruchterman-Reingold (:func:`~linkages.render.style.layout`) of the pairs tied
    in any of ``layers``; with clusters, pairs within a cluster pull 5 times harder and
    above :data:`~linkages.render.style.LAYOUT_SPLIT` organisations the clusters are laid
    out part by part.
    """
    n = net.n_organisations
    cluster = membership.to_numpy() if membership is not None else np.full(n, -1)
    s, t, _, _ = aggregate_ties(net, layers=list(layers), directed=False)
    pull = np.where(cluster[s] == cluster[t], 5.0, 1.0) if membership is not None else None
    return layout(n, s, t, pull, seed=seed, groups=None if membership is None else cluster)


def positions_text(content: MapContent) -> str:
    """What the summary says of organisations the given positions did not cover."""
    guessed = 0 if content.guessed is None else int(content.guessed.sum())
    if not guessed:
        return ""
    return (f" {guessed:,} organisations missing from the given positions are placed near "
            "their partners (or beside the map).")


def placements(content: MapContent, lat: np.ndarray | None, lon: np.ndarray | None,
               network_xy: Callable[[], np.ndarray], *, n: int, spread: float,
               what: str = "organisations",
               geo_frame: tuple[np.ndarray, np.ndarray] | None = None,
               ) -> tuple[str, dict[str, np.ndarray], dict | None]:
    """The first layout, the positions of each layout drawn, and the page's ``geo`` data.

    Geographic positions: the points with coordinates projected (:mod:`geo`), scaled to
    span the width of the network layout (``2 * spread * sqrt(n)`` pixels, at least 600);
    those without in a grid to the right of them, which the page's note says. With
    ``geo_frame`` (latitudes and longitudes of other points, NaN: unknown) the projection
    is fitted on those (its width from their number) and the grid put to their right, and
    ``geo["box"]`` (x0, y0, x1, y1) frames them and the page's points: pages given one
    ``geo_frame`` draw a point at the same place and open on the same view.
    """
    modes: dict[str, np.ndarray] = {}
    if content.layout in ("network", "both") or lat is None or lon is None:
        modes["network"] = network_xy()
    if content.layout == "network" or lat is None or lon is None:
        return "network", modes, None
    known = np.isfinite(lat) & np.isfinite(lon)
    if geo_frame is None:
        fit_lat, fit_lon, size = lat[known], lon[known], n
    else:
        inside = np.isfinite(geo_frame[0]) & np.isfinite(geo_frame[1])
        fit_lat, fit_lon, size = geo_frame[0][inside], geo_frame[1][inside], len(geo_frame[0])
    projection = Projection.fit(fit_lat, fit_lon,
                                width=max(600.0, 2 * spread * np.sqrt(max(size, 1))))
    xy = np.zeros((n, 2))
    xy[known] = projection.project(lat[known], lon[known])
    beside = (xy[known] if geo_frame is None
              else np.vstack([projection.project(fit_lat, fit_lon), xy[known]]))
    xy[~known] = side_positions(int((~known).sum()), beside)
    modes["geographic"] = xy
    note = (f"Geographic layout: {int(known.sum()):,} {what} at their coordinates "
            f"(equirectangular projection around latitude {projection.lat0:.2f}, longitude "
            f"{projection.lon0:.2f}; {projection.scale:.3g} pixels per km).")
    if not known.all():
        note += (f" {int((~known).sum()):,} {what} without coordinates are drawn in a grid "
                 "to the right of the map.")
    geo = {**projection.to_dict(), "placed": int(known.sum()), "note": note,
           "unplaced": np.flatnonzero(~known).tolist(),
           "territory": (None if content.territory is None
                         else content.territory.projected(projection))}
    if geo_frame is not None:
        every = np.vstack([beside, xy])
        low, high = every.min(axis=0), every.max(axis=0)
        geo["box"] = (float(low[0]), float(low[1]), float(high[0]), float(high[1]))
    return "geographic", modes, geo


def layout_payload(start: str, modes: dict[str, np.ndarray], geo: dict | None,
                   frame: tuple[float, float, float, float] | None = None) -> dict:
    """Positions of every layout drawn, as flat [x0, y0, x1, y1, ...] lists, and the box
    the first view of each layout frames (``frame``: layout -> [x0, y0, x1, y1]; the
    network layout's from ``frame``, the geographic one's from ``geo["box"]``; none: the
    page fits its nodes)."""
    framed = {}
    if frame is not None and "network" in modes:
        framed["network"] = [round(float(v), 1) for v in frame]
    if geo is not None and "box" in geo:
        framed["geographic"] = [round(float(v), 1) for v in geo["box"]]
        geo = {key: value for key, value in geo.items() if key != "box"}
    return {"layoutMode": start, "geo": geo, "frame": framed or None,
            "positions": {mode: xy.round(1).ravel().tolist() for mode, xy in modes.items()}}


def network_page(content: MapContent, *, physics: bool, title: str, seed: int,
                 note: str = "", back: dict | None = None, renderer: str = "vis") -> str:
    """The page of one network drawn organisation by organisation.

    ``renderer``: ``"vis"`` (vis-network) or ``"webgl"`` (sigma.js, :mod:`map_webgl`).
    """
    net, layers, membership = content.net, content.layers, content.membership
    leader, values = content.leader, content.values
    orgs = net.organisations
    n = len(orgs)
    src, tgt, lay = net.codes()
    chosen = np.isin(lay, [net.layers.index(name) for name in layers])
    cluster = membership.to_numpy() if membership is not None else np.full(n, -1)
    # the given positions, else the layout of the pairs tied in any drawn layer
    lat, lon = content.coordinates if content.coordinates is not None else (None, None)
    fixed = content.positions
    start, modes, geo = placements(content, lat, lon,
                                   lambda: (network_xy(net, layers, membership, seed=seed)
                                            if fixed is None else fixed),
                                   n=n, spread=30.0, geo_frame=content.geo_frame)
    xy = modes[start]
    names = (orgs["name"].astype(object).where(orgs["name"].notna(), orgs.index.to_series())
             if "name" in orgs.columns else orgs.index.to_series()).astype(str).to_numpy()

    colour = cluster_colours(cluster)
    if renderer == "webgl":
        return _webgl_page(content, cluster, colour, names, start, modes, geo,
                           title=title, note=note, back=back)
    size = node_sizes(values.to_numpy(dtype=float))
    show_label = leader | (n <= 100)   # more labels hide the map; hover shows names
    text = short_labels(names, limit=LABEL_CHARS)
    text = np.where(leader, "\u2605 " + text.astype(str), text)
    # Leaders' labels are sized to be read at the first zoom (the fit on the nodes), and
    # moved above the node, or further down, when they would overlap another's.
    font = max(16.0, 13.0 / start_scale(xy, size))
    vadjust = label_offsets(xy, size, text, leader, font=font,
                            order=-np.nan_to_num(values.to_numpy(dtype=float), nan=-np.inf))
    hidden = leader & np.isnan(vadjust)
    node = pd.DataFrame({
        "id": np.arange(n), "x": xy[:, 0].round(1), "y": xy[:, 1].round(1),
        "size": size.round(2), "label": np.where(show_label & ~hidden, text, ""),
        "color": colour, "borderWidth": np.where(leader, 4, 1)})
    records = node.to_dict("records")
    for i in np.flatnonzero(leader):  # few: a loop over leaders only
        records[i]["font"] = {"size": round(font, 1), "strokeWidth": 3,
                              "vadjust": 0.0 if hidden[i] else round(float(vadjust[i]), 1)}
        records[i]["color"] = {"background": colour[i], "border": "#000000"}

    info = _tooltip_rows(content, cluster)   # values as JSON scalars

    rel = net.relations[chosen]
    layer_pos = {net.layers.index(name): i for i, name in enumerate(layers)}
    edge_layer = pd.Series(lay[chosen]).map(layer_pos).to_numpy()
    weight = rel["weight"].to_numpy()
    edge = pd.DataFrame({"id": np.flatnonzero(chosen), "from": src[chosen], "to": tgt[chosen],
                         "layer": edge_layer, "width": edge_widths(weight, edge_layer),
                         "weight": weight,
                         "bend": tie_bends(src[chosen], tgt[chosen], edge_layer).round(2)})
    layer_info = _layer_legend(net, layers, np.bincount(edge_layer, minlength=len(layers)))
    legend = _cluster_legend(cluster, names, leader, values.to_numpy(dtype=float),
                             labels=content.labels, themes=content.themes)
    fast = len(edge) > FAST_EDGES
    summary = (f"{n:,} organisations, {int(chosen.sum()):,} ties in {len(layers)} layers. "
               f"Node size: {values.name}.{positions_text(content)}")
    if fast:
        summary += (f" More than {FAST_EDGES:,} ties: the page draws them itself (curves, "
                    "arrows and tie tooltips as below) so it stays fast.")
    if hidden.any():
        summary += (f" {int(hidden.sum()):,} leaders' labels would overlap others' and are "
                    "not drawn (hover or search shows them).")
    payload = {"title": title, "summary": summary, "note": note, "back": back,
               "fastEdges": fast,
               "names": names.tolist(), "fields": [str(c) for c in info.columns],
               "info": json_rows(info), "layers": layer_info, "clusters": legend,
               **layout_payload(start, modes, geo, content.frame)}
    return render_page(records, edge.to_dict("records"), payload, title=title,
                       directed=any(net.directed[x] for x in layers), physics=physics)


def _tooltip_rows(content: MapContent, cluster: np.ndarray) -> pd.DataFrame:
    """Tooltip rows: id, attributes, cluster, scores, leader flag."""
    orgs = content.net.organisations
    info = orgs.rename_axis("id").reset_index()
    if content.membership is not None:
        info["cluster"] = cluster
        if content.labels:
            info["cluster label"] = [cluster_text(content.labels, c) for c in cluster.tolist()]
    info = pd.concat([info.reset_index(drop=True), content.scores.reset_index(drop=True)],
                     axis=1)
    info["leader"] = np.where(content.leader, "yes", "no")
    return info.loc[:, ~info.columns.duplicated()]


def _webgl_page(content: MapContent, cluster: np.ndarray, colour: np.ndarray,
                names: np.ndarray, start: str, modes: dict[str, np.ndarray],
                geo: dict | None, *, title: str, note: str, back: dict | None) -> str:
    """The network page drawn by sigma.js (WebGL): every organisation and tie."""
    net, layers = content.net, content.layers
    src, tgt, lay = net.codes()
    chosen = np.isin(lay, [net.layers.index(name) for name in layers])
    layer_pos = {net.layers.index(name): i for i, name in enumerate(layers)}
    edge_layer = pd.Series(lay[chosen]).map(layer_pos).to_numpy(dtype=np.int64)
    values = content.values.to_numpy(dtype=float)
    info = _tooltip_rows(content, cluster)
    summary = (f"{len(names):,} organisations, {int(chosen.sum()):,} ties in {len(layers)} "
               f"layers. Node size: {content.values.name}. Drawn with WebGL (sigma.js): "
               "every tie; leaders labelled, hover an organisation or a tie for its details, "
               "click an organisation to list its ties.")
    summary += positions_text(content)
    if any(net.directed[x] for x in layers):
        summary += " Ties of directed layers have arrow heads."
    payload = {"title": title, "summary": summary, "note": note, "back": back,
               "names": names.tolist(), "fields": [str(c) for c in info.columns],
               "info": json_rows(info),
               "layers": _layer_legend(net, layers, np.bincount(edge_layer,
                                                                minlength=len(layers))),
               "clusters": _cluster_legend(cluster, names, content.leader, values,
                                           labels=content.labels, themes=content.themes),
               **layout_payload(start, modes, geo, content.frame)}
    return render_webgl(n=len(names), values=values, colour=colour, leader=content.leader,
                        names=names, label_chars=LABEL_CHARS, src=src[chosen],
                        tgt=tgt[chosen], edge_layer=edge_layer,
                        weight=net.relations["weight"].to_numpy()[chosen], payload=payload,
                        title=title)


def split_cluster(content: MapContent, *, max_nodes: int, seed: int) -> np.ndarray:
    """Sub-clusters of a cluster too large for one page, numbered largest first.

    Seeded Leiden (modularity, igraph) on the organisations' ties in the drawn layers
    (merged, undirected, weighted), each part larger than ``max_nodes`` split again while
    Leiden splits it (so overviews do not nest in long chains); organisations without ties
    form one sub-cluster. When Leiden leaves the cluster whole, consecutive blocks of
    ``max_nodes`` organisations. At most ``max_nodes`` sub-clusters (the overview draws one
    node each): the largest ``max_nodes - 1`` and the rest together (split again on its own
    page if too large), or at most ``max_nodes`` blocks.
    """
    net = content.net
    n = net.n_organisations
    if max_nodes < 2:
        raise InputError(f"The 'max_nodes' argument of to_html must be at least 2 to split "
                         f"a cluster of {n:,} organisations into sub-clusters. Got "
                         f"{max_nodes} instead.")
    s, t, w, _ = aggregate_ties(net, layers=content.layers, directed=False)
    with igraph_seed(seed):
        part = np.asarray(graph_from_ties(n, s, t, directed=False).community_leiden(
            objective_function="modularity", weights=w.tolist(), n_iterations=2).membership)
        # Leiden often peels a few small parts off one large one; split the largest parts
        # again here (up to max_nodes parts) rather than one page level further down each
        # time, so that the overviews do not nest in long chains
        whole: set[int] = set()                  # parts Leiden keeps whole
        for _ in range(max_nodes):
            sizes = np.bincount(part)
            sizes[list(whole)] = 0
            big = int(sizes.argmax())
            if sizes[big] <= max_nodes or len(sizes) >= max_nodes:
                break
            inside = np.flatnonzero(part == big)
            local = np.full(n, -1)
            local[inside] = np.arange(len(inside))
            keep = (local[s] >= 0) & (local[t] >= 0)
            sub = np.asarray(graph_from_ties(len(inside), local[s[keep]], local[t[keep]],
                                             directed=False).community_leiden(
                objective_function="modularity", weights=w[keep].tolist(),
                n_iterations=2).membership)
            if sub.max() == 0:
                whole.add(big)
                continue
            part[inside] = np.where(sub == 0, big, len(sizes) + sub - 1)
    alone = np.bincount(part)[part] == 1
    part = np.where(alone, part.max() + 1, part)
    ids, inverse, sizes = np.unique(part, return_inverse=True, return_counts=True)
    if len(ids) == 1:
        if -(-n // max_nodes) <= max_nodes:
            return np.arange(n) // max_nodes
        return np.arange(n) * max_nodes // n        # max_nodes blocks, each split again
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.lexsort((ids, -sizes))] = np.arange(len(ids))
    return np.minimum(rank[inverse], max_nodes - 1)


class LeafPages(NamedTuple):
    """The page each organisation of an overview is drawn on, one by one (not as part of a
    cluster's node): ``page`` indexes ``hrefs`` (relative, percent-encoded links) and
    ``labels`` (the cluster the page shows, whose label names the clusters above it); -1
    when the organisation is on no page (its cluster is beyond ``max_pages``)."""

    page: np.ndarray
    hrefs: list[str]
    labels: list[str]


def write_overview(path: Path, content: MapContent, *, max_nodes: int, max_pages: int | None,
                   title: str, seed: int,
                   renderer: Callable[[int], str] = lambda n: "vis",
                   back: dict | None = None) -> LeafPages:
    """One node per cluster, ties aggregated per layer, and a drill-down page per cluster.

    ``renderer`` gives the renderer of a cluster's page from its number of organisations.
    A cluster of more than ``max_nodes`` organisations gets an overview page of its own,
    of its sub-clusters (:func:`split_cluster`), and so on down, so that every cluster has
    a page. ``back`` links to the page above. Returns the page each organisation is drawn
    on (:class:`LeafPages`, links relative to ``path``'s folder); the overview's search
    links straight to it.
    """
    net, layers, membership = content.net, content.layers, content.membership
    assert membership is not None, "an overview needs clusters"
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
    legend = _cluster_legend(cluster, names, content.leader,
                             content.values.to_numpy(dtype=float), labels=content.labels,
                             themes=content.themes)
    hrefs, split, unpaged, leaves = _cluster_pages(path, content, legend, max_nodes=max_nodes,
                                                   max_pages=max_pages, title=title,
                                                   seed=seed, renderer=renderer)
    for c, href in zip(legend, hrefs):
        c["href"] = href
    internal, between = _ties_between(content, code, k)
    start, modes, geo = _cluster_places(content, code, k, between, seed=seed)

    xy = modes[start]
    leader_text = [", ".join(c["leaders"]) for c in legend]
    node = pd.DataFrame({"id": np.arange(k), "x": xy[:, 0].round(1), "y": xy[:, 1].round(1),
                         "size": node_sizes(members.astype(float), low=15.0,
                                            high=70.0).round(2),
                         "color": [c["color"] for c in legend],
                         "label": [f"{c['label']} ({c['members']:,})"
                                   + (f"\n{t}" if t else "")
                                   for c, t in zip(legend, short_labels(
                                       np.array(leader_text, dtype=object),
                                       limit=2 * LABEL_CHARS))]})
    info = pd.DataFrame({"cluster": labels, "organisations": members,
                         "leaders": leader_text,
                         "page": [h or f"no page (max_pages={max_pages})" for h in hrefs]})
    for name in layers:
        info[f"{name} ties inside"] = internal[net.layers.index(name)].to_numpy()
    drawn = between                      # the strongest lines only, on the largest networks
    if len(between) > OVERVIEW_MAX_LINES:
        strongest = np.lexsort((between["layer"], between["b"], between["a"],
                                -between["ties"].to_numpy()))[:OVERVIEW_MAX_LINES]
        drawn = between.iloc[np.sort(strongest)]
    edge = pd.DataFrame({"id": np.arange(len(drawn)), "from": drawn["a"],
                         "to": drawn["b"], "layer": drawn["layer"],
                         "width": edge_widths(drawn["ties"].to_numpy(dtype=float),
                                              drawn["layer"].to_numpy()),
                         "weight": drawn["ties"]})
    edge["bend"] = tie_bends(edge["from"].to_numpy(), edge["to"].to_numpy(),
                             edge["layer"].to_numpy()).round(2)
    edge["extra"] = [[["total weight", float(round(t, 4))]] for t in drawn["total"]]
    layer_info = _layer_legend(net, layers, np.bincount(
        between["layer"].to_numpy(dtype=np.int64), weights=between["ties"].to_numpy(),
        minlength=len(layers)).astype(np.int64))
    note = _overview_note(content, k, between, drawn, split, unpaged, max_nodes=max_nodes,
                          max_pages=max_pages)
    payload = {"title": title, "summary": f"{k:,} clusters of {net.n_organisations:,} "
               "organisations.", "note": note, "back": back,
               "names": [c["label"] for c in legend], "fields": [str(c) for c in info.columns],
               "info": json_rows(info), "layers": layer_info, "clusters": legend,
               "hrefs": hrefs, **layout_payload(start, modes, geo),
               # every organisation's name, its cluster's node and the page it is drawn
               # on (an index into one table of pages, -1: none): search links straight there
               "members": {"names": names.tolist(), "cluster": code.tolist(),
                           "page": leaves.page.tolist(),
                           "pages": {"href": leaves.hrefs, "label": leaves.labels}}}
    page = render_page(node.to_dict("records"), edge.to_dict("records"), payload, title=title,
                       directed=True, physics=False)
    path.write_text(page, encoding="utf-8")
    return leaves


def _cluster_pages(path: Path, content: MapContent, legend: list[dict], *, max_nodes: int,
                   max_pages: int | None, title: str, seed: int,
                   renderer: Callable[[int], str]
                   ) -> tuple[list[str | None], list[str], int, LeafPages]:
    """Each cluster's page (``legend`` order, largest first) in ``<stem>_clusters/``.

    Returns each cluster's link (None: no page, beyond ``max_pages``), the clusters split
    into sub-clusters (described), how many clusters have no page and the page each
    organisation is drawn on, through the sub-cluster overviews.
    """
    net = content.net
    assert content.membership is not None
    cluster = content.membership.to_numpy()
    folder = path.with_name(path.stem + "_clusters")
    prefix = relative_href(folder.name, encoded=True)
    back = {"href": relative_href(f"../{path.name}", encoded=True),
            "text": "overview of all clusters"}
    src, tgt, _ = net.codes()
    hrefs: list[str | None] = []
    split: list[str] = []
    unpaged = 0
    leaves = LeafPages(np.full(net.n_organisations, -1, dtype=np.int64), [], [])
    for c in legend:
        label, size, text = c["id"], c["members"], c["label"]
        if max_pages is not None and len(hrefs) - unpaged >= max_pages:
            hrefs.append(None)
            unpaged += 1
            continue
        folder.mkdir(exist_ok=True)
        name = f"cluster-{label}.html"
        hrefs.append(relative_href(f"{folder.name}/{name}", encoded=True))
        keep = cluster == label
        part = content.part(keep)
        if size > max_nodes:        # too large for a page: an overview of its sub-clusters
            sub = split_cluster(part, max_nodes=max_nodes, seed=seed)
            split.append(f"{text} ({size:,}, {sub.max() + 1:,} sub-clusters)")
            below = write_overview(folder / name, replace(
                part, membership=pd.Series(sub, index=part.net.organisations.index),
                labels={j: f"{text} \u00b7 part {j + 1}" for j in range(int(sub.max()) + 1)},
                themes={}), max_nodes=max_nodes, max_pages=max_pages,
                title=f"{title}: {text}", seed=seed, renderer=renderer, back=back)
            # its links are relative to the folder it is in: prefixed with that folder
            leaves.page[keep] = np.where(below.page >= 0, below.page + len(leaves.hrefs), -1)
            leaves.hrefs.extend(f"{prefix}/{h}" if prefix and h else "" for h in below.hrefs)
            leaves.labels.extend(below.labels)
            continue
        leaves.page[keep] = len(leaves.hrefs)
        leaves.hrefs.append(hrefs[-1] or "")
        leaves.labels.append(text)
        outside = int((keep[src] != keep[tgt]).sum())
        page = network_page(part, physics=False, seed=seed, title=f"{title}: {text}",
                            note=(f"{text}: {size:,} of {net.n_organisations:,} "
                                  f"organisations. Its {outside:,} ties with organisations "
                                  "of other clusters are not drawn here."),
                            back=back, renderer=renderer(size))
        (folder / name).write_text(page, encoding="utf-8")
    return hrefs, split, unpaged, leaves


def _ties_between(content: MapContent, code: np.ndarray,
                  k: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ties inside each cluster (cluster x layer counts) and between clusters: one row per
    (cluster pair, drawn layer) with ``ties`` (count) and ``total`` (weight); an undirected
    layer's pair ordered lower code first."""
    net, layers = content.net, content.layers
    src, tgt, lay = net.codes()
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
    return internal, between


def _cluster_places(content: MapContent, code: np.ndarray, k: int, between: pd.DataFrame, *,
                    seed: int) -> tuple[str, dict[str, np.ndarray], dict | None]:
    """The overview's layouts: clusters placed by the ties between them, and at the mean
    position of their members when organisations have coordinates."""
    total_ties = between.groupby(["a", "b"])["ties"].sum().reset_index()
    lat_c = lon_c = None
    if content.coordinates is not None:        # a cluster's place: its members' mean position
        lat, lon = content.coordinates
        known = np.isfinite(lat) & np.isfinite(lon)
        counts = np.bincount(code[known], minlength=k).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            lat_c = np.bincount(code[known], weights=lat[known], minlength=k) / counts
            lon_c = np.bincount(code[known], weights=lon[known], minlength=k) / counts
    start, modes, geo = placements(
        content, lat_c, lon_c,
        lambda: layout(k, total_ties["a"].to_numpy(), total_ties["b"].to_numpy(),
                       total_ties["ties"].to_numpy(dtype=float), seed=seed, spread=250.0),
        n=k, spread=250.0, what="clusters")
    if geo is not None:
        geo["note"] += " A cluster is drawn at the mean position of its members."
    return start, modes, geo


def _overview_note(content: MapContent, k: int, between: pd.DataFrame, drawn: pd.DataFrame,
                   split: list[str], unpaged: int, *, max_nodes: int,
                   max_pages: int | None) -> str:
    """What the overview shows and leaves out, in words."""
    net = content.net
    n_ties = int(np.isin(net.codes()[2], [net.layers.index(x) for x in content.layers]).sum())
    note = (f"Overview: {net.n_organisations:,} organisations are more than max_nodes="
            f"{max_nodes:,}, so each of the {k:,} clusters is drawn as one node (size = "
            f"organisations) and the {int(between['ties'].sum()):,} ties between clusters "
            f"(of {n_ties:,}) as one line per pair of clusters and layer (width and weight = "
            "number of ties). Double-click a cluster or use the legend to open its page.")
    if len(drawn) < len(between):
        note += (f" The {len(drawn):,} strongest of these {len(between):,} lines are drawn "
                 f"(each of at least {int(drawn['ties'].min()):,} ties), so the page stays "
                 "fast.")
    if split:
        note += (" Clusters larger than max_nodes open an overview of their sub-clusters "
                 f"(seeded Leiden): {', '.join(split)}.")
    if unpaged:
        note += (f" Only the {max_pages:,} largest clusters have a page (max_pages="
                 f"{max_pages:,}); {unpaged:,} smaller ones have none.")
    return note


def _cluster_legend(cluster: np.ndarray, names: np.ndarray, leader: np.ndarray,
                    values: np.ndarray, *, labels: dict[int, str] | None = None,
                    themes: dict[int, list[str]] | None = None) -> list[dict]:
    """Clusters largest first: colour, members, up to three leaders (else top by size), the
    label (``Cluster k`` without one) and the top themes."""
    labels, themes = labels or {}, themes or {}
    ids, members = np.unique(cluster, return_counts=True)
    if len(ids) == 1 and ids[0] == -1:
        return []
    order = np.lexsort((ids, -members))
    frame = pd.DataFrame({"cluster": cluster, "name": names, "leader": leader,
                          "value": np.nan_to_num(values, nan=-np.inf)})
    frame = frame.sort_values(["leader", "value"], ascending=False, kind="stable")
    top = frame.groupby("cluster", sort=False).head(3).groupby("cluster")["name"].agg(list)
    colours = cluster_colours(ids)
    return [{"id": int(ids[i]), "members": int(members[i]), "color": colours[i],
             "label": cluster_text(labels, int(ids[i])), "leaders": top.get(ids[i], []),
             "themes": themes.get(int(ids[i]), [])} for i in order]


def _layer_legend(net: MultilayerNetwork, layers: Sequence[str],
                  ties: Sequence[int] | np.ndarray) -> list[dict]:
    """Each drawn layer: name, colour (solid and translucent), directedness, ties drawn."""
    info = []
    for i, (name, n) in enumerate(zip(layers, ties)):
        colour = layer_colour(i)
        r, g, b = (int(colour[j:j + 2], 16) for j in (1, 3, 5))
        info.append({"name": name, "color": colour, "rgba": f"rgba({r},{g},{b},0.6)",
                     "dashes": layer_dashes(i),
                     "directed": bool(net.directed[name]), "ties": int(n)})
    return info


def start_scale(xy: np.ndarray, size: np.ndarray) -> float:
    """The zoom of the first view: the page fits the nodes (not their labels) in ``VIEW``."""
    if not len(xy):
        return 1.0
    width = float(np.ptp(xy[:, 0])) + 2 * float(size.max())
    height = float(np.ptp(xy[:, 1])) + 2 * float(size.max())
    return float(min(1.5, 0.92 * min(VIEW[0] / max(width, 1.0), VIEW[1] / max(height, 1.0))))


def label_offsets(xy: np.ndarray, size: np.ndarray, text: np.ndarray, shown: np.ndarray, *,
                  font: float, order: np.ndarray) -> np.ndarray:
    """Where each shown label goes so that none overlaps another: vis-network's ``vadjust``.

    Labels are placed one at a time (``order`` ascending: the largest value first), below
    the node, else above it, else one or two lines further down or up; a label with no free
    place gets NaN (not drawn). Boxes are estimated from the text length (0.6 em a
    character) in the map's own units, where label and positions scale together, so what
    does not overlap here does not overlap at any zoom.
    """
    out = np.full(len(xy), np.nan)
    boxes: list[tuple[float, float, float, float]] = []
    line = 1.25 * font
    for i in np.flatnonzero(shown)[np.argsort(order[shown], kind="stable")]:
        half = 0.3 * font * len(str(text[i])) + 2
        below = float(xy[i, 1] + size[i] + 2)           # vis draws the label under the dot
        for shift in (0.0, -(2 * size[i] + line + 4), line, -(2 * size[i] + 2 * line + 4),
                      2 * line):
            top = below + shift
            box = (float(xy[i, 0] - half), top, float(xy[i, 0] + half), top + line)
            if all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3]
                   for b in boxes):
                boxes.append(box)
                out[i] = shift
                break
    return out
