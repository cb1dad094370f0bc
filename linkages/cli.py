"""The ``linkages`` command: the whole job for non-programmers.

::

    linkages example --out DIR            # the whole job on the bundled example
    linkages analyze --organisations orgs.csv --relations supply.csv --layer production \\
                     --relations projects.csv --layer scientific --out DIR
    linkages info orgs.csv supply.csv     # what is in the files, and what is wrong with them

Exit codes: 0 success, 2 bad input (one line on stderr naming the file, column and row).
Rows are counted as in a spreadsheet: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import argparse
import sys
import time
import zipfile
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._validation import InputError

__all__ = ["main", "run_job"]

EXIT_OK, EXIT_INPUT = 0, 2
ORGANISATION_COLUMNS = ("name", "type", "size", "sector", "region", "lat", "lon")


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


# -- reading and checking input files --------------------------------------------------------
def _rows(index: pd.Index, limit: int = 5) -> str:
    """Spreadsheet row numbers (header = row 1) of positional ``index``: 'rows 3, 7 and 9'."""
    numbers = [str(int(i) + 2) for i in index[:limit]]
    more = f" and {len(index) - limit} more" if len(index) > limit else ""
    word = "row" if len(index) == 1 else "rows"
    return f"{word} {', '.join(numbers)}{more}"


def read_input(path: str | Path, *, role: str = "input") -> pd.DataFrame:
    """Read a table file; any failure becomes one InputError naming the file."""
    from .io import read_table

    path = Path(path)
    if not path.exists():
        raise InputError(f"{role} file '{path}' does not exist.")
    if path.is_dir():
        raise InputError(f"{role} file '{path}' is a folder, not a table file.")
    try:
        table = read_table(path)
    except InputError as error:
        raise InputError(f"{role} file '{path}': {error}") from None
    except (OSError, ValueError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise InputError(f"{role} file '{path}' cannot be read as a table: {reason}") from None
    return table.reset_index(drop=True)


@dataclass
class Problem:
    """One finding about an input table; ``fatal`` ones stop ``analyze``."""

    text: str
    fatal: bool = True


def organisation_problems(table: pd.DataFrame, *, id: str) -> list[Problem]:
    """Missing id column, missing or duplicate ids (fatal); missing attribute values."""
    if id not in table.columns:
        return [Problem(f"column '{id}' (organisation id) is missing; found columns "
                        f"{[str(c) for c in table.columns]!r} (set --id)")]
    problems = []
    ids = table[id]
    missing = np.flatnonzero(ids.isna().to_numpy())
    if len(missing):
        problems.append(Problem(f"column '{id}': {len(missing)} empty ids at "
                                f"{_rows(pd.Index(missing))}"))
    duplicated = np.flatnonzero((ids.duplicated(keep=False) & ids.notna()).to_numpy())
    if len(duplicated):
        problems.append(Problem(f"column '{id}': {len(duplicated)} rows share an id, e.g. "
                                f"{ids.iloc[duplicated[0]]!r} at {_rows(pd.Index(duplicated))}"))
    for column in table.columns.drop(id):
        n = int(table[column].isna().sum())
        if n:
            problems.append(Problem(f"column '{column}': {n} missing values", fatal=False))
    return problems


def relation_problems(table: pd.DataFrame, *, source: str, target: str,
                      weight: str | None, layer: str | None,
                      known: pd.Index | None = None, known_from: str = "organisations"
                      ) -> list[Problem]:
    """Problems of a relations table, each naming its column and rows.

    Fatal: a missing column, empty ends, non-numeric or negative weights, ids not in
    ``known``. Informative: self-loops (dropped) and duplicate rows (weights summed).
    """
    needed = [source, target] + [c for c in (weight, layer) if c is not None]
    missing_columns = [c for c in needed if c not in table.columns]
    if missing_columns:
        return [Problem(f"column '{c}' is missing; found columns "
                        f"{[str(c) for c in table.columns]!r} "
                        f"(set --{_flag_of(c, source, target, weight, layer)})")
                for c in missing_columns]
    problems = []
    for end in (source, target):
        empty = np.flatnonzero(table[end].isna().to_numpy())
        if len(empty):
            problems.append(Problem(f"column '{end}': {len(empty)} empty organisation ids at "
                                    f"{_rows(pd.Index(empty))}"))
    if weight is not None:
        values = pd.to_numeric(table[weight], errors="coerce")
        text = np.flatnonzero((values.isna() & table[weight].notna()).to_numpy())
        if len(text):
            problems.append(Problem(f"column '{weight}': {len(text)} values are not numbers, "
                                    f"e.g. {table[weight].iloc[text[0]]!r} at "
                                    f"{_rows(pd.Index(text))}"))
        for what, mask in (("empty", table[weight].isna()), ("negative", values < 0)):
            rows = np.flatnonzero(mask.to_numpy())
            if len(rows):
                problems.append(Problem(f"column '{weight}': {len(rows)} {what} weights at "
                                        f"{_rows(pd.Index(rows))}"))
    if known is not None:
        for end in (source, target):
            ends = table[end]
            if pd.api.types.is_numeric_dtype(ends.dtype) and not pd.api.types.is_numeric_dtype(
                    known.dtype):
                ends = ends.astype(str)
            unknown = np.flatnonzero((~ends.isin(known) & ends.notna()).to_numpy())
            if len(unknown):
                problems.append(Problem(
                    f"column '{end}': id {ends.iloc[unknown[0]]!r} at "
                    f"{_rows(pd.Index(unknown[:1]))} is not in {known_from}"
                    + (f" ({len(unknown)} such rows: {_rows(pd.Index(unknown))})"
                       if len(unknown) > 1 else "")))
    loops = np.flatnonzero((table[source] == table[target]).to_numpy())
    if len(loops):
        problems.append(Problem(f"{len(loops)} self-loops (source = target) at "
                                f"{_rows(pd.Index(loops))}; they will be dropped", fatal=False))
    keys = [source, target] + ([layer] if layer is not None else [])
    repeated = np.flatnonzero(table.duplicated(keys, keep="first").to_numpy())
    if len(repeated):
        problems.append(Problem(f"{len(repeated)} rows repeat an earlier ({', '.join(keys)}) "
                                f"at {_rows(pd.Index(repeated))}; their weights will be summed",
                                fatal=False))
    return problems


def _flag_of(column: str, source: str, target: str, weight: str | None,
             layer: str | None) -> str:
    return {source: "source", target: "target", weight: "weight",
            layer: "layer-column"}.get(column, "source")


# -- the options: flags and TOML config ------------------------------------------------------
@dataclass
class RelationsFile:
    path: Path
    layer: str | None = None                    # one layer name for the whole file
    columns: dict[str, str] = field(default_factory=dict)   # per-file source/target/weight


@dataclass
class Options:
    """Everything ``analyze`` needs, merged from the config file and the flags."""

    organisations: Path | None = None
    relations: list[RelationsFile] = field(default_factory=list)
    columns: dict[str, str | None] = field(default_factory=dict)   # role -> user's column
    layer_column: str | None = None
    directed: dict[str, bool] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    method: str = "leiden"
    resolution: float = 1.0
    seed: int = 1
    top: int = 5
    unknown_ids: str = "error"


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:                 # Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise InputError("config files need Python 3.11 or the 'tomli' package "
                             "(pip install tomli)") from None
    if not path.exists():
        raise InputError(f"config file '{path}' does not exist.")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"config file '{path}' is not valid TOML: {error}") from None


_CONFIG_KEYS = {"organisations", "relations", "columns", "layer_column", "directed", "region",
                "method", "resolution", "seed", "top", "unknown_ids", "out"}


def options_from(args: argparse.Namespace) -> tuple[Options, Path | None]:
    """Merge the config file (if any) and the flags; flags win. Returns options and --out."""
    opts, out = Options(), None
    if args.config is not None:
        config_path = Path(args.config)
        config = _load_toml(config_path)
        unknown = sorted(set(config) - _CONFIG_KEYS)
        if unknown:
            raise InputError(f"config file '{config_path}': unknown keys {unknown!r}; "
                             f"known keys are {sorted(_CONFIG_KEYS)!r}.")
        base = config_path.parent
        if "organisations" in config:
            opts.organisations = base / config["organisations"]
        for i, entry in enumerate(config.get("relations", [])):
            if isinstance(entry, str):
                entry = {"file": entry}
            if not isinstance(entry, Mapping) or "file" not in entry:
                raise InputError(f"config file '{config_path}': relations entry {i + 1} must "
                                 "be a file name or a table with a 'file' key.")
            opts.relations.append(RelationsFile(
                base / entry["file"], entry.get("layer"),
                {k: entry[k] for k in ("source", "target", "weight") if k in entry}))
        opts.columns.update(config.get("columns", {}))
        opts.layer_column = config.get("layer_column")
        opts.directed.update({str(k): bool(v) for k, v in config.get("directed", {}).items()})
        region = config.get("region", [])
        opts.regions = [region] if isinstance(region, str) else list(region)
        for key in ("method", "resolution", "seed", "top", "unknown_ids"):
            if key in config:
                setattr(opts, key, config[key])
        if "out" in config:
            out = base / config["out"]
    if args.organisations is not None:
        opts.organisations = Path(args.organisations)
    if args.relations:
        opts.relations = [RelationsFile(Path(p)) for p in args.relations]
    if args.layer:
        if len(args.layer) != len(opts.relations):
            raise InputError(f"give one --layer per --relations file: got {len(args.layer)} "
                             f"--layer for {len(opts.relations)} relations files.")
        for entry, name in zip(opts.relations, args.layer):
            entry.layer = name
    if args.id is not None:
        opts.columns["id"] = args.id
    for role in ("source", "target", "weight"):         # once for all files, or once per file
        given = getattr(args, role) or []
        if len(given) == 1:
            opts.columns[role] = given[0]
        elif given:
            if len(given) != len(opts.relations):
                raise InputError(f"give --{role} once for all relations files or once per "
                                 f"file: got {len(given)} for {len(opts.relations)} files.")
            for entry, column in zip(opts.relations, given):
                entry.columns[role] = column
    for columns in [opts.columns] + [entry.columns for entry in opts.relations]:
        if str(columns.get("weight", "")).lower() == "none":
            columns["weight"] = None
    if args.layer_column is not None:
        opts.layer_column = args.layer_column
    for name in args.directed or []:
        opts.directed[name] = True
    for name in args.undirected or []:
        opts.directed[name] = False
    if args.region:
        opts.regions = list(args.region)
    for key in ("method", "resolution", "seed", "top"):
        if getattr(args, key) is not None:
            setattr(opts, key, getattr(args, key))
    if args.drop_unknown:
        opts.unknown_ids = "drop"
    if args.out is not None:
        out = Path(args.out)
    if opts.organisations is None:
        raise InputError("no organisations file: pass --organisations FILE "
                         "(or 'organisations' in the config file).")
    if not opts.relations:
        raise InputError("no relations file: pass --relations FILE (or 'relations' in the "
                         "config file).")
    if out is None:
        raise InputError("no output folder: pass --out DIR (or 'out' in the config file).")
    return opts, out


# -- building the network from files ---------------------------------------------------------
def network_from_files(opts: Options, progress: Progress | None = None):
    """Read, check and build: every problem found becomes one InputError naming the file."""
    from .build import from_tables

    progress = progress or Progress(quiet=True)
    id_col = opts.columns.get("id", "id")
    orgs = read_input(opts.organisations, role="organisations")
    for problem in organisation_problems(orgs, id=id_col):
        if problem.fatal:
            raise InputError(f"organisations file '{opts.organisations}': {problem.text}.")
    renames = {opts.columns[k]: k for k in ORGANISATION_COLUMNS
               if opts.columns.get(k) and opts.columns[k] in orgs.columns}
    orgs = orgs.rename(columns=renames).set_index(id_col).rename_axis("id")
    if orgs.index.dtype == object:
        orgs.index = orgs.index.astype(str)

    parts = []
    for entry in opts.relations:
        table = read_input(entry.path, role="relations")
        columns = {**opts.columns, **entry.columns}
        source, target = columns.get("source", "source"), columns.get("target", "target")
        weight = columns.get("weight", "weight")
        if weight == "weight" and "weight" not in table.columns and not entry.columns.get(
                "weight") and not opts.columns.get("weight"):
            weight = None                       # the default column is optional
        layer = None
        if entry.layer is None:
            layer = opts.layer_column or ("layer" if "layer" in table.columns else None)
        problems = relation_problems(table, source=source, target=target, weight=weight,
                                     layer=layer,
                                     known=orgs.index if opts.unknown_ids == "error" else None,
                                     known_from=f"the organisations file "
                                                f"'{opts.organisations}'")
        for problem in problems:
            if problem.fatal:
                raise InputError(f"relations file '{entry.path}': {problem.text}.")
            progress.say(f"note: relations file '{entry.path}': {problem.text}")
        name = entry.layer or (None if layer else entry.path.name.split(".")[0])
        part = pd.DataFrame({
            "source": table[source], "target": table[target],
            "layer": table[layer].astype(str) if layer else name,
            "weight": 1.0 if weight is None else pd.to_numeric(table[weight])})
        parts.append(part)
    relations = pd.concat(parts, ignore_index=True)
    if pd.api.types.is_numeric_dtype(relations["source"].dtype) != pd.api.types.is_numeric_dtype(
            orgs.index.dtype):
        relations = relations.assign(source=relations["source"].astype(str),
                                     target=relations["target"].astype(str))
    layers = list(dict.fromkeys(relations["layer"]))
    directed = {name: opts.directed.get(name, name in ("production", "commercial"))
                for name in layers}
    return from_tables(orgs, relations, directed=directed, unknown_ids=opts.unknown_ids)


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


def run_job(net, out: str | Path, *, method: str = "leiden", resolution: float = 1.0,
            seed: int | None = 1, top: int = 5, title: str = "linkages report",
            progress: Progress | None = None) -> JobResult:
    """Clusters, leaders, profiles, HTML map, tables, GEXF, figures and report into ``out``.

    The whole job of ``linkages analyze`` on a built network; returns what was computed
    and the files written (name -> description).
    """
    progress = progress or Progress(quiet=True)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    job = JobResult(net)

    @contextmanager
    def step(text: str):
        # A step whose module is not installed is skipped with a message, not a crash.
        try:
            with progress.step(text):
                yield
        except ImportError as error:             # includes ModuleNotFoundError
            if not (error.name or "").startswith("linkages"):
                raise
            job.skipped.append(f"{text}: {error}")
            progress.say(f"skipped {text}: {error}")

    with step(f"finding clusters ({method})"):
        from .clusters import find_clusters
        job.clusters = find_clusters(net, method=method, resolution=resolution, seed=seed)
    with step("computing centrality"):
        from .centrality import centrality
        job.scores = centrality(net, measures=["degree", "betweenness", "pagerank"],
                                seed=seed)
    if job.clusters is not None:
        with step("ranking leading firms and profiling clusters"):
            from .leaders import leading_firms, profile_clusters
            job.leaders = leading_firms(net, job.clusters, top=top)
            job.profiles = profile_clusters(net, job.clusters)

    with step("writing tables"):
        _write_tables(job, out)
    with step("writing GEXF"):
        from .formats import write_gexf
        write_gexf(net, out / "network.gexf", clusters=job.clusters, scores=job.scores)
        job.files["network.gexf"] = "network for Gephi (GEXF, layers and attributes kept)"
    with step("drawing the HTML map"):
        from .html import to_html
        to_html(net, out / "map.html", clusters=job.clusters, scores=job.scores,
                leaders=job.leaders, size_by="pagerank:aggregate", title=title, seed=seed)
        job.files["map.html"] = "interactive map (open in a browser; works offline)"
    figures: dict[str, Any] = {}
    with step("drawing figures"):
        figures = _figures(job, out)
    with step("writing the report"):
        from .report import write_report
        job.files["report.html"] = "one-page report"
        write_report(net, out / "report.html", clusters=job.clusters, leaders=job.leaders,
                     profiles=job.profiles, figures=figures, files=job.files, title=title)
    return job


def _write_tables(job: JobResult, out: Path) -> None:
    """The network's tables (CSV and one workbook) plus leaders, profiles and build report."""
    from .formats import write_tables

    net = job.network
    write_tables(net, out, clusters=job.clusters, scores=job.scores, excel=True)
    job.files.update({"organisations.csv": "organisations with cluster and scores (CSV)",
                      "relations.csv": "relations (CSV)",
                      "layers.csv": "layers and their directedness (CSV)"})
    extra = {"leaders": job.leaders, "clusters": job.profiles,
             "build_report": net.report.to_frame()}
    extra = {name: table for name, table in extra.items() if table is not None}
    for name, table in extra.items():
        table.to_csv(out / f"{name}.csv", index=name == "clusters")
        job.files[f"{name}.csv"] = f"{name.replace('_', ' ')} (CSV)"
    with pd.ExcelWriter(out / "network.xlsx", mode="a", if_sheet_exists="replace") as book:
        for name, table in extra.items():
            table.to_excel(book, sheet_name=name, index=name == "clusters")
    job.files["network.xlsx"] = "all the tables above, one sheet each (Excel)"


