"""End to end at national scale: records -> ties -> network -> clusters -> leaders -> map.

For each size (10k, 100k, 1M organisations; 10 ties per organisation in 3 layers) this
times every step of the linkages pipeline, and the same work done directly in igraph,
networkit and (up to 100k) networkx, each engine in a fresh process, in one run:

=============  =====================================================================
aggregate      raw records (Parquet, 2 per tie) -> weighted ties: ``aggregate_records``
               (DuckDB) vs plain DuckDB SQL
build          ties -> network: ``from_tables`` vs ids -> integer positions (pandas)
clusters       aggregate Leiden: ``Leiden(engine="auto")`` (networkit above 2M
               ties) vs igraph ``community_leiden`` and networkit ParallelLeiden
clusters-louvain  aggregate Louvain: ``Louvain(engine="auto")``
               vs igraph ``community_multilevel``, networkit PLM (with refinement) and
               networkx ``louvain_communities``
clusters-igraph  ``Leiden(engine="igraph")``, for comparison
multiplex      ``Multiplex()`` (leidenalg; <= ``--multiplex-max``)
multiplex-warm ``Multiplex(start="aggregate")``: leidenalg started
               from the aggregate partition
centralities   degree, strength, PageRank per layer and aggregate
leaders        ``leading_firms`` (sampled betweenness above 5k) vs top-5 PageRank per
               cluster
summary        ``net.summary()`` + ``profile_clusters``
html           ``to_html`` overview (one node per cluster, a page per cluster)
=============  =====================================================================

Memory is the process's peak resident set so far (``ru_maxrss``) after each step.
The clusters steps do the same work on every side: from integer ties to a partition,
i.e. merge the layers per pair, make the engine's graph and run the algorithm (raw engines
the fastest way known: pairs summed in a scipy CSR matrix, networkit's graph from that CSR,
igraph's from pairs of ints). Each raw step also prints its parts ("of which ..."), so the
algorithm alone can be compared too. linkages keeps its igraph views, so raw igraph reuses
its graph for Louvain; networkit graphs are not kept, so both sides make one per call.

Usage::

    python benchmarks/bench_pipeline.py --sizes 10k,100k
    nohup python benchmarks/bench_pipeline.py --sizes 1m > /tmp/linkages-bench/1m.log &

Data are generated once (``national.py``, seed 0) under ``/tmp/linkages-bench/net-<size>``;
``--clean`` removes them after.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = Path("/tmp/linkages-bench")
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
ENGINES = ["linkages", "igraph", "networkit", "networkx"]
RECORDS = dict(source="seller", target="buyer", value="amount", date="date", layer="layer")
SQL = ("SELECT seller AS source, buyer AS target, layer, sum(amount) AS weight, "
       "count(*) AS records, min(date) AS first, max(date) AS last "
       "FROM read_parquet('{glob}') GROUP BY ALL ORDER BY source, target, layer")


# -- data --------------------------------------------------------------------------------------
def prepare(size: str, records_per_tie: float) -> Path:
    folder = ROOT / f"net-{size}"
    if (folder / "done").exists():
        return folder
    sys.path.insert(0, str(HERE))
    from national import make_national, write_records
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    orgs, rels = make_national(SIZES[size], seed=0)
    orgs.to_parquet(folder / "organisations.parquet")
    write_records(rels, folder / "records", n_records=int(len(rels) * records_per_tie), seed=0)
    (folder / "done").write_text("ok")
    print(f"[{size}] generated {len(orgs):,} organisations, {len(rels):,} ties, records in "
          f"{time.perf_counter() - start:.0f} s", flush=True)
    return folder


# -- one engine, in its own process ---------------------------------------------------------------
class Steps:
    """Times each step; prints one JSON line per step (seconds, peak MB so far).

    The lines also go to ``/tmp/linkages-bench/progress.jsonl`` to follow a long run.
    """

    def __call__(self, name: str, function, *args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.emit({"step": name, "seconds": seconds, "peak_mb": peak})
        return result

    def skip(self, name: str, why: str) -> None:
        self.emit({"step": name, "skipped": why})

    @staticmethod
    def emit(line: dict) -> None:
        print(json.dumps(line), flush=True)
        with open(ROOT / "progress.jsonl", "a") as progress:
            progress.write(json.dumps({"argv": sys.argv[2:5], **line}) + "\n")


def run_linkages(folder: Path, args) -> None:
    import linkages as lk
    step, n = Steps(), SIZES[args.size]
    orgs = pd.read_parquet(folder / "organisations.parquet")
    glob = str(folder / "records" / "part-*.parquet")
    ties = step("aggregate", lk.aggregate_records, glob, **RECORDS)
    ties = ties.drop(columns=["records", "first", "last"])
    net = step("build", lk.from_tables, orgs, ties)
    del ties
    found = step("clusters", lk.find_clusters, net, method=lk.Leiden(engine="auto"), seed=1)
    print(json.dumps({"info": f"clusters: {found!r}, NMI to planted "
                      f"{lk.compare_partitions(found, net.organisations['community']):.3f}"}))
    louvain = step("clusters-louvain", lk.find_clusters, net,
                   method=lk.Louvain(engine="auto"), seed=1)
    print(json.dumps({"info": f"clusters-louvain: {louvain!r}"}))
    del louvain
    if args.compare_engines:
        other = step("clusters-igraph", lk.find_clusters, net, method=lk.Leiden(), seed=1)
        print(json.dumps({"info": f"clusters-igraph: {other!r}"}))
    if n <= args.multiplex_max:
        multi = step("multiplex", lk.find_clusters, net, seed=1,
                     method=lk.Multiplex(n_iterations=args.multiplex_iterations))
        print(json.dumps({"info": f"multiplex: {multi!r}"}))
    else:
        step.skip("multiplex", f"above --multiplex-max {args.multiplex_max:,}")
    if n <= args.warm_max:
        warm = step("multiplex-warm", lk.find_clusters, net,
                    method=lk.Multiplex(start="aggregate"), seed=1)
        print(json.dumps({"info": f"multiplex-warm: {warm!r}"}))
    step("centralities", lk.centrality, net, measures=["degree", "strength", "pagerank"])
    if hasattr(lk, "leading_firms"):     # betweenness sampled above 5,000 organisations
        leaders = step("leaders", lk.leading_firms, net, found, seed=1)
    else:
        leaders = None
        step.skip("leaders", "linkages.leading_firms not available")

    def summary():
        net.summary()
        if hasattr(lk, "profile_clusters"):
            lk.profile_clusters(net, found)
    step("summary", summary)
    if hasattr(lk, "to_html") and n <= args.html_max:
        out = Path(tempfile.mkdtemp(prefix="linkages-html-", dir=ROOT))
        try:
            step("html", lk.to_html, net, out / "map.html", clusters=found, leaders=leaders)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    else:
        step.skip("html", "to_html not available or size above --html-max")


def _raw_ties(folder: Path, step: Steps):
    """Plain DuckDB SQL, then ids -> integer positions with pandas."""
    import duckdb
    glob = str(folder / "records" / "part-*.parquet")

    def aggregate():
        result = duckdb.connect().sql(SQL.format(glob=glob)).arrow()
        return (result.read_all() if hasattr(result, "read_all") else result).to_pandas()
    ties = step("aggregate", aggregate)
    ids = pd.read_parquet(folder / "organisations.parquet", columns=[]).index
    return ids, ties


def algorithm_only(name: str, function, *args, **kwargs):
    """Run one part of a step and print its own time (e.g. the algorithm without the graph)."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    print(json.dumps({"part": name, "seconds": time.perf_counter() - start}), flush=True)
    return result


