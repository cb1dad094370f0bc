"""A map per period and one page to step through them: :func:`write_period_maps`.

Each period's network is drawn by :func:`~linkages.to_html` into its own page (only the
organisations with a tie in the period, by default), every page with the one network
layout of the union of the periods (:func:`~linkages.network_layout`) and, with
coordinates, one geographic projection of them all, so an organisation is at the same
place in every period; the index page shows one of them in a frame, with a
period selector, a slider and previous / next buttons (and the arrow keys). With the
tracked clusters of :func:`~linkages.track_clusters`, a cluster keeps its id, hence its
colour, in every period. The pages work offline; every period label is shown as text, and
the frame only loads the pages written here (relative links).
"""

from __future__ import annotations

import html
from os import PathLike
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from linkages._validation import InputError, check_layers, check_type
from linkages.analysis.evolution import Evolution
from linkages.build.periods import Periods
from linkages.network import MultilayerNetwork
from linkages.render.geo import read_coordinates
from linkages.render.links import relative_href
from linkages.render.map import network_layout, to_html
from linkages.render.map_template import script_json

__all__ = ["write_period_maps"]

TEMPLATE = Path(__file__).parent / "templates" / "period_maps.html"


def write_period_maps(periods: Periods, path: str | PathLike, *,
                      clusters: Evolution | pd.DataFrame | None = None,
                      active_only: bool = True, title: str = "Linkages map by period",
                      seed: int = 0, **options: Any) -> Path:
    """Write one interactive map per period and an index page that switches between them.

    Every period's map draws its network layout with the same positions and opens on the
    same view, so an organisation stays at the same spot of the screen from one period to
    the next and the periods can be compared by eye: the seeded layout of the union of the
    periods (every organisation drawn in some period and every tie of any period, in the
    drawn ``layers``; ties pull harder within an organisation's most frequent tracked
    cluster), computed once by :func:`~linkages.network_layout` and given to
    :func:`~linkages.to_html` as ``positions``. Pass ``positions=`` (a table from
    :func:`~linkages.network_layout`, or your own) to draw every period with another
    layout. The geographic layout, when organisations have coordinates, is likewise shared:
    every page projects them with the projection fitted on the organisations of every
    period (given to :func:`~linkages.to_html` as ``geo_frame``; the territory, if any,
    drawn with it) and opens on a view of them all, so an organisation is at the same
    spot of the screen there too.

    Parameters
    ----------
    periods : Periods
        From :func:`~linkages.periods_from_records` or
        :func:`~linkages.periods_from_two_mode`.
    path : str or path
        The index page to write (its folder must exist); the period maps go to the folder
        ``<stem>_periods/`` beside it, one ``period-<k>.html`` per period (k from 1; none
        for a period without ties when ``active_only``: the index says so).
    clusters : Evolution or DataFrame, optional
        The clusters of every period: an :class:`~linkages.Evolution` (its
        ``membership``) or a table organisations x period labels of cluster numbers. A
        tracked cluster keeps its number across periods, so its colour too.
    active_only : bool
        Draw only the organisations with a tie in the period (True, default), or all.
    title : str
        Title of the index page; each map is titled ``"<title>: <period>"``.
    seed : int
        Seed of the layout of the union: the same seed writes the same files.
    **options
        Passed on to :func:`~linkages.to_html` (``layers``, ``render``, ``max_nodes``,
        ``scores``, ``positions``, ``geo_frame``, ``territory``...); ``scores`` and
        ``positions`` may cover every organisation: each map takes the rows of the
        organisations it draws.

    Returns
    -------
    pathlib.Path
        The index page.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> planted = lk.make_evolving_clusters("stable", n_periods=3, seed=1)
    >>> periods = lk.periods_from_records(planted.records, planted.organisations,
    ...     date="date", value=None, directed=False, layer_name="scientific")
    >>> evolution = lk.track_clusters(periods, seed=1, n_shuffles=0)
    >>> out = lk.write_period_maps(periods, pathlib.Path(tempfile.mkdtemp()) / "map.html",
    ...                            clusters=evolution)
    >>> sorted(p.name for p in (out.parent / "map_periods").iterdir())
    ['period-1.html', 'period-2.html', 'period-3.html']

    An organisation tied in two periods is at the same place in both pages:

    >>> import json, re
    >>> def page(k):
    ...     text = (out.parent / "map_periods" / f"period-{k}.html").read_text("utf-8")
    ...     data = json.loads(re.search(r'id="linkages-data">(.*?)</script>', text)[1])
    ...     xy = data["positions"]["network"]
    ...     return {n: (xy[2 * i], xy[2 * i + 1]) for i, n in enumerate(data["names"])}
    >>> one, two = page(1), page(2)
    >>> both = sorted(set(one) & set(two))
    >>> len(both) > 0, all(one[n] == two[n] for n in both)
    (True, True)
    """
    caller = "write_period_maps"
    check_type(periods, Periods, argument="periods", caller=caller, expected="Periods")
    if not len(periods):
        raise InputError(f"The 'periods' argument of {caller} must hold at least one period. "
                         "Got none.")
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError(f"The 'path' argument of {caller} must be in an existing folder. "
                         f"Got {str(path)!r} instead.")
    membership = _membership(clusters, periods, caller=caller)
    if options.get("positions") is None:
        options = {**options, "positions": union_layout(
            periods, membership, seed=seed, layers=options.get("layers"),
            active_only=active_only, caller=caller)}
    if options.get("geo_frame") is None:
        options = {**options, "geo_frame": union_organisations(
            periods, active_only=active_only,
            coordinates=options.get("coordinates", ("lat", "lon")), caller=caller)}
    folder = path.parent / f"{path.stem}_periods"
    folder.mkdir(exist_ok=True)
    rows = []
    for k, (label, net) in enumerate(periods.items(), start=1):
        href = None
        if active_only:
            relations = net.relations
            ids = net.organisations.index
            active = ids.isin(pd.unique(pd.concat([relations["source"],
                                                   relations["target"]])))
            net = net.subnetwork(active)
        if net.n_organisations:     # a period without ties and active_only: no page
            groups = None if membership is None else (
                membership[label].reindex(net.organisations.index))
            name = f"period-{k}.html"
            to_html(net, folder / name, clusters=groups, title=f"{title}: {label}",
                    seed=seed, **_period_options(options, periods, net))
            href = relative_href(f"{folder.name}/{name}", encoded=True)
        rows.append({"label": str(label), "href": href,
                     "organisations": int(net.n_organisations),
                     "ties": int(net.n_relations)})
    payload = {"title": title, "periods": rows}
    data = script_json(payload)
    template = jinja2.Template(TEMPLATE.read_text(encoding="utf-8"), autoescape=False)
    path.write_text(template.render(title=html.escape(title), data=data), encoding="utf-8")
    return path


