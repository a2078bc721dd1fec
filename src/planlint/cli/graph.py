"""`planlint graph PLAN`: print the dependency graph as Mermaid, DOT or JSON."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import TextIO

from planlint.api import load
from planlint.cli import EXIT_CLEAN, EXIT_USAGE
from planlint.executor.drawing import FORMATS, draw


def main(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Draw the plan's graph on stdout; an invalid plan is drawn all the same."""
    args = _parse(list(argv), stdout, stderr)
    if isinstance(args, int):
        return args
    try:
        plan = load(args.plan)
    except OSError as error:
        stderr.write(
            f"planlint graph: cannot read {args.plan}: {error.strerror or error}\n"
        )
        return EXIT_USAGE
    stdout.write(draw(plan, args.format))
    return EXIT_CLEAN


def _parse(argv: list[str], stdout: TextIO, stderr: TextIO) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(
        prog="planlint graph",
        description="Print a plan's dependency graph, tasks grouped by stage."
        " Edges go from what is needed to what needs it; edges on a cycle are"
        " marked, so an invalid plan can be drawn too.",
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file")
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default="mermaid",
        help="mermaid (default), dot (Graphviz) or json",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log what planlint does to stderr (-vv: debug)",
    )
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            return parser.parse_args(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE
