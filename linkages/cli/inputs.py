"""Input of the ``linkages`` command: reading and checking files, options, building.

Every problem found in a file becomes one line naming the file, the column, the rows
(counted as in a spreadsheet: the header is row 1, the first record row 2) and the value.
Three kinds of input file: organisations (one row per organisation), relations (one row
per tie: source, target, weight, layer) and two-mode records (one row per organisation x
group: project, patent, event), projected onto organisation pairs with
:func:`~linkages.build.two_mode.project_two_mode`.
"""

from __future__ import annotations

import argparse
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomllib

from linkages._validation import InputError, index_positions
from linkages.build.files import read_note, read_table
from linkages.build.periods import FREQUENCIES, Periods, period_windows
from linkages.build.tables import from_tables
from linkages.build.two_mode import project_two_mode
from linkages.network import BuildReport, MultilayerNetwork
from linkages.vocabulary import is_directed_by_default, type_table

__all__ = ["Options", "RelationsFile", "TwoModeFile", "describe_files", "inspect_files",
           "network_from_files", "options_from", "periods_from_files", "organisation_problems",
           "read_input", "read_type_map", "relation_problems", "two_mode_problems"]

ORGANISATION_COLUMNS = ("name", "type", "size", "sector", "region", "lat", "lon")
WEIGHTINGS = ("newman", "count")
#: What --undated does with records without a date: stop with an error, or drop them.
UNDATED = ("error", "drop")
#: Separator names accepted by --sep besides the character itself.
SEPARATOR_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"}


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


def read_file(path: str | Path, *, role: str, sep: str | None = None,
              encoding: str | None = None, text_columns: Sequence[str] = (),
              note: Callable[[str], None] | None = None) -> pd.DataFrame:
    """:func:`read_input` with the separator, encoding and id columns; the guessed separator
    and encoding go to ``note``."""
    table = read_input(path, role=role, sep=sep, encoding=encoding,
                       text_columns=list(text_columns) or None)
    guessed = read_note(table)
    if guessed and note is not None:
        note(f"note: {role} {guessed}")
    table.attrs["read_note"] = guessed
    return table


@dataclass
class Problem:
    """One finding about an input table; ``fatal`` ones stop ``analyze``."""

    text: str
    fatal: bool = True


def _value(value: Any) -> str:
    """A cell as the user wrote it: text quoted, numbers without a spurious '.0'."""
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    if isinstance(value, (np.generic,)):
        value = value.item()
    return repr(value)


def _repeated(values: pd.Series, limit: int = 3) -> str:
    """'2 ids are repeated (5 rows): 'A' at rows 2, 4; 'B' at rows 3, 5, 6'."""
    positions = np.flatnonzero((values.duplicated(keep=False) & values.notna()).to_numpy())
    groups: dict[Any, list[int]] = {}
    for position in positions:
        groups.setdefault(values.iloc[position], []).append(int(position))
    shown = "; ".join(f"{_value(v)} at {_rows(pd.Index(rows))}"
                      for v, rows in list(groups.items())[:limit])
    more = f"; and {len(groups) - limit} more" if len(groups) > limit else ""
    word = "id is" if len(groups) == 1 else "ids are"
    return f"{len(groups)} {word} repeated ({len(positions)} rows): {shown}{more}"


def organisation_problems(table: pd.DataFrame, *, id: str) -> list[Problem]:
    """Missing id column, missing or duplicate ids (fatal); missing attribute values.

    Examples
    --------
    >>> import pandas as pd
    >>> from linkages.cli.inputs import organisation_problems
    >>> orgs = pd.DataFrame({"id": ["A", "B", "A", "C", "B"]})
    >>> print(organisation_problems(orgs, id="id")[0].text)
    column 'id': 2 ids are repeated (4 rows): 'A' at rows 2, 4; 'B' at rows 3, 6
    """
    if id not in table.columns:
        return [Problem(f"column '{id}' (organisation id) is missing; found columns "
                        f"{[str(c) for c in table.columns]!r} (set --id)")]
    problems = []
    ids = table[id]
    missing = np.flatnonzero(ids.isna().to_numpy())
    if len(missing):
        problems.append(Problem(f"column '{id}': {len(missing)} empty ids at "
                                f"{_rows(pd.Index(missing))}"))
    if ids.duplicated().any():
        problems.append(Problem(f"column '{id}': {_repeated(ids)}"))
    for column in table.columns.drop(id):
        n = int(table[column].isna().sum())
        if n:
            problems.append(Problem(f"column '{column}': {n} missing values", fatal=False))
    return problems


def _unknown_ids(table: pd.DataFrame, column: str, known: pd.Index, known_from: str
                 ) -> tuple[np.ndarray, Problem | None]:
    """Positions of ``table[column]`` in ``known`` (-1: unknown), and the problem if any."""
    ends = table[column]
    if pd.api.types.is_numeric_dtype(ends.dtype) and not pd.api.types.is_numeric_dtype(
            known.dtype):
        ends = ends.astype(str)
    known = known[~known.duplicated()] if not known.is_unique else known
    positions = index_positions(known, ends)
    unknown = np.flatnonzero((positions < 0) & ends.notna().to_numpy())
    if not len(unknown):
        return positions, None
    return positions, Problem(
        f"column '{column}': id {_value(ends.iloc[unknown[0]])} at "
        f"{_rows(pd.Index(unknown[:1]))} is not in {known_from}"
        + (f" ({len(unknown)} such rows: {_rows(pd.Index(unknown))})"
           if len(unknown) > 1 else ""))


