"""Input of the ``linkages`` command: reading and checking files, options, building.

Every problem found in a file becomes one line naming the file, the column and the rows
(counted as in a spreadsheet: the header is row 1, the first record row 2).
"""

from __future__ import annotations

import argparse
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomllib

from linkages._validation import InputError, index_positions
from linkages.build.files import read_table
from linkages.build.tables import from_tables
from linkages.vocabulary import is_directed_by_default

__all__ = ["Options", "RelationsFile", "describe_files", "network_from_files", "options_from",
           "organisation_problems", "read_input", "relation_problems"]

ORGANISATION_COLUMNS = ("name", "type", "size", "sector", "region", "lat", "lon")

# -- reading and checking input files --------------------------------------------------------
def _rows(index: pd.Index, limit: int = 5) -> str:
    """Spreadsheet row numbers (header = row 1) of positional ``index``: 'rows 3, 7 and 9'."""
    numbers = [str(int(i) + 2) for i in index[:limit]]
    more = f" and {len(index) - limit} more" if len(index) > limit else ""
    word = "row" if len(index) == 1 else "rows"
    return f"{word} {', '.join(numbers)}{more}"


def read_input(path: str | Path, *, role: str = "input", sep: str | None = None,
               encoding: str | None = None,
               text_columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a table file; any failure becomes one InputError naming the file.

    ``text_columns`` (default: ``id``, ``source`` and ``target``) are read as text, as
    written (``007`` stays ``007``); ``sep`` and ``encoding`` are guessed when None (see
    :func:`linkages.read_table`; the guess is in ``attrs['read']``).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{role} file '{path}' does not exist.")
    if path.is_dir():
        raise InputError(f"{role} file '{path}' is a folder, not a table file.")
    columns = ("id", "source", "target") if text_columns is None else tuple(text_columns)
    try:
        table = read_table(path, text_columns=columns, sep=sep, encoding=encoding)
    except InputError as error:
        text = str(error)
        prefix = f"File {str(path)!r} "
        if text.startswith(prefix):
            raise InputError(f"{role} file '{path}' {text[len(prefix):]}") from None
        raise InputError(f"{role} file '{path}': {text}") from None
    except (OSError, ValueError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise InputError(f"{role} file '{path}' cannot be read as a table: {reason}") from None
    read = table.attrs.get("read")
    table = table.reset_index(drop=True)
    if read is not None:
        table.attrs["read"] = read
    return table


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

    Examples
    --------
    >>> import pandas as pd
    >>> from linkages.cli.inputs import relation_problems
    >>> supply = pd.DataFrame({"seller": ["B", "C", "X", "C"], "buyer": ["A", "A", "A", "C"],
    ...                        "value": [1.0, 2.0, 3.0, 4.0]})
    >>> for p in relation_problems(supply, source="seller", target="buyer", weight="value",
    ...                            layer=None, known=pd.Index(["A", "B", "C"])):
    ...     print("problem:" if p.fatal else "note:", p.text)
    problem: column 'seller': id 'X' at row 4 is not in organisations
    note: 1 self-loops (source = target) at row 5; they will be dropped
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
    positions = {}
    if known is not None:
        for end in (source, target):
            ends = table[end]
            if pd.api.types.is_numeric_dtype(ends.dtype) and not pd.api.types.is_numeric_dtype(
                    known.dtype):
                ends = ends.astype(str)
            positions[end] = index_positions(known, ends)
            unknown = np.flatnonzero((positions[end] < 0) & ends.notna().to_numpy())
            if len(unknown):
                problems.append(Problem(
                    f"column '{end}': id {ends.iloc[unknown[0]]!r} at "
                    f"{_rows(pd.Index(unknown[:1]))} is not in {known_from}"
                    + (f" ({len(unknown)} such rows: {_rows(pd.Index(unknown))})"
                       if len(unknown) > 1 else "")))
    keys = [source, target] + ([layer] if layer is not None else [])
    if known is not None and positions and all((p >= 0).all() for p in positions.values()):
        # every id known: compare integer positions, 5x faster than the text at 10M rows
        s, t = positions[source].astype(np.int64), positions[target].astype(np.int64)
        loops = np.flatnonzero(s == t)
        pair = s * len(known) + t
        if layer is not None:
            codes, names = pd.factorize(table[layer])          # -1: no layer, a value too
            pair = pair * (len(names) + 1) + np.where(codes < 0, len(names), codes)
        repeated = np.flatnonzero(pd.Series(pair).duplicated(keep="first").to_numpy())
    else:
        loops = np.flatnonzero((table[source] == table[target]).to_numpy())
        repeated = np.flatnonzero(table.duplicated(keys, keep="first").to_numpy())
    if len(loops):
        problems.append(Problem(f"{len(loops)} self-loops (source = target) at "
                                f"{_rows(pd.Index(loops))}; they will be dropped", fatal=False))
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
    columns: dict[str, str | None] = field(default_factory=dict)  # per file: source, target...


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
    engine: str = "igraph"
    resolution: float = 1.0
    seed: int = 1
    top: int = 5
    unknown_ids: str = "error"


def _load_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise InputError(f"config file '{path}' does not exist.")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"config file '{path}' is not valid TOML: {error}") from None


_CONFIG_KEYS = {"organisations", "relations", "columns", "layer_column", "directed", "region",
                "method", "engine", "resolution", "seed", "top", "unknown_ids", "out"}


def options_from(args: argparse.Namespace) -> tuple[Options, Path]:
    """Merge the config file (if any) and the flags; flags win. Returns options and --out."""
    opts, out = Options(), None          # type: tuple[Options, Path | None]
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
        for key in ("method", "engine", "resolution", "seed", "top", "unknown_ids"):
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
    for key in ("method", "engine", "resolution", "seed", "top"):
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
def network_from_files(opts: Options, note: Callable[[str], None] | None = None):
    """Read, check and build: every problem found becomes one InputError naming the file.

    Informative findings (self-loops dropped, repeated rows merged) go to ``note``.
    """
    id_col = opts.columns.get("id") or "id"
    if opts.organisations is None:
        raise InputError("analyze needs an organisations file (--organisations FILE).")
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
        source, target = columns.get("source") or "source", columns.get("target") or "target"
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
            if note is not None:
                note(f"note: relations file '{entry.path}': {problem.text}")
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
    layers = list(pd.unique(relations["layer"]))           # in order of appearance
    directed = {name: opts.directed.get(name, is_directed_by_default(name))
                for name in layers}
    return from_tables(orgs, relations, directed=directed, unknown_ids=opts.unknown_ids)


# -- info ------------------------------------------------------------------------------------
def describe_files(paths: Sequence[str | Path], *, id: str = "id", source: str = "source",
                   target: str = "target", weight: str | None = "weight",
                   layer_column: str | None = None) -> str:
    """What is in each file: rows, columns, layers and problems (``linkages info``)."""
    tables = {Path(p): read_input(p) for p in paths}
    known, known_from = None, "organisations"
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
