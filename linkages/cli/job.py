"""The whole job on a built network: clusters, leaders, profiles, gaps and priorities,
systemic risk, clusters over periods (when given), map, tables, report.

What ``linkages example`` and ``linkages analyze`` run after reading their input;
:func:`run_job` is also callable from Python on any network.

Nothing half-written: the job writes into a hidden staging folder next to the output
folder and moves the files in only when every one of them is written. The output folder
may hold the user's own files: the job replaces only the files that an earlier run listed
in its manifest (``linkages-manifest.json``), refuses before any work when one of its
file names is taken by a file it did not write, and removes the files an earlier run
wrote that this run did not write again (stale figures, a workbook now skipped), listing
them in the summary.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError
from linkages._version import __version__
from linkages.analysis.describe import describe_clusters
from linkages.analysis.evolution import Evolution, track_clusters
from linkages.analysis.gaps import gap_priorities, structural_gaps
from linkages.analysis.leaders import leading_firms
from linkages.analysis.profiles import profile_clusters, regions_by_cluster
from linkages.analysis.shocks import systemic_risk
from linkages.analysis.suggest import suggest_partners
from linkages.analysis.themes import cluster_themes
from linkages.build.periods import Periods
from linkages.clusters.find import find_clusters, method_from_options
from linkages.formats.gexf import write_gexf
from linkages.formats.tables import write_tables
from linkages.measures.centrality import centrality
from linkages.render.alluvial import alluvial_figure, alluvial_svg
from linkages.render.figures import (
    cluster_composition_figure,
    layer_overlap_figure,
    leader_ranking_figure,
)
from linkages.render.map import to_html
from linkages.render.period_maps import write_period_maps
from linkages.render.report import write_report

__all__ = ["run_job", "JobResult", "Progress", "check_out", "summary_table"]

#: Above this many relations the job writes no GEXF: networkx's writer takes about 3 minutes
#: for 1M relations, and Gephi slows down well before.
GEXF_MAX_RELATIONS = 200_000
#: Above this many rows in a table the job writes no Excel workbook (openpyxl writes about
#: 5,000 rows a second; the CSV files have everything).
WORKBOOK_MAX_ROWS = 200_000
#: The summary lists at most this many clusters, those of at least SUMMARY_MIN_SIZE
#: organisations; one line counts the rest and the isolated organisations.
SUMMARY_TOP = 20
SUMMARY_MIN_SIZE = 3
#: Systemic risk (ESRI) is simulated for every firm of the production layer up to this
#: many; above, for the ESRI_TOP firms of largest strength (sales plus purchases), said so
#: in the notes: each firm's failure is one cascade over the whole layer (the bundled
#: example's 255 firms take about 1 to 2 s all, 0.4 s for the top 100).
ESRI_ALL_MAX = 100
ESRI_TOP = 100
#: Partner suggestions (suggestions.csv): SUGGEST_TOP per organisation and layer, for every
#: organisation up to SUGGEST_ALL_MAX of them, else for the leading firms only (said so in
#: the notes): 15,777 CORDIS organisations take about 15 s.
SUGGEST_ALL_MAX = 20_000
SUGGEST_TOP = 3
#: Shuffled memberships per pair of periods for the p-values of the life-cycle events.
EVENT_SHUFFLES = 200
#: The file listing what a run wrote into its output folder.
MANIFEST = "linkages-manifest.json"
#: The per-period tables (``--date`` / ``--start``), in the folder ``periods``.
PERIOD_FILES = ("periods/windows.csv", "periods/events.csv", "periods/membership.csv",
                "periods/cluster_stats.csv", "periods/moves.csv", "periods/tie_changes.csv",
                "periods/map.html")
#: The map of each period (``periods/map.html`` switches between them).
PERIOD_PAGE = re.compile(r"periods/map_periods/period-[1-9][0-9]*\.html")
#: Every file the job may write (the manifest aside).
OUTPUT_FILES = ("organisations.csv", "relations.csv", "layers.csv", "leaders.csv",
                "clusters.csv", "gaps.csv", "priorities.csv", "suggestions.csv",
                "systemic_risk.csv",
                "build_report.csv", "network.xlsx", "network.gexf", "map.html",
                "figures/layer_overlap.png", "figures/cluster_composition.png",
                "figures/leaders.png", "figures/alluvial.png", *PERIOD_FILES, "report.html")
#: Folders the job writes files into.
OUTPUT_FOLDERS = ("figures", "periods")


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


# -- the output folder -----------------------------------------------------------------------
def _existing_ancestor(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_out(out: str | Path) -> list[str]:
    """Check the output folder before any work; return the files an earlier run wrote there.

    Raises InputError (one line naming the folder) when ``out`` is a file, cannot be created
    or written, or holds under one of the job's file names a file that no earlier run listed
    in its manifest (the user's own, or one from a version without manifests).
    """
    out = Path(out)
    where = f"output folder '{out}'"
    if out.exists() and not out.is_dir():
        raise InputError(f"{where} is a file, not a folder; choose another --out.")
    base = _existing_ancestor(out)
    if not base.is_dir():
        raise InputError(f"{where} cannot be created: '{base}' is a file, not a folder.")
    try:
        with tempfile.TemporaryFile(dir=base):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(f"{where} cannot be written ('{base}': {reason}); choose another "
                         "--out.") from None
    earlier = read_manifest(out)
    for name in (*OUTPUT_FILES, *OUTPUT_FOLDERS):
        path = out / name
        if name in OUTPUT_FOLDERS:
            if path.exists() and not path.is_dir():
                raise InputError(f"{where}: '{name}' is a file; linkages writes files into a "
                                 "folder of that name. Move it or choose another --out.")
        elif path.is_dir():
            raise InputError(f"{where}: '{name}' is a folder; linkages writes a file of that "
                             "name. Move it or choose another --out.")
        elif path.exists() and name not in earlier:
            raise InputError(f"{where} holds '{name}', which no earlier run listed in "
                             f"{MANIFEST}; linkages replaces only files it wrote. Move it or "
                             "choose another --out.")
    return earlier


def read_manifest(out: Path) -> list[str]:
    """The files an earlier run listed in ``out``'s manifest (none without one)."""
    path = out / MANIFEST
    if not path.exists():
        return []
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
        names = [str(name) for name in files]
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(f"output folder '{out}': {MANIFEST} cannot be read; remove it "
                         "(and the files of the earlier run) or choose another --out."
                         ) from None
    return [name for name in names if name in OUTPUT_FILES or PERIOD_PAGE.fullmatch(name)]


def _commit(staging: Path, out: Path, files: dict[str, str], earlier: list[str]) -> list[str]:
    """Move the staged files into ``out``, remove the earlier run's stale files, write the
    manifest; returns the stale files removed."""
    out.mkdir(parents=True, exist_ok=True)
    for name in files:
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)
    stale = [name for name in earlier if name not in files and (out / name).is_file()]
    for name in stale:
        (out / name).unlink()
    manifest = {"tool": "linkages", "version": __version__,
                "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "note": "files written by linkages; the next run into this folder replaces "
                        "these and no other file", "files": files}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(staging / MANIFEST, out / MANIFEST)
    return stale