def two_mode_problems(table: pd.DataFrame, *, organisation: str, group: str,
                      known: pd.Index | None = None, known_from: str = "organisations"
                      ) -> list[Problem]:
    """Problems of organisation x group records, each naming its column and rows.

    Fatal: a missing column, empty organisation or group cells, organisations not in
    ``known``. Informative: repeated (organisation, group) rows (counted once).

    Examples
    --------
    >>> import pandas as pd
    >>> from linkages.cli.inputs import two_mode_problems
    >>> rows = pd.DataFrame({"org": ["A", "B", "B", None], "project": [1, 1, 1, 2]})
    >>> for p in two_mode_problems(rows, organisation="org", group="project"):
    ...     print("problem:" if p.fatal else "note:", p.text)
    problem: column 'org': 1 empty cells at row 5
    note: 1 rows repeat an earlier (org, project) at row 4; they count once
    """
    missing = _missing_columns(table, {organisation: "organisation-column",
                                       group: "group-column"})
    if missing:
        return missing
    problems = _empty_cells(table, (organisation, group), "empty cells")
    if known is not None:
        problem = _unknown_ids(table, organisation, known, known_from)[1]
        if problem is not None:
            problems.append(problem)
    repeated = np.flatnonzero(table.duplicated([organisation, group]).to_numpy())
    if len(repeated):
        problems.append(Problem(f"{len(repeated)} rows repeat an earlier ({organisation}, "
                                f"{group}) at {_rows(pd.Index(repeated))}; they count once",
                                fatal=False))
    return problems


def two_mode_summary(table: pd.DataFrame, *, organisation: str, group: str) -> str:
    """'300 organisations, 120 groups (project), 5 of them with one participant'."""
    rows = table[[organisation, group]].dropna().drop_duplicates()
    sizes = rows[group].value_counts()
    return (f"{rows[organisation].nunique():,} organisations, {len(sizes):,} groups "
            f"('{group}'), {int((sizes == 1).sum()):,} of them with one participant (no tie), "
            f"the largest with {int(sizes.max()) if len(sizes) else 0:,}")


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
    flags = {source: "source", target: "target", weight: "weight", layer: "layer-column"}
    missing = _missing_columns(table, {c: f for c, f in flags.items() if c is not None})
    if missing:
        return missing
    problems = _empty_cells(table, (source, target), "empty organisation ids")
    if weight is not None:
        values = pd.to_numeric(table[weight], errors="coerce")
        text = np.flatnonzero((values.isna() & table[weight].notna()).to_numpy())
        if len(text):
            problems.append(Problem(f"column '{weight}': {len(text)} values are not numbers, "
                                    f"e.g. {table[weight].iloc[text[0]]!r} at "
                                    f"{_rows(pd.Index(text))}"))
        for what, mask in (("empty", table[weight].isna()), ("negative", values < 0),
                           ("infinite", values.abs() == np.inf)):
            rows = np.flatnonzero(mask.to_numpy())
            if len(rows):
                problems.append(Problem(f"column '{weight}': {len(rows)} {what} weights at "
                                        f"{_rows(pd.Index(rows))}"))
    positions = {}
    if known is not None:
        for end in (source, target):
            positions[end], problem = _unknown_ids(table, end, known, known_from)
            if problem is not None:
                problems.append(problem)
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
        if weight is not None:
            overflow = _overflowing_sum(table, keys, values)
            if overflow is not None:
                problems.append(overflow)
    return problems


def _overflowing_sum(table: pd.DataFrame, keys: list[str], values: pd.Series
                     ) -> Problem | None:
    """Repeated rows whose finite weights sum to infinity (1e308 twice), if any."""
    finite = values.where(np.isfinite(values.to_numpy(dtype=float, na_value=np.nan)), 0.0)
    with np.errstate(over="ignore"):
        sums = finite.fillna(0.0).groupby([table[k] for k in keys], sort=False,
                                          dropna=False).transform("sum")
    rows = np.flatnonzero(~np.isfinite(sums.to_numpy(dtype=float)))
    if not len(rows):
        return None
    pair = ", ".join(f"{k} {_value(table[k].iloc[rows[0]])}" for k in keys)
    return Problem(f"the weights of the rows of ({pair}) at {_rows(pd.Index(rows))} sum "
                   f"past the largest number (about 1.8e308); scale the weights down")


def _missing_columns(table: pd.DataFrame, flags: dict[str, str]) -> list[Problem]:
    """A problem per needed column absent from ``table``; ``flags``: column -> its flag."""
    return [Problem(f"column '{c}' is missing; found columns "
                    f"{[str(c) for c in table.columns]!r} (set --{flag})")
            for c, flag in flags.items() if c not in table.columns]


def _empty_cells(table: pd.DataFrame, columns: tuple[str, ...], what: str) -> list[Problem]:
    """A problem per column with empty cells, naming how many and at which rows."""
    problems = []
    for column in columns:
        empty = np.flatnonzero(table[column].isna().to_numpy())
        if len(empty):
            problems.append(Problem(f"column '{column}': {len(empty)} {what} at "
                                    f"{_rows(pd.Index(empty))}"))
    return problems


# -- the options: flags and TOML config ------------------------------------------------------
@dataclass
class RelationsFile:
    path: Path
    layer: str | None = None                    # one layer name for the whole file
    columns: dict[str, str | None] = field(default_factory=dict)  # per file: source, target...


@dataclass
class TwoModeFile:
    """Organisation x group records (projects, patents, events), projected onto pairs."""

    path: Path
    layer: str | None = None                    # default: the file name
    organisation: str = "organisation"
    group: str = "project"
    weighting: str = "newman"                   # or "count"


