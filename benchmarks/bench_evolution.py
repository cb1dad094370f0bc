"""Clusters over time: event recovery on the planted generator, spurious events on a stable
one, and the CORDIS H2020 temporal run (time, peak memory).

    python benchmarks/bench_evolution.py [--cordis]

Event recovery F1: a found event matches a planted one of the same type in the same period
when the organisations involved (members of its clusters before and after) have Jaccard
similarity >= 0.5 with the planted event's. Compared over seeds 0-9 (the defaults were chosen
on seeds 0-4; 5-9 are held out): linkages' default (``method="auto"``: coupled, omega 0.5,
tolerance 0.25 at these sizes) and per-period Louvain matched by Greene et al.'s Jaccard
threshold (0.3), the model of cdlib's LifeCycle (run through
``track_clusters(method="independent", per_period="louvain")``; cdlib itself is not run
here: see README).
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

import linkages as lk


def involved(events, membership):
    out = []
    for row in events.itertuples():
        before = membership.index[membership[row.prev].isin(row.before)] if row.prev else []
        after = membership.index[membership[row.period].isin(row.after)]
        out.append((row.period, row.event, set(before) | set(after)))
    return out


def f1(found, truth):
    used, hits = set(), 0
    for period, event, members in found:
        for i, (p, e, m) in enumerate(truth):
            if i not in used and p == period and e == event and \
                    len(members & m) / max(len(members | m), 1) >= 0.5:
                used.add(i)
                hits += 1
                break
    precision, recall = hits / max(len(found), 1), hits / max(len(truth), 1)
    return 2 * precision * recall / max(precision + recall, 1e-12)


def with_prev(events, labels):
    prev = {b: a for a, b in zip(labels[:-1], labels[1:])}
    return events.assign(prev=events["period"].map(prev))


def recovery(noise: float, degree: float, seed: int) -> dict[str, float]:
    planted = lk.make_evolving_clusters(seed=seed, noise=noise, degree=degree)
    periods = lk.periods_from_records(planted.records, planted.organisations, date="date",
                                      value=None, directed=False, layer_name="scientific")
    labels = list(periods)
    truth = involved(with_prev(planted.events, labels), planted.truth)
    scores = {}
    for name, options in (("linkages default (coupled)", {}),
                          ("per-period Louvain + Greene matching",
                           {"method": "independent", "per_period": "louvain"})):
        ev = lk.track_clusters(periods, seed=seed, n_shuffles=0, **options)
        found = involved(with_prev(ev.events, labels), ev.membership)
        scores[name] = f1(found, truth)
    return scores


def spurious(noise: float, degree: float, seed: int) -> dict[str, int]:
    planted = lk.make_evolving_clusters("stable", n_periods=10, seed=seed, noise=noise,
                                        degree=degree)
    periods = lk.periods_from_records(planted.records, planted.organisations, date="date",
                                      value=None, directed=False, layer_name="scientific")
    out = {}
    for name, options in (("coupled", {}), ("independent louvain",
                                            {"method": "independent", "per_period": "louvain"})):
        ev = lk.track_clusters(periods, seed=seed, n_shuffles=0, **options)
        out[name] = int((ev.events["event"] != "continuation").sum())
    return out


def cordis() -> None:
    tracemalloc.start()
    start = time.perf_counter()
    orgs, participations, _ = lk.load_cordis()
    periods = lk.periods_from_two_mode(participations, orgs, start="start_date",
                                       end="end_date", between=("2014", "2020"),
                                       undated="drop")
    built = time.perf_counter()
    evolution = lk.track_clusters(periods, seed=1, n_shuffles=100)
    tracked = time.perf_counter()
    print(evolution.params.get("why"))
    lk.alluvial_figure(evolution, path=Path(tempfile.gettempdir()) / "cordis_alluvial.png",
                       min_size=200)
    lk.alluvial_svg(evolution, min_size=200)
    done = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    print(periods.windows.to_string())
    print(evolution)
    print(f"periods {built - start:.1f} s, clusters+events {tracked - built:.1f} s, "
          f"alluvial {done - tracked:.1f} s, total {done - start:.1f} s, "
          f"peak traced memory {peak:.0f} MiB")


if __name__ == "__main__":
    for noise, degree in ((0.1, 10.0), (0.3, 6.0)):
        f = [recovery(noise, degree, seed) for seed in range(10)]
        s = [spurious(noise, degree, seed) for seed in range(10)]
        print(f"noise {noise}, degree {degree}:")
        for key in f[0]:
            print(f"  F1 {key}: {np.mean([x[key] for x in f]):.3f} "
                  f"(held-out seeds 5-9: {np.mean([x[key] for x in f[5:]]):.3f}; "
                  f"min {min(x[key] for x in f):.3f})")
        for key in s[0]:
            print(f"  spurious events, stable clusters, 10 periods, {key}: "
                  f"{[x[key] for x in s]}")
    if "--cordis" in sys.argv:
        cordis()
