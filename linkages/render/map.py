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

This module reads and checks the arguments and picks the page: one network drawn
organisation by organisation, or the overview of clusters (``map_pages``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_columns,
    check_layers,
    check_one_of,
    check_type,
    preview,
)
from linkages.membership import as_membership, read_leaders, read_scores
from linkages.network import MultilayerNetwork
from linkages.render.annotations import read_cluster_text, read_themes, top_themes
from linkages.render.geo import read_coordinates, read_territory
from linkages.render.map_pages import MapContent, network_page, network_xy, write_overview
from linkages.render.map_webgl import WEBGL_MAX_NODES, WEBGL_MIN_NODES
from linkages.render.style import place_missing
from linkages.views import aggregate_ties

__all__ = ["LAYOUTS", "PHYSICS_MAX_NODES", "RENDERERS", "network_layout", "to_html"]

#: The layouts a map can draw: "both" opens in the geographic one, with a toggle.
LAYOUTS = ("both", "geographic", "network")

#: How a page is drawn: "auto" picks vis-network up to WEBGL_MIN_NODES organisations, else WebGL.
RENDERERS = ("auto", "vis", "webgl")

#: Default max_nodes of vis-network pages.
VIS_MAX_NODES = 5000

#: Most organisations a page lets vis-network's physics move (physics freezes larger pages).
PHYSICS_MAX_NODES = 500


