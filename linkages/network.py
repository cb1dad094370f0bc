"""The multilayer network: validated tables of organisations and relations.

Tables are the truth. ``organisations`` is a DataFrame indexed by organisation id;
``relations`` has the columns ``source``, ``target``, ``layer`` (categorical, one
category per layer), ``weight`` (float) and any extra columns. Every layer shares the
one set of organisations (a node-aligned multiplex). igraph and networkx graphs are
derived views, built in :mod:`linkages.views` and kept in the network's
:class:`ViewCache` (``net.views``), which is cleared whenever a table is replaced.

The tables are read-only from outside: ``net.relations`` gives a copy-on-write view, so
editing it changes nothing in the network. To change a network, assign a table
(``net.relations = edited``): it is validated again and the views are rebuilt on demand.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from linkages._validation import (
    InputError,
    check_columns,
    check_known_ids,
    check_layers,
    check_not_empty,
    check_one_of,
    check_type,
    check_weights,
    index_positions,
    preview,
)
from linkages.vocabulary import is_directed_by_default

__all__ = ["MultilayerNetwork", "BuildReport", "ViewCache", "RELATION_COLUMNS",
           "end_positions", "checked_weights"]

RELATION_COLUMNS = ["source", "target", "layer", "weight"]
EARTH_RADIUS_KM = 6371.0088


class BuildReport(dict):
    """What a build read, made and dropped, step by step. Nothing is dropped silently.

    Each step records ``rows_in``, ``rows_out`` and ``dropped``, a mapping from reason to
    row count; for filtering steps ``rows_in == rows_out + sum(dropped.values())``.
    A plain ``dict`` underneath (``{"steps": [...], "notes": [...]}``), so a table that
    carries it in ``.attrs`` can still be written to Parquet, whose writer stores the
    attributes as JSON.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> orgs = pd.DataFrame({"id": ["A", "B"]})
    >>> rels = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "B", "B"],
    ...                      "layer": "production", "weight": [1.0, 2.0, 5.0]})
    >>> report = lk.from_tables(orgs, rels).report
    >>> print(report.to_frame()[["step", "rows_in", "rows_out", "dropped"]].to_string())
                  step  rows_in  rows_out  dropped
    0   read relations        3         3        0
    1    organisations        2         2        0
    2        relations        3         1        2
    >>> report.dropped["self-loops dropped (self_loops='drop')"]
    1
    """

    def __init__(self, steps: Sequence[dict[str, Any]] = (), notes: Sequence[str] = ()):
        super().__init__(steps=list(steps), notes=list(notes))

    @property
    def steps(self) -> list[dict[str, Any]]:
        return self["steps"]

    @property
    def notes(self) -> list[str]:
        return self["notes"]

    def add(self, step: str, *, rows_in: int, rows_out: int,
            dropped: Mapping[str, int] | None = None) -> None:
        dropped = {k: int(v) for k, v in (dropped or {}).items() if v}
        self.steps.append({"step": step, "rows_in": int(rows_in), "rows_out": int(rows_out),
                           "dropped": dropped})

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def dropped(self) -> dict[str, int]:
        """All dropped rows by reason, over every step."""
        total: dict[str, int] = {}
        for step in self.steps:
            for reason, n in step["dropped"].items():
                total[reason] = total.get(reason, 0) + n
        return total

    def to_frame(self) -> pd.DataFrame:
        rows = [{"step": s["step"], "rows_in": s["rows_in"], "rows_out": s["rows_out"],
                 "dropped": sum(s["dropped"].values()),
                 "why": "; ".join(f"{n} {r}" for r, n in s["dropped"].items())}
                for s in self.steps]
        return pd.DataFrame(rows, columns=["step", "rows_in", "rows_out", "dropped", "why"])

    def __str__(self) -> str:
        lines = ["Build report"]
        for s in self.steps:
            line = f"  {s['step']}: {s['rows_in']:,} rows in, {s['rows_out']:,} out"
            for reason, n in s["dropped"].items():
                line += f"; {n:,} dropped ({reason})"
            lines.append(line)
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


class ViewCache:
    """Graph views of one network, built on demand and kept for reuse.

    Bounded: at most ``max_views`` views; the least recently used goes first. The network
    clears it whenever one of its tables is replaced; ``clear()`` frees the memory by hand
    (a view of a million organisations holds hundreds of MB).

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> g = lk.to_igraph(net)
    >>> len(net.views), lk.to_igraph(net) is g
    (1, True)
    >>> net.views.clear()
    >>> len(net.views)
    0
    """

    def __init__(self, max_views: int = 8) -> None:
        self.max_views = max_views
        self._store: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        """The view stored under ``key``, or None."""
        view = self._store.get(key)
        if view is not None:
            self._store.move_to_end(key)
        return view

    def put(self, key: Any, view: Any) -> None:
        self._store[key] = view
        self._store.move_to_end(key)
        while len(self._store) > self.max_views:
            self._store.popitem(last=False)

    def clear(self) -> None:
        self._store.clear()

    def keys(self) -> list[Any]:
        return list(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def __repr__(self) -> str:
        return f"ViewCache({len(self)} of at most {self.max_views} views)"


class MultilayerNetwork:
    """Organisations tied by relations in several layers (production, scientific, ...).

    Parameters
    ----------
    organisations : DataFrame
        One row per organisation, indexed by a unique organisation id; any attribute
        columns (``name``, ``type``, ``size``, ``sector``, ``region``, ``lat``, ``lon``...).
    relations : DataFrame
        Columns ``source``, ``target``, ``layer``, ``weight`` and any extra columns.
        Endpoints must be organisation ids; weights finite and non-negative.
    directed : bool or mapping of layer to bool, optional
        Directedness per layer. Default: :data:`linkages.vocabulary.DEFAULT_DIRECTED` for
        the standard layers, undirected for any other. Undirected ties are stored with
        their endpoints in the organisations' order, so (a, b) and (b, a) are the same tie.
    self_loops : {'keep', 'drop', 'error'}
        What to do with ties from an organisation to itself; drops are reported.
    duplicates : {'error', 'sum', 'max', 'first'}
        What to do with several rows for the same (source, target, layer): raise, or merge
        them into one tie (weight summed, maximal, or first; other columns from the first
        row). Merges are reported.

    Attributes
    ----------
    organisations, relations : DataFrame
        The validated tables, read-only from outside: each access gives a copy-on-write
        view, so editing it leaves the network unchanged. Assign an edited table
        (``net.relations = table``) to change the network: it is validated again (with
        ``duplicates='error'`` and ``self_loops='keep'``), the change is recorded in the
        report and the cached views are dropped.
    layers : tuple of str
    directed : dict of str to bool
    report : BuildReport
        Rows read, ties made, rows dropped and why.
    views : ViewCache
        The graph views built so far (see :func:`~linkages.to_igraph`).

    Examples
    --------
    >>> import pandas as pd
    >>> from linkages import MultilayerNetwork
    >>> orgs = pd.DataFrame({"type": ["large firm", "sme", "university"]},
    ...                     index=pd.Index(["A", "B", "U"], name="id"))
    >>> rels = pd.DataFrame({"source": ["B", "U"], "target": ["A", "A"],
    ...                      "layer": ["production", "scientific"], "weight": [5.0, 1.0]})
    >>> net = MultilayerNetwork(orgs, rels)
    >>> print(net)
    MultilayerNetwork(3 organisations, 2 relations in 2 layers:
    production (1, directed), scientific (1))
    >>> net.relations.loc[1, ["source", "target"]].tolist()  # undirected: organisations' order
    ['A', 'U']
    """

    def __init__(self, organisations: pd.DataFrame, relations: pd.DataFrame, *,
                 directed: bool | Mapping[str, bool] | None = None,
                 self_loops: str = "keep", duplicates: str = "error",
                 report: BuildReport | None = None) -> None:
        self._build(organisations, relations, None, directed=directed, self_loops=self_loops,
                    duplicates=duplicates, report=report, caller="MultilayerNetwork")

    @classmethod
    def from_codes(cls, organisations: pd.DataFrame, relations: pd.DataFrame,
                   source_codes: np.ndarray, target_codes: np.ndarray, *,
                   directed: bool | Mapping[str, bool] | None = None,
                   self_loops: str = "keep", duplicates: str = "error",
                   report: BuildReport | None = None, copy: bool = True) -> MultilayerNetwork:
        """A network from tables whose relation ends were already looked up.

        The same network as ``MultilayerNetwork(organisations, relations, ...)``, with
        every check but the lookup of the ids: ``source_codes[i]`` and
        ``target_codes[i]`` are the positions of row ``i``'s source and target in
        ``organisations.index`` (-1: not found; those ids are looked up again and the ones
        not in the index raise, named, as the constructor does). For builders that look
        the ids up once while checking them (:func:`~linkages.from_tables`); positions
        that do not match the tables make a wrong network, so pass only what
        :func:`end_positions` gives.

        Parameters
        ----------
        organisations, relations, directed, self_loops, duplicates, report
            As for :class:`MultilayerNetwork`.
        source_codes, target_codes : array of int
            One position per relation row, in ``range(-1, len(organisations))``.
        copy : bool
            ``False``: the network may change the two arrays in place (the ends of
            undirected ties put in the organisations' order) and keep them, saving a copy
            of each; pass it only for arrays made for this call.

        Examples
        --------
        >>> import pandas as pd
        >>> from linkages import MultilayerNetwork
        >>> from linkages.network import end_positions
        >>> orgs = pd.DataFrame(index=pd.Index(["A", "B", "C"], name="id"))
        >>> rels = pd.DataFrame({"source": ["B", "C"], "target": ["A", "B"],
        ...                      "layer": "production", "weight": [1.0, 2.0]})
        >>> s, t = end_positions(orgs.index, rels)
        >>> net = MultilayerNetwork.from_codes(orgs, rels, s, t)
        >>> [code.tolist() for code in net.codes()[:2]]
        [[1, 2], [0, 1]]
        """
        caller = "MultilayerNetwork.from_codes"
        ends = []
        for argument, codes in (("source_codes", source_codes),
                                ("target_codes", target_codes)):
            codes = np.asarray(codes)
            if codes.dtype.kind not in "iu" or codes.shape != (len(relations),):
                raise InputError(
                    f"The {argument!r} argument of {caller} must be an integer array with "
                    f"one position per relation row ({len(relations):,}). Got "
                    f"{codes.dtype} values of shape {codes.shape} instead.")
            if len(codes) and (codes.min() < -1 or codes.max() >= len(organisations)):
                raise InputError(
                    f"The {argument!r} argument of {caller} must hold positions in the "
                    f"organisations' index, from -1 (not found) to {len(organisations) - 1}."
                    f" Got values from {codes.min()} to {codes.max()} instead.")
            ends.append(codes.astype(np.intp, copy=copy))
        net = cls.__new__(cls)
        net._build(organisations, relations, (ends[0], ends[1]), directed=directed,
                   self_loops=self_loops, duplicates=duplicates, report=report,
                   caller="MultilayerNetwork", own_ends=True)
        return net

    def _build(self, organisations: pd.DataFrame, relations: pd.DataFrame,
               ends: tuple[np.ndarray, np.ndarray] | None, *,
               directed: bool | Mapping[str, bool] | None, self_loops: str,
               duplicates: str, report: BuildReport | None, caller: str,
               own_ends: bool = False) -> None:
        """Validate the tables and set the network (``ends``: the ids' positions, or None
        to look them up; ``own_ends``: the arrays may be changed in place)."""
        check_type(organisations, pd.DataFrame, argument="organisations", caller=caller,
                   expected="pandas DataFrame")
        check_columns(relations, RELATION_COLUMNS, argument="relations", caller=caller)
        check_one_of(self_loops, ["keep", "drop", "error"], argument="self_loops", caller=caller)
        check_one_of(duplicates, ["error", "sum", "max", "first"], argument="duplicates",
                     caller=caller)
        report = report if report is not None else BuildReport()
        organisations = _validate_organisations(organisations, caller=caller)

        relations = relations.reset_index(drop=True)
        n_in = len(relations)
        layer_col = relations["layer"]
        if layer_col.isna().any():
            raise InputError(f"The 'relations' argument of {caller} has "
                             f"{int(layer_col.isna().sum())} rows with no layer name.")
        # categories, or names in order of appearance (pd.unique: no Python loop per row)
        if isinstance(layer_col.dtype, pd.CategoricalDtype):
            layer_names = [str(c) for c in layer_col.cat.categories]
            layer_cat = pd.Categorical.from_codes(layer_col.cat.codes, categories=layer_names)
        else:
            layer_names = [str(c) for c in pd.unique(layer_col)]
            layer_cat = pd.Categorical(layer_col.astype(str), categories=layer_names)
        self.directed = _directedness(directed, layer_names, caller=caller)
        self.layers = tuple(layer_names)

        for end in ("source", "target"):
            if relations[end].isna().any():
                rows = relations.index[relations[end].isna()]
                raise InputError(f"The 'relations' argument of {caller} has {len(rows)} rows "
                                 f"with no {end} organisation, at rows {preview(rows)}.")
        # both ends in one lookup: the ids' hash table is built once
        src, tgt = ends if ends is not None else end_positions(organisations.index, relations)
        if len(src) and (src.min() < 0 or tgt.min() < 0):   # name the unknown ids of both ends
            missing = (src < 0, tgt < 0)
            found = check_known_ids(
                pd.concat([relations["source"][missing[0]], relations["target"][missing[1]]]),
                organisations.index, argument="relations", caller=caller)
            # all known after all (from_codes given -1 for an id in the index): their places
            src, tgt = src.copy(), tgt.copy()
            src[missing[0]] = found[:int(missing[0].sum())]
            tgt[missing[1]] = found[int(missing[0].sum()):]
        weight = checked_weights(relations["weight"], argument="relations['weight']",
                                 caller=caller)
        relations = relations.assign(layer=layer_cat, weight=weight)
        lay = layer_cat.codes

        # Undirected ties: endpoints in the organisations' order, so duplicates are visible.
        undirected = np.array([not self.directed[name] for name in layer_names],
                              dtype=bool)[lay]
        swap = undirected & (src > tgt)
        swapped = bool(swap.any())
        if swapped:
            src, tgt = _swapped_codes(src, tgt, swap,
                                      in_place=own_ends or ends is None)
            # only the swapped rows change: their ends trade places, as written
            relations = relations.assign(**_swapped_ends(relations, swap, organisations.index,
                                                         src, tgt))
        # one O(rows) pass says whether any (source, target, layer) repeats; without
        # repeats there is nothing to merge, and no undirected pair was given both ways
        repeated = _has_duplicates(src, tgt, lay, len(organisations))
        if swapped and repeated:
            _note_symmetrised(report, layer_names, undirected, swap, src, tgt, lay,
                              len(organisations))

        loops = src == tgt
        if loops.any():
            if self_loops == "error":
                raise InputError(
                    f"The 'relations' argument of {caller} has {int(loops.sum())} self-loops "
                    f"(source == target), e.g. {preview(relations['source'][loops])}; "
                    "pass self_loops='drop' or 'keep'.")
            if self_loops == "drop":
                keep = ~loops
                relations, src, tgt, lay = (relations[keep].reset_index(drop=True),
                                            src[keep], tgt[keep], lay[keep])
        n_loops = int(loops.sum()) if self_loops == "drop" else 0

        n_before = len(relations)
        if repeated:
            relations, src, tgt, lay = _merge_duplicates(relations, src, tgt, lay,
                                                         len(organisations),
                                                         policy=duplicates, caller=caller)
        report.add("relations", rows_in=n_in, rows_out=len(relations), dropped={
            "self-loops dropped (self_loops='drop')": n_loops,
            f"duplicate (source, target, layer) rows merged (duplicates={duplicates!r})":
                n_before - len(relations)})
        self._set(organisations, relations, src, tgt, lay, report)

    # -- construction helpers -------------------------------------------------------------
    def _set(self, organisations: pd.DataFrame, relations: pd.DataFrame, src: Any, tgt: Any,
             lay: Any, report: BuildReport) -> None:
        self._organisations = organisations
        self._relations = relations
        self._src = np.asarray(src, dtype=np.int64)
        self._tgt = np.asarray(tgt, dtype=np.int64)
        self._lay = np.asarray(lay, dtype=np.int16)
        self.report = report
        self.views = ViewCache()

    # -- the tables -------------------------------------------------------------------------
    @property
    def organisations(self) -> pd.DataFrame:
        # a shallow copy: pandas' copy-on-write keeps the network's own table unchanged
        return self._organisations.copy(deep=False)

    @organisations.setter
    def organisations(self, table: pd.DataFrame) -> None:
        self._replace(table, self._relations, step="organisations replaced")

    @property
    def relations(self) -> pd.DataFrame:
        return self._relations.copy(deep=False)

    @relations.setter
    def relations(self, table: pd.DataFrame) -> None:
        self._replace(self._organisations, table, step="relations replaced")

    def _replace(self, organisations: pd.DataFrame, relations: pd.DataFrame, *,
                 step: str) -> None:
        check_columns(relations, RELATION_COLUMNS, argument="relations", caller=step)
        names = {str(name) for name in pd.unique(relations["layer"].astype(str))}
        directed = {name: flag for name, flag in self.directed.items() if name in names}
        report = BuildReport(list(self.report.steps), list(self.report.notes))
        new = MultilayerNetwork(organisations, relations, directed=directed, report=report)
        report.steps[-1]["step"] = step
        self.layers, self.directed = new.layers, new.directed
        self._set(new._organisations, new._relations, new._src, new._tgt, new._lay, report)

    @classmethod
    def _trusted(cls, organisations: pd.DataFrame, relations: pd.DataFrame,
                 directed: Mapping[str, bool], report: BuildReport) -> MultilayerNetwork:
        """A network from tables already validated (a subset of a valid network)."""
        net = cls.__new__(cls)
        relations = relations.reset_index(drop=True)
        net.layers = tuple(str(c) for c in relations["layer"].cat.categories)
        net.directed = {name: directed[name] for name in net.layers}
        src = organisations.index.get_indexer(relations["source"])
        tgt = organisations.index.get_indexer(relations["target"])
        net._set(organisations, relations, src, tgt, relations["layer"].cat.codes, report)
        return net

    # -- description ------------------------------------------------------------------------
    @property
    def n_organisations(self) -> int:
        return len(self._organisations)

    @property
    def n_relations(self) -> int:
        return len(self._relations)

    def codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Integer arrays (source position, target position, layer position) of every tie.

        Positions index ``organisations`` and ``layers``; computed once, at build time.
        """
        return self._src, self._tgt, self._lay

    def __repr__(self) -> str:
        counts = np.bincount(self._lay, minlength=len(self.layers))
        parts = [f"{name} ({n:,}{', directed' if self.directed[name] else ''})"
                 for name, n in zip(self.layers, counts)]
        return (f"MultilayerNetwork({self.n_organisations:,} organisations, "
                f"{self.n_relations:,} relations in {len(self.layers)} layers: "
                f"{', '.join(parts)})")

    def summary(self) -> pd.DataFrame:
        """One row per layer: ties, directedness, active organisations, density, weight.

        Examples
        --------
        >>> import linkages as lk
        >>> net = lk.load_example()
        >>> s = net.summary()
        >>> list(s.columns)
        ['ties', 'directed', 'organisations', 'density', 'total_weight']
        >>> int(s["ties"].sum()) == net.n_relations
        True
        """
        n = self.n_organisations
        rows = []
        for i, name in enumerate(self.layers):
            mask = self._lay == i
            ties = int(mask.sum())
            seen = np.zeros(n, dtype=bool)          # O(ties), no sort
            seen[self._src[mask]] = seen[self._tgt[mask]] = True
            active = int(seen.sum())
            pairs = n * (n - 1) / (1 if self.directed[name] else 2)
            rows.append({"layer": name, "ties": ties, "directed": self.directed[name],
                         "organisations": active, "density": ties / pairs if pairs else 0.0,
                         "total_weight": float(self._relations["weight"].to_numpy()[mask].sum())})
        return pd.DataFrame(rows).set_index("layer")

    def layer_relations(self, layer: str) -> pd.DataFrame:
        """The relations of one layer.

        Examples
        --------
        >>> import linkages as lk
        >>> net = lk.load_example()
        >>> prod = net.layer_relations("production")
        >>> set(prod["layer"]) == {"production"}
        True
        """
        check_one_of(layer, list(self.layers), argument="layer", caller="layer_relations")
        return self._relations[self._lay == self.layers.index(layer)]

    # -- selection --------------------------------------------------------------------------
    def subnetwork(self, organisations: Sequence[Any] | pd.Index | np.ndarray | pd.Series) -> (
            MultilayerNetwork):
        """The network induced by a subset of organisations (ties with both ends inside).

        ``organisations`` is a list of ids or a boolean mask aligned with the organisations
        table. Unknown ids raise an error. The report records the ties left out.

        Examples
        --------
        >>> import linkages as lk
        >>> net = lk.load_example()
        >>> sub = net.subnetwork(net.organisations.index[:50])
        >>> sub.n_organisations
        50
        """
        if isinstance(organisations, pd.Series) and organisations.dtype == bool:
            organisations = organisations.reindex(self._organisations.index, fill_value=False)
            keep = organisations.to_numpy()
        elif isinstance(organisations, np.ndarray) and organisations.dtype == bool:
            if len(organisations) != self.n_organisations:
                raise InputError(f"The 'organisations' argument of subnetwork must be a mask of "
                                 f"length {self.n_organisations}. Got length "
                                 f"{len(organisations)} instead.")
            keep = organisations
        else:
            ids = pd.Index(organisations)
            pos = check_known_ids(pd.Series(ids), self._organisations.index,
                                  argument="organisations", caller="subnetwork",
                                  what="ids")
            keep = np.zeros(self.n_organisations, dtype=bool)
            keep[pos] = True
        tie = keep[self._src] & keep[self._tgt]
        report = BuildReport(list(self.report.steps), list(self.report.notes))
        report.add("subnetwork", rows_in=self.n_relations, rows_out=int(tie.sum()),
                   dropped={"ties with an end outside the selection": int((~tie).sum())})
        return MultilayerNetwork._trusted(self._organisations[keep], self._relations[tie],
                                          self.directed, report)

    def select(self, **criteria: Any) -> MultilayerNetwork:
        """The sub-network of organisations whose attributes match every criterion.

        A criterion value is a single value or a list of accepted values, e.g.
        ``net.select(region="North", type=["sme", "large firm"])``.

        Examples
        --------
        >>> import linkages as lk
        >>> net = lk.load_example()
        >>> north = net.select(region="North")
        >>> set(north.organisations["region"])
        {'North'}
        """
        keep = np.ones(self.n_organisations, dtype=bool)
        for column, accepted in criteria.items():
            if column not in self._organisations.columns:
                raise InputError(f"The {column!r} criterion of select must be an organisation "
                                 f"attribute, one of {list(self._organisations.columns)!r}. "
                                 f"Got {column!r} instead.")
            if isinstance(accepted, str) or not isinstance(accepted, Sequence | set | pd.Index):
                accepted = [accepted]
            keep &= self._organisations[column].isin(list(accepted)).to_numpy()
        return self.subnetwork(keep)

    def within(self, *, bbox: tuple[float, float, float, float] | None = None,
               center: tuple[float, float] | None = None, radius_km: float | None = None,
               lat: str = "lat", lon: str = "lon") -> MultilayerNetwork:
        """The sub-network of organisations inside a territory.

        Give either ``bbox=(min_lat, min_lon, max_lat, max_lon)`` or ``center=(lat, lon)``
        with ``radius_km`` (great-circle distance, haversine formula). Organisations with
        no coordinates are left out and counted in the report.

        Examples
        --------
        >>> import linkages as lk
        >>> net = lk.load_example()
        >>> lat, lon = net.organisations[["lat", "lon"]].mean()
        >>> near = net.within(center=(lat, lon), radius_km=30)
        >>> near.n_organisations < net.n_organisations
        True
        """
        check_columns(self._organisations, [lat, lon], argument="organisations", caller="within")
        if (bbox is None) == (center is None):
            raise InputError("within needs exactly one territory: bbox=(min_lat, min_lon, "
                             "max_lat, max_lon) or center=(lat, lon) with radius_km. "
                             f"Got bbox={bbox!r}, center={center!r} instead.")
        la = self._organisations[lat].to_numpy(dtype=float, na_value=np.nan)
        lo = self._organisations[lon].to_numpy(dtype=float, na_value=np.nan)
        if bbox is not None:
            min_lat, min_lon, max_lat, max_lon = bbox
            keep = (la >= min_lat) & (la <= max_lat) & (lo >= min_lon) & (lo <= max_lon)
        else:
            assert center is not None       # exactly one of bbox and center, checked above
            if radius_km is None or radius_km < 0:
                raise InputError("The 'radius_km' argument of within must be a non-negative "
                                 f"number when center is given. Got {radius_km!r} instead.")
            keep = haversine_km(la, lo, center[0], center[1]) <= radius_km
        no_coords = int((np.isnan(la) | np.isnan(lo)).sum())
        sub = self.subnetwork(keep)
        if no_coords:
            sub.report.note(f"{no_coords} organisations without coordinates left out by within")
        return sub

    def with_layers(self, layers: str | Sequence[str]) -> MultilayerNetwork:
        """The same organisations with the relations of the chosen layers only.

        Examples
        --------
        >>> import linkages as lk
        >>> lk.load_example().with_layers("production").layers
        ('production',)
        """
        layers = check_layers(layers, self.layers, caller="with_layers")
        mask = np.isin(self._lay, [self.layers.index(name) for name in layers])
        relations = self._relations[mask].copy()
        relations["layer"] = relations["layer"].cat.set_categories(layers)
        report = BuildReport(list(self.report.steps), list(self.report.notes))
        report.add("with_layers", rows_in=self.n_relations, rows_out=int(mask.sum()),
                   dropped={"ties in layers not chosen": int((~mask).sum())})
        return MultilayerNetwork._trusted(self._organisations, relations, self.directed, report)


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (vectorised)."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _validate_organisations(organisations: pd.DataFrame, *, caller: str) -> pd.DataFrame:
    check_not_empty(organisations, argument="organisations", caller=caller)
    index = organisations.index
    if index.hasnans:
        raise InputError(f"The 'organisations' argument of {caller} has "
                         f"{int(index.isna().sum())} rows with no organisation id.")
    if not index.is_unique:
        dup = index[index.duplicated()].unique()
        raise InputError(f"The 'organisations' argument of {caller} must have unique ids; "
                         f"found {len(dup)} duplicated ids: {preview(dup)}.")
    if index.name is None:
        organisations = organisations.rename_axis("id")
    return organisations


def _directedness(directed: bool | Mapping[str, bool] | None, layers: Sequence[str], *,
                  caller: str) -> dict[str, bool]:
    if directed is None or isinstance(directed, bool):
        return {name: is_directed_by_default(name) if directed is None else directed
                for name in layers}
    check_type(directed, Mapping, argument="directed", caller=caller,
               expected="bool or mapping of layer name to bool")
    unknown = [name for name in directed if name not in layers]
    if unknown:
        raise InputError(f"The 'directed' argument of {caller} names layers that have no "
                         f"relations: {unknown!r}. Layers found: {list(layers)!r}.")
    return {name: bool(directed.get(name, is_directed_by_default(name))) for name in layers}


def _note_symmetrised(report: BuildReport, layer_names: Sequence[str], undirected: np.ndarray,
                      swap: np.ndarray, src: np.ndarray, tgt: np.ndarray, lay: np.ndarray,
                      n: int) -> None:
    """Note each undirected layer whose rows hold both A->B and B->A: directed arcs, it
    seems, made undirected (``src``, ``tgt`` already in the organisations' order)."""
    rows = np.flatnonzero(undirected & (src != tgt))
    key = (lay[rows].astype(np.int64) * n + src[rows]) * n + tgt[rows]
    # a pair is reciprocal when its rows came in both orientations (swapped and not)
    pairs, first = np.unique(key, return_index=True)
    forward = np.zeros(len(pairs), dtype=bool)
    backward = np.zeros(len(pairs), dtype=bool)
    where = np.searchsorted(pairs, key)
    forward[where[~swap[rows]]] = True
    backward[where[swap[rows]]] = True
    reciprocal = np.bincount(lay[rows][first][forward & backward].astype(np.int64),
                             minlength=len(layer_names))
    n_rows = np.bincount(lay[undirected].astype(np.int64), minlength=len(layer_names))
    n_swapped = np.bincount(lay[swap].astype(np.int64), minlength=len(layer_names))
    for code in np.flatnonzero(reciprocal).tolist():
        name = layer_names[code]
        pairs_text = "1 pair" if reciprocal[code] == 1 else f"{reciprocal[code]:,} pairs"
        report.note(
            f"layer {name!r} is undirected but has {pairs_text} tied both ways (A->B and "
            f"B->A), as directed arcs are: its {n_rows[code]:,} rows were symmetrised "
            f"({n_swapped[code]:,} with source and target swapped into the organisations' "
            f"order) and the rows of each such pair merged into one tie; pass "
            f"directed={{{name!r}: True}} to keep the directions")


def checked_weights(weights: pd.Series, *, argument: str, caller: str,
                    rows: Callable[[np.ndarray], str] | None = None) -> np.ndarray:
    """``weights`` as float64 after ``check_weights``' checks (numbers, none missing,
    non-negative, finite; rows named), in one pass over the values when they are valid
    floats (about 100x faster than the full check at 10M rows)."""
    if weights.dtype.kind == "f":
        values = weights.to_numpy(dtype=np.float64)
        with np.errstate(invalid="ignore"):
            if bool(np.isfinite(values).all()) and bool((values >= 0).all()):
                return values
    return check_weights(weights, argument=argument, caller=caller, rows=rows)


def end_positions(known: pd.Index, relations: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the relations' sources and targets in ``known`` (-1: absent).

    Arrow-backed text ids are looked up by Arrow, both ends in one call on the chunks of
    the two columns (no copy of the text; one hash table of ``known``: 10% faster than a
    call per end at 1M ties); other ids in one pandas lookup of both ends.
    """
    source, target = relations["source"], relations["target"]
    if all(_arrow_text(values.dtype) for values in (known, source, target)) \
            and known.is_unique:
        value_set = pa.array(known.array)
        ends = [pa.array(values.array) for values in (source, target)]
        chunks = [chunk for end in ends
                  for chunk in (end.chunks if isinstance(end, pa.ChunkedArray) else [end])]
        if len({chunk.type for chunk in chunks}) == 1:
            found = pc.index_in(pa.chunked_array(chunks, type=chunks[0].type),
                                value_set=value_set)
            if found.null_count:
                found = found.fill_null(-1)
            both = found.to_numpy().astype(np.intp)
            return both[:len(source)], both[len(source):]

        def lookup(values: Any) -> np.ndarray:
            found = pc.index_in(values, value_set=value_set)
            if found.null_count:
                found = found.fill_null(-1)
            return found.to_numpy().astype(np.intp)
        return lookup(ends[0]), lookup(ends[1])
    positions = index_positions(known, _both_ends(relations))
    return positions[:len(relations)], positions[len(relations):]


def _arrow_text(dtype: Any) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _both_ends(relations: pd.DataFrame) -> Any:
    """Sources then targets, one array (Arrow-backed text stays Arrow-backed)."""
    source, target = relations["source"], relations["target"]
    if source.dtype == target.dtype:
        return pd.concat([source, target], ignore_index=True)
    return np.concatenate([source.to_numpy(dtype=object), target.to_numpy(dtype=object)])


def _swapped_codes(src: np.ndarray, tgt: np.ndarray, swap: np.ndarray, *,
                   in_place: bool) -> tuple[np.ndarray, np.ndarray]:
    """``src`` and ``tgt`` with the ``swap`` rows' ends traded (in place: only the swapped
    rows are written, and a copy of them)."""
    if not in_place or np.shares_memory(src, tgt):
        src, tgt = src.copy(), tgt.copy()
    rows = np.flatnonzero(swap)
    src[rows], tgt[rows] = tgt[rows], src[rows].copy()
    return src, tgt


def _swapped_ends(relations: pd.DataFrame, swap: np.ndarray, known: pd.Index,
                  src: np.ndarray, tgt: np.ndarray) -> dict[str, pd.Series]:
    """``source`` and ``target`` with the ends of the ``swap`` rows traded, as written.

    ``src``, ``tgt``: the ends' positions in ``known``, already swapped. Arrow-backed text
    ids of a small id table (up to 4 MB of text, about 200,000 ids) are taken from
    ``known`` by those positions: Arrow found them by byte-for-byte equality, so the text
    is the text written (1.5x faster than trading the two columns with ``if_else`` at 100k
    ids; at 1M ids, whose text no longer fits in the processor's cache, 3x slower, so
    ``if_else`` there); other columns are traded by pandas or numpy (a number id equal to
    another written differently, ``1`` and ``1.0``, stays as written).
    """
    source, target = relations["source"], relations["target"]
    if source.dtype == target.dtype and _arrow_text(source.dtype):
        value_set = pa.array(known.array) if _arrow_text(known.dtype) else None
        if value_set is not None and len(value_set) and value_set.nbytes <= 4 * 2 ** 20:
            taken = [value_set.take(pa.array(codes)) for codes in (src, tgt)]
        else:
            mask = pa.array(swap)
            s, t = pa.array(source.array), pa.array(target.array)
            taken = [pc.if_else(mask, t, s), pc.if_else(mask, s, t)]
        return {end: pd.Series(pd.array(values, dtype=source.dtype), index=relations.index,
                               copy=False) for end, values in zip(("source", "target"), taken)}
    keep = pd.Series(~swap, index=relations.index)
    if source.dtype == target.dtype:
        return {"source": source.where(keep, target), "target": target.where(keep, source)}
    s, t = source.to_numpy(dtype=object), target.to_numpy(dtype=object)
    return {"source": pd.Series(np.where(swap, t, s), index=relations.index),
            "target": pd.Series(np.where(swap, s, t), index=relations.index)}


def _has_duplicates(src: np.ndarray, tgt: np.ndarray, lay: np.ndarray, n: int) -> bool:
    """True when two rows share (source, target, layer); O(rows), no sort.

    Rows already in (source, target, layer) order (as ``aggregate_records`` writes them)
    are checked in one pass; otherwise a sparse (layer, source) x target matrix counts the
    rows of each triple (scipy's counting sort, 2-3x faster than an argsort at 10M rows).
    """
    if len(src) < 2:
        return False
    n_layers = int(lay.max()) + 1

    def ordered(stop: int | None) -> bool:
        key = (src[:stop].astype(np.int64) * n + tgt[:stop]) * n_layers + lay[:stop]
        return bool((key[1:] > key[:-1]).all())
    if ordered(1024) and ordered(None):     # the first rows tell most unsorted tables
        return False
    # 32-bit positions and boolean entries when they fit (a True summed stays True, no
    # count can overflow): 1.7x faster than int64 positions and int32 counts at 1M rows
    index = np.int32 if n_layers * n < 2 ** 31 else np.int64
    rows = lay.astype(index)
    np.multiply(rows, n, out=rows)
    np.add(rows, src, out=rows, casting="unsafe")     # no temporary array
    counts = sp.csr_matrix((np.ones(len(src), dtype=bool),
                            (rows, tgt.astype(index, copy=False))), shape=(n_layers * n, n))
    counts.sum_duplicates()
    return counts.nnz < len(src)


def _merge_duplicates(relations: pd.DataFrame, src: np.ndarray, tgt: np.ndarray,
                      lay: np.ndarray, n: int, *, policy: str, caller: str):
    """Merge rows with the same (source, target, layer) by ``policy``; vectorised.

    Sorts the rows: call it only when :func:`_has_duplicates` found some (O(rows)).
    """
    key = (lay.astype(np.int64) * n + src) * n + tgt
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = sorted_key[1:] != sorted_key[:-1]
    if first.all():
        return relations, src, tgt, lay
    if policy == "error":
        dup = ~first
        rows = relations.iloc[order[dup]]
        examples = list(zip(rows["source"], rows["target"], rows["layer"].astype(str)))
        raise InputError(
            f"The 'relations' argument of {caller} has {int(dup.sum())} duplicate rows for the "
            f"same (source, target, layer), e.g. {preview(examples, 3)}; pass "
            "duplicates='sum', 'max' or 'first' to merge them.")
    group = np.cumsum(first) - 1
    keep_rows = order[first]
    weights = relations["weight"].to_numpy()[order]
    if policy == "sum":
        with np.errstate(over="ignore"):
            merged = np.bincount(group, weights=weights)
        overflow = ~np.isfinite(merged)     # weights are finite: only a sum overflows
        if overflow.any():
            rows = np.sort(order[overflow[group]])
            first = relations.iloc[rows[0]]
            raise InputError(
                f"The 'relations' argument of {caller} has {len(rows)} rows whose weights, "
                f"merged (duplicates='sum'), exceed the largest number (about 1.8e308), "
                f"e.g. ({first['source']!r}, {first['target']!r}, {str(first['layer'])!r}), "
                f"at rows {preview(rows.tolist())}. Rescale the weights or pass "
                "duplicates='max' or 'first'.")
    elif policy == "max":
        merged = np.full(group[-1] + 1, -np.inf)
        np.maximum.at(merged, group, weights)
    else:
        merged = weights[first]
    keep_rows_sorted = np.sort(keep_rows)
    # keep_rows is in key order; put merged weights back in original row order
    position = np.argsort(keep_rows)
    out = relations.iloc[keep_rows_sorted].copy()
    out["weight"] = merged[position]
    return (out.reset_index(drop=True), src[keep_rows_sorted], tgt[keep_rows_sorted],
            lay[keep_rows_sorted])