# -- the job ---------------------------------------------------------------------------------
@dataclass
class JobResult:
    """What :func:`run_job` computed and wrote."""

    network: Any
    clusters: Any = None
    scores: pd.DataFrame | None = None
    leaders: pd.DataFrame | None = None
    profiles: pd.DataFrame | None = None
    descriptions: pd.DataFrame | None = None    # label, summary, paragraph per cluster
    themes: pd.DataFrame | None = None          # top sectors per cluster (cluster_themes)
    regions: pd.DataFrame | None = None         # members by region (regions_by_cluster)
    gaps: pd.DataFrame | None = None            # structural_gaps
    priorities: pd.DataFrame | None = None      # gap_priorities
    systemic: pd.DataFrame | None = None        # systemic_risk (production layer only)
    suggestions: pd.DataFrame | None = None     # suggest_partners
    evolution: Evolution | None = None          # track_clusters (periods given only)
    files: dict[str, str] = field(default_factory=dict)     # file name -> what it is
    skipped: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)   # an earlier run's files, removed
    out: Path | None = None
    weighted: bool = False


def run_job(net, out: str | Path, *, method: str = "leiden", engine: str = "auto",
            resolution: float = 1.0, seed: int | None = 1, top: int = 5,
            weighted: bool = False, title: str = "linkages report",
            progress: Progress | None = None, periods: Periods | None = None) -> JobResult:
    """Clusters, leaders, profiles, gaps, systemic risk, HTML map, tables, GEXF, figures and
    report into ``out``.

    The whole job of ``linkages analyze`` on a built network; returns what was computed
    and the files written (name -> description). ``weighted`` clusters on the tie weights
    (:func:`~linkages.find_clusters`); by default every tie counts 1. Structural gaps and
    their priorities are computed for every clustered network; the systemic risk (ESRI)
    when the network has a directed ``production`` layer, for every firm of it up to
    :data:`ESRI_ALL_MAX` firms, else for the :data:`ESRI_TOP` of largest strength. With
    ``periods`` (:func:`~linkages.periods_from_records`), clusters are tracked across them
    (:func:`~linkages.track_clusters`, seeded) and the job writes the ``periods/`` tables,
    ``figures/alluvial.png`` and the report's timeline. All or nothing: the files appear in
    ``out`` only once every one is written (see the module's docstring for the manifest).
    """
    progress = progress or Progress(quiet=True)
    out = Path(out)
    earlier = check_out(out)
    staging = Path(tempfile.mkdtemp(prefix=".linkages-partial-", dir=_existing_ancestor(out)))
    try:
        job = _run(net, staging, method=method, engine=engine, resolution=resolution,
                   seed=seed, top=top, weighted=weighted, title=title, progress=progress,
                   periods=periods)
        job.stale = _commit(staging, out, job.files, earlier)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    job.out = out
    return job


