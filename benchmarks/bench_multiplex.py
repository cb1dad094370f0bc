"""Multiplex clusters: leidenalg's optimiser from singletons (cold) vs from the aggregate (warm).

Usage::

    python benchmarks/bench_multiplex.py              # 100k organisations, ~1M ties, 3 layers
    python benchmarks/bench_multiplex.py --large      # 1M organisations, ~10M ties
    python benchmarks/bench_multiplex.py --runs cold warm --repeats 3

Runs (all ``find_clusters(net, method=lk.Multiplex(...))`` unless said otherwise):

- ``cold``: ``start="singletons"``, ``n_iterations=-1``: plain leidenalg until stable (exact).
- ``cold-2``: ``start="singletons"``, ``n_iterations=2`` (leidenalg's default cap).
- ``warm``: ``start="aggregate"``, ``n_iterations=-1``: igraph's Leiden on the
  layer-normalised aggregate, then the multiplex optimiser until an iteration gains < 1e-4.
- ``warm-1``: the same with exactly one multiplex iteration.
- ``warm-0``: the aggregate partition alone, scored by the multiplex objective.
- ``aggregate``: ``lk.Leiden()`` on the aggregate (not the multiplex objective: the
  time of the fast engine, for reference).

Every run is a fresh subprocess (own peak RSS, ``ru_maxrss``): it generates the seeded
synthetic multiplex of ``bench_clusters.py`` (planted communities, heavy-tailed activity,
layers production/scientific/commercial, two of them directed), builds the network outside
the timer, then times one ``find_clusters`` call. ``quality`` is the mean layer modularity
(the multiplex objective, computed the same way for every run); ``vs cold`` divides by the
cold run's quality and time measured in the same invocation (the machine may be shared:
compare ratios, not absolute seconds across invocations).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time

from _worker import (  # benchmarks/ is on sys.path when run as a script
    add_size_arguments,
    in_fresh_process,
    network_size,
)

RUNS = {   # the method's options; "aggregate" is Leiden
    "cold": {"start": "singletons", "n_iterations": -1},
    "cold-2": {"start": "singletons", "n_iterations": 2},
    "warm": {"start": "aggregate", "n_iterations": -1},
    "warm-1": {"start": "aggregate", "n_iterations": 1},
    "warm-0": {"start": "aggregate", "n_iterations": 0},
    "aggregate": None,
}


def worker(args) -> None:
    from bench_clusters import _network, synthetic

    import linkages as lk
    community, src, tgt, lay = synthetic(args.n, args.ties, seed=0)
    net = _network(community, src, tgt, lay)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    options = RUNS[args.run]
    method = lk.Leiden() if options is None else lk.Multiplex(**options)
    found = lk.find_clusters(net, method=method, seed=args.seed)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    quality = float(lk.layer_modularity(net, found).mean())
    truth = net.organisations["planted"]
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "grow_mb": peak - before,
                      "clusters": found.n_clusters, "quality": quality,
                      "nmi": lk.compare_partitions(found, truth)}))


def measure(run, n, ties, seed):
    return in_fresh_process(__file__, "--run", run, "--n", n, "--ties", ties, "--seed", seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    parser.add_argument("--runs", nargs="+", choices=list(RUNS),
                        default=["aggregate", "warm-0", "warm-1", "warm", "cold-2", "cold"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cold-repeats", type=int, default=1,
                        help="the cold runs are slow: fewer repeats")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    n, ties = network_size(args)
    print(f"{'run':<11}{'median s':>9}{'runs s':>22}{'peak MB':>9}{'+MB':>7}{'clusters':>9}"
          f"{'quality':>9}{'NMI':>7}", flush=True)
    results = {}
    for run in args.runs:
        repeats = args.cold_repeats if run.startswith("cold") else args.repeats
        rows = [measure(run, n, ties, args.seed + r) for r in range(repeats)]
        seconds = [r["seconds"] for r in rows]
        results[run] = (statistics.median(seconds), statistics.median(r["quality"] for r in rows))
        print(f"{run:<11}{results[run][0]:>9.1f}{' '.join(f'{s:.1f}' for s in seconds):>22}"
              f"{max(r['peak_mb'] for r in rows):>9.0f}{max(r['grow_mb'] for r in rows):>7.0f}"
              f"{rows[0]['clusters']:>9}{results[run][1]:>9.5f}{rows[0]['nmi']:>7.3f}",
              flush=True)
    if "cold" in results or "cold-2" in results:
        base = "cold" if "cold" in results else "cold-2"
        print(f"\nagainst {base} (median time ratio, quality ratio):")
        for run, (seconds, quality) in results.items():
            print(f"  {run:<11}{seconds / results[base][0]:>7.2f}x time"
                  f"{quality / results[base][1]:>10.5f} quality")


if __name__ == "__main__":
    main()
