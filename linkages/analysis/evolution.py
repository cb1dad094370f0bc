r"""Clusters over time: :func:`track_clusters` finds clusters in every period of a
:class:`~linkages.Periods`, gives them ids that hold across periods, and names the
life-cycle events between consecutive periods (:class:`Evolution`).

Two ways to find the clusters, both seeded:

- ``method="coupled"`` (the default up to :data:`AUTO_COUPLED_TIES` ties over all
  periods, ``method="auto"``): one partition of all periods at once, each
  organisation's copies in consecutive periods tied with strength ``omega`` (Mucha et al.
  2010; leidenalg's ``find_partition_temporal``), so an unchanged cluster keeps its
  identity; the ids are the coupled partition's.
- ``method="independent"``: a method of :func:`~linkages.find_clusters` in each period on
  its own, clusters of consecutive periods matched by Jaccard similarity (Greene,
  Doyle & Cunningham 2010): a cluster keeps the id of the cluster it continues, takes the
  id of its largest part after a merge, and the largest part of a split keeps the id.

Events between periods ``t-1`` and ``t`` come from the matching of their clusters (pairs
with Jaccard similarity :math:`|X \cap Y| / |X \cup Y| \geq` ``threshold``): a cluster
matched by none is born (or dies), by two or more is a merge (a split), one to one is a
growth, a contraction (size changed by more than ``tolerance``) or a continuation. Each
matched flow is tested against shuffled memberships (the labels of period ``t`` permuted
among the organisations active in both periods, as cdlib's LifeCycle does): its p-value is
the share of shuffles whose overlap is at least the observed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import igraph as ig
import leidenalg as la
import numpy as np
import pandas as pd

from linkages._validation import InputError, check_one_of, check_type
from linkages.analysis.leaders import leading_firms
from linkages.build.periods import Periods
from linkages.clusters.find import as_method, find_clusters
from linkages.clusters.inputs import check_non_negative, draw_seed
from linkages.clusters.methods import Method
from linkages.views import aggregate_ties

__all__ = ["Evolution", "track_clusters", "match_clusters", "EVENTS", "AUTO_COUPLED_TIES"]

#: The life-cycle events, in the order the events table lists them.
EVENTS = ["birth", "death", "merge", "split", "growth", "contraction", "continuation"]


@dataclass(frozen=True)
class Evolution:
    """Clusters across periods and their life-cycle events (from :func:`track_clusters`).

    Attributes
    ----------
    periods : Periods
    membership : DataFrame
        Organisations x periods: each organisation's cluster id (the same id is the same
        cluster in every period), ``<NA>`` where it has no tie in the period.
    matches : DataFrame
        Every pair of clusters of consecutive periods that share organisations: ``period``
        (the later one), ``before``, ``after``, ``overlap``, ``size_before``,
        ``size_after``, ``jaccard``, ``matched`` (``jaccard >= threshold``), ``p_value``.
    events : DataFrame
        One row per event: ``period``, ``event`` (see :data:`EVENTS`), ``before`` and
        ``after`` (lists of cluster ids), ``size_before``, ``size_after``, ``joined`` and
        ``left`` (organisations entering the ``after`` clusters from elsewhere, and leaving
        the ``before`` clusters for elsewhere), ``p_value`` (the largest of the event's
        matched flows; NaN for births and deaths).
    params : dict
        The options of the run, ``seed`` included.

    Examples
    --------
    >>> import linkages as lk
    >>> planted = lk.make_evolving_clusters(seed=1)
    >>> periods = lk.periods_from_records(planted.records, planted.organisations,
    ...     date="date", value=None, directed=False, layer_name="scientific")
    >>> evolution = lk.track_clusters(periods, seed=1)
    >>> changes = evolution.events.query("event != 'continuation'")
    >>> changes[["period", "event"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['2011', 'growth'], ['2011', 'contraction'], ['2012', 'birth'], ['2012', 'merge'],
     ['2013', 'split'], ['2014', 'death']]
    >>> evolution.cluster_stats().loc[("2015", 0), ["size", "openness"]].round(2).tolist()
    [80.0, 0.06]
    """

    periods: Periods
    membership: pd.DataFrame
    matches: pd.DataFrame
    events: pd.DataFrame
    params: dict[str, Any]

    def __repr__(self) -> str:
        counts = self.events["event"].value_counts()
        shown = ", ".join(f"{counts[e]} {e}" for e in EVENTS if e in counts)
        return (f"Evolution({len(self.periods)} periods, "
                f"{self.membership.stack().nunique()} clusters; {shown})")

    @property
    def flows(self) -> pd.DataFrame:
        """Organisations flowing between clusters of consecutive periods: ``period`` (the
        later one), ``before``, ``after`` (``-1``: not in a cluster, i.e. inactive),
        ``organisations``; the alluvial diagram draws these."""
        rows = []
        labels = list(self.membership.columns)
        for a, b in zip(labels[:-1], labels[1:]):
            pair = self.membership[[a, b]].fillna(-1).astype(np.int64)
            pair = pair[(pair[a] >= 0) | (pair[b] >= 0)]
            counts = pair.groupby([a, b]).size()
            rows += [(b, int(x), int(y), int(n)) for (x, y), n in counts.items()]
        return pd.DataFrame(rows, columns=["period", "before", "after", "organisations"])

    def moves(self) -> pd.DataFrame:
        """Every organisation that changed cluster between consecutive periods:
        ``period``, ``organisation``, ``before``, ``after`` (``<NA>``: inactive), ``change``
        (``'entered'``, ``'exited'``, ``'moved'``)."""
        rows = []
        labels = list(self.membership.columns)
        for a, b in zip(labels[:-1], labels[1:]):
            x, y = self.membership[a], self.membership[b]
            changed = x.ne(y).fillna(True) & (x.notna() | y.notna())
            part = pd.DataFrame({"period": b, "organisation": x.index[changed],
                                 "before": x[changed].to_numpy(), "after": y[changed].to_numpy()})
            part["change"] = np.where(part["before"].isna(), "entered",
                                      np.where(part["after"].isna(), "exited", "moved"))
            rows.append(part)
        return pd.concat(rows, ignore_index=True)

    def cluster_stats(self, *, type: str | None = "type") -> pd.DataFrame:
        """Per period and cluster: ``size``, ``ties`` inside, ``density`` (ties inside over
        the pairs), ``openness`` (share of the members' ties that leave the cluster) and,
        with an organisations column ``type``, the count of each type.

        Indexed by (``period``, ``cluster``).
        """
        frames = []
        weighted = self.params["weighted"]
        for label, net in self.periods.items():
            codes = self.membership[label].fillna(-1).to_numpy(dtype=np.int64)
            s, t, _, _ = aggregate_ties(net, layers=self.params["layers"], directed=False,
                                        weighted=weighted)
            cs, ct = codes[s], codes[t]
            k = int(codes.max()) + 1 if (codes >= 0).any() else 0
            inside = np.bincount(cs[(cs == ct) & (cs >= 0)], minlength=k)
            ends = np.bincount(np.r_[cs, ct][np.r_[cs, ct] >= 0], minlength=k)
            size = np.bincount(codes[codes >= 0], minlength=k)
            present = size > 0
            frame = pd.DataFrame({"period": label, "cluster": np.arange(k), "size": size,
                                  "ties": inside}).loc[present]
            pairs = frame["size"] * (frame["size"] - 1) / 2
            frame["density"] = np.where(pairs > 0, frame["ties"] / pairs.where(pairs > 0, 1), 0.0)
            total = ends[present]
            frame["openness"] = np.where(total > 0, 1 - 2 * inside[present] / np.maximum(total, 1),
                                         0.0)
            if type is not None and type in net.organisations.columns:
                kinds = pd.crosstab(codes[codes >= 0],
                                    net.organisations[type].to_numpy()[codes >= 0])
                frame = frame.join(kinds, on="cluster")
            frames.append(frame)
        return pd.concat(frames, ignore_index=True).set_index(["period", "cluster"])

    def tie_changes(self) -> pd.DataFrame:
        """Ties formed, dissolved and kept per layer between consecutive periods:
        ``period`` (the later one), ``layer``, ``formed``, ``dissolved``, ``kept``.

        A tie is an (organisation, organisation, layer) triple as the period's relations
        list it; each is coded as one integer, and consecutive periods are compared by a
        sorted search (no Python sets).
        """
        labels = list(self.periods)
        ids = self.periods.organisations.index
        n = len(ids)
        layers = {}
        for label, net in self.periods.items():   # each period's layer codes and names
            codes_, uniques = pd.factorize(net.relations["layer"])
            layers[label] = (codes_, [str(name) for name in uniques])
        names = sorted({name for _, found in layers.values() for name in found})
        position = {name: i for i, name in enumerate(names)}
        codes = {}
        for label, net in self.periods.items():
            relations = net.relations
            s = ids.get_indexer(relations["source"]).astype(np.int64)
            t = ids.get_indexer(relations["target"]).astype(np.int64)
            found, local = layers[label]
            layer = np.array([position[name] for name in local], dtype=np.int64)[found]
            code = np.sort((layer * n + s) * n + t)   # sort + diff: np.unique hashes, slower
            codes[label] = code[np.r_[True, code[1:] != code[:-1]]] if len(code) else code
        rows = []
        for a, b in zip(labels[:-1], labels[1:]):
            x, y = codes[a], codes[b]
            at = np.minimum(np.searchsorted(x, y), max(len(x) - 1, 0))
            kept = (x[at] == y) if len(x) else np.zeros(len(y), dtype=bool)
            k = len(names)
            in_y = np.bincount(y // (n * n), minlength=k)
            in_x = np.bincount(x // (n * n), minlength=k)
            both = np.bincount(y[kept] // (n * n), minlength=k)
            present = np.flatnonzero((in_x > 0) | (in_y > 0))
            rows += [(b, names[i], int(in_y[i] - both[i]), int(in_x[i] - both[i]),
                      int(both[i])) for i in present]
        return pd.DataFrame(rows, columns=["period", "layer", "formed", "dissolved", "kept"])

    def leaders(self, *, top: int = 3, **options: Any) -> pd.DataFrame:
        """The leading firms of every cluster in every period
        (:func:`~linkages.leading_firms`, ``options`` passed on), with ``period`` and
        ``rank_change`` (the previous period's rank in the same cluster minus this one:
        positive climbed; ``<NA>``: not ranked there before)."""
        frames = []
        for label, net in self.periods.items():
            clusters = self.membership[label].fillna(-1).astype(np.int64)
            if not (clusters >= 0).any():
                continue
            table = leading_firms(net, clusters, top=top, **options).reset_index()
            table.insert(0, "period", label)
            frames.append(table)
        table = pd.concat(frames, ignore_index=True)
        org = "id" if "id" in table.columns else table.columns[1]
        previous = table[["period", "cluster", org, "rank"]].copy()
        order = {label: i for i, label in enumerate(self.periods)}
        previous["period"] = [list(order)[order[p] + 1] if order[p] + 1 < len(order) else None
                              for p in previous["period"]]
        previous = previous.dropna(subset=["period"]).rename(columns={"rank": "before"})
        table = table.merge(previous, on=["period", "cluster", org], how="left")
        table["rank_change"] = (table.pop("before") - table["rank"]).astype("Int64")
        return table


#: With ``method="auto"``, :func:`track_clusters` couples the periods up to this many ties
#: over all periods (the supra-graph's intra-period ties), and above it clusters each period
#: on its own and matches the clusters (CORDIS H2020 by year, 2.56M ties: the coupled run
#: did not finish in 7 minutes; the independent one takes about 80 s: benchmarks/README.md).
AUTO_COUPLED_TIES = 500_000


def track_clusters(periods: Periods, *, method: str = "auto", omega: float = 0.5,
                   resolution: float = 1.0, per_period: str | Method = "leiden",
                   threshold: float = 0.3, tolerance: float = 0.25,
                   layers: str | Sequence[str] | None = None, weighted: bool = False,
                   n_iterations: int = -1, n_shuffles: int = 1000,
                   seed: int | None = None) -> Evolution:
    r"""Clusters in every period, with ids that hold across periods, and their life-cycle
    events (birth, death, merge, split, growth, contraction, continuation).

    Parameters
    ----------
    periods : Periods
        From :func:`~linkages.periods_from_records` or :func:`~linkages.periods_from_two_mode`.
    method : {'auto', 'coupled', 'independent'}
        ``'coupled'``: Mucha et al. (2010) multislice modularity, consecutive periods
        coupled by ``omega`` (leidenalg's ``find_partition_temporal``), one run over all
        periods. ``'independent'``: ``per_period`` in each period, then Greene et al.
        (2010) matching. ``'auto'`` (default): ``'coupled'`` up to
        :data:`AUTO_COUPLED_TIES` ties over all periods, ``'independent'`` above; the
        choice and why are in ``params["method"]`` and ``params["why"]``.
    omega : float
        The coupling (>= 0) between an organisation's copies in consecutive periods
        (``'coupled'``); 0 clusters the periods independently.
    resolution : float
        :math:`\gamma` of the modularity (``'coupled'``).
    per_period : str or method object
        The :func:`~linkages.find_clusters` method of ``'independent'``.
    threshold : float
        Jaccard similarity from which two clusters of consecutive periods match
        (Greene et al. used 0.1 to 0.5; 0.3 by default).
    tolerance : float
        A one-to-one match is a growth (contraction) when the size grows (shrinks) by more
        than this share; a continuation otherwise. 0.25 by default: the size of an
        unchanged planted cluster of 20 to 40 organisations drifts by up to about 20% at
        noise 0.3 (:func:`~linkages.make_evolving_clusters`), which 0.1 named growth or
        contraction.
    layers : str or list of str, optional
        The layers clustered (their undirected aggregate); all by default.
    weighted : bool
        As in :func:`~linkages.find_clusters` (False: each layer tying a pair counts 1).
    n_iterations : int
        Passes of leidenalg's optimiser in the coupled run (negative: until a pass
        improves nothing, the default); a small number bounds the time on large periods.
    n_shuffles : int
        Shuffled memberships drawn per pair of periods for the p-values (0: none).
    seed : int, optional
        Same seed, same result (drawn at random and recorded in ``params`` when None).

    Returns
    -------
    Evolution

    References
    ----------
    Mucha, Richardson, Macon, Porter & Onnela (2010), Science 328:876. Greene, Doyle &
    Cunningham (2010), ASONAM, 176-183. Failla, Cazabet, Rossetti & Citraro (2023)
    (cdlib's LifeCycle).

    Examples
    --------
    >>> import linkages as lk
    >>> planted = lk.make_evolving_clusters("stable", n_periods=4, seed=3)
    >>> periods = lk.periods_from_records(planted.records, planted.organisations,
    ...     date="date", value=None, directed=False, layer_name="scientific")
    >>> evolution = lk.track_clusters(periods, seed=1)
    >>> evolution.events["event"].value_counts().to_dict()
    {'continuation': 15}
    >>> evolution.membership.iloc[:2].values.tolist()
    [[4, 4, 4, 4], [4, 4, 4, 4]]
    """
    caller = "track_clusters"
    check_type(periods, Periods, argument="periods", caller=caller, expected="Periods")
    check_one_of(method, ["auto", "coupled", "independent"], argument="method", caller=caller)
    if not isinstance(n_iterations, int) or isinstance(n_iterations, bool) \
            or n_iterations == 0:
        raise InputError(f"The 'n_iterations' argument of {caller} must be a whole number, "
                         f"not 0 (negative: until stable). Got {n_iterations!r} instead.")
    omega = check_non_negative(omega, argument="omega", caller=caller)
    resolution = check_non_negative(resolution, argument="resolution", caller=caller)
    if not 0 < threshold <= 1:
        raise InputError(f"The 'threshold' argument of {caller} must be a number in (0, 1]. "
                         f"Got {threshold!r} instead.")
    tolerance = check_non_negative(tolerance, argument="tolerance", caller=caller)
    seed = draw_seed(seed, caller=caller)
    first = next(iter(periods.values()))
    layers = list(first.layers) if layers is None else (
        [layers] if isinstance(layers, str) else list(layers))
    ties = {}
    for label, net in periods.items():
        chosen = [name for name in layers if name in net.layers]
        ties[label] = (aggregate_ties(net, layers=chosen, directed=False, weighted=weighted)
                       if chosen else (np.array([], np.int64),) * 2 + (np.array([]), False))
    n = first.n_organisations
    active = {label: np.bincount(np.r_[s, t], minlength=n) > 0
              for label, (s, t, _, _) in ties.items()}
    why = None
    if method == "auto":
        total = sum(len(s) for s, _, _, _ in ties.values())
        method = "coupled" if total <= AUTO_COUPLED_TIES else "independent"
        why = (f"method='auto': {method}, as the periods have {total:,} ties in all, "
               f"{'at most' if method == 'coupled' else 'more than'} AUTO_COUPLED_TIES "
               f"({AUTO_COUPLED_TIES:,})")
    if method == "coupled":
        labels = _coupled(ties, active, n, omega=omega, resolution=resolution, seed=seed,
                          n_iterations=n_iterations)
    else:
        found = as_method(per_period, caller=caller)
        labels = {}
        for label, net in periods.items():
            chosen = [name for name in layers if name in net.layers]
            codes = np.full(n, -1, dtype=np.int64)
            if active[label].any():
                result = find_clusters(net, method=found, layers=chosen, weighted=weighted,
                                       seed=seed)
                codes[active[label]] = result.membership.to_numpy()[active[label]]
            labels[label] = codes
        labels = _matched_ids(labels, threshold)
    membership = pd.DataFrame({label: pd.array(np.where(codes >= 0, codes, -1)).astype("Int64")
                               for label, codes in labels.items()},
                              index=first.organisations.index)
    membership = membership.mask(membership < 0)
    membership.columns.name = "period"
    rng = np.random.default_rng(seed)
    matches = pd.concat([match_clusters(labels[a], labels[b], threshold=threshold,
                                        n_shuffles=n_shuffles, rng=rng).assign(period=b)
                         for a, b in zip(list(labels)[:-1], list(labels)[1:])],
                        ignore_index=True)
    matches = matches[["period"] + [c for c in matches.columns if c != "period"]]
    ids = first.organisations.index
    events = _events(labels, matches, ids, tolerance)
    params = {"method": method, "omega": omega, "resolution": resolution,
              "per_period": per_period, "threshold": threshold, "tolerance": tolerance,
              "layers": layers, "weighted": bool(weighted), "n_iterations": n_iterations,
              "n_shuffles": n_shuffles, "seed": seed}
    if why is not None:
        params["why"] = why
    return Evolution(periods, membership, matches, events, params)


def match_clusters(before: np.ndarray, after: np.ndarray, *, threshold: float = 0.3,
                   n_shuffles: int = 0, rng: np.random.Generator | None = None
                   ) -> pd.DataFrame:
    """The overlaps of the clusters of two periods (codes per organisation, -1: none):
    ``before``, ``after``, ``overlap``, ``size_before``, ``size_after``, ``jaccard``,
    ``matched`` (``jaccard >= threshold``) and ``p_value`` (share of ``n_shuffles``
    permutations of ``after`` among the organisations in both periods whose overlap is at
    least the observed one; NaN when ``n_shuffles`` is 0).

    Examples
    --------
    >>> import numpy as np
    >>> from linkages.analysis.evolution import match_clusters
    >>> before = np.array([0, 0, 0, 0, 1, 1, 1, -1])
    >>> after = np.array([0, 0, 0, 2, 2, 2, 2, 2])
    >>> match_clusters(before, after)[["before", "after", "overlap", "jaccard", "matched"]
    ...                               ].round(2).values.tolist()
    [[0, 0, 3, 0.75, True], [0, 2, 1, 0.12, False], [1, 2, 3, 0.6, True]]
    """
    size_b = pd.Series(before[before >= 0]).value_counts()
    size_a = pd.Series(after[after >= 0]).value_counts()
    both = (before >= 0) & (after >= 0)
    pairs = pd.DataFrame({"before": before[both], "after": after[both]})
    table = pairs.groupby(["before", "after"]).size().rename("overlap").reset_index()
    table["size_before"] = size_b.reindex(table["before"]).to_numpy()
    table["size_after"] = size_a.reindex(table["after"]).to_numpy()
    table["jaccard"] = table["overlap"] / (table["size_before"] + table["size_after"]
                                           - table["overlap"])
    table["matched"] = table["jaccard"] >= threshold
    table["p_value"] = np.nan
    if n_shuffles > 0 and len(table):
        rng = rng if rng is not None else np.random.default_rng(0)
        x, y = before[both], after[both]
        k_y = int(y.max()) + 1
        cell = table["before"].to_numpy() * k_y + table["after"].to_numpy()
        exceed = np.zeros(len(table), dtype=np.int64)
        chunk = max(1, min(n_shuffles, 20_000_000 // max(len(x), 1)))
        done = 0
        while done < n_shuffles:
            m = min(chunk, n_shuffles - done)
            shuffled = rng.permuted(np.broadcast_to(y, (m, len(y))), axis=1)
            codes = x[None, :] * k_y + shuffled
            size = (int(x.max()) + 1) * k_y
            counts = np.bincount((codes + size * np.arange(m)[:, None]).ravel(),
                                 minlength=size * m).reshape(m, size)
            exceed += (counts[:, cell] >= table["overlap"].to_numpy()).sum(axis=0)
            done += m
        table["p_value"] = (1 + exceed) / (1 + n_shuffles)
    return table


def _coupled(ties: dict[str, Any], active: dict[str, np.ndarray], n: int, *, omega: float,
             resolution: float, seed: int, n_iterations: int = -1
             ) -> dict[str, np.ndarray]:
    """Mucha coupling of consecutive periods: each period's active organisations, their
    copies in consecutive periods tied by ``omega``."""
    graphs = []
    for label, (s, t, w, _) in ties.items():
        keep = np.flatnonzero(active[label])
        position = np.full(n, -1, dtype=np.int64)
        position[keep] = np.arange(len(keep))
        graph = ig.Graph(n=len(keep), edges=np.column_stack([position[s], position[t]]).tolist())
        graph.vs["id"] = keep.tolist()
        graph.es["weight"] = np.asarray(w, dtype=float).tolist()
        graphs.append(graph)
    found, _ = la.find_partition_temporal(graphs, la.RBConfigurationVertexPartition,
                                          interslice_weight=omega, n_iterations=n_iterations,
                                          seed=seed, resolution_parameter=resolution)
    labels = {}
    for (label, _), graph, part in zip(ties.items(), graphs, found):
        codes = np.full(n, -1, dtype=np.int64)
        codes[np.asarray(graph.vs["id"], dtype=np.int64)] = part
        labels[label] = codes
    return _renumber(labels)


def _renumber(labels: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Ids 0, 1, ... by first period of appearance, then by size there (largest first)."""
    order: dict[int, int] = {}
    for codes in labels.values():
        present = codes[codes >= 0]
        if not len(present):
            continue
        values, counts = np.unique(present, return_counts=True)
        for value in values[np.lexsort((values, -counts))]:
            order.setdefault(int(value), len(order))
    lookup = np.full(max(order, default=-1) + 2, -1, dtype=np.int64)
    for old, new in order.items():
        lookup[old] = new
    return {label: np.where(codes >= 0, lookup[codes], -1) for label, codes in labels.items()}


def _matched_ids(labels: dict[str, np.ndarray], threshold: float) -> dict[str, np.ndarray]:
    """Ids carried across independent partitions by Jaccard matching: a cluster keeps the
    id of its one match; after a merge the cluster takes the id of its largest part; of a
    split, the largest part keeps the id; the others get new ids."""
    keys = list(labels)
    out = {keys[0]: _renumber({keys[0]: labels[keys[0]]})[keys[0]]}
    next_id = int(out[keys[0]].max()) + 1
    for a, b in zip(keys[:-1], keys[1:]):
        table = match_clusters(out[a], labels[b], threshold=threshold)
        table = table[table["matched"]].sort_values(["overlap", "jaccard"], ascending=False,
                                                    kind="stable")
        given: dict[int, int] = {}
        used: set[int] = set()
        for row in table.itertuples():
            if row.after not in given and row.before not in used:
                given[int(row.after)] = int(row.before)
                used.add(int(row.before))
        codes = labels[b]
        sizes = pd.Series(codes[codes >= 0]).value_counts()
        for value in sizes.index:
            if int(value) not in given:
                given[int(value)] = next_id
                next_id += 1
        lookup = np.full(int(codes.max()) + 2 if (codes >= 0).any() else 1, -1, dtype=np.int64)
        for old, new in given.items():
            lookup[old] = new
        out[b] = np.where(codes >= 0, lookup[codes], -1)
    return out


def _events(labels: dict[str, np.ndarray], matches: pd.DataFrame, ids: pd.Index,
            tolerance: float) -> pd.DataFrame:
    rows = []
    keys = list(labels)
    for a, b in zip(keys[:-1], keys[1:]):
        x, y = labels[a], labels[b]
        links = matches[(matches["period"] == b) & matches["matched"]]
        succ = links.groupby("before")["after"].apply(list).to_dict()
        pred = links.groupby("after")["before"].apply(list).to_dict()
        p_of = {(r.before, r.after): r.p_value for r in links.itertuples()}
        clusters_a = sorted(set(x[x >= 0].tolist()))
        clusters_b = sorted(set(y[y >= 0].tolist()))

        def row(event: str, before: list[int], after: list[int], x: np.ndarray = x,
                y: np.ndarray = y, p_of: dict = p_of, b: str = b) -> tuple:
            in_before = np.isin(x, before)
            in_after = np.isin(y, after)
            joined = ids[in_after & ~in_before].tolist()
            left = ids[in_before & ~in_after].tolist()
            flows = [p_of[(i, j)] for i in before for j in after if (i, j) in p_of]
            p = max(flows) if flows else np.nan
            return (b, event, before, after, int(in_before.sum()), int(in_after.sum()),
                    joined, left, p)

        for c in clusters_b:
            if c not in pred:
                rows.append(row("birth", [], [c]))
        for c in clusters_a:
            if c not in succ:
                rows.append(row("death", [c], []))
        for c, before in pred.items():
            if len(before) > 1:
                rows.append(row("merge", sorted(before), [c]))
        for c, after in succ.items():
            if len(after) > 1:
                rows.append(row("split", [c], sorted(after)))
        for c, after in succ.items():
            if len(after) == 1 and len(pred[after[0]]) == 1:
                size_a, size_b = int((x == c).sum()), int((y == after[0]).sum())
                event = ("growth" if size_b > (1 + tolerance) * size_a else "contraction"
                         if size_b < (1 - tolerance) * size_a else "continuation")
                rows.append(row(event, [c], after))
    columns = ["period", "event", "before", "after", "size_before", "size_after", "joined",
               "left", "p_value"]
    table = pd.DataFrame(rows, columns=columns)
    rank = {e: i for i, e in enumerate(EVENTS)}
    order = np.lexsort((table["event"].map(rank).to_numpy(),
                        table["period"].map({k: i for i, k in enumerate(keys)}).to_numpy()))
    return table.iloc[order].reset_index(drop=True)
