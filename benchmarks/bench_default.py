"""The calls a user writes first, against the fastest raw way to do the same work (issue 17).

On the realistic generator (``realistic.py``: power-law cluster sizes, heavy-tailed
degrees, layers of different densities and overlaps, isolates), every step starts from
the Parquet files in a fresh Python process (what a user's script pays: import, read,
build, then the step), and linkages and the raw baseline run interleaved (A, B, A, B)
so that a busy machine slows both alike. Each row gives the medians, the ratio to the
fastest raw way, and the modularity each side reached.

=============  ======================================================================
build          ``from_tables(orgs, relations)`` vs pyarrow: ids -> integer codes
               (``index_in``), self-loops and duplicates checked with numpy
clusters       ``find_clusters(net, seed=1)`` (the default) vs networkit ParallelLeiden
               on one thread (3 iterations) and igraph ``community_leiden`` (2
               iterations), each from integer codes: layers merged per pair in a CSR
               matrix, the engine's graph, the algorithm
centrality     ``centrality(net, measures=["degree", "strength", "pagerank"])`` vs
               igraph, per layer and aggregate
pipeline       (``--steps pipeline``, linkages only) build, ``find_clusters(net, seed=1)``,
               ``leading_firms``, ``profile_clusters`` in one process; peak memory
=============  ======================================================================

Step times exclude the process start, the imports and reading the files (the same on
both sides; printed apart); the build on both sides is timed in every process that needs
a network, so ``build`` is measured ``repeat x (steps)`` times.

Usage::

    python benchmarks/bench_default.py --size 100k --repeat 3
    nohup python benchmarks/bench_default.py --size 1m --repeat 1 > /tmp/linkages-bench/d1m.log &
    # the core pipeline (build, default clusters, leaders, profiles) in one fresh process
    python benchmarks/bench_default.py --size 1m --repeat 1 --steps pipeline
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path("/tmp/linkages-bench")
SIZES = {"10k": 10_000, "30k": 30_000, "100k": 100_000, "1m": 1_000_000}
STEPS = ["build", "clusters", "centrality"]


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2


def _timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def linkages_step(folder: Path, step: str) -> dict:
    import pandas as pd

    import linkages as lk
    orgs = pd.read_parquet(folder / "organisations.parquet")
    rels = pd.read_parquet(folder / "relations.parquet")
    net, build = _timed(lk.from_tables, orgs, rels)
    out = {"build": build}
    if step == "clusters":
        found, out["seconds"] = _timed(lk.find_clusters, net, seed=1)
        out["modularity"] = found.quality
        out["note"] = f"{found.n_clusters} clusters; {found.params.get('why', '')}"
    elif step == "centrality":
        _, out["seconds"] = _timed(lk.centrality, net,
                                   measures=["degree", "strength", "pagerank"])
    elif step == "pipeline":        # the core pipeline a user writes, one process, cold
        found, out["clusters"] = _timed(lk.find_clusters, net, seed=1)
        _, out["leaders"] = _timed(lk.leading_firms, net, found, seed=1)
        _, out["profiles"] = _timed(lk.profile_clusters, net, found)
        out["modularity"] = found.quality
        out["note"] = f"{found.n_clusters} clusters; {found.params.get('why', '')}"
        out["seconds"] = build + out["clusters"] + out["leaders"] + out["profiles"]
    else:
        out["seconds"] = build
    out["peak_gb"] = _peak_gb()
    return out


def raw_step(folder: Path, step: str, engine: str) -> dict:
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    import scipy.sparse as sp

    ids = pq.read_table(folder / "organisations.parquet", columns=["id"]).column("id")
    rels = pq.read_table(folder / "relations.parquet")
    n = len(ids)

    def build():
        s = pc.index_in(rels.column("source"), value_set=ids).to_numpy()
        t = pc.index_in(rels.column("target"), value_set=ids).to_numpy()
        if np.isnan(s.astype(float)).any() or np.isnan(t.astype(float)).any():
            raise ValueError("unknown ids")
        lay = rels.column("layer").combine_chunks().indices.to_numpy()
        keep = s != t
        key = (lay.astype(np.int64) * n + np.minimum(s, t)) * n + np.maximum(s, t)
        counts = sp.csr_matrix((np.ones(len(s), dtype=np.int32),
                                (key // n, key % n)), shape=(3 * n, n))
        counts.sum_duplicates()          # duplicates checked in O(rows), as linkages
        weight = rels.column("weight").to_numpy()
        return s.astype(np.int64)[keep], t.astype(np.int64)[keep], lay[keep], weight[keep]
    (s, t, lay, weight), seconds = _timed(build)
    out = {"build": seconds}
    if step == "clusters":
        def upper():
            # linkages' unweighted aggregate: a pair weighs the number of layers tying it
            # (A->B and B->A in one layer count once)
            lo, hi = np.minimum(s, t), np.maximum(s, t)
            per_layer = sp.csr_matrix((np.ones(len(s)), (lay.astype(np.int64) * n + lo, hi)),
                                      shape=(3 * n, n))
            per_layer.sum_duplicates()
            rows = np.repeat(np.arange(3 * n), np.diff(per_layer.indptr)) % n
            m = sp.csr_matrix((np.ones(len(rows)), (rows, per_layer.indices)), shape=(n, n))
            m.sum_duplicates()
            return m
        if engine == "networkit":
            import networkit as nk

            def run():
                nk.engineering.setNumberOfThreads(1)
                nk.engineering.setSeed(1, False)
                g = nk.graph.GraphFromCsr(upper(), directed=False, weighted=True)
                leiden = nk.community.ParallelLeiden(g, randomize=True, iterations=3)
                leiden.run()
                return nk.community.Modularity().getQuality(leiden.getPartition(), g)
        else:
            import igraph as ig

            def run():
                coo = upper().tocoo()
                g = ig.Graph(n=n, edges=zip(coo.row.tolist(), coo.col.tolist()))
                g.es["weight"] = coo.data
                membership = g.community_leiden(objective_function="modularity",
                                                weights="weight", n_iterations=2).membership
                return g.modularity(membership, weights="weight")
        out["modularity"], out["seconds"] = _timed(run)
    elif step == "centrality":
        import igraph as ig

        def run():
            for code in range(3):
                m = lay == code
                g = ig.Graph(n=n, edges=zip(s[m].tolist(), t[m].tolist()),
                             directed=code < 2)
                g.es["weight"] = weight[m]
                g.degree(), g.strength(weights="weight"), g.pagerank(weights="weight")
            a = sp.csr_matrix((weight, (np.minimum(s, t), np.maximum(s, t))),
                              shape=(n, n))
            a.sum_duplicates()
            coo = a.tocoo()
            g = ig.Graph(n=n, edges=zip(coo.row.tolist(), coo.col.tolist()))
            g.es["weight"] = coo.data
            g.degree(), g.strength(weights="weight"), g.pagerank(weights="weight")
        _, out["seconds"] = _timed(run)
    else:
        out["seconds"] = seconds
    out["peak_gb"] = _peak_gb()
    return out


def fresh(args: list[str]) -> dict:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--worker", *args], check=True,
                          capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="100k", choices=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = ROOT / f"real-{args.size}"
    if args.worker:
        result = (linkages_step(folder, args.step) if args.side == "linkages"
                  else raw_step(folder, args.step, args.side))
        print(json.dumps(result))
        return
    sys.path.insert(0, str(HERE))
    from realistic import write
    write(SIZES[args.size], folder)
    if args.steps == "pipeline":
        # no raw baseline: build + default clusters + leaders + profiles, and peak memory
        runs = [fresh(["--size", args.size, "--side", "linkages", "--step", "pipeline"])
                for _ in range(args.repeat)]
        for run in runs:
            print(json.dumps({"step": "pipeline", **run}), flush=True)
        keys = ["build", "clusters", "leaders", "profiles", "seconds", "peak_gb"]
        print(f"\n### {args.size} core pipeline, one fresh process (medians of {args.repeat})\n")
        print("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
        print("| " + " | ".join(f"{statistics.median(r[k] for r in runs):.2f}" for k in keys)
              + " |")
        return
    sides = {"build": ["linkages", "pyarrow"], "clusters": ["linkages", "networkit", "igraph"],
             "centrality": ["linkages", "igraph"]}
    rows = []
    for step in args.steps.split(","):
        runs: dict[str, list[dict]] = {side: [] for side in sides[step]}
        for _ in range(args.repeat):               # interleaved: A, B, A, B
            for side in sides[step]:
                runs[side].append(fresh(["--size", args.size, "--side", side,
                                         "--step", step]))
                print(json.dumps({"step": step, "side": side, **runs[side][-1]}), flush=True)
        med = {side: statistics.median(r["seconds"] for r in got) for side, got in runs.items()}
        fastest = min((v, k) for k, v in med.items() if k != "linkages")
        mod = {side: statistics.median(r["modularity"] for r in got)
               for side, got in runs.items() if "modularity" in got[0]}
        rows.append((step, med, fastest, mod, runs))
    print(f"\n### {args.size}: medians of {args.repeat} fresh processes, interleaved\n")
    print("| step | linkages s (runs) | fastest raw s (runs) | ratio | modularity linkages / raw "
          "| peak GB linkages / raw |")
    print("|---|---|---|---|---|---|")
    for step, med, (raw, side), mod, runs in rows:
        def cell(name, med=med, runs=runs):
            return (f"{med[name]:.2f} ("
                    + ", ".join(f"{r['seconds']:.2f}" for r in runs[name]) + ")")
        q = (f"{mod['linkages']:.4f} / {mod[side]:.4f}" if mod else "")
        peaks = (f"{max(r['peak_gb'] for r in runs['linkages']):.1f} / "
                 f"{max(r['peak_gb'] for r in runs[side]):.1f}")
        print(f"| {step} | {cell('linkages')} | {side} {cell(side)} | "
              f"{med['linkages'] / raw:.2f}x | {q} | {peaks} |")
        for name in med:
            if name not in ("linkages", side):
                print(f"|  | | {name} {cell(name)} | {med['linkages'] / med[name]:.2f}x | "
                      f"{'' if name not in mod else f'/ {mod[name]:.4f}'} | |")
    notes = {r.get("note") for *_, runs in rows for r in runs.get("linkages", [])
             if r.get("note")}
    for note in notes:
        print(f"\n- linkages clusters: {note}")


if __name__ == "__main__":
    main()