@dataclass
class Options:
    """Everything ``analyze`` needs, merged from the config file and the flags."""

    organisations: Path | None = None
    relations: list[RelationsFile] = field(default_factory=list)
    two_mode: list[TwoModeFile] = field(default_factory=list)
    columns: dict[str, str | None] = field(default_factory=dict)   # role -> user's column
    layer_column: str | None = None
    directed: dict[str, bool] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    method: str = "leiden"
    engine: str = "auto"
    resolution: float = 1.0
    seed: int = 1
    top: int = 5
    weighted: bool = False
    unknown_ids: str = "error"
    strip_ids: bool = False
    type_map: dict[Any, str] | None = None
    sep: str | None = None
    encoding: str | None = None
    date: str | None = None                     # the time part: a record's date column,
    start: str | None = None                    # or its start and end columns
    end: str | None = None
    period: str = "year"                        # year, quarter or month
    undated: str = "error"                      # records without a date: error or drop

    @property
    def dated(self) -> bool:
        """Whether clusters are tracked over periods (a date or start column given)."""
        return self.date is not None or self.start is not None


def _load_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise InputError(f"config file '{path}' does not exist.")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"config file '{path}' is not valid TOML: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"config file '{path}' cannot be read: {error}") from None


def separator(value: str | None) -> str | None:
    """``--sep``: the character, or its name (comma, semicolon, tab, pipe, \\t)."""
    if value is None:
        return None
    sep = SEPARATOR_NAMES.get(value.lower(), value)
    if len(sep) != 1:
        raise InputError(f"--sep {value!r}: give one character or one of "
                         f"{', '.join(SEPARATOR_NAMES)}.")
    return sep


def read_type_map(path: str | Path, *, sep: str | None = None,
                  encoding: str | None = None) -> dict[Any, str]:
    r"""A type map file: TOML (a ``[types]`` table, or keys at the top) or a table (CSV,
    Excel...) of two columns, the value as written and the linkages type (named ``value``
    and ``type``, else the first two columns).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from linkages.cli.inputs import read_type_map
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "types.csv"
    >>> _ = path.write_text("value,type\nSpinoff,sme\nUni,university\n")
    >>> read_type_map(path)
    {'Spinoff': 'sme', 'Uni': 'university'}
    """
    path = Path(path)
    if path.suffix.lower() == ".toml":
        config = _load_toml(path)
        mapping = config.get("types", config)
        if not isinstance(mapping, Mapping) or not all(
                isinstance(v, str) for v in mapping.values()):
            raise InputError(f"type map file '{path}': expected a [types] table of "
                             "'value written' = 'linkages type' lines.")
        return check_type_map(dict(mapping), where=f"type map file '{path}'")
    table = read_file(path, role="type map", sep=sep, encoding=encoding,
                      text_columns=["value", "type"])
    if len(table.columns) < 2:
        raise InputError(f"type map file '{path}': needs two columns, the value as written "
                         "and the linkages type (e.g. a header 'value,type').")
    value, kind = ("value", "type") if {"value", "type"} <= set(table.columns) else (
        table.columns[0], table.columns[1])
    for column in (value, kind):
        empty = np.flatnonzero(table[column].isna().to_numpy())
        if len(empty):
            raise InputError(f"type map file '{path}': column '{column}': empty cell at "
                             f"{_rows(pd.Index(empty))}.")
    twice = table[value].duplicated(keep=False) & ~table.duplicated([value, kind], keep=False)
    if twice.any():
        rows = np.flatnonzero(twice.to_numpy())
        raise InputError(f"type map file '{path}': column '{value}': "
                         f"{_value(table[value].iloc[rows[0]])} is mapped to different types "
                         f"at {_rows(pd.Index(rows))}.")
    return check_type_map(dict(zip(table[value], table[kind], strict=True)),
                          where=f"type map file '{path}'")


def check_type_map(mapping: dict[Any, str], *, where: str) -> dict[Any, str]:
    """The mapping as given, or an InputError saying which value maps to no linkages type."""
    try:
        type_table(pd.Series([], dtype=object), type_map=mapping)
    except (InputError, TypeError) as error:
        reason = str(error).replace("The 'type_map' argument of normalise_types maps", "maps")
        raise InputError(f"{where}: {reason}") from None
    return mapping


_CONFIG_KEYS = {"organisations", "relations", "two_mode", "columns", "layer_column",
                "directed", "region", "method", "engine", "resolution", "seed", "top",
                "weighted", "unknown_ids", "strip_ids", "types", "type_map", "sep", "encoding",
                "out", "periods"}
_TWO_MODE_KEYS = {"file", "layer", "organisation", "group", "weighting"}
_PERIOD_KEYS = {"date", "start", "end", "period", "undated"}


def _check_weighting(value: Any, where: str) -> str:
    if value not in WEIGHTINGS:
        raise InputError(f"{where}: weighting {value!r} is not one of {', '.join(WEIGHTINGS)}.")
    return str(value)


def _file_entries(config: Mapping[str, Any], key: str, where: str, *, hint: str = ""
                  ) -> list[Mapping[str, Any]]:
    """The ``key`` entries of a config: each a file name or a table with a 'file' key."""
    entries = []
    for i, entry in enumerate(config.get(key, [])):
        if isinstance(entry, str):
            entry = {"file": entry}
        if not isinstance(entry, Mapping) or "file" not in entry:
            raise InputError(f"{where}: {key} entry {i + 1} must be a file name or a "
                             f"table with a 'file' key{hint}.")
        entries.append(entry)
    return entries