def _codes(ids: pd.Index, ties: pd.DataFrame):
    s = ids.get_indexer(ties["source"])
    t = ids.get_indexer(ties["target"])
    layer = pd.Categorical(ties["layer"]).codes
    return s.astype(np.int64), t.astype(np.int64), layer


def _undirected_aggregate(n: int, s, t):
    """Ties merged per unordered pair, weight = number of layers tying the pair, as the
    upper triangle of a CSR matrix (scipy sums duplicates in O(ties): 4x np.unique)."""
    import scipy.sparse as sp
    upper = sp.csr_matrix((np.ones(len(s)), (np.minimum(s, t), np.maximum(s, t))),
                          shape=(n, n))
    upper.sum_duplicates()
    return upper


def run_igraph(folder: Path, args) -> None:
    import igraph as ig
    step = Steps()
    ids, ties = _raw_ties(folder, step)
    n = len(ids)

    s, t, layer = step("build", _codes, ids, ties)

    def graph():
        upper = _undirected_aggregate(n, s, t).tocoo()
        # pairs of Python ints: about 2x faster than an (m, 2) numpy array in python-igraph
        g = ig.Graph(n=n, edges=zip(upper.row.tolist(), upper.col.tolist()))
        g.es["weight"] = upper.data
        return g

    def leiden():
        g = algorithm_only("igraph graph", graph)
        return g, algorithm_only("igraph Leiden", lambda: g.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=-1).membership)
    g, membership = step("clusters", leiden)
    # the graph is reused, as linkages reuses its cached igraph view
    step("clusters-louvain", algorithm_only, "igraph Louvain",
         lambda: g.community_multilevel(weights="weight").membership)

    def centralities():
        for code in range(3):
            m = layer == code
            h = ig.Graph(n=n, edges=np.column_stack([s[m], t[m]]), directed=True)
            h.es["weight"] = ties["weight"].to_numpy()[m]
            h.degree(), h.strength(weights="weight"), h.pagerank(weights="weight")
        return g.degree(), g.strength(weights="weight"), g.pagerank(weights="weight")
    _, _, pagerank = step("centralities", centralities)

    def leaders():
        table = pd.DataFrame({"cluster": membership, "pagerank": pagerank}, index=ids)
        return table.groupby("cluster")["pagerank"].nlargest(5)
    step("leaders", leaders)
    step("summary", lambda: (np.bincount(layer), np.bincount(membership)))


