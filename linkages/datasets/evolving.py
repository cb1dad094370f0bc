"""A seeded generator of evolving clusters with planted life-cycle events:
:func:`make_evolving_clusters`, the test bed of :func:`~linkages.track_clusters`."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_one_of

__all__ = ["EvolvingClusters", "make_evolving_clusters", "SCENARIOS"]

SCENARIOS = ["events", "stable"]


class EvolvingClusters(NamedTuple):
    """The tables of :func:`make_evolving_clusters`."""

    records: pd.DataFrame
    organisations: pd.DataFrame
    truth: pd.DataFrame
    events: pd.DataFrame


def make_evolving_clusters(scenario: str = "events", *, n_periods: int | None = None,
                           cluster_size: int = 40, degree: float = 10.0, noise: float = 0.1,
                           first_year: int = 2010, seed: int | None = None
                           ) -> EvolvingClusters:
    """Dated ties among planted clusters that are born, die, grow, contract, merge and split.

    Every period (one calendar year) draws fresh ties: each active organisation has
    ``degree`` ties on average, a share ``noise`` of them to random active organisations
    anywhere (noise edges), the rest inside its planted cluster. Organisations outside every
    cluster in a period have no ties then.

    Scenarios:

    - ``'events'`` (6 periods): clusters A-E of ``cluster_size``; then B grows by half and C
      contracts by half (period 1); D and E merge and F is born (period 2); A splits into A
      and G (period 3); C dies (period 4); nothing changes (period 5).
    - ``'stable'`` (``n_periods``, default 10): five clusters that never change: every
      event but continuation is spurious.

    Parameters
    ----------
    scenario : {'events', 'stable'}
    n_periods : int, optional
        Only for ``'stable'``.
    cluster_size : int
        At least 10.
    degree : float
        Mean ties per organisation and period.
    noise : float
        Share of the ties drawn at random, in [0, 1).
    first_year : int
    seed : int, optional

    Returns
    -------
    EvolvingClusters
        ``records`` (``source``, ``target``, ``date``: one undirected tie per row),
        ``organisations`` (indexed by ``id``, with ``type``), ``truth`` (planted cluster of
        every organisation, organisations x periods, ``<NA>`` when inactive) and ``events``
        (``period``, ``event``, ``before``, ``after``: planted clusters).

    Examples
    --------
    >>> import linkages as lk
    >>> planted = lk.make_evolving_clusters(seed=1)
    >>> planted.events[["period", "event", "before", "after"]].head(2).values.tolist()
    [['2011', 'growth', ['B'], ['B']], ['2011', 'contraction', ['C'], ['C']]]
    >>> planted.events.query("event != 'continuation'")["event"].tolist()
    ['growth', 'contraction', 'merge', 'birth', 'split', 'death']
    >>> planted.truth.shape
    (260, 6)
    """
    caller = "make_evolving_clusters"
    check_one_of(scenario, SCENARIOS, argument="scenario", caller=caller)
    if not (isinstance(cluster_size, int) and cluster_size >= 10):
        raise InputError(f"The 'cluster_size' argument of {caller} must be a whole number "
                         f">= 10. Got {cluster_size!r} instead.")
    if not 0 <= noise < 1:
        raise InputError(f"The 'noise' argument of {caller} must be a number in [0, 1). Got "
                         f"{noise!r} instead.")
    rng = np.random.default_rng(seed)
    plans, planted = (_events_plan(cluster_size) if scenario == "events"
                      else _stable_plan(cluster_size, 10 if n_periods is None else n_periods))
    n_orgs = 1 + max(max(max(m) for m in plan.values()) for plan in plans)
    ids = np.array([f"E{i:04d}" for i in range(n_orgs)])
    labels = [str(first_year + t) for t in range(len(plans))]
    rows = []
    truth = pd.DataFrame(pd.NA, index=pd.Index(ids, name="id"), columns=labels, dtype="string")
    for t, plan in enumerate(plans):
        active = np.concatenate([np.asarray(m) for m in plan.values()])
        for name, members in plan.items():
            truth.iloc[np.asarray(members), t] = name
            m = np.asarray(members)
            n_in = rng.poisson(len(m) * degree * (1 - noise) / 2)
            rows.append(_pairs(rng, m, m, n_in))
        n_noise = rng.poisson(len(active) * degree * noise / 2)
        pairs = _pairs(rng, active, active, n_noise)
        rows.append(pairs)
        rows[-len(plan) - 1:] = [np.column_stack([p, np.full(len(p), t)])
                                 for p in rows[-len(plan) - 1:]]
    edges = np.vstack(rows)
    records = pd.DataFrame({"source": ids[edges[:, 0]], "target": ids[edges[:, 1]],
                            "date": pd.to_datetime([f"{first_year + t}-07-01"
                                                    for t in edges[:, 2]])})
    kinds = np.array(["sme", "large firm", "university", "research institute"])
    organisations = pd.DataFrame({"type": kinds[rng.choice(4, n_orgs, p=[.6, .2, .1, .1])]},
                                 index=pd.Index(ids, name="id"))
    events = pd.DataFrame(planted, columns=["t", "event", "before", "after"])
    events.insert(0, "period", [labels[t] for t in events.pop("t")])
    return EvolvingClusters(records, organisations, truth, events)


def _pairs(rng: np.random.Generator, a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """``n`` random pairs (no self-pairs) of an ``a`` and a ``b``."""
    s, t = rng.choice(a, n), rng.choice(b, n)
    keep = s != t
    return np.column_stack([s[keep], t[keep]])


def _events_plan(size: int) -> tuple[list[dict[str, list[int]]], list[tuple]]:
    half = size // 2
    counter = iter(range(10**6))

    def new(n: int) -> list[int]:
        return [next(counter) for _ in range(n)]

    p0 = {name: new(size) for name in "ABCDE"}
    p1 = dict(p0, B=p0["B"] + new(half), C=p0["C"][:half])
    p2 = {k: v for k, v in p1.items() if k != "E"}
    p2["D"], p2["F"] = p1["D"] + p1["E"], new(size)
    p3 = dict(p2, A=p2["A"][:half], G=p2["A"][half:])
    p4 = {k: v for k, v in p3.items() if k != "C"}
    p5 = dict(p4)
    events = [(1, "growth", ["B"], ["B"]), (1, "contraction", ["C"], ["C"]),
              (2, "merge", ["D", "E"], ["D"]), (2, "birth", [], ["F"]),
              (3, "split", ["A"], ["A", "G"]), (4, "death", ["C"], [])]
    continuing = {1: "ADE", 2: "ABC", 3: "BCDF", 4: "ABDFG", 5: "ABDFG"}
    for t, names in continuing.items():
        events += [(t, "continuation", [k], [k]) for k in names]
    events.sort(key=lambda e: (e[0], e[1] == "continuation"))
    return [p0, p1, p2, p3, p4, p5], events


def _stable_plan(size: int, n_periods: int) -> tuple[list[dict[str, list[int]]], list[tuple]]:
    plan = {name: list(range(i * size, (i + 1) * size)) for i, name in enumerate("ABCDE")}
    events = [(t, "continuation", [k], [k]) for t in range(1, n_periods) for k in plan]
    return [plan] * n_periods, events