def _apply_config(opts: Options, config_path: Path) -> Path | None:
    """Options from a TOML config file into ``opts``; returns its ``out`` (or None)."""
    config = _load_toml(config_path)
    where = f"config file '{config_path}'"
    unknown = sorted(set(config) - _CONFIG_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown keys {unknown!r}; known keys are "
                         f"{sorted(_CONFIG_KEYS)!r}.")
    base = config_path.parent
    if "organisations" in config:
        opts.organisations = base / config["organisations"]
    for entry in _file_entries(config, "relations", where):
        opts.relations.append(RelationsFile(
            base / entry["file"], entry.get("layer"),
            {k: entry[k] for k in ("source", "target", "weight") if k in entry}))
    for i, entry in enumerate(_file_entries(config, "two_mode", where,
                                            hint=" ([[two_mode]] file = ...)")):
        extra = sorted(set(entry) - _TWO_MODE_KEYS)
        if extra:
            raise InputError(f"{where}: two_mode entry {i + 1}: unknown keys {extra!r}; known "
                             f"keys are {sorted(_TWO_MODE_KEYS)!r}.")
        opts.two_mode.append(TwoModeFile(
            base / entry["file"], entry.get("layer"),
            entry.get("organisation", "organisation"), entry.get("group", "project"),
            _check_weighting(entry.get("weighting", "newman"),
                             f"{where}: two_mode entry {i + 1}")))
    opts.columns.update(config.get("columns", {}))
    opts.layer_column = config.get("layer_column")
    directed = config.get("directed", {})
    if not isinstance(directed, Mapping):
        raise InputError(f"{where}: [directed] must be a table of 'layer = true/false' lines.")
    opts.directed.update({str(k): bool(v) for k, v in directed.items()})
    region = config.get("region", [])
    opts.regions = [region] if isinstance(region, str) else list(region)
    for key in ("method", "engine", "resolution", "seed", "top", "unknown_ids", "encoding"):
        if key in config:
            setattr(opts, key, config[key])
    for key in ("weighted", "strip_ids"):
        if key in config:
            if not isinstance(config[key], bool):
                raise InputError(f"{where}: {key} must be true or false, not "
                                 f"{config[key]!r}.")
            setattr(opts, key, config[key])
    if "sep" in config:
        opts.sep = separator(str(config["sep"]))
    if "types" in config:
        if not isinstance(config["types"], Mapping):
            raise InputError(f"{where}: [types] must be a table of 'value written' = "
                             "'linkages type' lines.")
        opts.type_map = check_type_map(dict(config["types"]), where=f"{where}: [types]")
    if "type_map" in config:
        opts.type_map = {**read_type_map(base / config["type_map"], sep=opts.sep,
                                         encoding=opts.encoding), **(opts.type_map or {})}
    if "periods" in config:
        section = config["periods"]
        if not isinstance(section, Mapping):
            raise InputError(f"{where}: [periods] must be a table of date = 'COL' (or start "
                             "= 'COL' and end = 'COL') and period = 'year' lines.")
        extra = sorted(set(section) - _PERIOD_KEYS)
        if extra:
            raise InputError(f"{where}: [periods]: unknown keys {extra!r}; known keys are "
                             f"{sorted(_PERIOD_KEYS)!r}.")
        for key in sorted(_PERIOD_KEYS):
            if key in section:
                if not isinstance(section[key], str):
                    raise InputError(f"{where}: [periods] {key} must be text, not "
                                     f"{section[key]!r}.")
                setattr(opts, key, section[key])
    return base / config["out"] if "out" in config else None


def _per_file(values: list[str] | None, files: Sequence[Any], flag: str, what: str
              ) -> list[str | None]:
    """A flag given once for all files, or once per file in their order."""
    values = values or []
    if len(values) <= 1:
        return [values[0] if values else None] * len(files)
    if len(values) != len(files):
        raise InputError(f"give {flag} once for all {what} files or once per file: got "
                         f"{len(values)} for {len(files)} files.")
    return list(values)


def options_from(args: argparse.Namespace) -> tuple[Options, Path]:
    """Merge the config file (if any) and the flags; flags win. Returns options and --out.

    Files named on the command line (``--relations``, ``--two-mode``) replace the config
    file's; ``--layer`` names them one each, in the order they were given.
    """
    opts, out = Options(), None          # type: tuple[Options, Path | None]
    if getattr(args, "config", None) is not None:
        out = _apply_config(opts, Path(args.config))
    if args.organisations is not None:
        opts.organisations = Path(args.organisations)
    relations, two_mode = args.relations or [], getattr(args, "two_mode", None) or []
    if relations or two_mode:
        opts.relations = [RelationsFile(Path(p)) for p in relations]
        opts.two_mode = [TwoModeFile(Path(p)) for p in two_mode]
    if args.layer:
        order = getattr(args, "input_order", None) or (
            ["relations"] * len(relations) + ["two_mode"] * len(two_mode))
        if len(args.layer) != len(order):
            raise InputError(f"give one --layer per input file (--relations and --two-mode, "
                             f"in their order): got {len(args.layer)} --layer for "
                             f"{len(order)} files.")
        entries: dict[str, Iterator[RelationsFile | TwoModeFile]] = {
            "relations": iter(opts.relations), "two_mode": iter(opts.two_mode)}
        for kind, name in zip(order, args.layer, strict=True):
            next(entries[kind]).layer = name
    if args.id is not None:
        opts.columns["id"] = args.id
    for role in ("source", "target", "weight"):         # once for all files, or once per file
        given = getattr(args, role) or []
        if len(given) == 1:
            opts.columns[role] = given[0]
        elif given:
            for entry, column in zip(opts.relations, _per_file(given, opts.relations,
                                                               f"--{role}", "relations")):
                entry.columns[role] = column
    for flag, attribute in (("organisation_column", "organisation"),
                            ("group_column", "group"), ("weighting", "weighting")):
        given = getattr(args, flag, None)
        for two, value in zip(opts.two_mode, _per_file(
                given, opts.two_mode, "--" + flag.replace("_", "-"), "--two-mode")):
            if value is not None:
                setattr(two, attribute, value)
    for two in opts.two_mode:
        _check_weighting(two.weighting, f"two-mode file '{two.path}'")
    for columns in [opts.columns] + [entry.columns for entry in opts.relations]:
        if str(columns.get("weight", "")).lower() == "none":
            columns["weight"] = None
    if args.layer_column is not None:
        opts.layer_column = args.layer_column
    both = sorted(set(args.directed or []) & set(args.undirected or []))
    if both:
        raise InputError(f"layer '{both[0]}' is given both --directed and --undirected; "
                         "choose one.")
    for name in args.directed or []:
        opts.directed[name] = True
    for name in args.undirected or []:
        opts.directed[name] = False
    if args.region:
        opts.regions = list(args.region)
    for key in ("method", "engine", "resolution", "seed", "top", "weighted", "encoding"):
        if getattr(args, key, None) is not None:
            setattr(opts, key, getattr(args, key))
    if getattr(args, "sep", None) is not None:
        opts.sep = separator(args.sep)
    if getattr(args, "strip_ids", False):
        opts.strip_ids = True
    if getattr(args, "type_map", None) is not None:
        opts.type_map = read_type_map(args.type_map, sep=opts.sep, encoding=opts.encoding)
    if args.drop_unknown:
        opts.unknown_ids = "drop"
    for key in ("date", "start", "end", "period", "undated"):
        if getattr(args, key, None) is not None:
            setattr(opts, key, getattr(args, key))
    check_period_options(opts)
    if args.out is not None:
        out = Path(args.out)
    if opts.organisations is None and not opts.two_mode:
        raise InputError("no organisations file: pass --organisations FILE "
                         "(or 'organisations' in the config file).")
    if not opts.relations and not opts.two_mode:
        raise InputError("no relations file: pass --relations FILE or --two-mode FILE (or "
                         "'relations' / [[two_mode]] in the config file).")
    if out is None:
        raise InputError("no output folder: pass --out DIR (or 'out' in the config file).")
    return opts, out


