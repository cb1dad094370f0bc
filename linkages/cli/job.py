"""The whole job on a built network: clusters, leaders, profiles, map, tables, report.

What ``linkages example`` and ``linkages analyze`` run after reading their input;
:func:`run_job` is also callable from Python on any network.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from linkages.analysis.leaders import DEFAULT_WEIGHTS, leading_firms
from linkages.analysis.profiles import profile_clusters
from linkages.clusters.find import find_clusters, method_from_options
from linkages.formats.gexf import write_gexf
from linkages.formats.tables import write_tables
from linkages.measures.centrality import centrality
from linkages.render.figures import (
    cluster_composition_figure,
    layer_overlap_figure,
    leader_ranking_figure,
)
from linkages.render.map import to_html
from linkages.render.report import write_report

__all__ = ["run_job", "JobResult", "Progress", "summary_table"]

#: Above this many relations the job writes no GEXF: networkx's writer takes about 3 minutes
#: for 1M relations, and Gephi slows down well before.
GEXF_MAX_RELATIONS = 200_000
#: Above this many rows in a table the job writes no Excel workbook (openpyxl writes about
#: 5,000 rows a second; the CSV files have everything).
WORKBOOK_MAX_ROWS = 200_000


# -- progress --------------------------------------------------------------------------------
class Progress:
    """Step lines on stderr ('linkages: finding clusters ... 0.4 s'); silent with ``quiet``."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self._open = False                      # a step line waiting for its time

    def _print(self, text: str, end: str = "\n") -> None:
        if not self.quiet:
            print(text, end=end, file=sys.stderr, flush=True)

    def say(self, text: str, end: str = "\n") -> None:
        if self._open:
            self._print("")
            self._open = False
        self._print(f"linkages: {text}", end=end)

    @contextmanager
    def step(self, text: str):
        self.say(f"{text} ...", end="")
        self._open = True
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = f"{time.perf_counter() - start:.1f} s"
            self._print(f" {seconds}" if self._open else f"linkages:   ({seconds})")
            self._open = False


# -- the job ---------------------------------------------------------------------------------
@dataclass
class JobResult:
    """What :func:`run_job` computed and wrote."""

    network: Any
    clusters: Any = None
    scores: pd.DataFrame | None = None
    leaders: pd.DataFrame | None = None
    profiles: pd.DataFrame | None = None
    files: dict[str, str] = field(default_factory=dict)     # file name -> what it is
    skipped: list[str] = field(default_factory=list)


def run_job(net, out: str | Path, *, method: str = "leiden", engine: str = "igraph",
            resolution: float = 1.0, seed: int | None = 1, top: int = 5,
            title: str = "linkages report", progress: Progress | None = None) -> JobResult:
    """Clusters, leaders, profiles, HTML map, tables, GEXF, figures and report into ``out``.

    The whole job of ``linkages analyze`` on a built network; returns what was computed
    and the files written (name -> description).
    """
    progress = progress or Progress(quiet=True)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    job = JobResult(net)

    step = progress.step
    with step(f"finding clusters ({method})"):
        chosen = method_from_options(method, engine=engine, resolution=resolution)
        job.clusters = find_clusters(net, method=chosen, seed=seed)
    with step("computing centrality"):
        job.scores = centrality(net, measures=["degree", "betweenness", "pagerank"],
                                seed=seed)
    if job.clusters is not None and "type" not in net.organisations:
        job.skipped.append("ranking leading firms: the organisations have no 'type' column")
        progress.say(f"skipped {job.skipped[-1]}")
    elif job.clusters is not None:
        with step("ranking leading firms"):
            production = "production" if "production" in net.layers else None
            science = "scientific" if "scientific" in net.layers else None
            # Measures of a missing standard layer drop out of the score (weight 0).
            size = "size" if "size" in net.organisations else None
            unused = ({"sme_reach", "pagerank"} if production is None else set()) | (
                {"research"} if science is None else set()) | (
                {"size"} if size is None else set())
            weights = {k: w for k, w in DEFAULT_WEIGHTS.items() if k not in unused}
            if unused:
                progress.say(f"note: without a production or scientific layer or a size "
                             f"column, leaders are scored without {', '.join(sorted(unused))}")
            job.leaders = leading_firms(net, job.clusters, top=top, weights=weights,
                                        production=production, science=science, size=size,
                                        seed=seed)
    if job.clusters is not None:
        with step("profiling clusters"):
            job.profiles = profile_clusters(net, job.clusters)

    with step("writing tables"):
        before = len(job.skipped)
        _write_tables(job, out)
    for note in job.skipped[before:]:
        progress.say(f"skipped {note}")
    if net.n_relations > GEXF_MAX_RELATIONS:
        job.skipped.append(f"network.gexf: {net.n_relations:,} relations; past "
                           f"{GEXF_MAX_RELATIONS:,} the file takes minutes to write and Gephi "
                           "slows down (linkages.write_gexf writes it anyway)")
        progress.say(f"skipped {job.skipped[-1]}")
    else:
        with step("writing GEXF"):
            write_gexf(net, out / "network.gexf", clusters=job.clusters, scores=job.scores)
            job.files["network.gexf"] = "network for Gephi (GEXF, layers and attributes kept)"
    with step("drawing the HTML map"):
        pagerank = [c for c in getattr(job.scores, "columns", []) if c.startswith("pagerank")]
        to_html(net, out / "map.html", clusters=job.clusters, scores=job.scores,
                leaders=job.leaders, size_by=pagerank[-1] if pagerank else None, title=title,
                seed=seed)
        job.files["map.html"] = "interactive map (open in a browser; works offline)"
    figures: dict[str, Any] = {}
    with step("drawing figures"):
        figures = _figures(job, out)
    with step("writing the report"):
        job.files["report.html"] = "one-page report"
        write_report(net, out / "report.html", clusters=job.clusters, leaders=job.leaders,
                     profiles=job.profiles, figures=figures, files=job.files, title=title)
    return job