def run_networkit(folder: Path, args) -> None:
    import networkit as nk
    nk.engineering.setSeed(1, False)
    step = Steps()
    ids, ties = _raw_ties(folder, step)
    n = len(ids)

    s, t, layer = step("build", _codes, ids, ties)

    def graph():        # from CSR: 5x faster than GraphFromCoo at 10M ties
        return nk.graph.GraphFromCsr(_undirected_aggregate(n, s, t), directed=False,
                                     weighted=True)

    def run(name, make):
        g = algorithm_only("networkit graph", graph)   # made again, as linkages does
        algorithm = make(g)
        algorithm_only(f"networkit {name}", algorithm.run)
        return g, algorithm.getPartition()
    g, partition = step("clusters", run, "ParallelLeiden",
                        lambda g: nk.community.ParallelLeiden(g, randomize=True, iterations=3))
    print(json.dumps({"info": "networkit ParallelLeiden modularity "
                      f"{nk.community.Modularity().getQuality(partition, g):.4f}"}))
    g, other = step("clusters-louvain", run, "PLM",
                    lambda g: nk.community.PLM(g, refine=True))
    print(json.dumps({"info": "networkit PLM modularity "
                      f"{nk.community.Modularity().getQuality(other, g):.4f}"}))

    def centralities():
        rank = nk.centrality.PageRank(g, damp=0.85, tol=1e-9)
        rank.run()
        return rank.scores()
    pagerank = step("centralities", centralities)

    def leaders():
        table = pd.DataFrame({"cluster": partition.getVector(), "pagerank": pagerank},
                             index=ids)
        return table.groupby("cluster")["pagerank"].nlargest(5)
    step("leaders", leaders)


def run_networkx(folder: Path, args) -> None:
    import networkx as nx
    step = Steps()
    ids, ties = _raw_ties(folder, step)
    n = len(ids)
    if n > args.networkx_max:
        step.skip("build", f"networkx above --networkx-max {args.networkx_max:,}")
        return

    s, t, _ = step("build", _codes, ids, ties)

    def louvain():
        upper = _undirected_aggregate(n, s, t).tocoo()
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_weighted_edges_from(zip(upper.row.tolist(), upper.col.tolist(),
                                      upper.data.tolist()))
        return g, algorithm_only("networkx Louvain", nx.community.louvain_communities, g,
                                 seed=1)
    g, communities = step("clusters-louvain", louvain)
    print(json.dumps({"info": "networkx Louvain modularity "
                      f"{nx.community.modularity(g, communities):.4f}"}))
    pagerank = step("centralities", nx.pagerank, g)

    def leaders():
        cluster = np.empty(n, dtype=np.int64)
        for i, members in enumerate(communities):      # a loop over clusters
            cluster[list(members)] = i
        table = pd.DataFrame({"cluster": cluster, "pagerank": pd.Series(pagerank)})
        return table.groupby("cluster")["pagerank"].nlargest(5)
    step("leaders", leaders)


# -- driver ------------------------------------------------------------------------------------
def run_engine(engine: str, size: str, argv: list[str]) -> list[dict]:
    out = subprocess.run([sys.executable, __file__, "--child", engine, "--size", size] + argv,
                         capture_output=True, text=True)
    lines = [json.loads(x) for x in out.stdout.splitlines() if x.startswith("{")]
    if out.returncode:
        lines.append({"error": (out.stderr.strip().splitlines() or ["?"])[-1]})
    return lines


