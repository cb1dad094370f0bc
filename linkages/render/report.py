"""The one-page HTML report: summary, build report, cluster profiles, leaders, figures.

A single self-contained file (figures embedded as base64 PNG, no external resources) that
a user can open, print or mail. Every piece of user text (names, attribute values, layer
names) is escaped.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from linkages._validation import check_type
from linkages._version import __version__
from linkages.membership import as_membership
from linkages.network import MultilayerNetwork

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
figcaption { font-size: 0.9em; color: #555; } .note { color: #555; font-size: 0.9em; }
"""


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
                 title: str = "linkages report") -> Path:
    """Write a one-page, self-contained HTML report of an analysis.

    Sections: the network (organisations, ties per layer), the build report (rows read and
    dropped, and why), the clusters (method, parameters, quality, profiles), the leading
    firms of each cluster with the reasons, static figures, and the other files written.
    Any section whose input is not given is left out.

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
        Listed with relative links (files beside the report).
    title : str

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
    >>> _ = write_report(net, path, clusters=net.organisations["planted_cluster"])
    >>> text = path.read_text(encoding="utf-8")
    >>> "300 organisations" in text and "<h2>Clusters</h2>" in text
    True
    """
    check_type(net, MultilayerNetwork, argument="net", caller="write_report",
               expected="MultilayerNetwork")
    esc = html.escape
    parts = [f"<h1>{esc(title)}</h1>", "<h2>Network</h2>", f"<p>{esc(str(net))}</p>",
             _table(net.summary())]
    parts += ["<h2>Build report</h2>", "<p class='note'>Rows read, ties made, and every row "
              "dropped or merged, with the reason.</p>", _table(net.report.to_frame(),
                                                                 index=False)]
    if net.report.notes:
        parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in net.report.notes) + "</ul>")

    if clusters is not None:
        membership = as_membership(clusters, net.organisations, caller="write_report")
        sizes = membership[membership >= 0].value_counts().sort_index()
        outside = int((membership < 0).sum())
        text = f"{len(sizes)} clusters; sizes {', '.join(map(str, sizes))}"
        if outside:
            text += f"; {outside} organisations in none"
        parts += ["<h2>Clusters</h2>", f"<p>{esc(text)}.</p>"]
        described = {k: getattr(clusters, k) for k in ("method", "params", "quality", "seed")
                     if hasattr(clusters, k)}
        if described:
            parts.append("<ul>" + "".join(
                f"<li>{esc(k)}: {esc(_number(v) if isinstance(v, float) else str(v))}</li>"
                for k, v in described.items()) + "</ul>")
        if profiles is not None:                 # one column per cluster: fits the page
            parts += ["<h3>Cluster profiles</h3>",
                      _table(profiles.T.rename_axis(None).rename(columns=lambda c:
                                                                 f"cluster {c}"))]

    if leaders is not None:
        parts.append("<h2>Leading firms</h2>")
        names = net.organisations.get("name")
        by_cluster = leaders.groupby("cluster", sort=True) if "cluster" in leaders else [
            (None, leaders)]
        for cluster, table in by_cluster:
            table = table.drop(columns=["cluster"], errors="ignore")
            if table.index.name is not None:           # organisation ids as the index
                table = table.reset_index()
            id_column = next((c for c in ("id", "organisation") if c in table), None)
            if names is not None and id_column and "name" not in table:
                table.insert(table.columns.get_loc(id_column) + 1, "name",
                             table[id_column].map(names))
            shown = [c for c in ("rank", id_column, "name", "type", "score", "anchor",
                                 "reason") if c in table]
            table = table[shown] if "reason" in table else table   # the rest is in the CSV
            if cluster is not None:
                parts.append(f"<h3>Cluster {esc(str(cluster))}</h3>")
            parts.append(_table(table, index=False))

    if figures:
        parts.append("<h2>Figures</h2>")
        for caption, figure in figures.items():
            parts.append(f"<figure><img alt='{esc(caption, quote=True)}' src='{_png(figure)}'>"
                         f"<figcaption>{esc(caption)}</figcaption></figure>")
    if files:
        parts.append("<h2>Files</h2><ul>" + "".join(
            f"<li><a href='{esc(name, quote=True)}'>{esc(name)}</a>: {esc(what)}</li>"
            for name, what in files.items()) + "</ul>")


    page = (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{esc(title)}</title><style>{_STYLE}</style></head><body>\n"
            + "\n".join(parts)
            + f"\n<p class='note'>Made with linkages {esc(__version__)}.</p></body></html>\n")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
