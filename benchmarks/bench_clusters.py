"""Time and peak memory of find_clusters next to raw igraph / leidenalg doing the same work.

Usage::

    python benchmarks/bench_clusters.py                # 100k organisations, ~1M ties, 3 layers
    python benchmarks/bench_clusters.py --large        # 1M organisations, ~10M ties
    python benchmarks/bench_clusters.py --repeats 5 --steps leiden label_propagation

Every measurement runs in a fresh subprocess (cold caches, own peak RSS): the subprocess
generates the seeded synthetic multiplex (numpy; planted communities with heavy-tailed
sizes and activity), builds what the contender needs outside the timer (the
MultilayerNetwork for linkages; nothing for raw, which starts from the same integer tie
arrays), then times one clustering call. Both sides do the same work inside the timer:
aggregate the ties per pair, build the igraph graph(s), cluster, score the partition.
``peak MB`` is the subprocess's maximum RSS; ``+MB`` the growth during the timed call.
Leiden runs 2 iterations here on both sides (igraph's default; ``n_iterations=-1``, the
linkages default, iterates to a stable partition and takes about 2-3x longer).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import time

import numpy as np
from _worker import (  # benchmarks/ is on sys.path when run as a script
    add_size_arguments,
    in_fresh_process,
    network_size,
)

LAYERS = ["production", "scientific", "commercial"]
DIRECTED = [True, False, True]
STEPS = ["leiden", "label_propagation", "multiplex"]


def synthetic(n: int, n_ties: int, seed: int = 0, mixing: float = 0.2):
    """Integer tie arrays (source, target, layer) of a planted-community multiplex."""
    rng = np.random.default_rng(seed)
    sizes = np.clip(rng.pareto(2.0, n // 50) * 30 + 20, 20, 2000).astype(np.int64)
    community = np.repeat(np.arange(len(sizes)), sizes)[:n]
    community = np.concatenate([community, rng.integers(0, len(sizes), n - len(community))])
    rng.shuffle(community)
    order = np.argsort(community, kind="stable")
    start = np.searchsorted(community[order], np.arange(len(sizes)))
    count = np.bincount(community, minlength=len(sizes))
    activity = rng.pareto(2.5, n) + 1   # heavy-tailed degrees
    p = activity / activity.sum()
    src, tgt, lay = [], [], []
    per_layer = n_ties // len(LAYERS)
    for layer in range(len(LAYERS)):
        s = rng.choice(n, per_layer, p=p)
        c = community[s]
        inside = order[start[c] + (rng.random(per_layer) * count[c]).astype(np.int64)]
        t = np.where(rng.random(per_layer) > mixing, inside, rng.integers(0, n, per_layer))
        keep = s != t
        src.append(s[keep])
        tgt.append(t[keep])
        lay.append(np.full(int(keep.sum()), layer))
    return community, np.concatenate(src), np.concatenate(tgt), np.concatenate(lay)


def _network(community, src, tgt, lay):
    import pandas as pd

    import linkages as lk
    organisations = pd.DataFrame({"planted": community},
                                 index=pd.Index(np.arange(len(community)), name="id"))
    relations = pd.DataFrame({"source": src, "target": tgt,
                              "layer": pd.Categorical.from_codes(lay, LAYERS),
                              "weight": np.ones(len(src))})
    return lk.MultilayerNetwork(organisations, relations,
                                directed=dict(zip(LAYERS, DIRECTED)), duplicates="sum")


def _pairs(n, s, t, directed):
    """Unweighted tie arrays merged per pair, counted (what find_clusters does by default)."""
    if not directed:
        s, t = np.minimum(s, t), np.maximum(s, t)
    key, inverse = np.unique(s * np.int64(n) + t, return_inverse=True)
    return key // n, key % n, np.bincount(inverse.ravel()).astype(np.float64)


def raw(step, community, src, tgt, lay, seed):
    import igraph as ig
    n = len(community)
    if step == "multiplex":
        import leidenalg as la
        parts, weights = [], []
        for layer, directed in enumerate(DIRECTED):
            s, t, w = _pairs(n, src[lay == layer], tgt[lay == layer], directed)
            graph = ig.Graph(n=n, edges=np.column_stack([s, t]), directed=directed)
            graph.es["weight"] = w
            parts.append(la.RBConfigurationVertexPartition(graph, weights="weight"))
            weights.append(1 / (w.sum() * (1 if directed else 2)))
        optimiser = la.Optimiser()
        optimiser.set_rng_seed(seed)
        optimiser.optimise_partition_multiplex(parts, layer_weights=weights, n_iterations=2)
        return len(set(parts[0].membership))
    s, t, w = _pairs(n, src, tgt, False)
    graph = ig.Graph(n=n, edges=np.column_stack([s, t]))
    graph.es["weight"] = w
    ig.set_random_number_generator(random.Random(seed))
    if step == "leiden":
        found = graph.community_leiden(objective_function="modularity", weights="weight",
                                       n_iterations=2)
    else:
        found = graph.community_label_propagation(weights="weight")
    graph.modularity(found.membership, weights="weight")
    return len(found)


def worker(args) -> None:
    community, src, tgt, lay = synthetic(args.n, args.ties, seed=0)
    if args.side == "linkages":
        import linkages as lk
        net = _network(community, src, tgt, lay)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    if args.side == "linkages":
        method = {"leiden": lk.Leiden(n_iterations=2), "label_propagation": "label_propagation",
                  "multiplex": lk.Multiplex(n_iterations=2)}[args.step]
        found = lk.find_clusters(net, method=method, seed=args.seed)
        k = found.n_clusters
    else:
        k = raw(args.step, community, src, tgt, lay, args.seed)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "grow_mb": peak - before,
                      "clusters": int(k)}))


def measure(step, side, n, ties, seed):
    return in_fresh_process(__file__, "--step", step, "--side", side, "--n", n, "--ties", ties,
                            "--seed", seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--multiplex-repeats", type=int, default=1,
                        help="leidenalg's multiplex optimiser is slow: fewer repeats")
    parser.add_argument("--steps", nargs="+", default=STEPS, choices=STEPS)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    n, ties = network_size(args)
    print(f"{'step':<18}{'side':<10}{'median s':>10}{'runs s':>24}{'peak MB':>10}"
          f"{'+MB':>8}{'clusters':>10}")
    rows = []
    for step in args.steps:
        repeats = args.multiplex_repeats if step == "multiplex" else args.repeats
        medians = {}
        for side in ("raw", "linkages"):
            runs = [measure(step, side, n, ties, args.seed + r) for r in range(repeats)]
            seconds = [r["seconds"] for r in runs]
            medians[side] = statistics.median(seconds)
            print(f"{step:<18}{side:<10}{medians[side]:>10.2f}"
                  f"{' '.join(f'{s:.1f}' for s in seconds):>24}"
                  f"{max(r['peak_mb'] for r in runs):>10.0f}"
                  f"{max(r['grow_mb'] for r in runs):>8.0f}{runs[0]['clusters']:>10}",
                  flush=True)
        rows.append((step, medians["linkages"] / medians["raw"]))
    print("\noverhead (linkages median / raw median):")
    for step, ratio in rows:
        print(f"  {step:<18}{ratio:.2f}x")


if __name__ == "__main__":
    main()