def to_html(net: MultilayerNetwork, path: str | PathLike, *, clusters: Any = None,
            scores: pd.Series | pd.DataFrame | None = None, leaders: Any = None,
            layers: str | Sequence[str] | None = None, size_by: str | None = None,
            max_nodes: int | None = None, max_pages: int | None = 20, physics: bool = False,
            title: str = "Linkages map", seed: int = 0, layout: str | None = None,
            coordinates: tuple[str, str] = ("lat", "lon"),
            territory: str | PathLike | Mapping[str, Any] | None = None,
            labels: pd.Series | Mapping[int, str] | None = None,
            themes: pd.DataFrame | None = None, render: str = "auto",
            positions: pd.DataFrame | None = None,
            geo_frame: pd.DataFrame | None = None) -> Path:
    """Write an interactive map of the network to one self-contained HTML file.

    The page works offline and makes no network request: vis-network (shipped by pyvis)
    and the data are inline. Organisations are coloured by cluster, sized by a score and
    placed by a seeded Fruchterman-Reingold layout of the aggregate network (ties within a
    cluster pull 5 times harder, so clusters sit together). Every tie of every layer is
    drawn, coloured by layer, with arrows on directed layers. The side panel has a
    checkbox per layer that hides and shows that layer's ties, a legend of clusters and
    layers and a search box by organisation name; hovering an organisation shows its
    attributes, cluster and scores. Leaders get a thick black border and a starred label.
    All user text is shown as text, never interpreted as HTML.

    When organisations have coordinates (the ``coordinates`` columns, ``lat`` and ``lon``
    by default, in degrees), the page also has a geographic layout: each organisation at
    its projected position (equirectangular, longitudes scaled by the cosine of the mean
    latitude, centred on the mean position: distances true to a few per cent over a
    region or a country; see :mod:`linkages.render.geo`), and a button switches between
    it and the network layout (physics is off in the geographic one). Organisations
    without coordinates are drawn in a grid to the right of the map, and the page says how
    many. ``territory``, a GeoJSON of Polygon or MultiPolygon regions (e.g. NUTS regions),
    is drawn under the geographic layout with the same projection, by the page itself: no
    tiles, no requests. In the overview a cluster sits at the mean position of its members.
    ``labels`` name the clusters in the legend and tooltips, ``themes`` add each
    cluster's top three themes to its tooltips. Above
    :data:`~linkages.render.map_pages.FAST_EDGES` (10,000) ties the page strokes the ties
    itself, one canvas path per layer (still every tie, still toggled per layer) instead of
    one vis-network object per tie, which is slow to build for that many: then ties have no
    arrows and no tooltips.

    ``positions`` fixes the network layout, e.g. to draw several networks (periods, layers,
    before and after) with each organisation at the same place: compute it once with
    :func:`network_layout` (on the union of the networks) and pass it to every map. The
    page draws the given ``x``, ``y`` as they are, in its pixels (y grows downwards);
    only the network layout uses them, the geographic one is unchanged. Rows of ids not in
    the network are not drawn, but the first view of the network layout frames every
    position of the table (not just the page's nodes), so maps given one table open on one
    view, each organisation at the same spot of the screen. Organisations of the network
    missing from ``positions`` are placed by the page, seeded: each near the mean position
    of its placed partners (in rounds, so partners of partners follow), and those with no
    path to a placed one laid out together to the right of the map; the page's summary
    says how many. A table that covers none of the organisations raises an error (the
    wrong ids, most likely). ``geo_frame`` does the same for the geographic layout: given
    a table of organisations with coordinates (e.g. those of every map to compare), the
    page fits its projection (centre and scale) on them instead of on its own
    organisations, draws the territory with that projection, and its first view of the
    geographic layout frames them all, so maps given one table put an organisation at the
    same spot of the screen.

    ``render`` picks how the page is drawn. ``"vis"``: vis-network, as described above,
    with physics, tie tooltips and the geographic toggle. ``"webgl"``: sigma.js with
    graphology (vendored from npm, MIT, inlined: the page still loads nothing) draws the
    organisations, and the page's own WebGL layer every tie (a line per tie, the ties of a
    pair side by side, arrow heads on directed layers), with cluster colours, leaders
    labelled, a checkbox per layer, search over every organisation, organisation and tie
    tooltips and, on a click, the organisation's ties listed in the side panel (layer,
    direction, the other organisation, weight), and the layout toggle (the territory drawn
    under the geographic layout as on the vis-network page). While
    the view moves it moves the last drawn images, and redraws the ties in short chunks
    once the view rests, so the page stays responsive with half a million ties in
    software GL. ``"auto"`` (default): vis-network up to
    :data:`~linkages.render.map_webgl.WEBGL_MIN_NODES` (3,000) organisations, WebGL above
    (measured in headless Chromium with software GL: vis-network's frames take 120 ms at
    3,000 organisations and 316 ms at 5,000, WebGL's 33 ms at any size).

    Above ``max_nodes`` organisations the page is an overview: one node per cluster
    (sized by members, labelled with its leaders) and, per layer, one tie per pair of
    clusters weighted by the ties between them; each cluster (the ``max_pages`` largest)
    gets its own drill-down page in the folder ``<stem>_clusters/`` beside ``path``,
    linked from the legend and by double-clicking its node. A cluster of more than
    ``max_nodes`` organisations gets an overview of its sub-clusters (seeded Leiden on its
    ties), and so on down, so every organisation is on a page; the overview's search
    knows every organisation and links to the page it is on. The overview needs
    ``clusters``: a network that large is not partitioned silently (no clusters raises an
    error that says what to pass).

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
    max_nodes : int, optional
        Most organisations drawn one by one in a page; above it, the overview. The time to
        write and to open a page grows with the organisations and ties it draws. Default:
        5,000 with ``render="vis"``, else
        :data:`~linkages.render.map_webgl.WEBGL_MAX_NODES` (200,000).
    max_pages : int or None
        Overview mode: drill-down pages for at most this many clusters, the largest first
        (None: every cluster). Each page adds the time to write its cluster's map.
    physics : bool
        Let vis-network's physics move the nodes (allowed up to 500 organisations).
    title : str
        Page title.
    seed : int
        Seed of the layout: the same seed writes the same file.
    layout : {'both', 'geographic', 'network'}, optional
        ``'network'``: the force-directed layout only (as without coordinates);
        ``'geographic'``: organisations at their coordinates only; ``'both'``: both, the
        page opening in the geographic one with a button to switch. Default: ``'both'``
        when some organisation has coordinates, else ``'network'``.
    coordinates : (str, str)
        The organisation columns of latitude and longitude, in degrees (WGS84).
    territory : path or dict, optional
        GeoJSON (FeatureCollection, Feature or geometry) of Polygon or MultiPolygon
        geometries in longitude-latitude degrees, drawn under the geographic layout; a
        feature's ``name`` (or ``NUTS_NAME``, ``NAME_LATN``) property is written at its
        centre.
    labels : Series or mapping, optional
        Cluster number -> label (e.g. from the analysis of cluster labels), used in the
        legend, the tooltips and the drill-down pages' titles; unlabelled clusters stay
        ``Cluster k``.
    themes : DataFrame, optional
        The tidy themes table, one row per cluster and theme with columns ``cluster``,
        ``theme``, ``share`` and optionally ``lq`` and ``rank``; each cluster's first three
        (by rank, else share) are shown in its tooltips.
    render : {'auto', 'vis', 'webgl'}
        How pages are drawn (see above).
    positions : DataFrame, optional
        Network-layout positions: indexed by organisation id, numeric columns ``x`` and
        ``y`` (finite), in the page's pixels like :func:`network_layout`'s (neighbours
        about 30 apart; scale positions from other tools, e.g. networkx's in [-1, 1],
        by ``30 * sqrt(n)``). None (default): the seeded layout described above. In the
        overview the clusters keep their own layout; the pages of clusters use these.
    geo_frame : DataFrame, optional
        Organisations with the ``coordinates`` columns whose projection and first view
        the geographic layout uses instead of the page's own (not in overview mode).

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
    >>> data["layoutMode"], sorted(data["positions"])     # the example has lat and lon
    ('geographic', ['geographic', 'network'])

    The same organisation at the same place in two maps: one layout, given to both.

    >>> xy = lk.network_layout(net, seed=1)
    >>> region = net.organisations["region"]
    >>> part = net.subnetwork(region == region.iloc[0])      # the first region only
    >>> out = lk.to_html(part, out.with_name("part.html"), positions=xy, layout="network")
    >>> text = out.read_text(encoding="utf-8")
    >>> data = json.loads(re.search(r'id="linkages-data">(.*?)</script>', text)[1])
    >>> first = part.organisations.index[0]
    >>> data["positions"]["network"][:2] == xy.loc[first, ["x", "y"]].round(1).tolist()
    True
    """
    caller = "to_html"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    if not net.layers:
        raise InputError(f"The 'net' argument of {caller} must have at least one layer of ties "
                         "to draw. Got a network without any relation (nor layer).")
    layers = check_layers(layers, net.layers, caller=caller)
    check_one_of(render, list(RENDERERS), argument="render", caller=caller)
    if max_nodes is None:
        max_nodes = VIS_MAX_NODES if render == "vis" else WEBGL_MAX_NODES
    if not isinstance(max_nodes, int | np.integer) or max_nodes < 1:
        raise InputError(f"The 'max_nodes' argument of {caller} must be a positive integer. "
                         f"Got {max_nodes!r} instead.")
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError(f"The 'path' argument of {caller} must be in an existing folder. "
                         f"Got {str(path)!r} instead.")
    membership = (None if clusters is None
                  else as_membership(clusters, net.organisations, caller=caller))
    table = read_scores(scores, net.organisations, caller=caller)
    coords = read_coordinates(net.organisations, coordinates, caller=caller)
    if layout is None:
        layout = "network" if coords is None else "both"
    check_one_of(layout, list(LAYOUTS), argument="layout", caller=caller)
    if layout != "network" and coords is None:
        raise InputError(f"The 'layout' argument of {caller} may be {layout!r} only when "
                         f"organisations have coordinates: no organisation has both the "
                         f"{coordinates[0]!r} and {coordinates[1]!r} columns filled. Pass "
                         "coordinates=(latitude column, longitude column) or "
                         "layout='network'.")
    if territory is not None and layout == "network":
        raise InputError(f"The 'territory' argument of {caller} is drawn under the "
                         "geographic layout, but layout='network' (or no organisation has "
                         "coordinates).")
    fixed, guessed, frame = (None, None, None) if positions is None else _read_positions(
        positions, net, layers, seed=seed, caller=caller)
    shared = None if geo_frame is None else _read_geo_frame(geo_frame, coordinates,
                                                            caller=caller)
    content = MapContent(net, layers, membership, table,
                         read_leaders(leaders, net.organisations, caller=caller),
                         _size_values(net, layers, table, size_by, caller=caller),
                         coordinates=None if layout == "network" else coords, layout=layout,
                         territory=(None if territory is None
                                    else read_territory(territory, caller=caller)),
                         labels=read_cluster_text(labels, argument="labels", caller=caller),
                         themes=top_themes(read_themes(themes, caller=caller)),
                         positions=fixed, guessed=guessed, frame=frame,
                         geo_frame=None if layout == "network" else shared)
    if physics and render == "webgl":
        raise InputError(f"The 'physics' argument of {caller} may be True only with "
                         "render='vis' or 'auto' (the WebGL page draws fixed positions).")
    if physics and net.n_organisations > PHYSICS_MAX_NODES:
        raise InputError(f"The 'physics' argument of {caller} may be True only up to "
                         f"{PHYSICS_MAX_NODES} organisations (physics freezes larger pages); "
                         f"this network has {net.n_organisations:,}.")
    if net.n_organisations <= max_nodes:
        page = network_page(content, physics=physics, title=title, seed=seed,
                            renderer=_renderer(render, net.n_organisations))
        path.write_text(page, encoding="utf-8")
        return path
    if membership is None:
        raise InputError(f"{caller} draws at most max_nodes={max_nodes:,} organisations one by "
                         f"one; this network has {net.n_organisations:,}. Pass clusters= "
                         "(e.g. lk.find_clusters(net)) to write an overview with one node per "
                         "cluster and a page per cluster, or raise max_nodes.")
    if max_pages is not None and (not isinstance(max_pages, int | np.integer) or max_pages < 0):
        raise InputError(f"The 'max_pages' argument of {caller} must be a non-negative integer "
                         f"or None. Got {max_pages!r} instead.")
    write_overview(path, content, max_nodes=max_nodes, max_pages=max_pages, title=title,
                   seed=seed, renderer=lambda k: _renderer(render, k))
    return path


