"""The one-page HTML report: clusters in words, summary, build report, cluster profiles,
members by region, themes, leaders, priorities (structural gaps, systemically important
firms), the timeline of clusters over periods, figures.

A single self-contained file (figures embedded as base64 PNG, no external resources) that
a user can open, print or mail. Every piece of user text (names, attribute values, layer
names, labels, descriptions) is escaped. On a large network the report shows the clusters
that matter (the ``top_clusters`` largest of at least ``min_size`` organisations) and
counts the rest: every cluster is in the tables the report sits beside.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_type
from linkages._version import __version__
from linkages.membership import as_membership
from linkages.network import MultilayerNetwork
from linkages.render.annotations import cluster_text, read_cluster_text, read_themes
from linkages.render.figures import region_composition_figure
from linkages.render.links import relative_href

__all__ = ["write_report"]

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; }
figure { display: inline-block; margin: 0.5em 1em 1em 0; }
figure img { max-width: 100%; border: 1px solid #eee; }
figure.timeline svg, figure.timeline img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #555; } .note { color: #555; font-size: 0.9em; }
p.brief { max-width: 48em; }
"""
#: Regions given a column of their own in the members-by-region table (the rest: "other").
REGION_COLUMNS = 8
#: Rows of the priorities, systemic-risk and events tables shown (the CSV files have all).
PRIORITY_ROWS = 15
SYSTEMIC_ROWS = 10
SUGGESTION_ROWS = 30
EVENT_ROWS = 40
#: What an inline SVG must not hold (else it is embedded as an image, where nothing runs).
_UNSAFE_SVG = re.compile(r"<\s*(script|foreignobject|iframe|object|embed)|\bon[a-z]+\s*="
                         r"|javascript:|(?:xlink:)?href\s*=|<!\[CDATA|<!ENTITY|<\?",
                         re.IGNORECASE)


def _table(frame: pd.DataFrame, *, index: bool = True) -> str:
    """An HTML table; pandas escapes every cell and header (escape=True)."""
    return frame.to_html(index=index, escape=True, border=0, na_rep="",
                         float_format=_number)


