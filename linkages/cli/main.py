"""The ``linkages`` command: the whole job for non-programmers.

::

    linkages example --out DIR            # the whole job on the bundled example
    linkages analyze --organisations orgs.csv --relations supply.csv --layer production \\
                     --relations projects.csv --layer scientific --out DIR
    linkages analyze --organisations orgs.csv --two-mode participations.csv \\
                     --organisation-column pic --group-column project --layer scientific ...
    linkages analyze ... --date invoice_date --period year     # clusters over periods
    linkages analyze ... --start start_date --end end_date    # records with a duration
    linkages info orgs.csv supply.csv     # what is in the files, and what is wrong with them

Exit codes: 0 success; 1 ``linkages info`` found problems (those that would stop
``analyze``); 2 an error: bad input, options or output folder, and also an unexpected
failure (one line on stderr naming the file, row, column and value, or the exception's
type; ``LINKAGES_DEBUG=1`` shows the traceback). Rows are counted as in a spreadsheet: the
header is row 1, the first record row 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

from linkages._validation import InputError
from linkages._version import __version__
from linkages.build.periods import FREQUENCIES
from linkages.cli.inputs import (
    UNDATED,
    WEIGHTINGS,
    Options,
    inspect_files,
    network_from_files,
    options_from,
    periods_from_files,
    read_type_map,
    separator,
)
from linkages.cli.job import Progress, check_out, run_job, summary_table
from linkages.datasets import load_example

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
EXIT_INPUT = EXIT_ERROR
#: Errors about the user's files, options or folders: one line, no traceback.
INPUT_ERRORS = (InputError, OSError, UnicodeError, pd.errors.ParserError,
                pd.errors.EmptyDataError, zipfile.BadZipFile)


# -- the command -----------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line: 'linkages: error: ... (see --help)'."""

    def error(self, message: str) -> NoReturn:
        print(f"linkages: error: {' '.join(message.split())} (see '{self.prog} --help')",
              file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


class _InputFile(argparse.Action):
    """--relations / --two-mode: appended, and their order kept for --layer."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), values])
        namespace.input_order = [*(getattr(namespace, "input_order", None) or []), self.dest]


def _reading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sep", metavar="CHAR", help="separator of CSV files: ',' ';' tab '|' "
                   "(or comma, semicolon, tab, pipe; default: guessed and reported)")
    p.add_argument("--encoding", metavar="NAME", help="encoding of CSV files, e.g. utf-8, "
                   "cp1252, latin-1 (default: guessed and reported)")
    p.add_argument("--type-map", metavar="FILE", help="your organisation types -> linkages "
                   "types: a CSV/Excel file with columns value,type or a TOML file with a "
                   "[types] table")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="linkages", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Network analysis of inter-organisational linkages: clusters, leading "
                    "firms, interactive maps.",
        epilog="Run 'linkages COMMAND --help' for the options of a command.")

    parser.add_argument("--version", action="version", version=f"linkages {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def job_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--out", help="output folder (created if needed)")
        p.add_argument("--method", help="clustering method (default leiden)")
        p.add_argument("--engine", help="clustering engine: auto (default: igraph up to "
                       "100,000 ties, networkit above, on one thread so the same seed repeats), "
                       "igraph or networkit")
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
    analyze.add_argument("--relations", metavar="FILE", action=_InputFile,
                         help="relations table; repeat for several files")
    analyze.add_argument("--two-mode", metavar="FILE", action=_InputFile,
                         help="organisation x group records (projects, patents, events): "
                              "one row per participation, projected onto organisation pairs; "
                              "repeatable")
    analyze.add_argument("--layer", metavar="NAME", action="append",
                         help="layer name of each --relations and --two-mode file, in the "
                              "order the files were given (default: the file's layer column, "
                              "else the file name)")
    analyze.add_argument("--organisation-column", metavar="COL", action="append",
                         help="organisation column of the --two-mode files (default "
                              "'organisation'); once for all files or once per file")
    analyze.add_argument("--group-column", metavar="COL", action="append",
                         help="group column (project, patent, event) of the --two-mode files "
                              "(default 'project'); as --organisation-column")
    analyze.add_argument("--weighting", choices=WEIGHTINGS, action="append",
                         help="tie weight of a --two-mode projection: newman (default; each "
                              "group adds 1/(participants - 1)) or count (shared groups); as "
                              "--organisation-column")
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
    analyze.add_argument("--strip-ids", action="store_true",
                         help="strip spaces around ids, counted in the report (default: stop "
                              "with an error naming the row)")
    analyze.add_argument("--weighted", action=argparse.BooleanOptionalAction, default=None,
                         help="clusters on the tie weights (default: every tie counts 1; "
                              "heavy-tailed values can split off small groups)")
    time = analyze.add_argument_group(
        "clusters over time", "with --date (or --start and --end), one network per period "
        "from the same files, clusters tracked across periods (seeded), life-cycle events, "
        "the periods/ tables, figures/alluvial.png and a timeline in the report")
    time.add_argument("--date", metavar="COL", help="column of each record's date (or year) "
                      "in the relations and two-mode files: a record counts in its period")
    time.add_argument("--start", metavar="COL", help="column of each record's first day (or "
                      "year): with --end, a record counts in every period it runs")
    time.add_argument("--end", metavar="COL", help="column of each record's last day (or "
                      "year; empty: its start)")
    time.add_argument("--period", choices=list(FREQUENCIES),
                      help="length of a period (default year)")
    time.add_argument("--undated", choices=list(UNDATED),
                      help="records without a date (or start): stop with an error naming "
                           "the rows (default), or drop them from the periods, counted")
    _reading_options(analyze)
    analyze.add_argument("--config", metavar="FILE.toml", help="options from a TOML file")
    job_options(analyze)

    info = sub.add_parser("info", help="what is in your files, before a run",
                          description="Rows, columns, layers, types and problems of each "
                                      "file. Exit code 0: no problems; 1: problems that "
                                      "would stop 'linkages analyze'; 2: a file cannot be "
                                      "read.")
    info.add_argument("files", nargs="*", metavar="FILE")
    info.add_argument("--two-mode", metavar="FILE", action="append",
                      help="a file of organisation x group records (also recognised without "
                           "this flag when it has the two columns)")
    info.add_argument("--organisation-column", default="organisation", metavar="COL")
    info.add_argument("--group-column", default="project", metavar="COL")
    info.add_argument("--id", default="id", metavar="COL")
    info.add_argument("--source", default="source", metavar="COL")
    info.add_argument("--target", default="target", metavar="COL")
    info.add_argument("--weight", default="weight", metavar="COL")
    info.add_argument("--layer-column", metavar="COL")
    _reading_options(info)
    return parser


def _info(args: argparse.Namespace) -> int:
    if not args.files and not args.two_mode:
        raise InputError("info needs at least one FILE (or --two-mode FILE).")
    sep = separator(args.sep)
    type_map = (read_type_map(args.type_map, sep=sep, encoding=args.encoding)
                if args.type_map else None)
    text, problems = inspect_files(
        args.files, id=args.id, source=args.source, target=args.target, weight=args.weight,
        layer_column=args.layer_column, two_mode=args.two_mode or [],
        organisation=args.organisation_column, group=args.group_column, type_map=type_map,
        sep=sep, encoding=args.encoding)
    print(text)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _run(args: argparse.Namespace) -> int:
    if args.command == "info":
        return _info(args)
    progress = Progress(args.quiet)
    periods = None
    if args.command == "example":
        opts, out = Options(), Path(args.out or "linkages-example")
        check_out(out)
        with progress.step("loading the bundled example"):
            net = load_example()
        for key in ("method", "engine", "resolution", "seed", "top"):
            if getattr(args, key) is not None:
                setattr(opts, key, getattr(args, key))
        title = "linkages report: bundled example"
    else:
        opts, out = options_from(args)
        check_out(out)                          # before the work, not after it
        with progress.step("building the network"):
            net = network_from_files(opts, note=progress.say)
        if opts.regions:
            if "region" not in net.organisations.columns:
                raise InputError(f"organisations file '{opts.organisations}': --region needs "
                                 "a column 'region' (map yours with [columns] region = ... "
                                 "in a config file).")
            net = net.select(region=opts.regions)
        if opts.dated:
            with progress.step(f"building one network per {opts.period}"):
                periods = periods_from_files(opts, net, note=progress.say)
        first = opts.organisations or (opts.two_mode[0].path if opts.two_mode else None)
        title = f"linkages report: {Path(first or 'input').name}"
    job = run_job(net, out, method=opts.method, engine=opts.engine, resolution=opts.resolution,
                  seed=opts.seed, top=opts.top, weighted=opts.weighted, title=title,
                  progress=progress, periods=periods)
    print(summary_table(job))
    progress.say(f"done: open {out / 'report.html'} and {out / 'map.html'}")
    return EXIT_OK


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``linkages`` command; returns the exit code.

    0 success; 1 ``info`` found problems; 2 an error, reported in one line on stderr
    (``linkages: error: ...``): bad input, options or output folder, or an unexpected
    failure (its exception type named; ``LINKAGES_DEBUG=1`` re-raises it with the
    traceback). Warnings become one line each (``linkages: warning: ...``).
    """
    args = _parser().parse_args(argv)
    debug = bool(os.environ.get("LINKAGES_DEBUG"))

    def one_line_warning(message: Any, category: type[Warning], *_: Any, **__: Any) -> None:
        print(f"linkages: warning: {_one_line(str(message))}", file=sys.stderr)

    with warnings.catch_warnings():
        if not debug:
            warnings.showwarning = one_line_warning
        try:
            return _run(args)
        except INPUT_ERRORS as error:
            if debug:
                raise
            message = _one_line(str(error)) or type(error).__name__
            print(f"linkages: error: {message}", file=sys.stderr)
        except MemoryError:
            if debug:
                raise
            print("linkages: error: out of memory; see docs/scale.md for the sizes linkages "
                  "handles and the options that use less memory", file=sys.stderr)
        except Exception as error:                  # the last resort: never a traceback
            if debug:
                raise
            print(f"linkages: error: unexpected {type(error).__name__}: "
                  f"{_one_line(str(error))[:300]} (a bug in linkages, or an input it does "
                  "not handle yet: please report it with the command; LINKAGES_DEBUG=1 "
                  "shows the traceback)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
