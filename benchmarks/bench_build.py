"""Build a scientific layer from CORDIS Horizon 2020: time and peak memory per step.

Steps: read the participation table (144,726 rows), project organisation x project onto
organisation pairs (Newman weights), build the network (from_tables); next to a plain pandas
baseline (self-merge on the project, keep pic_a < pic_b, count per pair) in the same run.

Time: median of 3 runs in this process. Memory, each step in a fresh subprocess:
- tracemalloc peak (Python and numpy allocations; Arrow-backed strings are not traced);
- peak RSS growth (ru_maxrss at the end minus RSS before the step), which counts everything.

    python benchmarks/bench_build.py [path/to/h2020.csv.gz]
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

import linkages as lk

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "cordis_h2020" / (
    "h2020.csv.gz")
COLUMNS = ["rcn", "pic", "type", "country"]


def read(path):
    return pd.read_csv(path, usecols=COLUMNS)


def project(rows):
    return lk.project_two_mode(rows, organisation="pic", group="rcn", weighting="newman")


def organisations(rows):
    # one row per pic; in this extract no pic has two types or countries (tests check it)
    return rows.drop_duplicates("pic").sort_values("pic")[["pic", "type", "country"]]


def build(rows, ties):
    return lk.from_tables(organisations(rows), {"scientific": ties}, id="pic")


def pipeline(path):
    rows = read(path)
    return build(rows, project(rows))


def pandas_baseline(rows):
    pairs = rows[["pic", "rcn"]].drop_duplicates()
    merged = pairs.merge(pairs, on="rcn", suffixes=("_a", "_b"))
    merged = merged[merged["pic_a"] < merged["pic_b"]]
    return merged.groupby(["pic_a", "pic_b"]).size()


STEPS = {
    "read CSV": (lambda path: (path,), read),
    "project (newman)": (lambda path: (read(path),), project),
    "from_tables": (lambda path: (lambda rows: (rows, project(rows)))(read(path)), build),
    "whole pipeline": (lambda path: (path,), pipeline),
    "pandas self-merge baseline": (lambda path: (read(path),), pandas_baseline),
}


def rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize()


def measure_memory(step: str, path: str) -> dict[str, float]:
    """Run in a fresh subprocess: prepare the inputs, then trace the step alone."""
    prepare, run = STEPS[step]
    args = prepare(path)
    before = rss_bytes()
    tracemalloc.start()
    run(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024   # kB on Linux
    return {"traced_mb": peak / 2**20, "rss_growth_mb": max(maxrss - before, 0) / 2**20}


def median_time(step: str, path: str, repeat: int = 3) -> float:
    prepare, run = STEPS[step]
    times = []
    for _ in range(repeat):
        args = prepare(path)
        start = time.perf_counter()
        run(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--memory":
        print(json.dumps(measure_memory(sys.argv[2], sys.argv[3])))
        return
    path = str(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
    if not Path(path).exists():
        sys.exit(f"CORDIS table not found: {path}")
    net = pipeline(path)
    baseline = pandas_baseline(read(path))
    assert net.n_relations == len(baseline), "projection and baseline disagree"
    print(f"CORDIS H2020: {len(read(path)):,} participation rows -> "
          f"{net.n_organisations:,} organisations, {net.n_relations:,} ties "
          f"(pandas baseline: {len(baseline):,} pairs)\n")
    rows = []
    for step in STEPS:
        memory = json.loads(subprocess.run(
            [sys.executable, __file__, "--memory", step, path], check=True,
            capture_output=True, text=True).stdout)
        rows.append({"step": step, "median_s": median_time(step, path), **memory})
    table = pd.DataFrame(rows).set_index("step")
    base = table.loc["pandas self-merge baseline", "median_s"]
    projection = table.loc["project (newman)", "median_s"]
    print(table.round(3).to_string())
    print(f"\nprojection / pandas self-merge time ratio: {projection / base:.2f}")
    print(f"(median of 3; memory of each step in a fresh process; numpy {np.__version__}, "
          f"pandas {pd.__version__}, linkages {lk.__version__})")


if __name__ == "__main__":
    main()
