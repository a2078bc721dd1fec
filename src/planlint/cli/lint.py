"""`planlint [PATH ...]`: lint plan files and print what is wrong with them."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from planlint.api import check, plan_from_text
from planlint.checks import Severity
from planlint.cli import (
    EXIT_CLEAN,
    EXIT_INTERNAL,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    report_internal_error,
)
from planlint.cli.discover import STDIN, discover
from planlint.cli.output import FileReport, OutputFormat, write
from planlint.syntax import decode, read_text
from planlint.syntax.speed import paused_gc

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LintOptions:
    """What `planlint [PATH ...]` was asked to do."""

    paths: Sequence[str]
    output_format: OutputFormat = OutputFormat.FULL
    color: bool = False
    fail_on: Severity = Severity.ERROR
    stdin_filename: str | None = None


def lint(options: LintOptions, stdout: TextIO, stderr: TextIO) -> int:
    """Lint every path, print the results, and return the exit code."""
    with paused_gc():  # the GC would walk every model built so far: ~40% of a run
        return _lint_all(options, stdout, stderr)


def _lint_all(options: LintOptions, stdout: TextIO, stderr: TextIO) -> int:
    files = discover(options.paths)
    if not files:
        where = ", ".join(options.paths)
        stderr.write(f"planlint: warning: no plan files found under {where}\n")
    reports: list[FileReport] = []
    status = EXIT_CLEAN
    for path in files:
        report, failure = _lint_file(path, options.stdin_filename, stderr)
        if report is not None:
            reports.append(report)
        status = max(status, failure)

    unchecked = len(files) - len(reports)
    write(reports, options.output_format, stdout, options.color, unchecked)
    return max(status, _verdict(reports, options.fail_on))


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """`--color`: `auto` means a terminal, unless NO_COLOR or FORCE_COLOR say."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def _lint_file(
    path: Path, stdin_filename: str | None, stderr: TextIO
) -> tuple[FileReport | None, int]:
    """The report of one file, or None and the exit code of what went wrong."""
    name = (stdin_filename or STDIN) if str(path) == STDIN else str(path)
    logger.info("linting %s", name)
    try:
        text = _read_stdin() if str(path) == STDIN else read_text(path)[0]
    except OSError as error:
        reason = error.strerror or str(error)
        stderr.write(f"planlint: error: cannot read {name}: {reason}\n")
        return None, EXIT_USAGE

    try:
        return _report(text, name, path_given=name != STDIN), EXIT_CLEAN
    except Exception as error:  # noqa: BLE001 - a bug of ours: lint the others
        report_internal_error(stderr, f"checking {name}", error)
        return None, EXIT_INTERNAL


def _report(text: str, name: str, path_given: bool) -> FileReport:
    started = time.perf_counter()
    plan = plan_from_text(text, name if path_given else None)
    diagnostics = check(plan)
    elapsed = (time.perf_counter() - started) * 1000
    logger.debug("%s: %s diagnostics in %.1f ms", name, len(diagnostics), elapsed)
    return FileReport(name, diagnostics, plan.documents)


def _read_stdin() -> str:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream, as some test harnesses give
        return sys.stdin.read()
    return decode(buffer.read())[0]


def _verdict(reports: Sequence[FileReport], fail_on: Severity) -> int:
    for report in reports:
        if any(d.severity.rank >= fail_on.rank for d in report.diagnostics):
            return EXIT_PROBLEMS
    return EXIT_CLEAN