def _run(net, out: Path, *, method: str, engine: str, resolution: float, seed: int | None,
         top: int, weighted: bool, title: str, progress: Progress,
         periods: Periods | None = None) -> JobResult:
    job = JobResult(net, weighted=bool(weighted))
    step = progress.step
    with step(f"finding clusters ({method}, {'weighted' if weighted else 'unweighted'})"):
        chosen = method_from_options(method, engine=engine, resolution=resolution)
        job.clusters = find_clusters(net, method=chosen, weighted=weighted, seed=seed)
    with step("computing centrality"):
        job.scores = centrality(net, measures=["degree", "betweenness", "pagerank"],
                                seed=seed)
    if job.clusters is not None:
        with step("ranking leading firms"):
            # leading_firms leaves out what it cannot compute (no types, no size column,
            # no production or scientific layer) and says so in its notes
            job.leaders = leading_firms(net, job.clusters, top=top, seed=seed)
        for note in job.leaders.attrs.get("notes", []):
            progress.say(f"note: leading firms: {note}")
    if job.clusters is not None:
        with step("profiling clusters"):
            job.profiles = profile_clusters(net, job.clusters)
            columns = net.organisations.columns
            if "sector" in columns:
                job.themes = cluster_themes(net, job.clusters, "sector", top=3)
            if "region" in columns:
                job.regions = regions_by_cluster(net, job.clusters)
        with step("describing clusters"):
            job.descriptions = describe_clusters(net, job.clusters, leaders=job.leaders,
                                                 profiles=job.profiles, themes=job.themes)
        with step("finding structural gaps"):
            job.gaps = structural_gaps(net, job.clusters)
            job.priorities = gap_priorities(job.gaps)
    _suggestions(job, progress)
    _systemic_risk(job, progress)
    if periods is not None:
        with step(f"tracking clusters over {len(periods)} periods"):
            layers = list(dict.fromkeys(str(name) for period in periods.values()
                                        for name in period.layers))
            job.evolution = track_clusters(periods, resolution=resolution, weighted=weighted,
                                           layers=layers, n_shuffles=EVENT_SHUFFLES,
                                           seed=1 if seed is None else seed)
        counts = job.evolution.events["event"].value_counts()
        progress.say("note: events: " + (", ".join(f"{n:,} {k}" for k, n in counts.items())
                                         or "none"))

    with step("writing tables"):
        before = len(job.skipped)
        _write_tables(job, out)
    for note in job.skipped[before:]:
        progress.say(f"skipped {note}")
    if job.evolution is not None:
        with step("writing the period tables"):
            _write_periods(job, out)
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
                labels=_column(job.descriptions, "label"), themes=job.themes,
                seed=job.clusters.seed if seed is None and job.clusters is not None else (
                    1 if seed is None else seed))
        job.files["map.html"] = "interactive map (open in a browser; works offline)"
    if job.evolution is not None:
        with step(f"drawing a map per period ({len(job.evolution.periods)})"):
            _period_maps(job, out, title=title, seed=1 if seed is None else seed)
    figures: dict[str, Any] = {}
    with step("drawing figures"):
        before = len(job.skipped)
        figures = _figures(job, out)
    for note in job.skipped[before:]:
        progress.say(f"skipped {note}")
    timeline = None
    if job.evolution is not None:
        with step("drawing the alluvial diagram"):
            figure = alluvial_figure(job.evolution)
            figure.savefig(out / "figures" / "alluvial.png", dpi=110, bbox_inches="tight")
            _close(figure)
            job.files["figures/alluvial.png"] = "clusters over the periods (alluvial diagram)"
            timeline = alluvial_svg(job.evolution)
    with step("writing the report"):
        job.files["report.html"] = "one-page report"
        write_report(net, out / "report.html", clusters=job.clusters, leaders=job.leaders,
                     profiles=job.profiles, figures=figures, files=job.files, title=title,
                     labels=_column(job.descriptions, "label"),
                     descriptions=_column(job.descriptions, "paragraph"),
                     regions=job.regions, themes=job.themes, priorities=job.priorities,
                     systemic=job.systemic, suggestions=job.suggestions, timeline=timeline,
                     events=None if job.evolution is None else job.evolution.events)
    return job


