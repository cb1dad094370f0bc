"""from_tables: an organisations table and relation tables (or files) -> a network.

Vectorised pandas/numpy: no Python loop per row. Ids are compared as written: files are
read with their id columns as text (``007`` is not ``7``), ids with surrounding spaces are
refused (or stripped with ``strip_ids=True``), and tables whose ids are numbers in one and
text in the other are refused rather than converted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import (
    InputError,
    check_columns,
    check_not_empty,
    check_one_of,
    preview,
)
from linkages.build.files import Table, as_table, read_note
from linkages.network import (
    BuildReport,
    MultilayerNetwork,
    checked_weights,
    end_positions,
)
from linkages.vocabulary import (
    describe_types,
    is_directed_by_default,
    normalise_types,
    type_table,
)

__all__ = ["from_tables"]


def from_tables(organisations: Table | None, relations: Table | Mapping[str, Table], *,
                id: str = "id", source: str = "source", target: str = "target",
                layer: str = "layer", weight: str | None = "weight",
                directed: bool | Mapping[str, bool] | None = None,
                self_loops: str = "drop", duplicates: str = "sum",
                unknown_ids: str = "error", strip_ids: bool = False,
                type_map: Mapping[Any, str] | None = None) -> MultilayerNetwork:
    """Build a multilayer network from an organisations table and relation tables.

    Parameters
    ----------
    organisations : DataFrame, path or None
        One row per organisation (CSV, Excel or Parquet path, or a DataFrame). ``None``
        makes an attribute-less table from the relation endpoints.
    relations : DataFrame, path, or mapping of layer name to DataFrame or path
        Relation records. With one table, its ``layer`` column names each row's layer;
        with a mapping, every table is one layer.
    id, source, target, layer, weight : str
        Column names in the user's tables (column mapping): the organisation id, the two
        ends of a relation, its layer and its weight. ``weight=None``, or a missing default
        ``'weight'`` column, gives every tie weight 1 (noted in the report). Files are read
        with the ``id``, ``source`` and ``target`` columns as text, exactly as written
        (``007`` stays ``007``; see :func:`read_table`); the separator and encoding guessed
        for a text file are noted in the report.
    directed : bool or mapping of layer to bool, optional
        Default: production and commercial directed, scientific and others undirected.
    self_loops : {'drop', 'keep', 'error'}
    duplicates : {'sum', 'max', 'first', 'error'}
        Several rows for one (source, target, layer) are merged: weights summed (default).
        Use :func:`aggregate_records` first to keep counts and dates of raw records.
        Weights whose sum exceeds the largest float (about 1.8e308) raise, naming the rows.
    unknown_ids : {'error', 'drop'}
        Relations whose ends are not in ``organisations``: raise (default; the error counts
        every unknown id of both ends) or drop them, with the count in the report.
    strip_ids : bool
        Ids with spaces around them (``' A1'``, also non-breaking spaces) are refused by
        default, naming the table, column, row and value; ``True`` strips them and notes
        how many were stripped in the report.
    type_map : mapping, optional
        The ``type`` column's words -> linkages types, e.g. ``{"Spinoff": "sme"}`` or
        :data:`linkages.vocabulary.CORDIS_TYPES`. A ``type`` column is read with
        :func:`normalise_types` (``type_map`` first, then case, spacing, synonyms and
        CORDIS codes); the report notes every value recoded and every value left
        unrecognised (kept as written), with its count.

    Returns
    -------
    MultilayerNetwork
        With ``report`` saying rows read, ties made and rows dropped, and why.

    Raises
    ------
    InputError
        Naming the table (file), column, row and value: ids with surrounding spaces, ids
        that are numbers in one table and text in another (e.g. Parquet files written with
        integer ids on one side only), unknown ids, weights that are not finite
        non-negative numbers or that overflow when merged. Rows of a file are counted as
        in a spreadsheet: the header is row 1, the first record row 2.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> orgs = pd.DataFrame({"org": ["A", "B", "C"], "kind": ["large firm", "sme", "sme"]})
    >>> supply = pd.DataFrame({"seller": ["B", "C", "C", "C"], "buyer": ["A", "A", "A", "C"],
    ...                        "value": [10.0, 4.0, 1.0, 2.0]})
    >>> net = lk.from_tables(orgs, {"production": supply}, id="org", source="seller",
    ...                      target="buyer", weight="value")
    >>> net.relations[["source", "target", "weight"]].values.tolist()
    [['B', 'A', 10.0], ['C', 'A', 5.0]]
    >>> for reason, n in net.report.dropped.items():
    ...     print(n, reason)
    1 self-loops dropped (self_loops='drop')
    1 duplicate (source, target, layer) rows merged (duplicates='sum')
    """
    caller = "from_tables"
    check_one_of(unknown_ids, ["error", "drop"], argument="unknown_ids", caller=caller)
    check_one_of(strip_ids, [False, True], argument="strip_ids", caller=caller)
    report = BuildReport()
    rows = RowNames()
    table = _relations_table(relations, source=source, target=target, layer=layer,
                             weight=weight, report=report, caller=caller, rows=rows)
    stripped = 0
    # Ids with spaces around them: with an organisations table and strip_ids=False, only
    # the organisations' ids and the relations' ids not found among them are read (an id
    # with spaces either is not found, or is found because the organisations' id has the
    # same spaces); otherwise every id of both ends.
    every_end = organisations is None or strip_ids
    if every_end:
        for end, column in (("source", source), ("target", target)):
            table[end], n = _check_spaces(table[end], column=column, rows=rows,
                                          strip=strip_ids)
            stripped += n
    positions: tuple[np.ndarray, np.ndarray] | None = None
    if organisations is None:
        _check_same_kind(table, source=source, target=target, rows=rows)
        # the ids in order of first appearance, and each end's position among them
        codes, ids = pd.factorize(pd.concat([table["source"], table["target"]],
                                            ignore_index=True))
        positions = (codes[:len(table)], codes[len(table):])
        orgs = pd.DataFrame(index=pd.Index(ids, name="id"))
        report.note(f"no organisations table: {len(orgs):,} organisations taken from the "
                    "relation endpoints")
    else:
        orgs = as_table(organisations, argument="organisations", caller=caller,
                        text_columns=[id])
        note = read_note(orgs)
        if note:
            report.note(note)
        label = _label(organisations, "organisations")
        check_not_empty(orgs, argument="organisations", caller=caller)
        org_rows = RowNames()
        if id in orgs.columns:
            org_rows.add(label, len(orgs), file=not isinstance(organisations, pd.DataFrame),
                         index=orgs.index)
            orgs = orgs.set_index(id)
        elif orgs.index.name != id:
            check_columns(orgs, [id], argument="organisations", caller=caller)
        else:
            org_rows.add(label, len(orgs), file=False, index=pd.RangeIndex(len(orgs)))
        if strip_ids:       # stripped before they are looked up
            values, n = _check_spaces(pd.Series(orgs.index, copy=False), column=id,
                                      rows=org_rows, strip=True)
            if n:
                orgs.index = pd.Index(values, name=orgs.index.name)
            stripped += n
        orgs = orgs.rename_axis("id")
        _check_id_kinds(table, orgs.index, label=label, id=id, source=source,
                        target=target, rows=rows)
        if orgs.index.is_unique:       # else the network names the duplicated ids
            # both ends looked up once; the positions go to the network
            positions = end_positions(orgs.index, table)
        if not every_end:   # the relations' ids first, then the organisations'
            for i, (end, column) in enumerate((("source", source), ("target", target))):
                if positions is not None and positions[i].min() >= 0:
                    continue        # every id found: none has spaces the index lacks
                found = (positions[i] >= 0 if positions is not None
                         else table[end].isin(orgs.index).to_numpy(dtype=bool))
                if not found.all():
                    at = np.flatnonzero(~found)
                    _check_spaces(table[end].iloc[at], column=column, rows=rows, strip=False,
                                  at=at)
            _check_spaces(pd.Series(orgs.index, copy=False), column=id, rows=org_rows,
                          strip=False)
    if stripped:
        report.note(f"{stripped:,} ids stripped of surrounding spaces (strip_ids=True)")
    report.add("organisations", rows_in=len(orgs), rows_out=len(orgs))
    orgs = _read_types(orgs, type_map=type_map, report=report, caller=caller)

    if unknown_ids == "drop":
        if positions is not None:
            known = (positions[0] >= 0) & (positions[1] >= 0)
        else:
            known = (table["source"].isin(orgs.index)
                     & table["target"].isin(orgs.index)).to_numpy(dtype=bool)
        report.add("unknown ids", rows_in=len(table), rows_out=int(known.sum()), dropped={
            "relations with an end not in organisations (unknown_ids='drop')":
                int((~known).sum())})
        if not known.all():
            table = table[known]
            if positions is not None:
                positions = (positions[0][known], positions[1][known])
    elif organisations is not None:
        _check_known_ends(table, orgs.index, positions, rows=rows, caller=caller)
    if duplicates == "sum":
        _check_sums(table, directed, rows=rows, skip_loops=self_loops == "drop",
                    caller=caller)
    options: dict[str, Any] = dict(directed=directed, self_loops=self_loops,
                                   duplicates=duplicates, report=report)
    if positions is None:
        return MultilayerNetwork(orgs, table, **options)
    # the ids were looked up once, here: the network takes their positions
    # the positions were made here: the network may swap ends in them, not copy them
    return MultilayerNetwork.from_codes(orgs, table, positions[0], positions[1], copy=False,
                                        **options)


# -- where a row came from -------------------------------------------------------------------
class RowNames:
    """Names rows of a concatenation of tables: a file's row as in a spreadsheet (header =
    row 1, first record row 2), a DataFrame's row by its index label."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool, pd.Index]] = []
        self.starts: list[int] = []
        self.n = 0

    def add(self, label: str, n: int, *, file: bool, index: pd.Index) -> None:
        self.parts.append((label, file, index))
        self.starts.append(self.n)
        self.n += n

    def describe(self, positions: Any, limit: int = 5) -> str:
        """'rows 2, 7 of file 'a.csv'; rows [3] of relations['x'] and 4 more (...)'."""
        positions = np.asarray(positions, dtype=np.int64)
        if not self.parts:
            return f"rows {preview(positions.tolist(), limit)}"
        shown = np.sort(positions)[:limit]
        where = np.searchsorted(self.starts, shown, side="right") - 1
        groups: dict[int, list[Any]] = {}
        for part, position in zip(where.tolist(), shown.tolist()):
            label, file, index = self.parts[part]
            offset = position - self.starts[part]
            groups.setdefault(part, []).append(offset + 2 if file else index[offset])
        texts = []
        for part, found in groups.items():
            label, file, _ = self.parts[part]
            word = "row" if len(found) == 1 else "rows"
            shown_rows = ", ".join(str(n) for n in found) if file else repr(found)
            texts.append(f"{word} {shown_rows} of {label}")
        text = "; ".join(texts)
        if len(positions) > limit:
            text += f" and {len(positions) - limit} more"
        if any(self.parts[p][1] for p in groups):
            text += " (counted as in a spreadsheet: the header is row 1)"
        return text