def _number(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _png(figure: Any) -> str:
    """A matplotlib figure (or PNG bytes) as a base64 data URI."""
    if isinstance(figure, bytes | bytearray):
        data = bytes(figure)
    else:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        data = buffer.getvalue()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def write_report(net: MultilayerNetwork, path: str | PathLike, *, clusters: Any = None,
                 leaders: pd.DataFrame | None = None, profiles: pd.DataFrame | None = None,
                 figures: Mapping[str, Any] | None = None,
                 files: Mapping[str, str] | None = None,
                 title: str = "linkages report",
                 labels: pd.Series | Mapping[int, str] | None = None,
                 descriptions: pd.Series | Mapping[int, str] | None = None,
                 regions: pd.DataFrame | None = None, themes: pd.DataFrame | None = None,
                 top_clusters: int | None = 20, min_size: int = 2,
                 priorities: pd.DataFrame | None = None,
                 systemic: pd.DataFrame | None = None,
                 suggestions: pd.DataFrame | None = None,
                 timeline: str | None = None, events: pd.DataFrame | None = None) -> Path:
    """Write a one-page, self-contained HTML report of an analysis.

    It opens with one paragraph per cluster (``descriptions``), then the numbers: the
    network (organisations, ties per layer), the build report (rows read and dropped, and
    why), the clusters (sizes, method, parameters, quality, profiles, members by region
    as a table and a figure, top themes), the leading firms of each cluster with the
    reasons, the priorities (structural gaps ranked across clusters, the systemically
    important firms), the timeline of clusters over periods, static figures, and the other
    files written. Any section whose input is not given is left out; clusters are named by
    ``labels`` wherever they appear.

    A national network has thousands of clusters, most of them single organisations, so
    the per-cluster parts show the ``top_clusters`` largest clusters of at least
    ``min_size`` organisations, and a line counts the clusters left out and the
    organisations alone in theirs (isolates). The other files hold every cluster.

    Parameters
    ----------
    net : MultilayerNetwork
    path : str or path
        The HTML file to write; its folder is created if needed.
    clusters : find_clusters result, membership Series or sequence, optional
    leaders : DataFrame, optional
        The table of :func:`linkages.leading_firms` (one row per leader, with ``cluster``
        and ``reason``), shown one table per cluster.
    profiles : DataFrame, optional
        The table of :func:`linkages.profile_clusters` (one row per cluster).
    figures : mapping of caption to matplotlib Figure or PNG bytes, optional
        Embedded as base64 PNG images.
    files : mapping of file name to description, optional
        Listed with relative links (files beside the report). Only a relative path becomes
        a link, percent-encoded; anything else (``javascript:...``, ``http://...``, an
        absolute path) is listed as text.
    title : str
    labels : Series or mapping, optional
        Cluster number -> short label, used in headings, tables and the figure.
    descriptions : Series or mapping, optional
        Cluster number -> a paragraph in plain language, shown first (as text).
    regions : DataFrame, optional
        Members by region: one row per cluster (the index: cluster numbers), one column
        per region, counts, as :func:`linkages.regions_by_cluster` makes it. Shown as a
        table (the most common regions, the rest summed) and a figure
        (:func:`linkages.region_composition_figure`).
    themes : DataFrame, optional
        The tidy themes table (``cluster``, ``theme``, ``share``, optionally ``lq``,
        ``count``, ``rank``): each shown cluster's first three themes.
    top_clusters : int or None
        Most clusters shown cluster by cluster, the largest first (None: all).
    min_size : int
        Smallest cluster shown cluster by cluster (2 leaves out single organisations).
    priorities : DataFrame, optional
        The table of :func:`linkages.gap_priorities`: its first rows (priority, cluster,
        kind, subject, score, evidence, remedy) under "Priorities".
    systemic : DataFrame, optional
        The table of :func:`linkages.systemic_risk` (indexed by organisation id): its first
        firms with their ESRI and reason, and whether each is a leading firm (from
        ``leaders``), under "Priorities". ``attrs["notes"]`` are listed.
    suggestions : DataFrame, optional
        The table of :func:`linkages.suggest_partners`: the best suggestion in each layer
        for the leading firms (all organisations without ``leaders``; the first rows),
        with the reasons, under "Priorities". ``attrs["notes"]`` are listed.
    timeline : str, optional
        The alluvial diagram of clusters over periods, an SVG string
        (:func:`linkages.alluvial_svg`), under "Timeline": inlined when it holds no script,
        event handler, link or foreign object, else embedded as an image (where nothing
        runs).
    events : DataFrame, optional
        The events table of :class:`linkages.Evolution` (``period``, ``event``, ``before``,
        ``after``, sizes, ``joined``, ``left``, ``p_value``): its changes (continuations
        counted, not listed) under "Timeline", members counted.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> net.organisations.loc["O00000", "name"]
    'Large 0000'
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "report.html"
    >>> from linkages.render.report import write_report
    >>> _ = write_report(net, path, clusters=net.organisations["planted_cluster"],
    ...                  labels={0: "Centre motor vehicles"},
    ...                  descriptions={0: "86 organisations around two large firms."})
    >>> text = path.read_text(encoding="utf-8")
    >>> "300 organisations" in text and "<h2>Clusters</h2>" in text
    True
    >>> text.index("around two large firms") < text.index("<h2>Network</h2>")
    True
    """
    caller = "write_report"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    if top_clusters is not None and (isinstance(top_clusters, bool) or not isinstance(
            top_clusters, int | np.integer) or top_clusters < 1):
        raise InputError(f"The 'top_clusters' argument of {caller} must be a positive integer "
                         f"or None. Got {top_clusters!r} instead.")
    if isinstance(min_size, bool) or not isinstance(min_size, int | np.integer) or min_size < 1:
        raise InputError(f"The 'min_size' argument of {caller} must be a positive integer. "
                         f"Got {min_size!r} instead.")
    names_of = read_cluster_text(labels, argument="labels", caller=caller)
    texts = read_cluster_text(descriptions, argument="descriptions", caller=caller)
    theme_table = read_themes(themes, caller=caller)
    if regions is not None:
        check_type(regions, pd.DataFrame, argument="regions", caller=caller,
                   expected="pandas DataFrame (clusters x regions)")
    for argument, table in (("priorities", priorities), ("systemic", systemic),
                            ("suggestions", suggestions), ("events", events)):
        if table is not None:
            check_type(table, pd.DataFrame, argument=argument, caller=caller,
                       expected="pandas DataFrame")
    if timeline is not None:
        check_type(timeline, str, argument="timeline", caller=caller,
                   expected="str (an SVG from alluvial_svg)")
    esc = html.escape

    membership = (None if clusters is None
                  else as_membership(clusters, net.organisations, caller=caller))
    shown, counted = _shown_clusters(membership, leaders, texts, top_clusters, min_size)

    def name(cluster: Any) -> str:
        return cluster_text(names_of, int(cluster))

    parts = [f"<h1>{esc(title)}</h1>"]
    if texts:
        parts.append("<h2>The clusters in brief</h2>")
        if counted:
            parts.append(f"<p class='note'>{esc(counted)}</p>")
        for c in shown:
            if c in texts:
                parts.append(f"<p class='brief'><b>{esc(name(c))}.</b> {esc(texts[c])}</p>")

    parts += ["<h2>Network</h2>", f"<p>{esc(str(net))}</p>", _table(net.summary())]
    parts += ["<h2>Build report</h2>", "<p class='note'>Rows read, ties made, and every row "
              "dropped or merged, with the reason.</p>", _table(net.report.to_frame(),
                                                                 index=False)]
    if net.report.notes:
        parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in net.report.notes) + "</ul>")

    if membership is not None:
        sizes = membership[membership >= 0].value_counts()
        sizes = sizes.sort_index() if len(sizes) <= 30 else sizes.sort_values(
            ascending=False, kind="stable")
        outside = int((membership < 0).sum())
        if len(sizes) <= 30:
            text = f"{len(sizes)} clusters; sizes {', '.join(map(str, sizes))}"
        else:
            text = (f"{len(sizes):,} clusters; the largest have sizes "
                    f"{', '.join(map(str, sizes.iloc[:10]))}; {int((sizes == 1).sum()):,} "
                    "are single organisations")
        if outside:
            text += f"; {outside} organisations in none"
        parts += ["<h2>Clusters</h2>", f"<p>{esc(text)}.</p>"]
        if counted:
            parts.append(f"<p class='note'>{esc(counted)}</p>")
        described = {k: getattr(clusters, k) for k in ("method", "params", "quality", "seed")
                     if hasattr(clusters, k)}
        if described:
            parts.append("<ul>" + "".join(
                f"<li>{esc(k)}: {esc(_number(v) if isinstance(v, float) else str(v))}</li>"
                for k, v in described.items()) + "</ul>")
    if profiles is not None:                     # one column per cluster: fits the page
        table = profiles.loc[[c for c in shown if c in profiles.index]] if shown else profiles
        parts += ["<h3>Cluster profiles</h3>",
                  _table(table.T.rename_axis(None).rename(columns=name))]
    if regions is not None:
        parts += _region_parts(regions, shown, name)
    if theme_table is not None:
        parts += _theme_parts(theme_table, shown, name)

    if leaders is not None:
        parts.append("<h2>Leading firms</h2>")
        names = net.organisations.get("name")
        if "cluster" in leaders:
            keep = leaders["cluster"].isin(shown) if shown else slice(None)
            by_cluster: Any = sorted(leaders[keep].groupby("cluster", sort=False),
                                     key=lambda item: shown.index(item[0]) if shown else 0)
            if counted:
                parts.append(f"<p class='note'>{esc(counted)}</p>")
        else:
            by_cluster = [(None, leaders)]
        for cluster, table in by_cluster:
            table = table.drop(columns=["cluster"], errors="ignore")
            if table.index.name is not None:           # organisation ids as the index
                table = table.reset_index()
            id_column = next((c for c in ("id", "organisation") if c in table), None)
            if names is not None and id_column and "name" not in table:
                table.insert(table.columns.get_loc(id_column) + 1, "name",
                             table[id_column].map(names))
            shown_columns = [c for c in ("rank", id_column, "name", "type", "score", "anchor",
                                         "reason") if c in table]
            table = table[shown_columns] if "reason" in table else table  # the rest: CSV
            if cluster is not None:
                parts.append(f"<h3>{esc(name(cluster))}</h3>")
            parts.append(_table(table, index=False))

    if priorities is not None or systemic is not None or suggestions is not None:
        parts += _priority_parts(priorities, systemic, leaders, net, name)
        if suggestions is not None:
            parts += _suggestion_parts(suggestions, leaders, net)
    if timeline is not None or events is not None:
        parts += _timeline_parts(timeline, events)

    if figures:
        parts.append("<h2>Figures</h2>")
        for caption, figure in figures.items():
            parts.append(_figure(caption, figure))
    if files:
        parts.append("<h2>Files</h2><ul>" + "".join(
            f"<li>{_file_link(str(name))}: {esc(str(what))}</li>"
            for name, what in files.items()) + "</ul>")

    page = (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{esc(title)}</title><style>{_STYLE}</style></head><body>\n"
            + "\n".join(parts)
            + f"\n<p class='note'>Made with linkages {esc(__version__)}.</p></body></html>\n")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def _figure(caption: str, figure: Any) -> str:
    esc = html.escape
    return (f"<figure><img alt='{esc(caption, quote=True)}' src='{_png(figure)}'>"
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def _shown_clusters(membership: pd.Series | None, leaders: pd.DataFrame | None,
                    texts: Mapping[int, str], top: int | None,
                    min_size: int) -> tuple[list[int], str]:
    """The clusters shown one by one (largest first), and the line counting the others.

    From the membership when given, else from the leaders' clusters, else from the
    descriptions (in their order). An empty list: nothing to choose from (show all).
    """
    if membership is None:
        found = (list(pd.unique(leaders["cluster"])) if leaders is not None
                 and "cluster" in leaders else list(texts))
        chosen = found[:top] if top is not None else found
        rest = len(found) - len(chosen)
        return [int(c) for c in chosen], (f"The first {len(chosen):,} clusters are shown; "
                                          f"{rest:,} more are not." if rest else "")
    sizes = membership[membership >= 0].value_counts()
    sizes = sizes.iloc[np.lexsort((sizes.index.to_numpy(), -sizes.to_numpy()))]
    eligible = sizes[sizes >= min_size]
    chosen = eligible.iloc[:top] if top is not None else eligible
    small = eligible.iloc[len(chosen):]
    below = sizes[sizes < min_size]
    singles = below[below == 1]
    parts = []
    if len(small):
        parts.append(f"{len(small):,} smaller clusters ({int(small.sum()):,} organisations)")
    if len(below) > len(singles):
        parts.append(f"{len(below) - len(singles):,} clusters of fewer than {min_size} "
                     f"organisations ({int((below[below > 1]).sum()):,} organisations)")
    if len(singles):
        parts.append(f"{len(singles):,} single organisations (isolates, or alone in their "
                     "cluster)")
    line = ""
    if parts:
        which = (f"the {len(chosen):,} largest clusters" if len(small) else
                 f"the {len(chosen):,} clusters")
        line = (f"Shown cluster by cluster: {which} of at least {min_size} organisations "
                f"({int(chosen.sum()):,} of {len(membership):,} organisations). Not shown: "
                + "; ".join(parts) + ". The tables written beside this report have every "
                "cluster.")
    return [int(c) for c in chosen.index], line


def _region_parts(regions: pd.DataFrame, shown: list[int], name: Any) -> list[str]:
    """Members by region: a table (the most common regions, the rest summed) and a figure."""
    counts = (regions.select_dtypes("number").drop(columns=["total"], errors="ignore")
              .fillna(0))
    if shown:
        counts = counts.reindex([c for c in shown if c in counts.index])
    counts = counts.loc[:, counts.sum(axis=0) > 0]
    if counts.empty:
        return []
    order = counts.sum(axis=0).sort_values(ascending=False, kind="stable").index
    table = counts[order[:REGION_COLUMNS]].copy()
    if len(order) > REGION_COLUMNS:
        table["other regions"] = counts[order[REGION_COLUMNS:]].sum(axis=1)
    table["total"] = counts.sum(axis=1)
    table["top region share"] = counts.max(axis=1) / table["total"].replace(0, np.nan)
    table = table.astype({c: np.int64 for c in table.columns if c != "top region share"})
    table.index = [name(c) for c in table.index]
    note = (f"Organisations of each cluster by region: the {min(REGION_COLUMNS, len(order))} "
            f"most common of {len(order)} regions, the others summed.")
    labelled = counts.copy()
    labelled.index = table.index
    return ["<h3>Members by region</h3>", f"<p class='note'>{html.escape(note)}</p>",
            _table(table), _figure("Members of each cluster by region",
                                   region_composition_figure(labelled, top=30))]


def _theme_parts(themes: pd.DataFrame, shown: list[int], name: Any) -> list[str]:
    """Each shown cluster's first three themes, with share and location quotient."""
    table = themes[themes["cluster"].isin(shown)] if shown else themes
    table = table.groupby("cluster", sort=False).head(3)
    if shown:
        table = table.iloc[np.argsort([shown.index(c) for c in table["cluster"]],
                                      kind="stable")]
    columns = [c for c in ("cluster", "theme", "count", "share", "lq") if c in table]
    table = table[columns].copy()
    table["cluster"] = [name(c) for c in table["cluster"]]
    return ["<h3>Themes</h3>", "<p class='note'>The first three themes of each cluster: "
            "share of the cluster's records, and lq, the location quotient (its share in the "
            "cluster over its share in the whole network; above 1: specialised).</p>",
            _table(table, index=False)]


def _text(value: Any) -> str:
    """A cell as text: lists joined by ', ', missing as ''."""
    if isinstance(value, list | tuple | set | np.ndarray | pd.Index):
        return ", ".join(_text(v) for v in value)
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    return str(value)


def _priority_parts(priorities: pd.DataFrame | None, systemic: pd.DataFrame | None,
                    leaders: pd.DataFrame | None, net: MultilayerNetwork,
                    name: Any) -> list[str]:
    """The gaps ranked across clusters, and the systemically important firms."""
    esc = html.escape
    parts = ["<h2>Priorities</h2>"]
    if priorities is not None:
        parts.append("<h3>Structural gaps, ranked across clusters</h3>")
        if not len(priorities):
            parts.append("<p>No structural gap found.</p>")
        else:
            table = priorities.head(PRIORITY_ROWS)
            columns = [c for c in ("priority", "cluster", "kind", "subject", "score",
                                   "evidence", "remedy") if c in table]
            table = table[columns].copy()
            if "cluster" in table:
                table["cluster"] = [_cluster_name(c, name) for c in table["cluster"]]
            for column in ("subject", "evidence", "remedy"):
                if column in table:
                    table[column] = table[column].map(_text)
            more = len(priorities) - len(table)
            parts.append("<p class='note'>Score: the gap's weight (a broker or a dependence "
                         "1, a missing helix partner 0.8, SMEs without R&amp;D 0.6, a bridging "
                         "opportunity 0.5) times its severity."
                         + (f" The first {len(table):,} of {len(priorities):,} gaps; "
                            "priorities.csv has them all." if more else "") + "</p>")
            parts.append(_table(table, index=False))
    if systemic is not None:
        parts.append("<h3>Systemically important firms</h3>")
        notes = [str(n) for n in systemic.attrs.get("notes", [])]
        if not len(systemic):
            parts.append("<p>No firm on the production layer.</p>")
        else:
            table = systemic.head(SYSTEMIC_ROWS).copy()
            ids = table.index
            if "name" not in table and "name" in net.organisations:
                table.insert(0, "name", net.organisations["name"].reindex(ids).to_numpy())
            table["leading firm"] = _leader_flags(ids, leaders, name)
            columns = [c for c in ("rank", "name", "type", "esri", "own_output",
                                   "leading firm", "reason") if c in table]
            table = table[columns].rename_axis("id").reset_index()
            table["id"] = table["id"].map(_text)
            parts.append("<p class='note'>ESRI (Diem et al. 2022): the share of the "
                         "network's output lost if the firm fails, the loss propagated to its "
                         "customers (missing inputs) and suppliers (lost demand).</p>")
            parts.append(_table(table, index=False))
        if notes:
            parts.append("<ul class='note'>" + "".join(f"<li>{esc(n)}</li>" for n in notes)
                         + "</ul>")
    return parts


def _suggestion_parts(suggestions: pd.DataFrame, leaders: pd.DataFrame | None,
                      net: MultilayerNetwork) -> list[str]:
    """The best suggested partner in each layer of the leading firms (of everyone without
    leaders), with the reasons."""
    esc = html.escape
    parts = ["<h3>Partners to suggest</h3>"]
    best = suggestions[suggestions["rank"] == 1]
    whose = "each organisation"
    if leaders is not None and len(leaders):
        ids = leaders.index if leaders.index.name is not None else leaders.get("id", [])
        order = {key: k for k, key in enumerate(dict.fromkeys(map(_text, ids)))}
        position = best["organisation"].map(_text).map(order)
        best = best[position.notna()].iloc[np.argsort(position.dropna().to_numpy(),
                                                      kind="stable")]   # leaders' order
        whose = "the leading firms"
    if not len(best):
        parts.append(f"<p>No partner to suggest for {whose}.</p>")
    else:
        table = best.head(SUGGESTION_ROWS)[["organisation", "layer", "partner", "reason"]]
        table = table.copy()
        if "name" in net.organisations:
            names = net.organisations["name"]
            table.insert(1, "name", table["organisation"].map(names))
            table.insert(table.columns.get_loc("partner") + 1, "partner name",
                         table["partner"].map(names))
        for column in table.columns:
            table[column] = table[column].map(_text)
        more = len(best) - len(table)
        parts.append(f"<p class='note'>The best new partner of {whose} in each layer "
                     "(common partners, same cluster, distance, shared sector, activity)."
                     + (f" The first {len(table):,} of {len(best):,}; suggestions.csv has "
                        "them all, three per organisation and layer." if more else
                        " suggestions.csv has more.") + "</p>")
        parts.append(_table(table, index=False))
    notes = [str(n) for n in suggestions.attrs.get("notes", [])]
    if notes:
        parts.append("<ul class='note'>" + "".join(f"<li>{esc(n)}</li>" for n in notes)
                     + "</ul>")
    return parts


def _cluster_name(cluster: Any, name: Any) -> str:
    try:
        return str(name(int(cluster)))
    except (TypeError, ValueError):
        return _text(cluster)


def _leader_flags(ids: pd.Index, leaders: pd.DataFrame | None, name: Any) -> list[str]:
    """'yes: <cluster> #rank' for the firms among the leaders, 'no' for the others, '-'
    without a leaders table."""
    if leaders is None:
        return ["-"] * len(ids)
    table = leaders.reset_index() if leaders.index.name is not None else leaders
    column = next((c for c in ("id", "organisation") if c in table), None)
    if column is None:
        return ["-"] * len(ids)
    found: dict[str, str] = {}
    for i in range(len(table)):
        key = _text(table[column].iloc[i])
        if key in found:
            continue
        where = (_cluster_name(table["cluster"].iloc[i], name) if "cluster" in table else "")
        rank = f" #{_text(table['rank'].iloc[i])}" if "rank" in table else ""
        found[key] = f"yes: {where}{rank}".rstrip(": ") if where or rank else "yes"
    return [found.get(_text(i), "no") for i in ids]


def _timeline_parts(timeline: str | None, events: pd.DataFrame | None) -> list[str]:
    """The alluvial diagram (SVG) and the table of life-cycle events (the clusters named by
    their ids across periods, not by the labels of the whole network's clusters)."""
    parts = ["<h2>Timeline</h2>"]
    if timeline is not None:
        parts.append("<p class='note'>Clusters over the periods (ids that hold across "
                     "periods, found on the periods' networks: not the clusters above): each "
                     "block a cluster in a period (its height the members), each band the "
                     "organisations moving between two clusters of consecutive periods.</p>")
        svg = timeline.strip()
        if svg.lower().startswith("<svg") and not _UNSAFE_SVG.search(svg):
            parts.append(f"<figure class='timeline'>{svg}</figure>")
        else:
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            parts.append("<figure class='timeline'><img alt='Clusters over periods' "
                         f"src='data:image/svg+xml;base64,{data}'></figure>")
    if events is not None:
        kinds = events["event"].astype(str) if "event" in events else pd.Series(dtype=str)
        changes = events[kinds != "continuation"]
        counts = kinds.value_counts()
        summary = ", ".join(f"{n:,} {k}" for k, n in counts.items()) or "no events"
        parts.append(f"<p>{html.escape(summary)}.</p>")
        if len(changes):
            table = changes.head(EVENT_ROWS).copy()
            for column in ("before", "after"):
                if column in table:
                    table[column] = table[column].map(_text)
            for column in ("joined", "left"):
                if column in table:
                    table[column] = [len(v) if isinstance(v, list | tuple | np.ndarray)
                                     else _text(v) for v in table[column]]
            more = len(changes) - len(table)
            if more:
                parts.append(f"<p class='note'>The first {len(table):,} of {len(changes):,} "
                             "changes; periods/events.csv has them all.</p>")
            parts.append(_table(table, index=False))
    return parts


def _file_link(name: str) -> str:
    """A relative path as a link (percent-encoded), anything else as text."""
    href = relative_href(name)
    if href is None:
        return f"<span class='path'>{html.escape(name)}</span>"
    return f"<a href='{html.escape(href, quote=True)}'>{html.escape(name)}</a>"