def _close(figure: Any) -> None:
    """Free a matplotlib figure once saved (pyplot keeps every figure it made)."""
    import matplotlib.pyplot as plt

    plt.close(figure)


def _suggestions(job: JobResult, progress: Progress) -> None:
    """Partner suggestions in every layer: for every organisation up to SUGGEST_ALL_MAX,
    else for the leading firms (the bound said in the notes and on stderr)."""
    net = job.network
    every = net.n_organisations <= SUGGEST_ALL_MAX
    if not every and (job.leaders is None or not len(job.leaders)):
        job.skipped.append(f"suggestions.csv: {net.n_organisations:,} organisations and no "
                           "leading firms to suggest partners for (linkages.suggest_partners "
                           "suggests for any)")
        progress.say(f"skipped {job.skipped[-1]}")
        return
    who = None if every or job.leaders is None else list(pd.unique(job.leaders.index))
    which = (f"the {len(who):,} leading firms" if who is not None
             else f"every organisation ({net.n_organisations:,})")
    with progress.step(f"suggesting partners for {which}"):
        table = suggest_partners(net, who, clusters=job.clusters, top=SUGGEST_TOP,
                                 theme="sector" if "sector" in net.organisations else None)
    notes = [f"the {SUGGEST_TOP} best new partners of {which} in each layer, within two "
             "steps or sharing a sector (linkages.suggest_partners: unsupervised default "
             "weights)"]
    if not every:
        notes.append(f"past {SUGGEST_ALL_MAX:,} organisations the job suggests partners for "
                     "the leading firms only (linkages.suggest_partners suggests for any)")
        progress.say(f"note: {notes[-1]}")
    table.attrs["notes"] = notes
    job.suggestions = table


def _systemic_risk(job: JobResult, progress: Progress) -> None:
    """ESRI on a directed production layer: every firm of it, or the ESRI_TOP strongest
    past ESRI_ALL_MAX firms (the bound said in the notes and on stderr)."""
    net = job.network
    if "production" not in net.layers or not net.directed.get("production", False):
        job.skipped.append("systemic_risk.csv: no directed 'production' layer (supplier -> "
                           "customer) to propagate a firm's failure on")
        progress.say(f"skipped {job.skipped[-1]}")
        return
    relations = net.relations
    production = relations[relations["layer"].astype(str) == "production"]
    firms = pd.unique(pd.concat([production["source"], production["target"]]))
    candidates = None if len(firms) <= ESRI_ALL_MAX else ESRI_TOP
    which = (f"every firm of the production layer ({len(firms):,})" if candidates is None
             else f"the {ESRI_TOP} firms of largest strength of {len(firms):,}")
    with progress.step(f"simulating firm failures (ESRI, {which})"):
        table = systemic_risk(net, candidates=candidates)
    notes = list(table.attrs.get("notes", []))
    if candidates is not None:
        notes.insert(0, f"ESRI computed for {which} (sales plus purchases on the production "
                        f"layer): past {ESRI_ALL_MAX:,} firms the job simulates only these "
                        "(linkages.systemic_risk computes any firm)")
        progress.say(f"note: {notes[0]}")
    table.attrs["notes"] = notes
    job.systemic = table


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """Lists in cells (ids of organisations, partners) as text: 'a; b; c'."""
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object and table[column].map(
                lambda v: isinstance(v, list | tuple | np.ndarray)).any():
            table[column] = table[column].map(
                lambda v: "; ".join(map(_label, v)) if isinstance(
                    v, list | tuple | np.ndarray) else v)
    return table


