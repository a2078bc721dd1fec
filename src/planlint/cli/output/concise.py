"""`--output-format concise`: one `path:line:col: CODE [rule] message` a line."""

from __future__ import annotations

from collections.abc import Sequence

from planlint.checks import Diagnostic, Severity
from planlint.cli.output import FileReport, printable, summary, where

# SGR colours, as the code frames use them: the place bold, the code by severity.
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_SEVERITY = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;34m",
}


def header(diagnostic: Diagnostic, color: bool = False) -> str:
    """`path:line:col: CODE [rule] message`, 1-based, columns in characters."""
    place = printable(where(diagnostic.location))
    code, rule = diagnostic.code, f"[{diagnostic.rule}]"
    message = printable(diagnostic.message)
    if color:
        place = f"{_BOLD}{place}{_RESET}"
        code = f"{_SEVERITY[diagnostic.severity]}{code}{_RESET}"
        rule = f"{_DIM}{rule}{_RESET}"
    return f"{place}: {code} {rule} {message}"


def render(
    reports: Sequence[FileReport], unchecked: int = 0, color: bool = False
) -> str:
    """Every diagnostic on its own line, then the summary line."""
    lines = [header(d, color) for report in reports for d in report.diagnostics]
    return "".join(f"{line}\n" for line in [*lines, summary(reports, unchecked)])