def report(size: str, results: dict[str, list[dict]]) -> None:
    steps = ["aggregate", "build", "clusters", "clusters-louvain", "clusters-igraph",
             "multiplex", "multiplex-warm", "centralities", "leaders", "summary", "html"]
    table = {e: {r["step"]: r for r in lines if "step" in r} for e, lines in results.items()}
    print(f"\n### {size} organisations ({SIZES[size]:,})\n")
    for engine, lines in results.items():
        for r in lines:
            if "info" in r or "error" in r:
                print(f"- {engine}: {r.get('info') or 'ERROR ' + r['error']}")
            elif "part" in r:
                print(f"- {engine}: of which {r['part']} {r['seconds']:.1f} s")
    print("\n| step | " + " | ".join(f"{e} s (peak GB)" for e in results)
          + " | linkages / igraph | linkages / fastest |")
    print("|---|" + "---|" * (len(results) + 2))
    for name in steps:
        cells, times = [], {}
        for engine in results:
            r = table[engine].get(name)
            if r is None:
                cells.append("")
            elif "skipped" in r:
                cells.append("n/a")
            else:
                times[engine] = r["seconds"]
                cells.append(f"{r['seconds']:.1f} ({r['peak_mb'] / 1024:.1f})")
        if not any(cells):
            continue
        mine = times.get("linkages")
        others = [v for k, v in times.items() if k != "linkages"]
        vs_ig = f"{mine / times['igraph']:.2f}x" if mine and times.get("igraph") else ""
        vs_best = f"{mine / min(others):.2f}x" if mine and others else ""
        print(f"| {name} | " + " | ".join(cells) + f" | {vs_ig} | {vs_best} |")
    lk = table.get("linkages", {})

    def total(names):
        got = [lk[x]["seconds"] for x in names if x in lk and "seconds" in lk[x]]
        return sum(got), [x for x in names if x in lk and "seconds" in lk[x]]
    core, core_steps = total(["build", "clusters", "leaders", "summary"])
    whole, whole_steps = total(["aggregate", "build", "clusters", "multiplex", "centralities",
                                "leaders", "summary", "html"])
    peak = max((r.get("peak_mb", 0) for r in lk.values()), default=0) / 1024
    raw = {(e, x): table[e][x]["seconds"] for e in table if e != "linkages"
           for x in ("clusters", "clusters-louvain") if "seconds" in table[e].get(x, {})}
    if raw:
        (engine, name), fastest = min(raw.items(), key=lambda item: item[1])
        for mine in ("clusters", "clusters-louvain"):
            if "seconds" in lk.get(mine, {}):
                print(f"linkages {mine}: {lk[mine]['seconds'] / fastest:.2f}x the fastest "
                      f"clustering of any engine ({engine} {name}, {fastest:.1f} s)")
    print(f"\nlinkages build + clusters + leaders + summary: {core:.1f} s "
          f"({' + '.join(core_steps)}); whole pipeline: {whole:.1f} s "
          f"({' + '.join(whole_steps)}); peak {peak:.1f} GB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="any of 10k,100k,1m")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--records-per-tie", type=float, default=2.0)
    parser.add_argument("--multiplex-max", type=int, default=100_000)
    parser.add_argument("--multiplex-iterations", type=int, default=-1)
    parser.add_argument("--warm-max", type=int, default=1_000_000,
                        help="largest size for the warm-started multiplex step")
    parser.add_argument("--html-max", type=int, default=1_000_000)
    parser.add_argument("--networkx-max", type=int, default=100_000)
    parser.add_argument("--no-compare-engines", dest="compare_engines", action="store_false")
    parser.add_argument("--clean", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder = ROOT / f"net-{args.size}"
        {"linkages": run_linkages, "igraph": run_igraph, "networkit": run_networkit,
         "networkx": run_networkx}[args.child](folder, args)
        return
    passed = ["--warm-max", str(args.warm_max),
              "--multiplex-max", str(args.multiplex_max), "--multiplex-iterations",
              str(args.multiplex_iterations), "--html-max", str(args.html_max),
              "--networkx-max", str(args.networkx_max)]
    passed += [] if args.compare_engines else ["--no-compare-engines"]
    for size in args.sizes.split(","):
        folder = prepare(size, args.records_per_tie)
        results = {}
        for engine in args.engines.split(","):
            start = time.perf_counter()
            results[engine] = run_engine(engine, size, passed)
            print(f"[{size}] {engine} done in {time.perf_counter() - start:.0f} s", flush=True)
        report(size, results)
        if args.clean:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
