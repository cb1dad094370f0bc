"""Kept for commands already written down: the benchmark of issue 17 is ``bench_pipeline.py``.

``python benchmarks/bench_default.py --size 100k --repeat 3 [--steps ...]`` runs
``python benchmarks/bench_pipeline.py --sizes 100k --repeat 3 [--steps ...]``: the same
steps (build, clusters, centrality, pipeline, ...), each from the Parquet files of the
realistic generator in fresh processes, interleaved with the raw baselines. See
``bench_pipeline.py`` for the steps and the options.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> None:
    argv = ["--sizes" if arg == "--size" else arg for arg in sys.argv[1:]]
    script = Path(__file__).resolve().parent / "bench_pipeline.py"
    raise SystemExit(subprocess.call([sys.executable, str(script), *argv]))


if __name__ == "__main__":
    main()