def _renderer(render: str, n: int) -> str:
    """The renderer of a page of ``n`` organisations."""
    if render == "auto":
        return "webgl" if n > WEBGL_MIN_NODES else "vis"
    return render


def network_layout(net: MultilayerNetwork, *, clusters: Any = None,
                   layers: str | Sequence[str] | None = None, seed: int = 0) -> pd.DataFrame:
    """The network layout :func:`to_html` draws, as a table to reuse in other maps.

    The seeded Fruchterman-Reingold layout of the pairs tied in any of ``layers`` (ties
    within a cluster pull 5 times harder; isolates and pairs in a grid to the right; above
    20,000 organisations with clusters, laid out cluster by cluster), in the page's pixels:
    about ``30 * sqrt(n)`` wide. ``to_html(net, clusters=c, layers=l, seed=s)`` draws
    exactly ``network_layout(net, clusters=c, layers=l, seed=s)``; pass the table as
    ``to_html(..., positions=table)`` to draw another network (a period, a part) with each
    organisation at the same place. :func:`write_period_maps` does so with the layout of
    the union of its periods.

    Parameters
    ----------
    net : MultilayerNetwork
    clusters : find_clusters result, Series or sequence, optional
        Cluster of each organisation: ties within a cluster pull harder.
    layers : str or list of str, optional
        Layers whose ties place the organisations; all by default.
    seed : int
        The same seed gives the same positions.

    Returns
    -------
    DataFrame
        Indexed by organisation id (``net.organisations`` order), columns ``x`` and ``y``.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> xy = lk.network_layout(net, clusters=net.organisations["planted_cluster"], seed=1)
    >>> xy.shape, list(xy.columns), xy.index.equals(net.organisations.index)
    ((300, 2), ['x', 'y'], True)
    >>> xy.equals(lk.network_layout(net, clusters=net.organisations["planted_cluster"],
    ...                             seed=1))
    True
    """
    caller = "network_layout"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    layers = check_layers(layers, net.layers, caller=caller)
    membership = (None if clusters is None
                  else as_membership(clusters, net.organisations, caller=caller))
    xy = network_xy(net, layers, membership, seed=seed)
    return pd.DataFrame(xy.reshape(-1, 2), index=net.organisations.index, columns=["x", "y"])