def _label(table: Any, argument: str) -> str:
    return argument if isinstance(table, pd.DataFrame) else f"file {str(table)!r}"


# -- checks of ids and weights ---------------------------------------------------------------
def _check_spaces(values: pd.Series, *, column: str, rows: RowNames, strip: bool,
                  at: np.ndarray | None = None) -> tuple[pd.Series, int]:
    """Refuse (or strip, counting) text ids with whitespace around them.

    ``at``: the positions of ``values`` in the table ``rows`` names (default: all rows).
    """
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return values, 0
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    text = values if isinstance(values.dtype, pd.StringDtype) else values.astype(object)
    if pd.api.types.infer_dtype(text, skipna=True) not in ("string", "mixed",
                                                            "mixed-integer"):
        return values, 0            # no text to trim (e.g. integers held as objects)
    trimmed = text.str.strip()
    spaced = (trimmed.notna() & (trimmed != text)).to_numpy(dtype=bool, na_value=False)
    if not spaced.any():
        return values, 0
    positions = np.flatnonzero(spaced)
    if not strip:
        named = positions if at is None else at[positions]
        every = f"; all at {rows.describe(named)}" if len(positions) > 1 else ""
        raise InputError(
            f"Column {column!r} has {len(positions)} ids with spaces around them, e.g. "
            f"{text.iloc[positions[0]]!r} at {rows.describe(named[:1])}{every}. Ids are "
            "compared as written: correct them, or pass strip_ids=True to from_tables to "
            "strip them.")
    out = values.astype(object).copy() if values.dtype == object else values.copy()
    out.iloc[positions] = trimmed.iloc[positions].to_numpy()
    return out, len(positions)