def union_organisations(periods: Periods, *, active_only: bool = True,
                        coordinates: tuple[str, str] = ("lat", "lon"),
                        caller: str = "write_period_maps") -> pd.DataFrame | None:
    """The organisations drawn in some period (with ``active_only``, those with a tie in
    some period), whose coordinates fit the geographic layout of every period's map
    (:func:`~linkages.to_html`'s ``geo_frame``); None when none has coordinates."""
    table = periods.organisations
    if read_coordinates(table, coordinates, caller=caller) is None:
        return None
    if active_only:
        table = table[table.index.isin(_tied(periods))]
    return table


def _tied(periods: Periods) -> np.ndarray:
    """The ids of the organisations with a tie in some period."""
    return pd.unique(pd.concat([net.relations[end] for net in periods.values()
                                for end in ("source", "target")]))


def union_layout(periods: Periods, membership: pd.DataFrame | None, *, seed: int,
                 layers: Any = None, active_only: bool = True,
                 caller: str = "write_period_maps") -> pd.DataFrame:
    """The network layout of the union of the periods: every organisation (with
    ``active_only``, every one with a tie in some period) and every tie of any period
    (:func:`~linkages.network_layout`, seeded). With clusters, each organisation counts in
    its most frequent cluster over the periods (ties: the lowest number)."""
    networks = list(periods.values())
    layers = check_layers(layers, networks[0].layers, caller=caller)
    relations = pd.concat([net.relations for net in networks], ignore_index=True)
    union = MultilayerNetwork(periods.organisations, relations,
                              directed=networks[0].directed, duplicates="max")
    if active_only:
        union = union.subnetwork(union.organisations.index.isin(_tied(periods)))
    groups = None
    if membership is not None:
        long = (membership.rename_axis(index="id", columns="period").reset_index()
                .melt(id_vars="id", value_name="cluster").dropna(subset=["cluster"]))
        counts = long.groupby(["id", "cluster"]).size().reset_index(name="periods")
        top = counts.sort_values(["periods", "cluster"], ascending=[False, True],
                                 kind="stable").drop_duplicates("id")
        groups = top.set_index("id")["cluster"].astype(float).reindex(
            union.organisations.index)
    return network_layout(union, clusters=groups, layers=layers, seed=seed)


def _period_options(options: dict[str, Any], periods: Periods,
                    net: MultilayerNetwork) -> dict[str, Any]:
    """``options`` for one period's map: ``scores`` of the organisations not drawn in it
    (no tie in the period) left out; ids unknown to every period still reach to_html."""
    scores = options.get("scores")
    if not isinstance(scores, pd.Series | pd.DataFrame):
        return options
    index = scores.index
    keep = index.isin(net.organisations.index) | ~index.isin(periods.organisations.index)
    return {**options, "scores": scores[keep]}


def _membership(clusters: Any, periods: Periods, *, caller: str) -> pd.DataFrame | None:
    """Organisations x periods cluster numbers (or None)."""
    if clusters is None:
        return None
    table = clusters.membership if isinstance(clusters, Evolution) else clusters
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"The 'clusters' argument of {caller} must be an Evolution (from "
                         "track_clusters) or a DataFrame of organisations x periods. Got "
                         f"{type(clusters).__name__} instead.")
    missing = [label for label in periods if label not in table.columns]
    if missing:
        raise InputError(f"The 'clusters' argument of {caller} must have a column per "
                         f"period. Missing: {missing[:5]!r}.")
    ids = periods.organisations.index
    if len(table) and not table.index.isin(ids).any():
        raise InputError(f"The 'clusters' argument of {caller} must be indexed by the "
                         f"organisations' ids (e.g. {ids[:3].tolist()!r}). None of its "
                         f"{len(table):,} rows matches (its index starts "
                         f"{table.index[:3].tolist()!r}).")
    numbers = table[list(periods)].apply(pd.to_numeric, errors="coerce")
    values = numbers.to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(values)
    if (values[known] != np.round(values[known])).any():
        raise InputError(f"The 'clusters' argument of {caller} must hold whole cluster "
                         "numbers (or nothing where an organisation has no cluster).")
    return numbers.astype("Int64")