def check_period_options(opts: Options) -> None:
    """--date, or --start (and --end); --period one of year, quarter, month."""
    if opts.period not in FREQUENCIES:
        raise InputError(f"period {opts.period!r} is not one of {', '.join(FREQUENCIES)}.")
    if opts.undated not in UNDATED:
        raise InputError(f"undated {opts.undated!r} is not one of {', '.join(UNDATED)}.")
    if opts.date is not None and (opts.start is not None or opts.end is not None):
        raise InputError("give --date COL (a record's date) or --start COL with --end COL (a "
                         "record's duration), not both.")
    if opts.end is not None and opts.start is None:
        raise InputError("--end COL goes with --start COL (a record's first and last day).")


# -- building the network from files ---------------------------------------------------------
def _strip(table: pd.DataFrame, columns: Sequence[str]) -> tuple[pd.DataFrame, int]:
    """Ids stripped of surrounding spaces (``--strip-ids``), and how many changed."""
    changed = 0
    for column in columns:
        if column in table.columns and (table[column].dtype == object or isinstance(
                table[column].dtype, pd.StringDtype)):
            values = table[column]
            stripped = values.where(values.isna(), values.astype(str).str.strip())
            n = int((stripped.notna() & (stripped != values)).sum())
            if n:
                table = table.assign(**{column: stripped})
                changed += n
    return table, changed


def network_from_files(opts: Options, note: Callable[[str], None] | None = None):
    """Read, check and build: every problem found becomes one InputError naming the file.

    Informative findings (self-loops dropped, repeated rows merged, the projection of
    two-mode records, separators and encodings guessed) go to ``note``.
    """
    say = note or (lambda text: None)
    reading: dict[str, Any] = {"sep": opts.sep, "encoding": opts.encoding, "note": note}
    id_col = opts.columns.get("id") or "id"
    stripped = 0
    orgs: pd.DataFrame | None = None
    known: pd.Index | None = None
    known_from = f"the organisations file '{opts.organisations}'"
    if opts.organisations is not None:
        raw = read_file(opts.organisations, role="organisations", text_columns=[id_col],
                        **reading)
        if opts.strip_ids:
            raw, n = _strip(raw, [id_col])
            stripped += n
        for problem in organisation_problems(raw, id=id_col):
            if problem.fatal:
                raise InputError(f"organisations file '{opts.organisations}': {problem.text}.")
        renames = {opts.columns[k]: k for k in ORGANISATION_COLUMNS
                   if opts.columns.get(k) and opts.columns[k] in raw.columns}
        orgs = raw.rename(columns=renames).set_index(id_col).rename_axis("id")
        if orgs.index.dtype == object:
            orgs.index = orgs.index.astype(str)
        if opts.unknown_ids == "error":
            known = orgs.index

    parts = []
    for entry in opts.relations:
        columns = {**opts.columns, **entry.columns}
        source, target = columns.get("source") or "source", columns.get("target") or "target"
        table = read_file(entry.path, role="relations", text_columns=[source, target],
                          **reading)
        if opts.strip_ids:
            table, n = _strip(table, [source, target])
            stripped += n
        weight = columns.get("weight", "weight")
        if weight == "weight" and "weight" not in table.columns and not entry.columns.get(
                "weight") and not opts.columns.get("weight"):
            weight = None                       # the default column is optional
        layer = None
        if entry.layer is None:
            layer = opts.layer_column or ("layer" if "layer" in table.columns else None)
        problems = relation_problems(table, source=source, target=target, weight=weight,
                                     layer=layer, known=known, known_from=known_from)
        for problem in problems:
            if problem.fatal:
                raise InputError(f"relations file '{entry.path}': {problem.text}.")
            say(f"note: relations file '{entry.path}': {problem.text}")
        name = entry.layer or (None if layer else entry.path.name.split(".")[0])
        parts.append(pd.DataFrame({
            "source": table[source], "target": table[target],
            "layer": table[layer].astype(str) if layer else name,
            "weight": 1.0 if weight is None else pd.to_numeric(table[weight])}))

    projection = BuildReport()
    for two in opts.two_mode:
        table = read_file(two.path, role="two-mode", text_columns=[two.organisation, two.group],
                          **reading)
        if opts.strip_ids:
            table, n = _strip(table, [two.organisation])
            stripped += n
        for problem in two_mode_problems(table, organisation=two.organisation,
                                         group=two.group, known=known, known_from=known_from):
            if problem.fatal:
                raise InputError(f"two-mode file '{two.path}': {problem.text}.")
            say(f"note: two-mode file '{two.path}': {problem.text}")
        name = two.layer or two.path.name.split(".")[0]
        ties = project_two_mode(table, organisation=two.organisation, group=two.group,
                                weighting=two.weighting, report=projection)
        projection.steps[-1]["step"] += f": '{two.path.name}' -> layer '{name}'"
        say(f"note: two-mode file '{two.path}': "
            f"{two_mode_summary(table, organisation=two.organisation, group=two.group)}; "
            f"projected onto {len(ties):,} organisation pairs (layer '{name}', "
            f"{two.weighting} weighting)")
        parts.append(pd.DataFrame({"source": ties["source"], "target": ties["target"],
                                   "layer": name, "weight": ties["weight"]}))
    relations = pd.concat(parts, ignore_index=True)
    if orgs is not None and pd.api.types.is_numeric_dtype(
            relations["source"].dtype) != pd.api.types.is_numeric_dtype(orgs.index.dtype):
        relations = relations.assign(source=relations["source"].astype(str),
                                     target=relations["target"].astype(str))
    layers = [str(name) for name in pd.unique(relations["layer"])]   # in order of appearance
    unknown = [name for name in opts.directed if name not in layers]
    if unknown:
        raise InputError(f"--directed/--undirected name layer '{unknown[0]}', which no input "
                         f"file holds; the layers are {', '.join(layers)}.")
    directed = {name: opts.directed.get(name, is_directed_by_default(name))
                for name in layers}
    if orgs is not None and "type" in orgs.columns:
        for line in type_notes(orgs["type"], opts.type_map):
            say(f"note: organisations file '{opts.organisations}': {line}")
    net = from_tables(orgs, relations, directed=directed, unknown_ids=opts.unknown_ids,
                      strip_ids=opts.strip_ids, type_map=opts.type_map)
    net.report.steps[:0] = projection.steps
    net.report.notes[:0] = projection.notes + (
        [f"{stripped:,} ids stripped of surrounding spaces (--strip-ids)"] if stripped else [])
    return net


