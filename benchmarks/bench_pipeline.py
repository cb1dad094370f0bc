"""End to end on the realistic generator: every step against the fastest raw way (issue 17).

The network comes from ``realistic.py`` (power-law cluster sizes, heavy-tailed degrees,
layers of different densities, mixing and overlap, undirected rows in random orientation,
4% isolates), written once as Parquet files under ``/tmp/linkages-bench/real-<size>``.

Two parts, each printed as a Markdown table:

1. **Steps** (``--steps``). Every run of a step is a fresh Python process that imports,
   reads the Parquet files, builds the network (the raw sides: integer codes with pyarrow)
   and runs the step, as a user's script does; linkages and the raw baselines run
   interleaved (A, B, C, A, B, C, ...) ``--repeat`` times, so a busy machine slows every
   side alike. Each row gives the medians (and every run), the ratio to the fastest raw
   side, the modularity each side reached, the peak memory and the whole process's time.
2. **The pipeline a user writes** (step ``pipeline``), in one process: ``from_tables``,
   ``find_clusters(net, seed=1)``, ``leading_firms``, ``profile_clusters`` and, up to
   ``--html-max`` organisations, ``to_html``; each part's time and the peak memory.

=================  ==================================================================
aggregate          raw records (``--records-per-tie`` per tie, Parquet) -> ties:
                   ``aggregate_records`` (DuckDB) vs plain DuckDB SQL
build              ``from_tables(orgs, relations)`` vs pyarrow: ids -> integer codes
                   (``index_in``), unknown ids, weights, self-loops and duplicates checked;
                   ``pyarrow-igraph``: the same, then one igraph graph of every tie with
                   its weight and layer (the issue's "pyarrow -> igraph" baseline)
clusters           ``find_clusters(net, seed=1)`` (the default) vs networkit's Leiden on
                   one thread (reproducible, as linkages runs it) and on every thread,
                   and igraph ``community_leiden`` (2 iterations); each from integer
                   codes: layers merged per pair in a CSR matrix, the engine's graph, the
                   algorithm, the partition numbered by size, its modularity
clusters-louvain   ``Louvain(engine="auto")`` vs networkit PLM with refinement, igraph
                   ``community_multilevel``, networkx ``louvain_communities``
                   (<= ``--networkx-max``)
clusters-igraph    ``Leiden(engine="igraph")`` vs igraph until stable (with
                   ``--compare-engines``, the default; slow at 1M)
multiplex          ``Multiplex()`` (leidenalg; <= ``--multiplex-max``), linkages only
multiplex-warm     ``Multiplex(start="aggregate")`` (<= ``--warm-max``), linkages only
centrality         ``centrality(net, measures=["degree", "strength", "pagerank"])``
                   (3 layers + aggregate) vs igraph and networkit
leaders            ``leading_firms(net, found, seed=1)``, cold (clusters found first,
                   untimed), linkages only
profiles           ``profile_clusters(net, found)``, linkages only
html               ``to_html`` (overview + 20 cluster pages; <= ``--html-max``),
                   linkages only
pipeline           the pipeline above, one process, linkages only
=================  ==================================================================

Step times exclude the imports and reading the files, printed apart (the whole process
too): every side that runs networkit imports it before its step, linkages included (its
``find_clusters`` would import it inside the step: networkit's own import, about 3 s of
which 2 s are scikit-learn, is paid by a raw script as well). In the ``pipeline`` step
nothing is imported ahead: its clusters time includes networkit's import.

Usage::

    python benchmarks/bench_pipeline.py --sizes 100k --repeat 3
    python benchmarks/bench_pipeline.py --sizes 100k --repeat 3 --steps pipeline
    python benchmarks/bench_pipeline.py --sizes 1m --repeat 1 --no-compare-engines
    python benchmarks/bench_pipeline.py --sizes 10k --steps all --repeat 1

``--engines`` keeps only some sides (any of linkages, pyarrow, pyarrow-igraph, duckdb,
networkit, networkit-parallel, igraph, networkx); ``--clean`` removes the generated files after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path("/tmp/linkages-bench")
SIZES = {"10k": 10_000, "30k": 30_000, "100k": 100_000, "1m": 1_000_000}
#: every step, and the raw sides each runs against (linkages first)
SIDES = {
    "aggregate": ["linkages", "duckdb"],
    "build": ["linkages", "pyarrow", "pyarrow-igraph"],
    "clusters": ["linkages", "networkit", "networkit-parallel", "igraph"],
    "clusters-louvain": ["linkages", "networkit", "igraph", "networkx"],
    "clusters-igraph": ["linkages", "igraph"],
    "multiplex": ["linkages"],
    "multiplex-warm": ["linkages"],
    "centrality": ["linkages", "igraph", "networkit"],
    "leaders": ["linkages"],
    "profiles": ["linkages"],
    "html": ["linkages"],
    "pipeline": ["linkages"],
}
DEFAULT_STEPS = ["build", "clusters", "centrality", "leaders", "profiles", "html", "pipeline"]
RECORDS = dict(source="seller", target="buyer", value="amount", date="date", layer="layer")
SQL = ("SELECT seller AS source, buyer AS target, layer, sum(amount) AS weight, "
       "count(*) AS records, min(date) AS first, max(date) AS last "
       "FROM read_parquet('{glob}') GROUP BY ALL ORDER BY source, target, layer")
#: networkit's Leiden iterations on the raw side: what linkages' default runs
#: (``AUTO_ITERATIONS``), so both sides do the same work
LEIDEN_ITERATIONS = 3


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2


def _step(out: dict, key: str, function, *args, **kwargs):
    """``function(*args, **kwargs)``; its wall time in ``out[key]`` and its CPU time (this
    process's, every thread) in ``out[key + "_cpu"]``: the machine is shared, and the CPU
    time is what a busy machine disturbs least."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    out[key] = time.perf_counter() - start
    out[key + "_cpu"] = time.process_time() - cpu
    return result


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


# -- data ------------------------------------------------------------------------------------
def prepare(size: str, *, records: float | None = None) -> Path:
    """The realistic network's Parquet files (once), and raw records when asked."""
    sys.path.insert(0, str(HERE))
    from realistic import write
    folder = write(SIZES[size], ROOT / f"real-{size}")
    if records and not (folder / "records" / "done").exists():
        import pandas as pd
        from national import write_records
        rels = pd.read_parquet(folder / "relations.parquet")
        rels["layer"] = rels["layer"].astype(str)
        write_records(rels, folder / "records", n_records=int(len(rels) * records), seed=0)
        (folder / "records" / "done").write_text("ok")
    return folder


# -- linkages, one step in this process -------------------------------------------------------
def linkages_step(folder: Path, step: str, args) -> dict:
    start = time.perf_counter()
    import pandas as pd

    import linkages as lk
    if step in ("clusters", "clusters-louvain") and _has("networkit"):
        import networkit  # noqa: F401  (imported ahead, as on the raw side; see the docstring)
    out: dict = {"imports": time.perf_counter() - start}
    n = SIZES[args.size]
    if step == "aggregate":
        glob = str(folder / "records" / "part-*.parquet")
        ties = _step(out, "seconds", lk.aggregate_records, glob, **RECORDS)
        out["note"] = f"{len(ties):,} ties"
        out["peak_gb"] = _peak_gb()
        return out
    orgs, rels = _step(out, "read", lambda: (
        pd.read_parquet(folder / "organisations.parquet"),
        pd.read_parquet(folder / "relations.parquet")))
    net = _step(out, "build", lk.from_tables, orgs, rels)
    del rels
    if step == "build":
        out["seconds"], out["seconds_cpu"] = out["build"], out["build_cpu"]
    elif step == "clusters":
        found = _step(out, "seconds", lk.find_clusters, net, seed=1)
        out["modularity"] = found.quality
        out["note"] = f"{found.n_clusters:,} clusters; {found.params.get('why', '')}"
    elif step == "clusters-louvain":
        found = _step(out, "seconds", lk.find_clusters, net,
                                       method=lk.Louvain(engine="auto"), seed=1)
        out["modularity"] = found.quality
        out["note"] = f"Louvain: {found.params.get('why', '')}"
    elif step == "clusters-igraph":
        found = _step(out, "seconds", lk.find_clusters, net,
                                       method=lk.Leiden(engine="igraph"), seed=1)
        out["modularity"] = found.quality
    elif step == "multiplex":
        found = _step(out, "seconds", lk.find_clusters, net, seed=1, method=lk.Multiplex(
            n_iterations=args.multiplex_iterations))
        out["modularity"] = found.quality
        out["note"] = f"multiplex: {found!r}"
    elif step == "multiplex-warm":
        found = _step(out, "seconds", lk.find_clusters, net, seed=1,
                                       method=lk.Multiplex(start="aggregate"))
        out["modularity"] = found.quality
        out["note"] = f"multiplex-warm: {found!r}"
    elif step == "centrality":
        _step(out, "seconds", lk.centrality, net,
                                   measures=["degree", "strength", "pagerank"])
    elif step in ("leaders", "profiles", "html"):
        found = lk.find_clusters(net, seed=1)          # untimed: the step's input
        if step == "leaders":
            _step(out, "seconds", lk.leading_firms, net, found, seed=1)
        elif step == "profiles":
            _step(out, "seconds", lk.profile_clusters, net, found)
        else:
            leaders = lk.leading_firms(net, found, seed=1)
            with tempfile.TemporaryDirectory(dir=ROOT) as where:
                _step(out, "seconds", lk.to_html, net, Path(where) / "map.html",
                                           clusters=found, leaders=leaders)
    elif step == "pipeline":         # the pipeline a user writes, cold, in one process
        found = _step(out, "clusters", lk.find_clusters, net, seed=1)
        leaders = _step(out, "leaders", lk.leading_firms, net, found, seed=1)
        _step(out, "profiles", lk.profile_clusters, net, found)
        for suffix in ("", "_cpu"):
            out["core" + suffix] = sum(out[part + suffix] for part in (
                "build", "clusters", "leaders", "profiles"))
            out["seconds" + suffix] = out["core" + suffix]
        out["core_peak_gb"] = _peak_gb()
        if n <= args.html_max:
            with tempfile.TemporaryDirectory(dir=ROOT) as where:
                _step(out, "html", lk.to_html, net, Path(where) / "map.html",
                                        clusters=found, leaders=leaders)
            out["seconds"] += out["html"]
            out["seconds_cpu"] += out["html_cpu"]
        out["modularity"] = found.quality
        out["note"] = f"{found.n_clusters:,} clusters; {found.params.get('why', '')}"
    out["peak_gb"] = _peak_gb()
    return out


# -- the raw ways, one step in this process ----------------------------------------------------
def raw_step(folder: Path, step: str, side: str, args) -> dict:
    start = time.perf_counter()
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    import scipy.sparse as sp
    engine = {"networkit-parallel": "networkit", "pyarrow-igraph": "igraph"}.get(side, side)
    if engine in ("networkit", "igraph", "networkx", "duckdb"):
        __import__(engine)
    out: dict = {"imports": time.perf_counter() - start}
    if step == "aggregate":
        import duckdb
        glob = str(folder / "records" / "part-*.parquet")

        def aggregate():
            result = duckdb.connect().sql(SQL.format(glob=glob)).arrow()
            return (result.read_all() if hasattr(result, "read_all") else result).to_pandas()
        ties = _step(out, "seconds", aggregate)
        out["note"] = f"{len(ties):,} ties"
        out["peak_gb"] = _peak_gb()
        return out
    ids, rels = _step(out, "read", lambda: (
        pq.read_table(folder / "organisations.parquet", columns=["id"]).column("id"),
        pq.read_table(folder / "relations.parquet")))
    n = len(ids)

    def build():
        # what from_tables checks, the fastest way: ids looked up once per end, unknown
        # ids, weights (finite, >= 0), self-loops dropped, duplicates counted in a CSR
        s = pc.index_in(rels.column("source"), value_set=ids)
        t = pc.index_in(rels.column("target"), value_set=ids)
        if s.null_count or t.null_count:
            raise ValueError("unknown ids")
        s, t = s.to_numpy().astype(np.int64), t.to_numpy().astype(np.int64)
        weight = rels.column("weight").to_numpy()
        if not (np.isfinite(weight).all() and (weight >= 0).all()):
            raise ValueError("bad weights")
        lay = rels.column("layer").combine_chunks().indices.to_numpy()
        keep = s != t
        s, t, lay, weight = s[keep], t[keep], lay[keep], weight[keep]
        low = np.where(lay == 2, np.minimum(s, t), s)      # layer 2 (scientific) undirected
        high = np.where(lay == 2, np.maximum(s, t), t)
        counts = sp.csr_matrix((np.ones(len(s), dtype=np.int32),
                                (lay.astype(np.int64) * n + low, high)), shape=(3 * n, n))
        counts.sum_duplicates()
        if counts.nnz < len(s):
            raise ValueError("duplicates")
        if side == "pyarrow-igraph":     # the baseline: on to one igraph graph
            import igraph as ig
            g = ig.Graph(n=n, edges=zip(s.tolist(), t.tolist()), directed=True)
            g.es["weight"], g.es["layer"] = weight, lay
        return s, t, lay, weight
    s, t, lay, weight = _step(out, "build", build)
    if step == "build":
        out["seconds"], out["seconds_cpu"] = out["build"], out["build_cpu"]
        out["peak_gb"] = _peak_gb()
        return out

    def upper():
        # linkages' unweighted aggregate: a pair weighs the number of layers tying it
        # (A->B and B->A in one layer count once); one triangle, in a CSR matrix
        lo, hi = np.minimum(s, t), np.maximum(s, t)
        per_layer = sp.csr_matrix((np.ones(len(s)), (lay.astype(np.int64) * n + lo, hi)),
                                  shape=(3 * n, n))
        per_layer.sum_duplicates()
        rows = np.repeat(np.arange(3 * n), np.diff(per_layer.indptr)) % n
        m = sp.csr_matrix((np.ones(len(rows)), (rows, per_layer.indices)), shape=(n, n))
        m.sum_duplicates()
        return m

    def by_size(labels):
        # the partition numbered by size, 0 the largest, as linkages gives it
        codes = np.unique(labels, return_inverse=True)[1].ravel()
        sizes = np.bincount(codes)
        rank = np.empty(len(sizes), dtype=np.int64)
        rank[np.argsort(-sizes, kind="stable")] = np.arange(len(sizes))
        return rank[codes]

    if step.startswith("clusters"):
        louvain = step == "clusters-louvain"
        if engine == "networkit":
            import networkit as nk

            def run():
                nk.engineering.setNumberOfThreads(
                    1 if side == "networkit" else os.cpu_count() or 1)
                nk.engineering.setSeed(1, False)
                g = nk.graph.GraphFromCsr(upper(), directed=False, weighted=True)
                found = (nk.community.PLM(g, refine=True) if louvain else
                         nk.community.ParallelLeiden(g, randomize=True,
                                                     iterations=LEIDEN_ITERATIONS))
                found.run()
                partition = found.getPartition()
                by_size(np.asarray(partition.getVector()))
                return nk.community.Modularity().getQuality(partition, g)
        elif engine == "igraph":
            import igraph as ig

            def run():
                coo = upper().tocoo()
                g = ig.Graph(n=n, edges=zip(coo.row.tolist(), coo.col.tolist()))
                g.es["weight"] = coo.data
                if louvain:
                    membership = g.community_multilevel(weights="weight").membership
                else:
                    membership = g.community_leiden(
                        objective_function="modularity", weights="weight",
                        n_iterations=-1 if step == "clusters-igraph" else 2).membership
                by_size(np.asarray(membership))
                return g.modularity(membership, weights="weight")
        else:      # networkx, Louvain only
            import networkx as nx
            if n > args.networkx_max:
                return {"skipped": f"networkx above --networkx-max {args.networkx_max:,}"}

            def run():
                coo = upper().tocoo()
                g = nx.Graph()
                g.add_nodes_from(range(n))
                g.add_weighted_edges_from(zip(coo.row.tolist(), coo.col.tolist(),
                                              coo.data.tolist()))
                communities = nx.community.louvain_communities(g, seed=1)
                return nx.community.modularity(g, communities)
        out["modularity"] = _step(out, "seconds", run)
    elif step == "centrality":
        if engine == "igraph":
            import igraph as ig

            def run():
                for code in range(3):
                    m = lay == code
                    g = ig.Graph(n=n, edges=zip(s[m].tolist(), t[m].tolist()),
                                 directed=code < 2)
                    g.es["weight"] = weight[m]
                    g.degree(), g.strength(weights="weight"), g.pagerank()
                a = sp.csr_matrix((weight, (np.minimum(s, t), np.maximum(s, t))),
                                  shape=(n, n))
                a.sum_duplicates()
                coo = a.tocoo()
                g = ig.Graph(n=n, edges=zip(coo.row.tolist(), coo.col.tolist()))
                g.es["weight"] = coo.data
                g.degree(), g.strength(weights="weight"), g.pagerank()
        else:
            import networkit as nk

            def run():
                # one thread: on the shared 2-core machine OpenMP's threads wait on each
                # other (a first PageRank took 1-2 s on 2 threads, 0.03 s on one at 10k)
                nk.engineering.setNumberOfThreads(1)

                def measures(matrix, directed):
                    g = nk.graph.GraphFromCsr(matrix, directed=directed, weighted=False)
                    nk.centrality.PageRank(g, damp=0.85, tol=1e-10).run().scores()
                    # degree (distinct partners) and strength from the matrix itself
                    both = (matrix + matrix.T) if directed else matrix
                    np.diff(both.tocsr().indptr)
                    np.asarray(matrix.sum(axis=0)).ravel() + np.asarray(
                        matrix.sum(axis=1)).ravel()
                for code in range(3):
                    m = lay == code
                    lo = s[m] if code < 2 else np.minimum(s[m], t[m])
                    hi = t[m] if code < 2 else np.maximum(s[m], t[m])
                    measures(sp.csr_matrix((weight[m], (lo, hi)), shape=(n, n)), code < 2)
                measures(sp.csr_matrix((weight, (np.minimum(s, t), np.maximum(s, t))),
                                       shape=(n, n)), False)
        _step(out, "seconds", run)
    out["peak_gb"] = _peak_gb()
    return out


# -- driver ------------------------------------------------------------------------------------
def fresh(args: argparse.Namespace, size: str, step: str, side: str) -> dict:
    """One run of a step in a fresh process; its JSON line, with the process's time."""
    start = time.perf_counter()
    command = [sys.executable, __file__, "--worker", "--size", size, "--step", step,
               "--side", side, "--multiplex-iterations", str(args.multiplex_iterations),
               "--html-max", str(args.html_max), "--networkx-max", str(args.networkx_max)]
    done = subprocess.run(command, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        result = {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    else:
        result = json.loads(lines[-1])
    result["process"] = time.perf_counter() - start
    return result


def skipped(args: argparse.Namespace, step: str, n: int) -> str | None:
    limits = {"multiplex": ("--multiplex-max", args.multiplex_max),
              "multiplex-warm": ("--warm-max", args.warm_max),
              "html": ("--html-max", args.html_max)}
    if step in limits and n > limits[step][1]:
        return f"above {limits[step][0]} {limits[step][1]:,}"
    if step == "clusters-igraph" and not args.compare_engines:
        return "--no-compare-engines"
    return None


def sides_of(args: argparse.Namespace, step: str, n: int) -> list[str]:
    wanted = args.engines.split(",") if args.engines else None
    sides = [side for side in SIDES[step] if wanted is None or side in wanted
             or (side == "networkit-parallel" and "networkit" in wanted)]
    if step == "clusters" and not args.compare_engines:
        sides = [side for side in sides if side != "igraph"]
    if step == "clusters-louvain" and n > args.networkx_max:
        sides = [side for side in sides if side != "networkx"]
    if "networkit" in "".join(sides) and not _has("networkit"):
        sides = [side for side in sides if not side.startswith("networkit")]
    return sides


def _median(runs: list[dict], key: str) -> float:
    values = [r[key] for r in runs if key in r]
    return statistics.median(values) if values else float("nan")


def _cell(runs: list[dict], key: str = "seconds") -> str:
    return (f"{_median(runs, key):.2f} ("
            + ", ".join(f"{r[key]:.2f}" for r in runs if key in r) + ")")


def report_steps(size: str, results: dict[str, dict[str, list[dict]]], repeat: int) -> None:
    print(f"\n### {size}: each step in fresh processes, medians of {repeat}, interleaved\n")
    print("| step | linkages s (runs) | raw side, s (runs) | ratio | CPU s linkages / raw "
          "(ratio) | modularity linkages / raw | peak GB linkages / raw | process s "
          "linkages / raw |")
    print("|---|---|---|---|---|---|---|---|")
    notes = []
    for step, runs in results.items():
        if step == "pipeline":
            continue
        mine = [r for r in runs.get("linkages", []) if "seconds" in r]
        raws = {side: [r for r in got if "seconds" in r] for side, got in runs.items()
                if side != "linkages"}
        raws = {side: got for side, got in raws.items() if got}
        for side, got in runs.items():
            for r in got:
                if "error" in r or "skipped" in r:
                    notes.append(f"{step} / {side}: {r.get('error') or r.get('skipped')}")
        if not mine:
            continue
        q = _median(mine, "modularity")
        cpu = _median(mine, "seconds_cpu")
        process = f"{_median(mine, 'process'):.1f}"
        peak = f"{max(r['peak_gb'] for r in mine):.1f}"
        if not raws:
            print(f"| {step} | {_cell(mine)} | | | {cpu:.2f} | {'' if q != q else f'{q:.4f}'}"
                  f" | {peak} | {process} |")
        # the fastest raw side first (its ratio is the step's), then the others
        for i, side in enumerate(sorted(raws, key=lambda x: _median(raws[x], "seconds"))):
            got = raws[side]
            ratio = _median(mine, "seconds") / _median(got, "seconds")
            raw_cpu = _median(got, "seconds_cpu")
            rq = _median(got, "modularity")
            quality = "" if rq != rq else f"{'' if q != q or i else f'{q:.4f} '}/ {rq:.4f}"
            first = not i
            print(f"| {step if first else ''} | {_cell(mine) if first else ''} | {side} "
                  f"{_cell(got)} | {ratio:.2f}x | {f'{cpu:.2f} ' if first else ''}/ "
                  f"{raw_cpu:.2f} ({cpu / raw_cpu:.2f}x) | {quality} | "
                  f"{peak + ' ' if first else ''}/ {max(r['peak_gb'] for r in got):.1f} | "
                  f"{process + ' ' if first else ''}/ {_median(got, 'process'):.1f} |")
        notes += sorted({f"{step}: {r['note']}" for r in mine if r.get("note")})
    everyone = [r for runs in results.values() for got in runs.values() for r in got]
    for side in ("linkages", "raw"):
        got = [r for r in everyone if "imports" in r
               and ((side == "linkages") == (r.get("side") == "linkages"))]
        if got:
            read = _median(got, "read")
            notes.append(f"{side} processes: imports {_median(got, 'imports'):.2f} s"
                         + ("" if read != read else f", reading the files {read:.2f} s")
                         + " (medians)")
    for note in notes:
        print(f"- {note}")


def report_pipeline(size: str, runs: list[dict]) -> None:
    runs = [r for r in runs if "core" in r]
    if not runs:
        return
    keys = [k for k in ("read", "build", "clusters", "leaders", "profiles", "core", "html",
                        "seconds") if k in runs[0]]
    print(f"\n### {size}: the pipeline a user writes, one fresh process each, medians of "
          f"{len(runs)} (s; runs in brackets)\n")
    names = {"read": "read files", "core": "core (build to profiles)", "seconds": "total",
             "html": "to_html"}
    print("| " + " | ".join(names.get(k, k) for k in keys)
          + " | peak GB core / total | modularity |")
    print("|" + "---|" * (len(keys) + 2))
    print("| " + " | ".join(_cell(runs, k) for k in keys)
          + f" | {max(r['core_peak_gb'] for r in runs):.1f} / "
            f"{max(r['peak_gb'] for r in runs):.1f} | {_median(runs, 'modularity'):.4f} |")
    print("- CPU s (medians): " + ", ".join(f"{names.get(k, k)} {_median(runs, k + '_cpu'):.2f}"
                                            for k in keys if k + "_cpu" in runs[0]))
    for note in sorted({r["note"] for r in runs if r.get("note")}):
        print(f"- {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100k", help="any of " + ",".join(SIZES))
    parser.add_argument("--steps", default=",".join(DEFAULT_STEPS),
                        help="any of " + ",".join(SIDES) + ", or all")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="",
                        help="sides to run (default all): linkages, pyarrow, "
                        "pyarrow-igraph, duckdb, networkit, networkit-parallel, igraph, "
                        "networkx")
    parser.add_argument("--records-per-tie", type=float, default=2.0)
    parser.add_argument("--multiplex-max", type=int, default=100_000)
    parser.add_argument("--multiplex-iterations", type=int, default=-1)
    parser.add_argument("--warm-max", type=int, default=1_000_000,
                        help="largest size for the warm-started multiplex step")
    parser.add_argument("--html-max", type=int, default=100_000,
                        help="largest size for to_html (the html step, and in the pipeline)")
    parser.add_argument("--networkx-max", type=int, default=100_000)
    parser.add_argument("--no-compare-engines", dest="compare_engines", action="store_false",
                        help="skip igraph's Leiden (raw and engine='igraph'): minutes at 1M")
    parser.add_argument("--clean", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        folder = ROOT / f"real-{args.size}"
        result = (linkages_step(folder, args.step, args) if args.side == "linkages"
                  else raw_step(folder, args.step, args.side, args))
        print(json.dumps({"side": args.side, **result}))
        return
    steps = list(SIDES) if args.steps == "all" else args.steps.split(",")
    unknown = [step for step in steps if step not in SIDES]
    if unknown:
        parser.error(f"unknown steps {unknown}; choose from {list(SIDES)}")
    for size in args.sizes.split(","):
        n = SIZES[size]
        folder = prepare(size, records=args.records_per_tie if "aggregate" in steps else None)
        results: dict[str, dict[str, list[dict]]] = {}
        for step in steps:
            why = skipped(args, step, n)
            if why:
                print(json.dumps({"size": size, "step": step, "skipped": why}), flush=True)
                continue
            sides = sides_of(args, step, n)
            results[step] = {side: [] for side in sides}
            for _ in range(args.repeat):                 # interleaved: A, B, C, A, B, C
                for side in sides:
                    got = fresh(args, size, step, side)
                    results[step][side].append(got)
                    print(json.dumps({"size": size, "step": step, **got}), flush=True)
        report_steps(size, results, args.repeat)
        if "pipeline" in results:
            report_pipeline(size, results["pipeline"]["linkages"])
        if args.clean:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