# -- inputs ----------------------------------------------------------------------------------
def _read_positions(positions: Any, net: MultilayerNetwork, layers: list[str], *, seed: int,
                    caller: str) -> tuple[np.ndarray, np.ndarray,
                                          tuple[float, float, float, float]]:
    """The given positions of every organisation of ``net`` (n x 2), which of them the
    table did not cover (placed near their partners, see :func:`to_html`) and the box of
    the whole table and these positions (x0, y0, x1, y1: the first view)."""
    check_type(positions, pd.DataFrame, argument="positions", caller=caller,
               expected="pandas DataFrame indexed by organisation id with columns 'x' and 'y' "
               "(e.g. from network_layout)")
    check_columns(positions, ["x", "y"], argument="positions", caller=caller)
    if positions.index.has_duplicates:
        raise InputError(f"The 'positions' argument of {caller} must have one row per "
                         "organisation. Got repeated ids: "
                         f"{preview(positions.index[positions.index.duplicated()].unique())}.")
    table = positions[["x", "y"]]
    bad = [c for c in ("x", "y") if not (pd.api.types.is_numeric_dtype(table[c])
                                         and not pd.api.types.is_bool_dtype(table[c]))]
    if bad:
        found = ", ".join(f"{c!r} of type {table[c].dtype}" for c in bad)
        raise InputError(f"The 'positions' argument of {caller} must have numeric columns "
                         f"'x' and 'y'. Got {found} instead.")
    values = table.to_numpy(dtype=float, na_value=np.nan)
    wrong = ~np.isfinite(values).all(axis=1)
    if wrong.any():
        raise InputError(f"The 'positions' argument of {caller} must have finite 'x' and 'y' "
                         f"(no NaN nor infinity). Got {int(wrong.sum()):,} rows without, ids "
                         f"{preview(positions.index[wrong])}.")
    ids = net.organisations.index
    where = positions.index.get_indexer(ids)
    known = where >= 0
    if len(ids) and not known.any():
        raise InputError(f"The 'positions' argument of {caller} must be indexed by the "
                         f"organisations' ids (e.g. {preview(ids[:3])}). None of its "
                         f"{len(positions):,} rows matches (its index starts "
                         f"{preview(positions.index[:3])}).")
    xy = np.zeros((len(ids), 2))
    xy[known] = values[where[known]]
    if not known.all():
        src, tgt, _, _ = aggregate_ties(net, layers=layers, directed=False)
        xy = place_missing(xy, known, src, tgt, seed=seed)
    every = np.vstack([values, xy])
    low, high = every.min(axis=0), every.max(axis=0)
    return xy, ~known, (float(low[0]), float(low[1]), float(high[0]), float(high[1]))


def _read_geo_frame(geo_frame: Any, coordinates: tuple[str, str], *,
                    caller: str) -> tuple[np.ndarray, np.ndarray]:
    """The latitudes and longitudes (NaN: unknown) of the ``geo_frame`` table's rows."""
    check_type(geo_frame, pd.DataFrame, argument="geo_frame", caller=caller,
               expected="pandas DataFrame of organisations with the coordinates columns "
               f"{coordinates[0]!r} and {coordinates[1]!r}")
    check_columns(geo_frame, list(coordinates), argument="geo_frame", caller=caller)
    try:
        coords = read_coordinates(geo_frame, coordinates, caller=caller)
    except InputError as error:
        raise InputError(f"The 'geo_frame' argument of {caller} must hold valid coordinates. "
                         f"{error}") from None
    if coords is None:
        raise InputError(f"The 'geo_frame' argument of {caller} must have at least one row "
                         f"with both {coordinates[0]!r} and {coordinates[1]!r} filled. Got "
                         f"{len(geo_frame):,} rows without.")
    return coords


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