def _write_periods(job: JobResult, out: Path) -> None:
    """The tables of the clusters over periods, in ``out/periods``."""
    evolution = job.evolution
    assert evolution is not None
    folder = out / "periods"
    folder.mkdir(exist_ok=True)
    windows = evolution.periods.windows.copy()
    tables = {
        "windows": (windows, True, "the periods: first day, first day after, records, ties"),
        "events": (_flat(evolution.events), False,
                   "life-cycle events of the clusters between periods (birth, death, merge, "
                   "split, growth, contraction, continuation), with the members moving"),
        "membership": (evolution.membership, True,
                       "each organisation's cluster in each period (ids hold across periods; "
                       "empty: no tie in the period)"),
        "cluster_stats": (evolution.cluster_stats(), True,
                          "per period and cluster: size, ties, density, openness, types"),
        "moves": (evolution.moves(), False,
                  "organisations entering, leaving or changing cluster between periods"),
        "tie_changes": (evolution.tie_changes(), False,
                        "ties formed, dissolved and kept per layer between periods")}
    for name, (table, index, what) in tables.items():
        table.to_csv(folder / f"{name}.csv", index=index, encoding="utf-8")
        job.files[f"periods/{name}.csv"] = what


def _period_maps(job: JobResult, out: Path, *, title: str, seed: int) -> None:
    """A map per period and ``periods/map.html`` to switch between them (tracked cluster
    ids, so each cluster keeps its colour)."""
    evolution = job.evolution
    assert evolution is not None
    (out / "periods").mkdir(exist_ok=True)
    index = write_period_maps(evolution.periods, out / "periods" / "map.html",
                              clusters=evolution, title=f"{title} by period", seed=seed)
    job.files["periods/map.html"] = ("a map per period with a period selector (clusters "
                                     "keep their colour and organisations their place "
                                     "across periods)")
    for k, label in enumerate(evolution.periods, start=1):
        name = f"{index.stem}_periods/period-{k}.html"
        if (out / "periods" / name).is_file():      # none for a period without ties
            job.files[f"periods/{name}"] = f"map of period {label}"


def _column(table: pd.DataFrame | None, column: str) -> pd.Series | None:
    return None if table is None else table[column]


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
             "descriptions": job.descriptions, "themes": job.themes,
             "gaps": None if job.gaps is None else _flat(job.gaps),
             "priorities": None if job.priorities is None else _flat(job.priorities),
             "suggestions": job.suggestions, "systemic_risk": job.systemic,
             "build_report": net.report.to_frame()}
    extra = {name: table for name, table in extra.items() if table is not None}
    write_tables(net, out, clusters=job.clusters, scores=job.scores, excel=excel, extra=extra)
    described = {"organisations": "organisations with cluster and scores (CSV)",
                 "relations": "relations (CSV)",
                 "layers": "layers and their directedness (CSV)",
                 "leaders": "leading firms of each cluster, with the reasons (CSV)",
                 "clusters": "cluster profiles (CSV)",
                 "descriptions": "each cluster's label and description in words (CSV)",
                 "themes": "top sectors of each cluster, with location quotients (CSV)",
                 "gaps": "structural gaps of each cluster, with evidence and remedy (CSV)",
                 "priorities": "the structural gaps ranked across clusters (CSV)",
                 "suggestions": "suggested new partners of each organisation in each layer, "
                                "with the reasons (CSV)",
                 "systemic_risk": "firms by systemic risk (ESRI): the output lost if each "
                                  "fails, and why (CSV)",
                 "build_report": "rows read, ties made, rows dropped and why (CSV)"}
    for name in ["organisations", "relations", "layers", *extra]:
        job.files[f"{name}.csv"] = described[name]
    if excel:
        job.files["network.xlsx"] = "all the tables above, one sheet each (Excel)"


