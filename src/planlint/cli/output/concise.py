"""`--output-format concise`: one `path:line:col: CODE [rule] message` a line."""

from __future__ import annotations

from collections.abc import Sequence

from planlint.checks import Diagnostic
from planlint.cli.output import FileReport, printable, summary


def header(diagnostic: Diagnostic) -> str:
    """`path:line:col: CODE [rule] message`, 1-based, columns in characters."""
    location = diagnostic.location
    start = location.start
    return printable(
        f"{location.path}:{start.line + 1}:{start.column + 1}:"
        f" {diagnostic.code} [{diagnostic.rule}] {diagnostic.message}"
    )


def render(reports: Sequence[FileReport], unchecked: int = 0) -> str:
    """Every diagnostic on its own line, then the summary line."""
    lines = [header(d) for report in reports for d in report.diagnostics]
    return "".join(f"{line}\n" for line in [*lines, summary(reports, unchecked)])