def _dates_of(table: pd.DataFrame, column: str, *, where: str, last: bool = False
              ) -> pd.Series:
    """A column of dates (or years: 2015 is 1 January, or 31 December for an end), every
    cell a date: else an InputError naming the file, the column and the rows."""
    values = table[column]
    empty = np.flatnonzero(values.isna().to_numpy())
    if len(empty):
        raise InputError(f"{where}: column '{column}': {len(empty)} empty dates at "
                         f"{_rows(pd.Index(empty))} (--undated drop leaves those records out "
                         "of the periods).")
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().all() and (numbers % 1 == 0).all() and numbers.between(1000, 9999).all():
        day = "-12-31" if last else "-01-01"
        return pd.to_datetime(numbers.astype(np.int64).astype(str) + day)
    text = values.astype(str) if not pd.api.types.is_datetime64_any_dtype(values) else values
    try:
        dates = pd.to_datetime(text, errors="coerce")
    except (ValueError, TypeError):
        dates = pd.Series(pd.NaT, index=values.index)
    if dates.isna().any():
        try:
            dates = pd.to_datetime(text, errors="coerce", format="mixed")
        except (ValueError, TypeError):
            pass
    bad = np.flatnonzero(dates.isna().to_numpy())
    if len(bad):
        raise InputError(f"{where}: column '{column}': {_value(values.iloc[bad[0]])} at "
                         f"{_rows(pd.Index(bad))} is not a date (e.g. 2021-03-15, or a year "
                         "2021).")
    return dates


def _spans(table: pd.DataFrame, opts: Options, *, where: str,
           note: Callable[[str], None]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray] | None:
    """The dated rows and each one's first and last active day, or None when the file has
    no date column; rows without a date dropped with ``--undated drop`` (said in ``note``)."""
    first = opts.date if opts.date is not None else opts.start
    assert first is not None
    if first not in table.columns:
        return None
    empty = table[first].isna().to_numpy()
    if empty.any() and opts.undated == "drop":
        note(f"note: {where}: {int(empty.sum()):,} rows without a date in column '{first}' "
             "dropped from the periods (--undated drop)")
        table = table[~empty].reset_index(drop=True)
    begins = _dates_of(table, first, where=where)
    if opts.end is None or opts.end not in table.columns:
        ends = _dates_of(table, first, where=where, last=opts.date is None)
    else:
        filled = table[opts.end].where(table[opts.end].notna(), table[first])
        ends = _dates_of(table.assign(**{opts.end: filled}), opts.end, where=where, last=True)
    before = np.flatnonzero((ends < begins).to_numpy())
    if len(before):
        raise InputError(f"{where}: column '{opts.end}': {len(before)} rows end before they "
                         f"start ('{first}'), at {_rows(pd.Index(before))}.")
    return (table, begins.to_numpy(dtype="datetime64[ns]"),
            ends.to_numpy(dtype="datetime64[ns]"))


