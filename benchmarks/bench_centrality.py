"""Centralities at scale: time and peak memory, and the error of sampled betweenness.

    python benchmarks/bench_centrality.py             # 100k organisations (+ 10k error study)
    python benchmarks/bench_centrality.py --million   # also 1M organisations
    python benchmarks/bench_centrality.py --quick     # 20k, for a smoke run

Every measure runs in a forked child, so its peak memory (ru_maxrss minus the resident size
at the fork) is its own. Times are medians of --repeat runs for measures under 10 s, one run
otherwise; the baseline is the raw igraph call on the same cached view, in the same run.
Exact betweenness and closeness cost O(n m): at scale they are extrapolated from a few sources
(20 at 100k, 2 at 1M).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import time
import warnings

import numpy as np
from scipy.stats import spearmanr

import linkages as lk
from linkages.measures.centrality import betweenness

FORK = mp.get_context("fork")
# igraph notes that layers are not strongly connected; centrality silences the same notes
warnings.filterwarnings("ignore", category=RuntimeWarning)


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def _child(fn, queue) -> None:
    start = _rss_mb()
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((elapsed, peak - start))


def measure(fn, repeat: int) -> tuple[float, float]:
    """Median seconds and the largest peak memory (MB above the fork) over the runs."""
    times, peaks = [], []
    for _ in range(repeat):
        queue = FORK.Queue()
        process = FORK.Process(target=_child, args=(fn, queue))
        process.start()
        elapsed, peak = queue.get()
        process.join()
        times.append(elapsed)
        peaks.append(peak)
        if elapsed > 10:
            break
    return statistics.median(times), max(peaks)


def scale(n: int, repeat: int, samples: int) -> list[tuple]:
    t0 = time.perf_counter()
    net = lk.make_regional_cluster(n, n_clusters=8, n_regions=5, seed=1)
    built = time.perf_counter() - t0
    agg = lk.to_igraph(net)                      # build and cache the views before forking
    prod = lk.to_igraph(net, layers="production")
    print(f"\n{net}\n  generated in {built:.1f} s; aggregate view {agg.vcount():,} vertices, "
          f"{agg.ecount():,} edges")
    rows = []
    views = [lk.to_igraph(net, layers=name) for name in net.layers] + [agg]
    modes = lambda g: ("in", "out") if g.is_directed() else ("all",)   # noqa: E731
    cases = [
        ("degree+strength (3 layers + aggregate)",
         lambda: lk.centrality(net, measures=["degree", "strength"]),
         lambda: [(g.degree(mode=m), g.strength(mode=m, weights="weight"))
                  for g in views for m in modes(g)]),
        ("pagerank (3 layers + aggregate)", lambda: lk.centrality(net, measures="pagerank"),
         lambda: [g.pagerank() for g in views]),
        ("eigenvector (3 layers + aggregate)",
         lambda: lk.centrality(net, measures="eigenvector"),
         lambda: [g.eigenvector_centrality() for g in views]),
        ("hub+authority (production)", lambda: lk.centrality(net, layers="production",
                                                            measures=["hub", "authority"]),
         lambda: [prod.hub_score(), prod.authority_score()]),
        ("coreness (3 layers + aggregate)", lambda: lk.centrality(net, measures="coreness"),
         lambda: [g.coreness() for g in views]),
        (f"betweenness sampled k={samples} (aggregate)",
         lambda: betweenness(agg, samples=samples, seed=1),
         lambda: agg.betweenness(sources=list(range(samples)))),
    ]
    for name, ours, raw in cases:
        t, mem = measure(ours, repeat)
        tb, memb = measure(raw, repeat)
        rows.append((n, name, t, mem, tb, memb))
    # exact path-based measures: extrapolate from a few sources (one BFS / Brandes pass each)
    few = max(2, 2_000_000 // n)
    t, _ = measure(lambda: agg.betweenness(sources=list(range(few))), 1)
    rows.append((n, "betweenness exact (extrapolated)", t * n / few, float("nan"),
                 float("nan"), float("nan")))
    t, _ = measure(lambda: agg.closeness(vertices=list(range(few))), 1)
    rows.append((n, "closeness exact (extrapolated)", t * n / few, float("nan"),
                 float("nan"), float("nan")))
    return rows


def sampling_error(n: int = 10_000, ks=(50, 200, 1000), seeds=(1, 2, 3)) -> None:
    net = lk.make_regional_cluster(n, n_clusters=8, n_regions=5, seed=2)
    graph = lk.to_igraph(net)
    t0 = time.perf_counter()
    exact = betweenness(graph)
    t_exact = time.perf_counter() - t0
    top = np.argsort(exact)[-50:]
    print(f"\nSampled betweenness vs exact on {net}")
    print(f"  exact (Brandes): {t_exact:.1f} s")
    print(f"  {'sources k':>10} {'time s':>8} {'Spearman (all)':>15} {'Spearman top-50':>16} "
          f"{'max rel err top-50':>19} {'median rel err top-50':>22}")
    for k in ks:
        times, rho, rho_top, max_err, med_err = [], [], [], [], []
        for seed in seeds:
            t0 = time.perf_counter()
            est = betweenness(graph, samples=k, seed=seed)
            times.append(time.perf_counter() - t0)
            rho.append(spearmanr(est, exact).statistic)
            rho_top.append(spearmanr(est[top], exact[top]).statistic)
            rel = np.abs(est[top] - exact[top]) / exact[top]
            max_err.append(rel.max())
            med_err.append(np.median(rel))
        print(f"  {k:>10} {np.median(times):>8.2f} {np.mean(rho):>15.4f} "
              f"{np.mean(rho_top):>16.3f} {np.mean(max_err):>19.3f} {np.mean(med_err):>22.3f}")
    print(f"  (means over seeds {list(seeds)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true", help="also run 1M organisations")
    parser.add_argument("--quick", action="store_true", help="20k organisations only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=int, default=100, help="betweenness sources")
    args = parser.parse_args()
    sizes = [20_000] if args.quick else [100_000] + ([1_000_000] if args.million else [])
    rows = []
    for n in sizes:
        rows += scale(n, args.repeat, args.samples)
    print(f"\n{'organisations':>13}  {'measure':<42} {'linkages s':>10} {'peak MB':>8} "
          f"{'igraph s':>9} {'peak MB':>8} {'ratio':>6}")
    for n, name, t, mem, tb, memb in rows:
        ratio = t / tb if tb == tb else float("nan")
        print(f"{n:>13,}  {name:<42} {t:>10.2f} {mem:>8.0f} {tb:>9.2f} {memb:>8.0f} "
              f"{ratio:>6.2f}")
    if not args.quick:
        sampling_error()


if __name__ == "__main__":
    main()
