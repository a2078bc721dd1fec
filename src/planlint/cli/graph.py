"""`planlint graph PLAN`: print the dependency graph as Mermaid, DOT or JSON."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import TextIO

from planlint.api import load
from planlint.cli import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE
from planlint.executor.drawing import FORMATS, draw
from planlint.executor.words import counted


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

    if not plan.stages and not plan.orphan_tasks:
        stderr.write(
            f"planlint graph: {args.plan} has no `## STAGE ##` and no `## TASK ##`"
            " blocks: nothing to draw\n"
        )
        return EXIT_PROBLEMS
    if plan.orphan_tasks:
        stderr.write(_outside_note(args.plan, len(plan.orphan_tasks)))
    stdout.write(draw(plan, args.format))
    return EXIT_CLEAN


def _outside_note(path: str, count: int) -> str:
    return (
        f"planlint graph: note: {path} has {counted(count, 'task')} before the"
        " first `## STAGE ##`, drawn outside the stages: a task outside a stage"
        " never runs (PL002)\n"
    )


def _parse(argv: list[str], stdout: TextIO, stderr: TextIO) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(
        prog="planlint graph",
        description="Print a plan's dependency graph, tasks grouped by stage."
        " Edges go from what is needed to what needs it; edges on a cycle are"
        " marked, so an invalid plan can be drawn too.",
        epilog="exit status: 0 drawn, 1 the plan has neither stages nor tasks"
        " (nothing to draw), 2 the command line is wrong or PLAN cannot be read.",
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