def _figures(job: JobResult, out: Path) -> dict[str, Any]:
    """Static figures for the report, also saved as PNG files in ``out/figures``."""
    from .figures import cluster_composition_figure, layer_overlap_figure, leader_ranking_figure

    made = {"Overlap of tied pairs between layers (Jaccard)": layer_overlap_figure(job.network)}
    if job.clusters is not None:
        made["Organisations of each cluster by type"] = cluster_composition_figure(
            job.network, job.clusters)
    if job.leaders is not None:
        leaders = job.leaders
        if "name" in job.network.organisations and "name" not in leaders:
            leaders = leaders.assign(name=leaders["organisation"].map(
                job.network.organisations["name"]))
        made["Leading firms by score"] = leader_ranking_figure(leaders)
    folder = out / "figures"
    folder.mkdir(exist_ok=True)
    for i, (caption, figure) in enumerate(made.items(), start=1):
        figure.savefig(folder / f"figure{i}.png", dpi=110, bbox_inches="tight")
        job.files[f"figures/figure{i}.png"] = caption
    return made


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
            first = job.leaders[job.leaders["rank"] == 1].set_index("cluster")["organisation"]
            names = net.organisations["name"] if "name" in net.organisations else None
            table["leading firm"] = first.map(names) if names is not None else first
        lines += ["", table.rename_axis("cluster").fillna("-").to_string()]
    if job.files:
        width = max(map(len, job.files))
        lines += ["", "Files written:"]
        lines += [f"  {name:<{width}}  {what}" for name, what in job.files.items()]
    if job.skipped:
        lines += ["", "Skipped:"] + [f"  {text}" for text in job.skipped]
    return "\n".join(lines)


