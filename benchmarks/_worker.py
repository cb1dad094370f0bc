"""Run one benchmark step in a fresh Python process, so its peak memory is its own."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys


def in_fresh_process(script: str, *args: object) -> dict:
    """Run ``python script --worker *args``; its last line of output is a JSON object."""
    out = subprocess.run([sys.executable, script, "--worker", *map(str, args)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def add_size_arguments(parser: argparse.ArgumentParser) -> None:
    """The synthetic multiplex's size and seed, and the hidden worker flag."""
    parser.add_argument("--large", action="store_true", help="1M organisations, ~10M ties")
    parser.add_argument("--n", type=int, default=None)
    parser.add_argument("--ties", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)


def network_size(args: argparse.Namespace) -> tuple[int, int]:
    """Organisations and ties asked for (100k and 10 ties each by default), announced."""
    n = args.n or (1_000_000 if args.large else 100_000)
    ties = args.ties or 10 * n
    print(f"synthetic multiplex: {n:,} organisations, ~{ties:,} ties in 3 layers", flush=True)
    return n, ties
