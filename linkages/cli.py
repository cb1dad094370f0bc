"""The ``linkages`` command: the whole job for non-programmers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._validation import InputError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``linkages`` command; returns the exit code (0 ok, 2 bad input)."""
    parser = argparse.ArgumentParser(prog="linkages", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    example = sub.add_parser("example", help="run the whole job on the bundled example")
    example.add_argument("--out", default="linkages-example", help="output folder")
    args = parser.parse_args(argv)
    try:
        if args.command == "example":
            from .datasets import load_example
            net = load_example()
            print(net)
            print(net.summary().to_string())
            print(net.report)
    except InputError as error:
        print(f"linkages: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