def _write_tables(job: JobResult, out: Path) -> None:
    """The network's tables plus leaders, profiles and build report: CSV, and one workbook
    when the tables are small enough for Excel to be useful."""
    net = job.network
    excel = max(net.n_organisations, net.n_relations) <= WORKBOOK_MAX_ROWS
    if not excel:
        job.skipped.append(f"network.xlsx: {net.n_relations:,} relations; past "
                           f"{WORKBOOK_MAX_ROWS:,} rows a workbook takes minutes to write and "
                           "open (the CSV files have everything)")
    extra = {"leaders": job.leaders, "clusters": job.profiles,
             "build_report": net.report.to_frame()}
    extra = {name: table for name, table in extra.items() if table is not None}
    write_tables(net, out, clusters=job.clusters, scores=job.scores, excel=excel, extra=extra)
    described = {"organisations": "organisations with cluster and scores (CSV)",
                 "relations": "relations (CSV)",
                 "layers": "layers and their directedness (CSV)",
                 "leaders": "leading firms of each cluster, with the reasons (CSV)",
                 "clusters": "cluster profiles (CSV)",
                 "build_report": "rows read, ties made, rows dropped and why (CSV)"}
    for name in ["organisations", "relations", "layers", *extra]:
        job.files[f"{name}.csv"] = described[name]
    if excel:
        job.files["network.xlsx"] = "all the tables above, one sheet each (Excel)"


def _figures(job: JobResult, out: Path) -> dict[str, Any]:
    """Static figures for the report, also saved as PNG files in ``out/figures``."""

    made = {"layer_overlap": ("Overlap of tied pairs between layers (Jaccard)",
                              layer_overlap_figure(job.network))}
    if job.clusters is not None:
        made["cluster_composition"] = ("Organisations of each cluster by type",
                                       cluster_composition_figure(job.network, job.clusters))
    if job.leaders is not None and len(job.leaders):
        made["leaders"] = ("Leading firms by score", leader_ranking_figure(job.leaders))
    folder = out / "figures"
    folder.mkdir(exist_ok=True)
    for name, (caption, figure) in made.items():
        figure.savefig(folder / f"{name}.png", dpi=110, bbox_inches="tight")
        job.files[f"figures/{name}.png"] = caption
    return {caption: figure for caption, figure in made.values()}


def summary_table(job: JobResult) -> str:
    """The readable summary printed at the end of a run: one row per cluster, then files."""
    net = job.network
    lines = [str(net)]
    if job.clusters is not None:
        lines.append(f"{job.clusters.n_clusters} clusters ({job.clusters.method}, seed "
                     f"{job.clusters.seed})")
        table = job.clusters.membership.value_counts().sort_index().rename("size").to_frame()
        if job.profiles is not None:
            shown = [c for c in ("structure", "dominant_region") if c in job.profiles]
            table = table.join(job.profiles[shown])
        if job.leaders is not None:
            first = job.leaders[job.leaders["rank"] == 1]
            label = first["name"] if "name" in first else first.index.to_series()
            table["leading firm"] = label.set_axis(first["cluster"])
            table["anchor"] = first["anchor"].set_axis(first["cluster"]).map(
                {True: "yes", False: "no"})
        lines += ["", table.rename_axis("cluster").fillna("-").to_string()]
    if job.files:
        width = max(map(len, job.files))
        lines += ["", "Files written:"]
        lines += [f"  {name:<{width}}  {what}" for name, what in job.files.items()]
    if job.skipped:
        lines += ["", "Skipped:"] + [f"  {text}" for text in job.skipped]
    return "\n".join(lines)
