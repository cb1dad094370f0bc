"""Raw records -> weighted ties: linkages (DuckDB engine) against plain DuckDB SQL and pandas.

Every step runs in a fresh Python process, so its peak memory (``ru_maxrss``) is its own;
times are medians over ``--repeat`` runs (pandas and Spark run once by default: they are
slow). All steps produce the same tie table (checked: number of ties and total weight).

Usage::

    python benchmarks/bench_aggregate.py                      # 50M records, 1M firms
    python benchmarks/bench_aggregate.py --organisations 100000 --records 5000000
    python benchmarks/bench_aggregate.py --steps linkages-duckdb,duckdb-sql --repeat 3

``linkages-duckdb`` returns ties sorted (the default ``sort=True``) and is compared with
plain SQL ending in ORDER BY; ``linkages-duckdb-unsorted`` (``sort=False``) with plain SQL
without it.

The records (Parquet, ~1 GB for 50M rows) are written once to
``/tmp/linkages-bench/records-<n>`` by ``national.py``; ``--clean`` removes them after.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = dict(source="seller", target="buyer", value="amount", date="date", layer="layer")
STEPS = ["linkages-duckdb", "duckdb-sql", "linkages-duckdb-unsorted", "duckdb-sql-unordered",
         "linkages-pandas", "pandas", "linkages-spark"]
SQL = ("SELECT seller AS source, buyer AS target, layer, sum(amount) AS weight, "
       "count(*) AS records, min(date) AS first, max(date) AS last "
       "FROM read_parquet('{glob}') GROUP BY ALL")


def run_step(step: str, glob: str) -> dict:
    """One step in this process; returns seconds, ties and total weight."""
    start = time.perf_counter()
    if step.startswith("linkages-duckdb"):
        import linkages as lk
        ties = lk.aggregate_records(glob, **COLUMNS, engine="duckdb",
                                    sort=not step.endswith("unsorted"))
    elif step.startswith("duckdb-sql"):
        import duckdb
        order = "" if step.endswith("unordered") else " ORDER BY source, target, layer"
        result = duckdb.connect().sql(SQL.format(glob=glob) + order).arrow()  # faster than .df()
        ties = (result.read_all() if hasattr(result, "read_all") else result).to_pandas()
    elif step == "linkages-pandas":
        import pandas as pd

        import linkages as lk
        records = pd.read_parquet(Path(glob).parent)
        ties = lk.aggregate_records(records, **COLUMNS, engine="pandas")
    elif step == "pandas":
        import pandas as pd
        records = pd.read_parquet(Path(glob).parent)
        records["date"] = pd.to_datetime(records["date"])   # Parquet dates arrive as objects
        ties = (records.groupby(["seller", "buyer", "layer"], sort=True, observed=True)
                .agg(weight=("amount", "sum"), records=("amount", "size"),
                     first=("date", "min"), last=("date", "max")).reset_index())
    elif step == "linkages-spark":
        from pyspark.sql import SparkSession

        import linkages as lk
        spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
                 .config("spark.driver.memory", "8g")
                 .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
        start = time.perf_counter()     # JVM start-up not counted
        ties = lk.aggregate_records(spark.read.parquet(glob), **COLUMNS)
    else:
        raise SystemExit(f"unknown step {step!r}; one of {STEPS}")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "ties": len(ties), "weight": float(ties["weight"].sum())}


def in_subprocess(step: str, glob: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", step, "--glob", glob],
                         capture_output=True, text=True)
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=50_000_000)
    parser.add_argument("--steps", default="linkages-duckdb,duckdb-sql,linkages-duckdb-unsorted,"
                                           "duckdb-sql-unordered,pandas,linkages-pandas")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-slow", type=int, default=1,
                        help="runs of the pandas and Spark steps")
    parser.add_argument("--clean", action="store_true", help="delete the records after")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--glob", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run_step(args.child, args.glob)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return

    folder = Path(f"/tmp/linkages-bench/records-{args.organisations // 1000}k-"
                  f"{args.records // 1_000_000}m")
    if args.organisations == 1_000_000 and args.records == 50_000_000:
        folder = Path("/tmp/linkages-bench/records-1m")
    if not list(folder.glob("part-*.parquet")):
        subprocess.run([sys.executable, str(HERE / "national.py"), "--organisations",
                        str(args.organisations), "--records", str(args.records), "--out",
                        str(folder)], check=True)
    glob = str(folder / "part-*.parquet")
    size = sum(p.stat().st_size for p in folder.glob("part-*.parquet")) / 1e9
    print(f"{args.records:,} records ({size:.2f} GB Parquet) of {args.organisations:,} "
          f"organisations at {folder}")
    rows = {}
    for step in args.steps.split(","):
        repeat = args.repeat_slow if "pandas" in step or "spark" in step else args.repeat
        runs = [in_subprocess(step, glob) for _ in range(repeat)]
        ok = [r for r in runs if "error" not in r]
        if not ok:
            rows[step] = runs[0]
            print(f"  {step:26s} failed: {runs[0]['error']}")
            continue
        rows[step] = {"seconds": statistics.median(r["seconds"] for r in ok),
                      "runs": [round(r["seconds"], 1) for r in ok],
                      "peak_mb": max(r["peak_mb"] for r in ok), "ties": ok[0]["ties"],
                      "weight": ok[0]["weight"]}
        print(f"  {step:26s} {rows[step]['seconds']:7.1f} s  runs {rows[step]['runs']}  "
              f"peak {rows[step]['peak_mb'] / 1024:5.2f} GB  {ok[0]['ties']:,} ties", flush=True)

    def baseline(step: str) -> str:     # like with like: sorted output, or not
        unsorted = step.endswith(("unsorted", "unordered"))
        return "duckdb-sql-unordered" if unsorted else "duckdb-sql"

    print("\n| step | median s | runs | peak GB | ties | vs plain DuckDB SQL (same order) |")
    print("|---|---|---|---|---|---|")
    for step, r in rows.items():
        if "error" in r:
            print(f"| {step} | failed | | | | |")
            continue
        base = rows.get(baseline(step), {}).get("seconds")
        ratio = f"{r['seconds'] / base:.2f}x" if base else "n/a"
        print(f"| {step} | {r['seconds']:.1f} | {r['runs']} | {r['peak_mb'] / 1024:.2f} | "
              f"{r['ties']:,} | {ratio} |")
    weights = {round(r["weight"], -2) for r in rows.values() if "weight" in r}
    ties = {r["ties"] for r in rows.values() if "ties" in r}
    print(f"\nsame tie table from every step: {len(ties) == 1 and len(weights) == 1} "
          f"(ties {sorted(ties)}, total weight {sorted(weights)})")
    if args.clean:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
