"""`--output-format concise`: one `path:line:col: CODE [rule] message` a line."""

from __future__ import annotations

from collections.abc import Sequence

from planlint.checks import Diagnostic
from planlint.cli.output import FileReport, printable, summary, where


def header(diagnostic: Diagnostic) -> str:
    """`path:line:col: CODE [rule] message`, 1-based, columns in characters."""
    return printable(
        f"{where(diagnostic.location)}: {diagnostic.code} [{diagnostic.rule}]"
        f" {diagnostic.message}"
    )


def render(reports: Sequence[FileReport], unchecked: int = 0) -> str:
    """Every diagnostic on its own line, then the summary line."""
    lines = [header(d) for report in reports for d in report.diagnostics]
    return "".join(f"{line}\n" for line in [*lines, summary(reports, unchecked)])
