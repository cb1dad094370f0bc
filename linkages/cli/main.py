"""The ``linkages`` command: the whole job for non-programmers.

::

    linkages example --out DIR            # the whole job on the bundled example
    linkages analyze --organisations orgs.csv --relations supply.csv --layer production \\
                     --relations projects.csv --layer scientific --out DIR
    linkages info orgs.csv supply.csv     # what is in the files, and what is wrong with them

Exit codes: 0 success, 2 bad input (one line on stderr naming the file, column and row).
Rows are counted as in a spreadsheet: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from linkages._validation import InputError
from linkages._version import __version__
from linkages.cli.inputs import (
    Options,
    describe_files,
    network_from_files,
    options_from,
)
from linkages.cli.job import Progress, run_job, summary_table
from linkages.datasets import load_example

__all__ = ["main"]

EXIT_OK, EXIT_INPUT = 0, 2


# -- the command -----------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linkages", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Network analysis of inter-organisational linkages: clusters, leading "
                    "firms, interactive maps.",
        epilog="Run 'linkages COMMAND --help' for the options of a command.")

    parser.add_argument("--version", action="version", version=f"linkages {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def job_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--out", help="output folder (created if needed)")
        p.add_argument("--method", help="clustering method (default leiden)")
        p.add_argument("--engine", help="clustering engine: igraph (default; the same seed "
                       "repeats exactly), networkit, or auto (networkit above 2M ties: much "
                       "faster, results can vary slightly between runs)")
        p.add_argument("--resolution", type=float, help="clustering resolution (default 1)")
        p.add_argument("--seed", type=int, help="random seed (default 1): same seed, same result")
        p.add_argument("--top", type=int, help="leading firms listed per cluster (default 5)")
        p.add_argument("--quiet", action="store_true", help="no progress lines")

    example = sub.add_parser("example", help="run the whole job on the bundled example",
                             description="Run the whole job on the bundled example network "
                                         "(300 organisations, 4 clusters, 3 layers).")
    job_options(example)

    analyze = sub.add_parser(
        "analyze", help="run the whole job on your files",
        description="Build the network from your files, find clusters, rank leading firms, "
                    "and write the HTML map, tables, GEXF and a one-page report.")
    analyze.add_argument("--organisations", metavar="FILE",
                         help="organisations table (CSV, TSV, Excel or Parquet)")
    analyze.add_argument("--relations", metavar="FILE", action="append",
                         help="relations table; repeat for several files")
    analyze.add_argument("--layer", metavar="NAME", action="append",
                         help="layer name of each --relations file, in the same order "
                              "(default: the file's layer column, else the file name)")
    analyze.add_argument("--layer-column", metavar="COL",
                         help="column naming each row's layer (default 'layer' if present)")
    analyze.add_argument("--id", metavar="COL", help="organisation id column (default 'id')")
    analyze.add_argument("--source", metavar="COL", action="append",
                         help="relation source column (default 'source'); once for all "
                              "files or once per --relations file")
    analyze.add_argument("--target", metavar="COL", action="append",
                         help="relation target column (default 'target'); as --source")
    analyze.add_argument("--weight", metavar="COL", action="append",
                         help="relation weight column (default 'weight' if present; 'none': "
                              "every row weighs 1); as --source")
    analyze.add_argument("--directed", metavar="LAYER", action="append",
                         help="treat this layer as directed (production and commercial are)")
    analyze.add_argument("--undirected", metavar="LAYER", action="append",
                         help="treat this layer as undirected")
    analyze.add_argument("--region", action="append",
                         help="keep only organisations of this region (repeatable)")
    analyze.add_argument("--drop-unknown", action="store_true",
                         help="drop relations whose ends are not in the organisations file "
                              "(default: stop with an error)")
    analyze.add_argument("--config", metavar="FILE.toml", help="options from a TOML file")
    job_options(analyze)

    info = sub.add_parser("info", help="what is in your files, before a run",
                          description="Rows, columns, layers and problems of each file.")
    info.add_argument("files", nargs="+", metavar="FILE")
    info.add_argument("--id", default="id", metavar="COL")
    info.add_argument("--source", default="source", metavar="COL")
    info.add_argument("--target", default="target", metavar="COL")
    info.add_argument("--weight", default="weight", metavar="COL")
    info.add_argument("--layer-column", metavar="COL")
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "info":
        print(describe_files(args.files, id=args.id, source=args.source, target=args.target,
                             weight=args.weight, layer_column=args.layer_column))
        return EXIT_OK
    progress = Progress(args.quiet)
    if args.command == "example":
        with progress.step("loading the bundled example"):
            net = load_example()
        opts, out = Options(), Path(args.out or "linkages-example")
        for key in ("method", "engine", "resolution", "seed", "top"):
            if getattr(args, key) is not None:
                setattr(opts, key, getattr(args, key))
        title = "linkages report: bundled example"
    else:
        opts, out = options_from(args)
        with progress.step("building the network"):
            net = network_from_files(opts, note=progress.say)
        if opts.regions:
            if "region" not in net.organisations.columns:
                raise InputError(f"organisations file '{opts.organisations}': --region needs "
                                 "a column 'region' (map yours with [columns] region = ... "
                                 "in a config file).")
            net = net.select(region=opts.regions)
        title = f"linkages report: {Path(opts.organisations or 'input').name}"
    job = run_job(net, out, method=opts.method, engine=opts.engine, resolution=opts.resolution,
                  seed=opts.seed, top=opts.top, title=title, progress=progress)
    print(summary_table(job))
    progress.say(f"done: open {out / 'report.html'} and {out / 'map.html'}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``linkages`` command; returns the exit code (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (InputError, FileNotFoundError, pd.errors.ParserError,
            pd.errors.EmptyDataError) as error:
        message = " ".join(str(error).split())
        print(f"linkages: error: {message}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
