"""Periods from dated records: one network per calendar period or sliding window.

:func:`periods_from_records` (relation records, through :func:`~linkages.aggregate_records`)
and :func:`periods_from_two_mode` (organisation x project records, through
:func:`~linkages.project_two_mode`) return :class:`Periods`, an ordered mapping from the
period's label to its :class:`~linkages.MultilayerNetwork`. Every period shares one
organisations table and goes through the same validation (:func:`~linkages.from_tables`),
with its own build report.

A record with one ``date`` falls in the periods that contain it; a record with a ``start``
and an ``end`` is *active during* every period its interval overlaps (a project's ties
exist in every year the project runs).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_columns, check_one_of, check_type
from linkages.build.files import as_table
from linkages.build.records.aggregate import aggregate_records
from linkages.build.records.common import Engine
from linkages.build.tables import from_tables
from linkages.build.two_mode import project_two_mode
from linkages.network import BuildReport, MultilayerNetwork
from linkages.vocabulary import is_directed_by_default

__all__ = ["Periods", "periods_from_records", "periods_from_two_mode", "period_windows",
           "FREQUENCIES"]

#: Calendar periods by name and their pandas frequency.
FREQUENCIES = {"year": "Y", "quarter": "Q", "month": "M"}


@dataclass(frozen=True)
class Periods(Mapping[str, MultilayerNetwork]):
    """An ordered mapping from a period's label to its network (the result of
    :func:`periods_from_records` and :func:`periods_from_two_mode`).

    Attributes
    ----------
    networks : dict of str to MultilayerNetwork
        One network per period, in time order; all share the same organisations table
        and the same layers, in one order (a layer without ties in a period is still
        there, so a map keeps each layer's colour).
    windows : DataFrame
        Indexed by ``period`` (the label): ``start`` (first day), ``end`` (first day
        after), ``records`` (records active in the period), ``ties``.
    reports : dict of str to BuildReport
        Each period's build report (records aggregated or projected, ties made, drops).

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> records = pd.DataFrame({"source": ["A", "B", "A"], "target": ["B", "C", "C"],
    ...     "day": pd.to_datetime(["2020-03-01", "2021-05-01", "2021-07-01"])})
    >>> periods = lk.periods_from_records(records, date="day", value=None)
    >>> periods
    Periods(2 periods from 2020 to 2021, 3 organisations)
    >>> list(periods), periods["2021"].n_relations
    (['2020', '2021'], 2)
    """

    networks: dict[str, MultilayerNetwork]
    windows: pd.DataFrame
    reports: dict[str, BuildReport] = field(default_factory=dict)

    def __getitem__(self, period: str) -> MultilayerNetwork:
        if period not in self.networks:
            raise KeyError(f"No period {period!r}; the periods are {list(self.networks)!r}.")
        return self.networks[period]

    def __iter__(self) -> Iterator[str]:
        return iter(self.networks)

    def __len__(self) -> int:
        return len(self.networks)

    @property
    def labels(self) -> list[str]:
        """The period labels, in time order."""
        return list(self.networks)

    @property
    def organisations(self) -> pd.DataFrame:
        """The organisations table every period shares."""
        first = next(iter(self.networks.values()))
        return first.organisations

    def __repr__(self) -> str:
        labels = self.labels
        span = f" from {labels[0]} to {labels[-1]}" if labels else ""
        n = len(self.organisations) if labels else 0
        return f"Periods({len(labels)} periods{span}, {n} organisations)"


def period_windows(first: Any, last: Any, *, period: str = "year", width: int = 1,
                   step: int | None = None, caller: str = "period_windows") -> pd.DataFrame:
    """The windows covering ``first`` .. ``last``: ``width`` calendar periods each, one
    every ``step`` periods (default ``width``: disjoint windows).

    Returns a DataFrame indexed by ``period`` (``'2014'``, ``'2014Q1'``, ``'2014-01'``;
    ``'2014-2016'`` for a window of several periods) with ``start`` and ``end`` (the first
    day after the window).

    Examples
    --------
    >>> from linkages.build.periods import period_windows
    >>> period_windows("2014", "2017", width=2, step=1).index.tolist()
    ['2014-2015', '2015-2016', '2016-2017']
    """
    check_one_of(period, list(FREQUENCIES), argument="period", caller=caller)
    for name, value in (("width", width), ("step", step)):
        if value is not None and (isinstance(value, bool) or not isinstance(
                value, int | np.integer) or value < 1):
            raise InputError(f"The {name!r} argument of {caller} must be a whole number >= 1. "
                             f"Got {value!r} instead.")
    step = width if step is None else step
    freq = FREQUENCIES[period]
    calendar = pd.period_range(pd.Period(pd.Timestamp(first), freq=freq),
                               pd.Period(pd.Timestamp(last), freq=freq), freq=freq)
    if len(calendar) < width:
        raise InputError(f"The 'width' argument of {caller} must be at most the "
                         f"{len(calendar)} {period}s between {first} and {last}. "
                         f"Got {width!r} instead.")
    rows = []
    for i in range(0, len(calendar) - width + 1, step):
        chunk = calendar[i:i + width]
        label = str(chunk[0]) if width == 1 else f"{chunk[0]}-{chunk[-1]}"
        rows.append((label, chunk[0].start_time, (chunk[-1] + 1).start_time))
    return pd.DataFrame(rows, columns=["period", "start", "end"]).set_index("period")


def periods_from_records(records: Any, organisations: Any = None, *, source: str = "source",
                         target: str = "target", value: str | None = "value",
                         date: str | None = None, start: str | None = None,
                         end: str | None = None, layer: str | None = None,
                         layer_name: str = "production",
                         directed: bool | Mapping[str, bool] | None = None,
                         period: str = "year", width: int = 1, step: int | None = None,
                         between: tuple[Any, Any] | None = None,
                         engine: str | Engine = "pandas", invalid: str = "error",
                         undated: str = "error", unknown_ids: str = "error") -> Periods:
    """One network per period from dated relation records (invoices, supply contracts...).

    Each period's records are aggregated by :func:`~linkages.aggregate_records` (its
    ``weight``, ``records``, ``first`` and ``last`` columns kept on the ties) and built
    by :func:`~linkages.from_tables` against one organisations table.

    Parameters
    ----------
    records : DataFrame or path
        One row per record.
    organisations : DataFrame, path or None
        The organisations table every period shares. None: the ends of all the records
        (over all periods), so every period still has the same table.
    source, target, value, layer : str
        Columns of ``records`` (as in :func:`~linkages.aggregate_records`); ``value`` None
        counts records. Without ``layer`` the ties form one layer called ``layer_name``.
    date : str, optional
        The column of a record's date: it falls in the periods containing it.
    start, end : str, optional
        Instead of ``date``: a record is *active during* every period that overlaps
        ``start`` .. ``end`` (an ``end`` left empty: active on its start day only).
    directed : bool or mapping of layer to bool, optional
        Whether the ties of a layer are directed: one flag for every layer, or one per
        layer (layers left out, and all with None: the vocabulary's default, production
        and commercial directed, scientific and others undirected; as in
        :func:`~linkages.from_tables`). The records of a directed layer are aggregated per
        (source, target), those of an undirected one per unordered pair.
    period : {'year', 'quarter', 'month'}
    width, step : int
        Sliding windows: ``width`` periods each, one every ``step`` periods (default
        ``step = width``: disjoint windows; ``width=1``: calendar periods).
    between : (first, last), optional
        The span to cover (e.g. ``("2014", "2020")``, or years as numbers ``(2014, 2020)``:
        the first year's 1 January to the last year's 31 December); default: the records'
        dates.
    engine : {'pandas', 'duckdb', 'auto'} or DuckDB
        The record engine of :func:`~linkages.aggregate_records`.
    invalid, unknown_ids : str
        As in :func:`~linkages.aggregate_records` and :func:`~linkages.from_tables`.
    undated : {'error', 'drop'}
        Records without a date (or start): raise (default), or drop them, counted in
        every period's report.

    Returns
    -------
    Periods

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> supply = pd.DataFrame({"seller": ["B", "C", "C", "D"], "buyer": ["A", "A", "A", "B"],
    ...     "amount": [10.0, 4.0, 1.0, 3.0],
    ...     "day": pd.to_datetime(["2023-02-01", "2023-11-05", "2024-01-03", "2024-06-30"])})
    >>> by_year = lk.periods_from_records(supply, source="seller", target="buyer",
    ...                                   value="amount", date="day")
    >>> by_year["2024"].relations[["source", "target", "weight"]].values.tolist()
    [['C', 'A', 1.0], ['D', 'B', 3.0]]
    >>> by_year.windows["ties"].tolist()
    [2, 2]
    >>> mixed = pd.DataFrame({"a": ["B", "A", "A", "B"], "b": ["A", "B", "C", "C"],
    ...     "kind": ["production", "production", "scientific", "scientific"],
    ...     "day": pd.to_datetime(["2023-02-01"] * 4)})
    >>> per_layer = lk.periods_from_records(mixed, source="a", target="b", layer="kind",
    ...                                     value=None, date="day")
    >>> per_layer["2023"].directed
    {'production': True, 'scientific': False}
    >>> per_layer["2023"].relations[["source", "target", "layer"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['A', 'B', 'production'], ['B', 'A', 'production'], ['A', 'C', 'scientific'],
     ['B', 'C', 'scientific']]
    >>> halves = lk.periods_from_records(supply, source="seller", target="buyer",
    ...     value="amount", date="day", period="quarter", width=2, step=2,
    ...     between=("2023-01-01", "2024-12-31"), engine="duckdb")
    >>> halves.windows["ties"].to_dict()
    {'2023Q1-2023Q2': 1, '2023Q3-2023Q4': 1, '2024Q1-2024Q2': 2, '2024Q3-2024Q4': 0}
    """
    caller = "periods_from_records"
    table = as_table(records, argument="records", caller=caller,
                     text_columns=[source, target])
    check_columns(table, [source, target], argument="records", caller=caller)
    table, begins, ends, n_undated = _dates(table, date=date, start=start, end=end,
                                            undated=undated, caller=caller)
    ids = pd.unique(pd.concat([table[source], table[target]], ignore_index=True).dropna())
    orgs = _organisations(organisations, ids)
    windows = _windows(begins, ends, between=between, period=period, width=width,
                       step=step, caller=caller)
    if layer is not None:
        check_columns(table, [layer], argument="records", caller=caller)
        names = table[layer].astype(str)
    else:
        names = pd.Series(layer_name, index=table.index)
    directions = _directions(directed, sorted(set(names.dropna())), caller=caller)
    flags = names.map(directions).fillna(True).to_numpy(dtype=bool)
    built: dict[str, tuple[pd.DataFrame | None, BuildReport, int]] = {}
    for label, (w_start, w_end) in windows[["start", "end"]].iterrows():
        active = _active(begins, ends, w_start, w_end)
        report = BuildReport()
        if n_undated:
            report.note(f"{n_undated:,} records without a date dropped (undated='drop')")
        parts = []
        for flag in (True, False):      # directed layers, then undirected ones
            chosen = active & (flags == flag)
            if chosen.any():
                parts.append(aggregate_records(
                    table[chosen], source=source, target=target, value=value,
                    date=date if date is not None else start, layer=layer, directed=flag,
                    invalid=invalid, engine=engine, report=report))
        if parts:
            ties = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        else:
            ties = None
            report.note(f"period {label}: no active records")
        built[label] = (ties, report, int(active.sum()))
    return _assemble(built, orgs, windows, layer=layer, layer_name=layer_name,
                     directed=directions, unknown_ids=unknown_ids, caller=caller)


def _directions(directed: Any, layers: list[str], *, caller: str) -> dict[str, bool]:
    """Each layer's directedness: one flag for all, a mapping (the vocabulary's default
    for the layers it leaves out), or None (the vocabulary's default for all)."""
    if directed is None:
        return {name: is_directed_by_default(name) for name in layers}
    if isinstance(directed, bool | np.bool_):
        return {name: bool(directed) for name in layers}
    if isinstance(directed, Mapping) and all(isinstance(v, bool | np.bool_)
                                             for v in directed.values()):
        unknown = sorted(set(map(str, directed)) - set(layers))
        if unknown:
            raise InputError(f"The 'directed' argument of {caller} names layers that have no "
                             f"records: {unknown!r}. Layers found: {layers!r}.")
        return {name: bool(directed.get(name, is_directed_by_default(name)))
                for name in layers}
    raise InputError(f"The 'directed' argument of {caller} must be True, False, None or a "
                     f"mapping of layer to True or False. Got {directed!r} instead.")


def periods_from_two_mode(participations: Any, organisations: Any = None, *,
                          organisation: str = "organisation", group: str = "project",
                          date: str | None = None, start: str | None = None,
                          end: str | None = None, weighting: str = "newman",
                          layer_name: str = "scientific", period: str = "year",
                          width: int = 1, step: int | None = None,
                          between: tuple[Any, Any] | None = None,
                          undated: str = "error", unknown_ids: str = "error") -> Periods:
    """One network per period from dated two-mode records (organisation x project).

    Each period's participations (those of projects active in it) are projected by
    :func:`~linkages.project_two_mode` and built by :func:`~linkages.from_tables` against
    one organisations table: with ``start`` and ``end`` a project's ties exist in every
    period it runs.

    Parameters
    ----------
    participations : DataFrame or path
        One row per (organisation, group) participation, with the dates.
    organisations : DataFrame, path or None
        The organisations table every period shares (None: every participant).
    organisation, group : str
        Columns of the organisation and the group (project) ids.
    date, start, end : str
        A participation's date, or the start and end of its project (see
        :func:`periods_from_records`).
    weighting : {'newman', 'count'}
    layer_name : str
        The layer of the projected ties.
    period, width, step, between, undated, unknown_ids
        As in :func:`periods_from_records`.

    Returns
    -------
    Periods

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> rows = pd.DataFrame({"org": ["A", "B", "B", "C", "A", "C"],
    ...     "project": ["p1", "p1", "p2", "p2", "p3", "p3"],
    ...     "start": pd.to_datetime(["2014-03-01"] * 2 + ["2015-01-01"] * 2 + ["2016-06-01"] * 2),
    ...     "end": pd.to_datetime(["2016-02-28"] * 2 + ["2015-12-31"] * 2 + ["2017-05-31"] * 2)})
    >>> periods = lk.periods_from_two_mode(rows, organisation="org", start="start", end="end",
    ...                                    weighting="count")
    >>> {label: net.relations[["source", "target"]].values.tolist()
    ...  for label, net in periods.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'2014': [['A', 'B']], '2015': [['A', 'B'], ['B', 'C']], '2016': [['A', 'B'], ['A', 'C']],
     '2017': [['A', 'C']]}
    """
    caller = "periods_from_two_mode"
    table = as_table(participations, argument="participations", caller=caller,
                     text_columns=[organisation])
    check_columns(table, [organisation, group], argument="participations", caller=caller)
    table, begins, ends, n_undated = _dates(table, date=date, start=start, end=end,
                                            undated=undated, caller=caller)
    orgs = _organisations(organisations, pd.unique(table[organisation].dropna()))
    windows = _windows(begins, ends, between=between, period=period, width=width,
                       step=step, caller=caller)
    built: dict[str, tuple[pd.DataFrame | None, BuildReport, int]] = {}
    for label, (w_start, w_end) in windows[["start", "end"]].iterrows():
        active = _active(begins, ends, w_start, w_end)
        report = BuildReport()
        if n_undated:
            report.note(f"{n_undated:,} records without a date dropped (undated='drop')")
        rows = table.loc[active, [organisation, group]]
        if len(rows):
            ties = project_two_mode(rows, organisation=organisation, group=group,
                                    weighting=weighting, report=report)
        else:
            ties = None
            report.note(f"period {label}: no active participations")
        built[label] = (ties, report, int(active.sum()))
    return _assemble(built, orgs, windows, layer=None, layer_name=layer_name,
                     directed=False, unknown_ids=unknown_ids, caller=caller)


def _dates(table: pd.DataFrame, *, date: str | None, start: str | None, end: str | None,
           undated: str, caller: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, int]:
    """The dated records, each one's first and last active day (datetime64), and the
    number of undated records dropped."""
    check_one_of(undated, ["error", "drop"], argument="undated", caller=caller)
    if (date is None) == (start is None):
        raise InputError(f"The 'date' and 'start' arguments of {caller} must be given one "
                         f"of the two (a date, or a start and an end). Got date={date!r}, "
                         f"start={start!r} instead.")
    if date is not None and end is not None:
        raise InputError(f"The 'end' argument of {caller} goes with 'start', not 'date'. "
                         f"Got end={end!r} instead.")
    first = date if date is not None else start
    assert first is not None
    check_columns(table, [first] + ([end] if end is not None else []), argument="records",
                  caller=caller)
    begins = _as_dates(table[first], argument=first, caller=caller)
    n_undated = int(begins.isna().sum())
    if n_undated and undated == "error":
        raise InputError(f"The {first!r} column of {caller}'s records must hold dates; "
                         f"{n_undated} rows have none (undated='drop' drops them).")
    if n_undated:
        keep = begins.notna().to_numpy()
        table, begins = table[keep].reset_index(drop=True), begins[keep].reset_index(drop=True)
    ends = begins if end is None else _as_dates(table[end], argument=end, caller=caller)
    ends = ends.fillna(begins)
    if (ends < begins).any():
        raise InputError(f"The {end!r} column of {caller}'s records must not be before "
                         f"{first!r}; {int((ends < begins).sum())} rows end before they start.")
    return (table, begins.to_numpy(dtype="datetime64[ns]"),
            ends.to_numpy(dtype="datetime64[ns]"), n_undated)


def _as_dates(column: pd.Series, *, argument: str, caller: str) -> pd.Series:
    try:
        return pd.to_datetime(column)
    except (ValueError, TypeError) as error:
        raise InputError(f"The {argument!r} column of {caller}'s records must hold dates. "
                         f"Got {column.dtype} values that do not read as dates.") from error


def _organisations(organisations: Any, ids: np.ndarray) -> Any:
    """The shared organisations table: the one given, or every id of the records."""
    if organisations is not None:
        return organisations
    return pd.DataFrame(index=pd.Index(sorted(map(str, ids)), name="id"))


def _windows(begins: np.ndarray, ends: np.ndarray, *, between: tuple[Any, Any] | None,
             period: str, width: int, step: int | None, caller: str) -> pd.DataFrame:
    if between is None:
        between = (begins.min(), ends.max())
    check_type(between, (tuple, list), argument="between", caller=caller,
               expected="a (first, last) pair")
    if len(between) != 2:
        raise InputError(f"The 'between' argument of {caller} must be a (first, last) pair. "
                         f"Got {between!r} instead.")
    first, last = between
    # a whole number is a year (2014), not nanoseconds since 1970
    if isinstance(first, int | np.integer) and not isinstance(first, bool):
        first = f"{int(first)}-01-01"
    if isinstance(last, int | np.integer) and not isinstance(last, bool):
        last = f"{int(last)}-12-31"
    return period_windows(first, last, period=period, width=width, step=step, caller=caller)


def _active(begins: np.ndarray, ends: np.ndarray, w_start: Any, w_end: Any) -> np.ndarray:
    """Records whose [begin, end] overlaps the window [w_start, w_end)."""
    return (begins < np.datetime64(w_end, "ns")) & (ends >= np.datetime64(w_start, "ns"))


def _assemble(built: dict[str, tuple[pd.DataFrame | None, BuildReport, int]],
              organisations: Any, windows: pd.DataFrame, *, layer: str | None,
              layer_name: str, directed: bool | Mapping[str, bool], unknown_ids: str,
              caller: str) -> Periods:
    """The networks of the periods: built by from_tables, a period without ties made on the
    organisations table the others validated."""
    networks: dict[str, MultilayerNetwork] = {}
    for label, (ties, report, _) in built.items():
        if ties is not None and len(ties):
            networks[label] = _network(organisations, ties, layer=layer, layer_name=layer_name,
                                       directed=directed, unknown_ids=unknown_ids,
                                       report=report)
    if not networks:
        raise InputError(f"The records of {caller} have no tie in any period "
                         f"({windows.index[0]} to {windows.index[-1]}).")
    # Every period has every layer (in order of first appearance), in the same order: a
    # layer without ties in a period is still there, so maps keep a layer's colour and a
    # layer can be chosen in every period.
    first = next(iter(networks.values()))
    layers = list(dict.fromkeys(name for net in networks.values() for name in net.layers))
    directions = {name: flag for net in networks.values() for name, flag in net.directed.items()}
    empty = pd.DataFrame({"source": pd.Series(dtype=object), "target": pd.Series(dtype=object),
                          "layer": pd.Categorical([], categories=layers),
                          "weight": pd.Series(dtype=float)})
    ordered = {}
    for label, (_, report, _) in built.items():
        if label not in networks:
            report.add("relations", rows_in=0, rows_out=0, dropped={})
            networks[label] = MultilayerNetwork(first.organisations, empty,
                                                directed=directions, report=report)
        elif list(networks[label].layers) != layers:
            networks[label] = _with_layers(networks[label], layers, directions)
        ordered[label] = networks[label]
    windows = windows.copy()
    windows["records"] = np.array([n for _, _, n in built.values()], dtype=np.int64)
    windows["ties"] = np.array([net.n_relations for net in ordered.values()], dtype=np.int64)
    return Periods(ordered, windows, {label: net.report for label, net in ordered.items()})


def _with_layers(net: MultilayerNetwork, layers: list[str],
                 directed: dict[str, bool]) -> MultilayerNetwork:
    """``net`` with the layers ``layers`` (in that order), some perhaps without ties."""
    relations = net.relations
    relations["layer"] = pd.Categorical(relations["layer"].astype(str), categories=layers)
    out = MultilayerNetwork(net.organisations, relations, directed=directed)
    out.report = net.report
    return out


def _network(organisations: Any, ties: pd.DataFrame, *, layer: str | None, layer_name: str,
             directed: bool | Mapping[str, bool], unknown_ids: str, report: BuildReport
             ) -> MultilayerNetwork:
    """One period's network, its report the aggregation's steps then the build's."""
    tables: Any = ties if layer is not None else {layer_name: ties}
    present = [layer_name] if layer is None else [str(n) for n in pd.unique(ties["layer"])]
    directions = {name: bool(directed[name] if isinstance(directed, Mapping) else directed)
                  for name in present}
    net = from_tables(organisations, tables, weight="weight", directed=directions,
                      unknown_ids=unknown_ids)
    merged = BuildReport(list(report.steps) + list(net.report.steps),
                         list(report.notes) + list(net.report.notes))
    net.report = merged
    return net