def periods_from_files(opts: Options, net: MultilayerNetwork,
                       note: Callable[[str], None] | None = None) -> Periods | None:
    """One network per period (``--date`` or ``--start``/``--end``, ``--period``) from the
    same input files as ``net``, on ``net``'s organisations; None without a date option.

    A relation row (or a two-mode participation) counts in every period its date falls in,
    or that its start .. end overlaps (a project's ties exist in every period it runs).
    Files without the date column are left out of the periods (said in ``note``); every
    date must read as a date (or a year), else an InputError names the file, column, rows.
    """
    if not opts.dated:
        return None
    check_period_options(opts)
    say = note or (lambda text: None)
    reading: dict[str, Any] = {"sep": opts.sep, "encoding": opts.encoding, "note": None}
    column = opts.date if opts.date is not None else opts.start
    records, participations = [], []
    left_out = []
    for entry in opts.relations:
        columns = {**opts.columns, **entry.columns}
        source, target = columns.get("source") or "source", columns.get("target") or "target"
        where = f"relations file '{entry.path}'"
        table = read_file(entry.path, role="relations", text_columns=[source, target],
                          **reading)
        if opts.strip_ids:
            table = _strip(table, [source, target])[0]
        spans = _spans(table, opts, where=where, note=say)
        if spans is None:
            left_out.append(str(entry.path))
            continue
        table = spans[0]
        weight = columns.get("weight", "weight")
        if weight is not None and weight not in table.columns:
            weight = None
        layer = None
        if entry.layer is None:
            layer = opts.layer_column or ("layer" if "layer" in table.columns else None)
        name = entry.layer or (None if layer else entry.path.name.split(".")[0])
        records.append(pd.DataFrame({
            "source": table[source], "target": table[target],
            "layer": table[layer].astype(str) if layer else name,
            "weight": 1.0 if weight is None else pd.to_numeric(table[weight]),
            "begin": spans[1], "end": spans[2]}))
    for two in opts.two_mode:
        where = f"two-mode file '{two.path}'"
        table = read_file(two.path, role="two-mode",
                          text_columns=[two.organisation, two.group], **reading)
        if opts.strip_ids:
            table = _strip(table, [two.organisation])[0]
        spans = _spans(table, opts, where=where, note=say)
        if spans is None:
            left_out.append(str(two.path))
            continue
        table = spans[0]
        participations.append((two, table[[two.organisation, two.group]], *spans[1:]))
    if not records and not participations:
        raise InputError(f"no input file has the date column '{column}' (--date / --start, "
                         "or [periods] in the config file); the files are "
                         + ", ".join(f"'{p}'" for p in left_out) + ".")
    if left_out:
        say(f"note: periods: {', '.join(repr(p) for p in left_out)} have no column "
            f"'{column}'; their ties are left out of the periods")
    relations = (pd.concat(records, ignore_index=True) if records else None)
    begins = np.concatenate([r["begin"].to_numpy() for r in records]
                            + [p[2] for p in participations])
    ends = np.concatenate([r["end"].to_numpy() for r in records]
                          + [p[3] for p in participations])
    windows = period_windows(begins.min(), ends.max(), period=opts.period,
                             caller="--period")
    orgs = net.organisations
    unknown = "drop" if opts.unknown_ids == "drop" or opts.regions else "error"
    networks: dict[str, MultilayerNetwork] = {}
    n_records = []
    for label, (w_start, w_end) in windows[["start", "end"]].iterrows():
        lo, hi = np.datetime64(w_start, "ns"), np.datetime64(w_end, "ns")
        parts, count = [], 0
        if relations is not None:
            active = ((relations["begin"] < hi) & (relations["end"] >= lo)).to_numpy()
            count += int(active.sum())
            parts.append(relations.loc[active, ["source", "target", "layer", "weight"]])
        report = BuildReport()
        for two, rows, first, last in participations:
            active = (first < hi) & (last >= lo)
            count += int(active.sum())
            if active.any():
                ties = project_two_mode(rows[active], organisation=two.organisation,
                                        group=two.group, weighting=two.weighting,
                                        report=report)
                parts.append(pd.DataFrame({
                    "source": ties["source"], "target": ties["target"],
                    "layer": two.layer or two.path.name.split(".")[0],
                    "weight": ties["weight"]}))
        ties = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        n_records.append(count)
        if len(ties):
            if pd.api.types.is_numeric_dtype(ties["source"].dtype) != \
                    pd.api.types.is_numeric_dtype(orgs.index.dtype):
                ties = ties.assign(source=ties["source"].astype(str),
                                   target=ties["target"].astype(str))
            layers = [str(n) for n in pd.unique(ties["layer"])]
            period_net = from_tables(orgs, ties, directed={
                n: net.directed.get(n, False) for n in layers}, unknown_ids=unknown)
            period_net.report.steps[:0] = report.steps
        else:
            empty = pd.DataFrame({"source": pd.Series(dtype=object),
                                  "target": pd.Series(dtype=object),
                                  "layer": pd.Categorical([], categories=list(net.layers)),
                                  "weight": pd.Series(dtype=float)})
            period_net = MultilayerNetwork(orgs, empty, directed=dict(net.directed))
            period_net.report.note(f"period {label}: no active records")
        networks[str(label)] = period_net
    windows = windows.copy()
    windows["records"] = np.array(n_records, dtype=np.int64)
    windows["ties"] = np.array([n.n_relations for n in networks.values()], dtype=np.int64)
    if not windows["ties"].any():
        raise InputError(f"the dated records (column '{column}') make no tie in any period.")
    return Periods(networks, windows, {label: n.report for label, n in networks.items()})


