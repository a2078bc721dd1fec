"""`--output-format github`: workflow commands that GitHub shows as annotations.

`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE rule::message`,
one a line; info becomes `notice`. `file` is relative to the current
directory (the checkout) when the path lies inside it. Chosen by default when `GITHUB_ACTIONS` is
`true`. Values are escaped as the runner expects (`%`, CR, LF, and in
properties also `:` and `,`).
"""

from __future__ import annotations

from collections.abc import Sequence

from planlint.checks import Diagnostic, Severity
from planlint.cli.output import FileReport, from_here, without_surrogates

_COMMAND = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans(
    {"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"}
)


def render(reports: Sequence[FileReport]) -> str:
    """One workflow command per diagnostic."""
    lines = [_command(d) for report in reports for d in report.diagnostics]
    return "".join(f"{line}\n" for line in lines)


def _command(diagnostic: Diagnostic) -> str:
    start, end = diagnostic.location.start, diagnostic.location.end
    properties = {
        "file": from_here(diagnostic.location.path),
        "line": start.line + 1,
        "col": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
        "title": f"{diagnostic.code} {diagnostic.rule}",
    }
    pairs = ",".join(f"{k}={_escape(str(v), _PROPERTY)}" for k, v in properties.items())
    message = _escape(diagnostic.message, _DATA)
    return f"::{_COMMAND[diagnostic.severity]} {pairs}::{message}"


def _escape(text: str, table: dict[int, str]) -> str:
    return without_surrogates(text).translate(table)