def _figures(job: JobResult, out: Path) -> dict[str, Any]:
    """Static figures for the report, also saved as PNG files in ``out/figures``."""

    made = {"layer_overlap": ("Overlap of tied pairs between layers (Jaccard)",
                              layer_overlap_figure(job.network))}
    if job.clusters is not None and "type" not in job.network.organisations:
        job.skipped.append("figures/cluster_composition.png: the organisations have no "
                           "'type' column")
    elif job.clusters is not None:
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


def _label(value: Any) -> str:
    """An id or name as written: integers without '.0', missing as '-'."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "-"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def summary_table(job: JobResult, *, top: int = SUMMARY_TOP,
                  min_size: int = SUMMARY_MIN_SIZE) -> str:
    """The readable summary printed at the end of a run: the clusters that matter (all of
    them up to ``top``, else the ``top`` largest of at least ``min_size`` organisations), a
    line counting the rest and
    the isolated organisations, then the files written, skipped and removed."""
    net = job.network
    lines = [str(net)]
    if job.clusters is not None:
        sizes = job.clusters.membership.value_counts()
        sizes = sizes.sort_values(ascending=False, kind="stable")
        how = ("weighted: tie weights used" if job.weighted else
               "unweighted: every tie counts 1, --weighted uses the tie weights")
        lines.append(f"{job.clusters.n_clusters:,} clusters ({job.clusters.method}, {how}; "
                     f"seed {job.clusters.seed})")
        shown = sizes if len(sizes) <= top else sizes[sizes >= min_size].head(top)
        table = pd.DataFrame({"size": shown}, index=shown.index)
        if job.profiles is not None:
            columns = [c for c in ("structure", "dominant_region") if c in job.profiles]
            table = table.join(job.profiles[columns])
        if job.leaders is not None and len(job.leaders):
            first = job.leaders[job.leaders["rank"] == 1]
            names = first["name"] if "name" in first else pd.Series(np.nan, index=first.index)
            label = {c: _label(n) if _label(n) != "-" else _label(i) for c, n, i in
                     zip(first["cluster"], names, first.index, strict=True)}
            anchor = {c: "yes" if a else "no" for c, a in
                      zip(first["cluster"], first["anchor"], strict=True)}
            table["leading firm"] = [label.get(c, "-") for c in table.index]
            table["anchor"] = [anchor.get(c, "-") for c in table.index]
        table = table.astype(object).where(table.notna(), "-")
        if len(table):
            lines += ["", table.rename_axis("cluster").to_string()]
        if job.descriptions is not None and len(table):
            words = job.descriptions["summary"].reindex(table.index).dropna()
            lines += ["", "In words:"] + [f"  {c}. {text}" for c, text in words.items()]
        rest = sizes.drop(shown.index)
        if len(rest):
            tied = pd.Index(pd.concat([net.relations["source"], net.relations["target"]]))
            isolates = int((~net.organisations.index.isin(tied)).sum())
            singles = int((rest == 1).sum())
            lines.append(f"... and {len(rest):,} more clusters of {int(rest.sum()):,} "
                         f"organisations (at most {int(rest.max()):,} each; {singles:,} single "
                         f"organisations, {isolates:,} of the network's organisations have no "
                         "tie); all clusters are in clusters.csv")
    if job.files:
        width = max(map(len, job.files))
        where = f" into {job.out}" if job.out is not None else ""
        lines += ["", f"Files written{where} (listed in {MANIFEST}):"]
        lines += [f"  {name:<{width}}  {what}" for name, what in job.files.items()]
    if job.skipped:
        lines += ["", "Skipped:"] + [f"  {text}" for text in job.skipped]
    if job.stale:
        lines += ["", "Removed (written by an earlier run, not by this one):"]
        lines += [f"  {name}" for name in job.stale]
    return "\n".join(lines)