def type_notes(column: pd.Series, type_map: Mapping[Any, str] | None = None) -> list[str]:
    """Lines on a ``type`` column: the values read as another word (``'HES' as
    'university'``), and those left unrecognised, with their counts."""
    table = type_table(column, type_map=type_map)
    lines = []
    read = table[~table["how"].isin(["linkages type", "unrecognised", "blank"])]
    if len(read):
        lines.append("column 'type': read "
                     + ", ".join(f"{_value(v)} as '{t}' ({n:,})" for v, t, n in
                                 zip(read["value"][:8], read["type"][:8], read["count"][:8],
                                     strict=True))
                     + (f" and {len(read) - 8} more" if len(read) > 8 else ""))
    left = table[table["how"] == "unrecognised"]
    if len(left):
        lines.append(f"column 'type': {len(left)} values are no organisation type linkages "
                     "knows, kept as written (counted as other, never as a firm): "
                     + ", ".join(f"{_value(v)} ({n:,})" for v, n in
                                 zip(left["value"][:10], left["count"][:10], strict=True))
                     + (f" and {len(left) - 10} more" if len(left) > 10 else "")
                     + "; map them with --type-map FILE or [types] in a config file")
    return lines


# -- info ------------------------------------------------------------------------------------
def inspect_files(paths: Sequence[str | Path], *, id: str = "id", source: str = "source",
                  target: str = "target", weight: str | None = "weight",
                  layer_column: str | None = None, two_mode: Sequence[str | Path] = (),
                  organisation: str = "organisation", group: str = "project",
                  type_map: Mapping[Any, str] | None = None, sep: str | None = None,
                  encoding: str | None = None) -> tuple[str, int]:
    """What is in each file (``linkages info``), and the number of problems found: those
    that would stop ``linkages analyze``. Notes (missing attribute values, self-loops,
    repeated rows, types left unrecognised) are not problems."""
    as_two_mode = {Path(p) for p in two_mode}
    files = list(dict.fromkeys([Path(p) for p in paths] + [Path(p) for p in two_mode]))
    text = [c for c in (id, source, target, organisation, group) if c]
    tables = {path: read_file(path, role="two-mode" if path in as_two_mode else "input",
                              sep=sep, encoding=encoding, text_columns=text)
              for path in files}

    def kind(path: Path, table: pd.DataFrame) -> str:
        if path in as_two_mode:
            return "two-mode"
        if {source, target} <= set(table.columns):
            return "relations"
        if id in table.columns:
            return "organisations"
        if {organisation, group} <= set(table.columns):
            return "two-mode"
        return "neither"

    kinds = {path: kind(path, table) for path, table in tables.items()}
    known, known_from = None, "organisations"
    for path, table in tables.items():
        if kinds[path] == "organisations":
            known = pd.Index(table[id].dropna().drop_duplicates())
            known_from = f"organisations file '{path}'"
    blocks, n_problems = [], 0
    for path, table in tables.items():
        lines = [f"{path}: {len(table):,} rows, {len(table.columns)} columns: "
                 f"{', '.join(map(str, table.columns))}"]
        guessed = read_note(table)
        if guessed:
            lines.append(f"  read with {guessed.split(' read with ', 1)[-1]}")
        notes: list[str] = []
        if kinds[path] == "relations":
            layer = layer_column or ("layer" if "layer" in table.columns else None)
            w = weight if weight in table.columns else None
            if layer:
                counts = table[layer].value_counts(sort=False, dropna=False)
                lines.append(f"  relations; layers in column '{layer}': "
                             + ", ".join(f"{k} ({v:,})" for k, v in counts.items()))
            else:
                lines.append(f"  relations; one layer (use --layer NAME, default "
                             f"'{path.name.split('.')[0]}')")
            if w is None:
                lines.append(f"  no weight column '{weight}': every row weighs 1")
            problems = relation_problems(table, source=source, target=target, weight=w,
                                         layer=layer, known=known, known_from=known_from)
        elif kinds[path] == "organisations":
            kinds_line = ""
            if "type" in table.columns:
                read = type_table(table["type"], type_map=type_map)
                by_type = read.groupby("type", dropna=False, sort=False)["count"].sum()
                kinds_line = "; types: " + ", ".join(
                    f"{k} ({v:,})" for k, v in by_type.sort_values(ascending=False).items())
                notes += type_notes(table["type"], type_map)
            lines.append(f"  organisations (id column '{id}'){kinds_line}")
            absent = [c for c in ORGANISATION_COLUMNS if c not in table.columns]
            if absent:
                lines.append(f"  columns linkages uses that are absent: {', '.join(absent)}")
            problems = organisation_problems(table, id=id)
        elif kinds[path] == "two-mode":
            problems = two_mode_problems(table, organisation=organisation, group=group,
                                         known=known, known_from=known_from)
            if not any(p.text.startswith("column '") and "is missing" in p.text
                       for p in problems):
                lines.append(f"  organisation x group records (two-mode; columns "
                             f"'{organisation}' and '{group}'): "
                             + two_mode_summary(table, organisation=organisation, group=group))
                lines.append(f"  linkages analyze --two-mode {path} --organisation-column "
                             f"{organisation} --group-column {group} projects them onto "
                             "organisation pairs (--weighting newman or count)")
        else:
            lines.append(f"  neither organisations (no column '{id}') nor relations (no "
                         f"columns '{source}' and '{target}') nor organisation x group "
                         f"records (no columns '{organisation}' and '{group}'); set --id, "
                         f"--source / --target, or --two-mode FILE --organisation-column COL "
                         f"--group-column COL")
            problems = []
        problems += [Problem(text, fatal=False) for text in notes]
        lines += [f"  {'problem' if p.fatal else 'note'}: {p.text}" for p in problems]
        n_problems += sum(p.fatal for p in problems)
        if not any(p.fatal for p in problems):
            lines.append("  no problems found")
        blocks.append("\n".join(lines))
    return "\n".join(blocks), n_problems


def describe_files(paths: Sequence[str | Path], **options: Any) -> str:
    """What is in each file: rows, columns, layers and problems (the text of
    ``linkages info``; :func:`inspect_files` also counts the problems)."""
    return inspect_files(paths, **options)[0]