# -- info ------------------------------------------------------------------------------------
def describe_files(paths: Sequence[str | Path], *, id: str = "id", source: str = "source",
                   target: str = "target", weight: str | None = "weight",
                   layer_column: str | None = None) -> str:
    """What is in each file: rows, columns, layers and problems (``linkages info``)."""
    tables = {Path(p): read_input(p) for p in paths}
    known, known_from = None, None
    for path, table in tables.items():
        if id in table.columns and not {source, target} <= set(table.columns):
            known, known_from = pd.Index(table[id].dropna()), f"organisations file '{path}'"
    blocks = []
    for path, table in tables.items():
        lines = [f"{path}: {len(table):,} rows, {len(table.columns)} columns: "
                 f"{', '.join(map(str, table.columns))}"]
        if {source, target} <= set(table.columns):
            layer = layer_column or ("layer" if "layer" in table.columns else None)
            w = weight if weight in table.columns else None
            if layer:
                counts = table[layer].value_counts(sort=False)
                lines.append(f"  relations; layers in column '{layer}': "
                             + ", ".join(f"{k} ({v:,})" for k, v in counts.items()))
            else:
                lines.append(f"  relations; one layer (use --layer NAME, default "
                             f"'{path.name.split('.')[0]}')")
            if w is None:
                lines.append(f"  no weight column '{weight}': every row weighs 1")
            problems = relation_problems(table, source=source, target=target, weight=w,
                                         layer=layer, known=known, known_from=known_from)
        elif id in table.columns:
            kinds = ""
            if "type" in table.columns:
                kinds = "; types: " + ", ".join(f"{k} ({v:,})" for k, v in
                                                 table["type"].value_counts().items())
            lines.append(f"  organisations (id column '{id}'){kinds}")
            absent = [c for c in ORGANISATION_COLUMNS if c not in table.columns]
            if absent:
                lines.append(f"  columns linkages uses that are absent: {', '.join(absent)}")
            problems = organisation_problems(table, id=id)
        else:
            lines.append(f"  neither organisations (no column '{id}') nor relations (no "
                         f"columns '{source}' and '{target}'); set --id / --source / --target")
            problems = []
        lines += [f"  {'problem' if p.fatal else 'note'}: {p.text}" for p in problems]
        if not problems:
            lines.append("  no problems found")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