def _id_kind(values: Any) -> str:
    """'number', 'text', 'mixed' or 'empty': what the ids of a column are."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _id_kind(pd.Series(dtype.categories))
    if pd.api.types.is_bool_dtype(dtype):
        return "mixed"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if isinstance(dtype, pd.StringDtype):
        return "text"
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    return {"string": "text", "integer": "number", "floating": "number", "decimal": "number",
            "mixed-integer-float": "number", "empty": "empty"}.get(inferred, "mixed")


def _example(values: Any, kind: str) -> Any:
    for value in pd.Series(values).dropna().head(1000):
        if kind == "text" and isinstance(value, str):
            return value
        if kind == "number" and not isinstance(value, str):
            return value
    return None


def _check_same_kind(table: pd.DataFrame, *, source: str, target: str,
                     rows: RowNames) -> None:
    kinds = {end: _id_kind(table[end]) for end in ("source", "target")}
    for end, column in (("source", source), ("target", target)):
        if kinds[end] == "mixed":
            raise InputError(
                f"Column {column!r} of the relations mixes numbers and text as ids (e.g. "
                f"{_example(table[end], 'number')!r} and {_example(table[end], 'text')!r}): "
                "ids must be read as text to match as written; read files with "
                f"lk.read_table(path, text_columns=[{column!r}]) or pass the column as text "
                f"(table[{column!r}].astype(str)).")
    if {kinds["source"], kinds["target"]} == {"number", "text"}:
        raise InputError(
            f"The relations' ids are numbers in one column and text in the other (column "
            f"{source!r}: {kinds['source']}, column {target!r}: {kinds['target']}): they "
            "cannot match as written. Give both as text or both as numbers.")


def _check_id_kinds(table: pd.DataFrame, index: pd.Index, *, label: str, id: str,
                    source: str, target: str, rows: RowNames) -> None:
    """Ids are compared as they are: numbers in one table and text in the other is an error."""
    _check_same_kind(table, source=source, target=target, rows=rows)
    org_kind = _id_kind(index)
    if org_kind == "mixed":
        raise InputError(
            f"Column {id!r} of the organisations ({label}) mixes numbers and text as ids "
            f"(e.g. {_example(index, 'number')!r} and {_example(index, 'text')!r}): ids must "
            f"be read as text to match as written; read files with lk.read_table(path, "
            f"text_columns=[{id!r}]) or pass the column as text.")
    end_kind = _id_kind(table["source"])
    if {org_kind, end_kind} == {"number", "text"}:
        raise InputError(
            f"The ids of the organisations ({label}, column {id!r}) are {org_kind}s (e.g. "
            f"{_example(index, org_kind)!r}) while the relations' ids (columns {source!r}, "
            f"{target!r}) are {end_kind} (e.g. {_example(table['source'], end_kind)!r}): "
            "they cannot match as written. Give both tables their ids as text (CSV and "
            "Excel files are read so; convert a Parquet column with .astype(str) before "
            "writing it) or both as numbers.")


def _check_known_ends(table: pd.DataFrame, known: pd.Index,
                      positions: tuple[np.ndarray, np.ndarray] | None, *, rows: RowNames,
                      caller: str) -> None:
    """Every unknown id of both ends counted at once, with the rows named.

    ``positions``: the ends' positions in ``known`` (-1: absent), or None when ``known``
    has duplicated ids (the network reports them).
    """
    if positions is not None and positions[0].min() >= 0 and positions[1].min() >= 0:
        return
    unknown = np.zeros(len(table), dtype=bool)
    missing: list[Any] = []
    for i, end in enumerate(("source", "target")):
        values = table[end]
        found = (positions[i] >= 0 if positions is not None
                 else values.isin(known).to_numpy(dtype=bool))
        absent = ~found & values.notna().to_numpy()
        unknown |= absent
        missing.extend(pd.unique(values[absent]).tolist())
    if unknown.any():
        missing = list(dict.fromkeys(missing))
        raise InputError(
            f"The 'relations' argument of {caller} references {len(missing):,} organisations "
            f"not in the organisations table, in {int(unknown.sum()):,} rows: "
            f"{preview(missing)}, at {rows.describe(np.flatnonzero(unknown))}. Pass "
            "unknown_ids='drop' to drop those rows.")


def _check_sums(table: pd.DataFrame, directed: bool | Mapping[str, bool] | None, *,
                rows: RowNames, skip_loops: bool, caller: str) -> None:
    """Duplicate rows whose summed weights overflow (1e308 twice) raise, naming the rows."""
    weights = table["weight"].to_numpy(dtype="float64")
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(weights.sum()):          # non-negative: no group sum can overflow
            return
    names = [str(c) for c in table["layer"].cat.categories]
    if directed is None or isinstance(directed, bool):
        is_directed = {n: is_directed_by_default(n) if directed is None else directed
                       for n in names}
    else:
        is_directed = {n: bool(directed.get(n, is_directed_by_default(n))) for n in names}
    codes, _ = pd.factorize(pd.concat([table["source"], table["target"]], ignore_index=True))
    src, tgt = codes[:len(table)], codes[len(table):]
    lay = table["layer"].cat.codes.to_numpy()
    undirected = ~np.array([is_directed[n] for n in names] + [True], dtype=bool)[lay]
    low, high = np.where(undirected, np.minimum(src, tgt), src), np.where(
        undirected, np.maximum(src, tgt), tgt)
    keep = ~(skip_loops & (src == tgt))
    frame = pd.DataFrame({"a": low, "b": high, "l": lay, "w": weights})[keep]
    with np.errstate(over="ignore"):
        sums = frame.groupby(["a", "b", "l"])["w"].transform("sum")
    over = np.flatnonzero(keep)[~np.isfinite(sums.to_numpy())]
    if len(over):
        first = table.iloc[over[0]]
        over = table.index.to_numpy()[over]     # positions before unknown ids were dropped
        raise InputError(
            f"The 'relations' argument of {caller} has {len(over)} rows whose weights, "
            f"merged (duplicates='sum'), exceed the largest number (about 1.8e308), e.g. "
            f"({first['source']!r}, {first['target']!r}, {str(first['layer'])!r}), at "
            f"{rows.describe(over)}. Rescale the weights (e.g. to thousands or millions) or "
            "pass duplicates='max' or 'first'.")


def _check_part_weights(part: pd.DataFrame, weight: str, *, argument: str, label: str,
                        file: bool, caller: str) -> None:
    """Weights of one table: numbers, not missing, non-negative, finite; rows named."""
    names = RowNames()
    names.add(label, len(part), file=file, index=part.index)
    checked_weights(part[weight], argument=argument, caller=caller, rows=names.describe)


# -- reading the relation tables -------------------------------------------------------------
def _relations_table(relations: Table | Mapping[str, Table], *, source: str, target: str,
                     layer: str, weight: str | None, report: BuildReport,
                     caller: str, rows: RowNames | None = None) -> pd.DataFrame:
    rows = rows if rows is not None else RowNames()
    ends = [source, target]
    if isinstance(relations, Mapping):
        if not relations:
            raise InputError(f"The 'relations' argument of {caller} is an empty mapping: "
                             "it names no layer.")
        parts = []
        for name, given in relations.items():
            part = as_table(given, argument=f"relations[{name!r}]", caller=caller,
                            text_columns=ends)
            note = read_note(part)
            if note:
                report.note(note)
            check_columns(part, [source, target], argument=f"relations[{name!r}]",
                          caller=caller)
            if weight not in (None, "weight"):     # a weight column the user named must exist
                check_columns(part, [weight], argument=f"relations[{name!r}]", caller=caller)
            is_file = not isinstance(given, pd.DataFrame)
            label = _label(given, f"relations[{name!r}]")
            if weight is not None and weight not in part.columns:
                part = part.assign(**{weight: 1.0})
                report.note(f"relations[{name!r}] has no {weight!r} column: its rows weigh 1")
            elif weight is not None:
                _check_part_weights(part, weight, argument=f"relations[{name!r}][{weight!r}]",
                                    label=label, file=is_file, caller=caller)
            rows.add(label, len(part), file=is_file, index=part.index)
            parts.append(part)
        layer_names = [str(name) for name in relations]
        parts = [part.assign(**{layer: pd.Categorical.from_codes(  # no per-row strings
            np.full(len(part), i), categories=layer_names)}) for i, part in enumerate(parts)]
        table = pd.concat(parts, ignore_index=True)
    else:
        table = as_table(relations, argument="relations", caller=caller, text_columns=ends)
        note = read_note(table)
        if note:
            report.note(note)
        if layer not in table.columns:
            raise InputError(
                f"The 'relations' argument of {caller} must have a layer column {layer!r} "
                f"(set layer= to its name) or be a mapping of layer name to table, e.g. "
                f"{{'production': table}}. Found columns {[str(c) for c in table.columns]!r}.")
        layer_names = None
        is_file = not isinstance(relations, pd.DataFrame)
        label = _label(relations, "relations")
        if weight is not None and weight in table.columns:
            _check_part_weights(table, weight, argument=f"relations[{weight!r}]", label=label,
                                file=is_file, caller=caller)
        rows.add(label, len(table), file=is_file, index=table.index)
        table = table.reset_index(drop=True)
    check_columns(table, [source, target], argument="relations", caller=caller)
    check_not_empty(table, argument="relations", caller=caller)
    if weight is not None and weight not in table.columns and weight != "weight":
        check_columns(table, [weight], argument="relations", caller=caller)
    renamed = {source: "source", target: "target", layer: "layer"}
    out = table.rename(columns=renamed)
    if weight is not None and weight in table.columns:
        out = out.rename(columns={weight: "weight"})
    else:
        out = out.assign(weight=1.0)
        report.note("no weight column: every relation row weighs 1")
    if layer_names is None:     # layers named in the table survive rows dropped later
        out["layer"] = _layers_as_text(out["layer"])
    else:
        out["layer"] = pd.Categorical(out["layer"], categories=layer_names)
    first = ["source", "target", "layer", "weight"]
    report.add("read relations", rows_in=len(out), rows_out=len(out))
    return out[first + [c for c in out.columns if c not in first]]


def _layers_as_text(column: pd.Series) -> pd.Categorical:
    """Layer names as text categories in order of first appearance, missing kept missing.

    Works on category codes: no Python object per row.
    """
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("category")
    codes = column.cat.codes.to_numpy()
    names = np.array([str(c) for c in column.cat.categories] + [""], dtype=object)
    # the first rows name every layer in most tables: no pass over all rows then
    first = pd.unique(codes[:4096][codes[:4096] >= 0])
    if len(first) < len(names) - 1:
        if len(names) <= 33:        # a few layers: where each first appears, one pass each
            used = [(int(np.argmax(codes == code)), code) for code in range(len(names) - 1)
                    if (codes == code).any()]
            first = np.array([code for _, code in sorted(used)], dtype=np.int64)
        else:
            first = pd.unique(codes[codes >= 0])
    layer_names = list(dict.fromkeys(names[first]))
    position = {name: i for i, name in enumerate(layer_names)}
    remap = np.array([position.get(name, -1) for name in names[:-1]] + [-1])
    if (remap[:-1] == np.arange(len(remap) - 1)).all():     # the codes stand as they are
        return pd.Categorical.from_codes(codes, categories=layer_names)
    return pd.Categorical.from_codes(remap[codes], categories=layer_names)


def _read_types(orgs: pd.DataFrame, *, type_map: Mapping[Any, str] | None,
                report: BuildReport, caller: str) -> pd.DataFrame:
    """The ``type`` column read into linkages types; every value recoded or not read noted."""
    if "type" not in orgs.columns:
        if type_map is not None:
            raise InputError(f"The 'type_map' argument of {caller} maps types, but the "
                             "organisations have no 'type' column. Found columns "
                             f"{[str(c) for c in orgs.columns]!r}.")
        return orgs
    column = orgs["type"]
    table = type_table(column, type_map=type_map)
    for line in describe_types(table, missing=int(column.isna().sum())):
        report.note(line)
    if isinstance(column.dtype, pd.CategoricalDtype):
        # the table has one row per category (unused ones with count 0): every row takes
        # its category's reading, no Python object made per row
        reading = dict(zip(table["value"], table["type"], strict=True))
        categories = pd.Series(column.cat.categories, dtype=object)
        if categories.isin(list(reading)).all():
            read = np.array([None if pd.isna(t := reading[c]) else t for c in categories]
                            + [None], dtype=object)
        else:   # not expected: read the categories again
            again = normalise_types(categories, type_map=type_map)[0]
            read = np.array(again.tolist() + [None], dtype=object)
        codes = column.cat.codes.to_numpy()
        types = pd.Series(read[codes], index=column.index, name=column.name, dtype=object)
        return orgs.assign(type=types)
    return orgs.assign(type=normalise_types(column, type_map=type_map)[0])
