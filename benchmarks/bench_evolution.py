"""Clusters over time: event recovery on the planted generator, spurious events on a stable
one, and the CORDIS H2020 temporal run (time, peak memory).

    python benchmarks/bench_evolution.py [--cordis]

Event recovery F1: a found event matches a planted one of the same type in the same period
when the organisations involved (members of its clusters before and after) have Jaccard
similarity >= 0.5 with the planted event's. Compared over seeds 0-9 (the defaults were chosen
on seeds 0-4; 5-9 are held out): linkages' default (``method="auto"``: coupled, omega 0.5,
tolerance 0.25 at these sizes); per-period Louvain matched by Greene et al.'s Jaccard
threshold (0.3) (``track_clusters(method="independent", per_period="louvain")``); and, when
cdlib is installed (a benchmark-only dependency: ``pip install cdlib``; skipped, and said
so, without it), cdlib's own LifeCycle on cdlib's per-period Louvain (``algorithms.louvain``
on each period's active organisations, seeded through numpy's global state since cdlib
passes no seed to python-louvain) in cdlib's ``TemporalClustering``, with two mappings of
its output onto linkages' seven events:

- ``facets`` (``LifeCycle.compute_events("facets")``, cdlib's default; Failla et al. 2023):
  each cluster gets its most typical backward name (how it was formed from the previous
  period) and forward name (what became of it in the next). Backward: Birth, Accumulation,
  Reorganization -> birth; Merge, Expansion -> merge; Offspring -> split; Growth ->
  growth; Continuation -> continuation. Forward: Death, Dispersion, Disassemble -> death;
  Split, Reduction -> split; Ancestor -> merge; Shrink -> contraction; Continuation ->
  continuation. Events are then assembled on the clusters' largest branches (cdlib's
  ``group_flow``): a merge into C gathers the clusters whose largest branch goes to C (or
  C's two largest sources), a split of A the clusters whose largest source is A (or A's two
  largest branches); a one-to-one pair (each the other's largest branch, in no merge or
  split) is a growth when C's backward name is Growth, a contraction when A's forward name
  is Shrink, a continuation otherwise. Note that facets' Growth needs newcomers to be the
  majority of C and Shrink half of A to leave, so the planted +50% growth is a
  continuation there.
- ``asur`` (``events_asur``, threshold 0.5, the function behind
  ``compute_events("asur")``, called directly as that method fails with a KeyError on the
  first Birth in cdlib 0.4.1; Asur et al. 2009): Birth, Death, Merge (its pairwise rows
  joined per cluster), Split and Continuation (an identical set) by name; it has no growth
  or contraction.

cdlib's ``"greene"`` mode names every match ``Merge`` and so gives no events to compare;
the Greene matching with event names is the per-period Louvain + Greene column.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import networkx as nx
import numpy as np

import linkages as lk
from linkages.views import aggregate_ties

try:    # a benchmark-only comparison: skipped when cdlib is not installed
    from cdlib import LifeCycle, TemporalClustering, algorithms
    from cdlib.lifecycles.algorithms.classic_match import events_asur
except ImportError:
    LifeCycle = TemporalClustering = algorithms = events_asur = None


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
    if LifeCycle is not None:
        scores.update(cdlib_runs(periods, truth, seed))
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
    if LifeCycle is not None:
        out.update(cdlib_runs(periods, None, seed, stable=True))
    return out


# ---- cdlib's LifeCycle (optional: benchmark only) -------------------------------------

#: cdlib "facets" typicality names (Failla et al. 2023) -> linkages' events. Backward names
#: say how a cluster of period t was formed from t-1, forward names what became of a
#: cluster of t-1 in t.
FACETS_BACKWARD = {"Birth": "birth", "Accumulation": "birth", "Reorganization": "birth",
                   "Merge": "merge", "Expansion": "merge", "Offspring": "split",
                   "Growth": "growth", "Continuation": "continuation"}
FACETS_FORWARD = {"Death": "death", "Dispersion": "death", "Disassemble": "death",
                  "Split": "split", "Reduction": "split", "Ancestor": "merge",
                  "Shrink": "contraction", "Continuation": "continuation"}


def cdlib_partitions(periods, seed):
    """cdlib's Louvain (python-louvain, seeded through numpy's global state, as cdlib
    passes no seed) on every period's active organisations, in cdlib's TemporalClustering."""
    tc = TemporalClustering()
    for t, net in enumerate(periods.values()):
        s, u, _, _ = aggregate_ties(net, directed=False, weighted=False)
        ids = net.organisations.index.to_numpy()
        graph = nx.Graph()
        graph.add_edges_from(zip(ids[s].tolist(), ids[u].tolist()))
        np.random.seed(seed)  # noqa: NPY002 (python-louvain draws from it)
        tc.add_clustering(algorithms.louvain(graph), t)
    return tc


def _main(flow):
    """The cluster of the other period receiving the largest branch (ties: first name)."""
    return max(flow, key=lambda name: (len(flow[name]), name)) if flow else None


def asur_events(tc, labels):
    """cdlib's Asur et al. events (``events_asur``, threshold 0.5, the function behind
    ``LifeCycle.compute_events("asur")``, called directly as that method fails with a
    KeyError on the first Birth in cdlib 0.4.1) as linkages events: Birth, Death, Merge,
    Split and Continuation by name; no growth or contraction exists there."""
    lc = LifeCycle(tc)
    events, _ = events_asur(lc.cm, th=0.5)
    out = {}
    for kind, rows in events.items():
        for e in rows:
            t = int(e["src"].split("_")[0])
            if kind == "Birth":
                out[(labels[t], "birth", (), (e["src"],))] = None
            elif kind == "Death":
                out[(labels[t + 1], "death", (e["src"],), ())] = None
            elif kind == "Continuation":
                out[(labels[t + 1], "continuation", (e["src"],), (e["ref_set"],))] = None
            elif kind == "Merge":   # one row per pair of merging parts: joined per cluster
                key = (labels[t], "merge", e["src"])
                out.setdefault(key, set()).update(e["ref_sets"])
            else:
                key = (labels[t + 1], "split", e["src"])
                out.setdefault(key, set()).update(e["ref_sets"])
    found = []
    for key, parts in out.items():
        if parts is None:
            period, event, before, after = key
        elif key[1] == "merge":
            period, event, before, after = key[0], key[1], tuple(sorted(parts)), (key[2],)
        else:
            period, event, before, after = key[0], key[1], (key[2],), tuple(sorted(parts))
        found.append((period, event, before, after))
    members = lc.cm.named_sets
    return [(p, e, set().union(*[members[x] for x in before + after]))
            for p, e, before, after in sorted(found)]


def cdlib_events(tc, labels, mode="facets"):
    """cdlib's LifeCycle facets events (``compute_events("facets")``, cdlib's default) as
    linkages events: (period, event, organisations involved)."""
    if mode == "asur":
        return asur_events(tc, labels)
    lc = LifeCycle(tc)
    lc.compute_events("facets", matching_params={"min_branch_size": 1})
    cm = lc.cm
    out = set()
    for t in range(1, len(labels)):
        prev, now = cm.get_partition_at(t - 1), cm.get_partition_at(t)
        fwd = {a: cm.group_flow(a, "+") for a in prev}
        bwd = {c: cm.group_flow(c, "-") for c in now}
        succ = {a: _main(f) for a, f in fwd.items()}
        pred = {c: _main(f) for c, f in bwd.items()}

        def named(name, side):
            evt = lc.get_event(name)
            if evt is None:
                return None
            scores = evt.get_from_event() if side == "-" else evt.get_to_event()
            if not scores:
                return None
            best = max(scores, key=scores.get)
            return (FACETS_BACKWARD if side == "-" else FACETS_FORWARD)[best]

        back = {c: named(c, "-") for c in now}
        forth = {a: named(a, "+") for a in prev}
        period = labels[t]
        merged, split = set(), set()
        for c in now:   # merges, keyed by the cluster of t
            into = sorted(a for a in prev if succ[a] == c)
            if back[c] == "merge" or any(forth[a] == "merge" for a in into):
                parts = into if len(into) > 1 else \
                    sorted(bwd[c], key=lambda a: -len(bwd[c][a]))[:2]
                out.add((period, "merge", tuple(parts), (c,)))
                merged.add(c)
                merged.update(parts)
        for a in prev:  # splits, keyed by the cluster of t-1
            outof = sorted(c for c in now if pred[c] == a)
            if forth[a] == "split" or any(back[c] == "split" for c in outof):
                parts = outof if len(outof) > 1 else \
                    sorted(fwd[a], key=lambda c: -len(fwd[a][c]))[:2]
                out.add((period, "split", (a,), tuple(parts)))
                split.add(a)
                split.update(parts)
        for c in now:
            if back[c] == "birth":
                out.add((period, "birth", (), (c,)))
        for a in prev:
            if forth[a] == "death":
                out.add((period, "death", (a,), ()))
        for a in prev:  # one to one: the mutual largest branches
            c = succ[a]
            if c is None or pred[c] != a or {a, c} & (merged | split) \
                    or forth[a] == "death" or back[c] == "birth":
                continue
            if back[c] == "growth":
                event = "growth"
            elif forth[a] == "contraction":
                event = "contraction"
            else:
                event = "continuation"
            out.add((period, event, (a,), (c,)))
    members = cm.named_sets
    return [(p, e, set().union(*[members[x] for x in before + after]))
            for p, e, before, after in sorted(out)]


def cdlib_runs(periods, truth, seed, stable=False):
    """F1 (or the count of events other than continuation, ``stable``) of cdlib's
    LifeCycle on cdlib's per-period Louvain, facets and asur mappings."""
    tc = cdlib_partitions(periods, seed)
    labels = list(periods)
    scores = {}
    for mode in ("facets", "asur"):
        found = cdlib_events(tc, labels, mode)
        key = f"cdlib LifeCycle ({mode}) on cdlib per-period Louvain"
        scores[key] = (sum(e != "continuation" for _, e, _ in found) if stable
                       else f1(found, truth))
    return scores


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
    if LifeCycle is None:
        print("cdlib is not installed: its LifeCycle comparison is skipped "
              "(pip install cdlib to run it)")
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