# -- the command -----------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linkages", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Network analysis of inter-organisational linkages: clusters, leading "
                    "firms, interactive maps.",
        epilog="Run 'linkages COMMAND --help' for the options of a command.")
    from . import __version__
    parser.add_argument("--version", action="version", version=f"linkages {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def job_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--out", help="output folder (created if needed)")
        p.add_argument("--method", help="clustering method (default leiden)")
        p.add_argument("--resolution", type=float, help="clustering resolution (default 1)")
        p.add_argument("--seed", type=int, help="random seed (default 1): same seed, same result")
        p.add_argument("--top", type=int, help="leading firms listed per cluster (default 5)")
        p.add_argument("--quiet", action="store_true", help="no progress lines")

    example = sub.add_parser("example", help="run the whole job on the bundled example",
                             description="Run the whole job on the bundled example network "
                                         "(300 organisations, 4 clusters, 3 layers).")
    job_options(example)

    analyze = sub.add_parser(
        "analyze", help="run the whole job on your files",
        description="Build the network from your files, find clusters, rank leading firms, "
                    "and write the HTML map, tables, GEXF and a one-page report.")
    analyze.add_argument("--organisations", metavar="FILE",
                         help="organisations table (CSV, TSV, Excel or Parquet)")
    analyze.add_argument("--relations", metavar="FILE", action="append",
                         help="relations table; repeat for several files")
    analyze.add_argument("--layer", metavar="NAME", action="append",
                         help="layer name of each --relations file, in the same order "
                              "(default: the file's layer column, else the file name)")
    analyze.add_argument("--layer-column", metavar="COL",
                         help="column naming each row's layer (default 'layer' if present)")
    analyze.add_argument("--id", metavar="COL", help="organisation id column (default 'id')")
    analyze.add_argument("--source", metavar="COL", action="append",
                         help="relation source column (default 'source'); once for all "
                              "files or once per --relations file")
    analyze.add_argument("--target", metavar="COL", action="append",
                         help="relation target column (default 'target'); as --source")
    analyze.add_argument("--weight", metavar="COL", action="append",
                         help="relation weight column (default 'weight' if present; 'none': "
                              "every row weighs 1); as --source")
    analyze.add_argument("--directed", metavar="LAYER", action="append",
                         help="treat this layer as directed (production and commercial are)")
    analyze.add_argument("--undirected", metavar="LAYER", action="append",
                         help="treat this layer as undirected")
    analyze.add_argument("--region", action="append",
                         help="keep only organisations of this region (repeatable)")
    analyze.add_argument("--drop-unknown", action="store_true",
                         help="drop relations whose ends are not in the organisations file "
                              "(default: stop with an error)")
    analyze.add_argument("--config", metavar="FILE.toml", help="options from a TOML file")
    job_options(analyze)

    info = sub.add_parser("info", help="what is in your files, before a run",
                          description="Rows, columns, layers and problems of each file.")
    info.add_argument("files", nargs="+", metavar="FILE")
    info.add_argument("--id", default="id", metavar="COL")
    info.add_argument("--source", default="source", metavar="COL")
    info.add_argument("--target", default="target", metavar="COL")
    info.add_argument("--weight", default="weight", metavar="COL")
    info.add_argument("--layer-column", metavar="COL")
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "info":
        print(describe_files(args.files, id=args.id, source=args.source, target=args.target,
                             weight=args.weight, layer_column=args.layer_column))
        return EXIT_OK
    progress = Progress(args.quiet)
    if args.command == "example":
        from .datasets import load_example
        with progress.step("loading the bundled example"):
            net = load_example()
        opts, out = Options(), Path(args.out or "linkages-example")
        for key in ("method", "resolution", "seed", "top"):
            if getattr(args, key) is not None:
                setattr(opts, key, getattr(args, key))
        title = "linkages report: bundled example"
    else:
        opts, out = options_from(args)
        with progress.step("building the network"):
            net = network_from_files(opts, progress)
        if opts.regions:
            if "region" not in net.organisations.columns:
                raise InputError(f"organisations file '{opts.organisations}': --region needs "
                                 "a column 'region' (map yours with [columns] region = ... "
                                 "in a config file).")
            net = net.select(region=opts.regions)
        title = f"linkages report: {opts.organisations.name}"
    job = run_job(net, out, method=opts.method, resolution=opts.resolution, seed=opts.seed,
                  top=opts.top, title=title, progress=progress)
    print(summary_table(job))
    progress.say(f"done: open {out / 'report.html'} and {out / 'map.html'}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``linkages`` command; returns the exit code (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (InputError, FileNotFoundError, pd.errors.ParserError,
            pd.errors.EmptyDataError) as error:
        message = " ".join(str(error).split())
        print(f"linkages: error: {message}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
