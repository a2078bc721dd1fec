"""`--output-format gitlab`: a GitLab Code Quality report (a JSON array).

Each issue has `description`, `check_name`, `fingerprint`, `severity` and
`location.path`/`location.lines`; the path is relative to the current
directory (the checkout, in a CI job) when it lies inside it. The fingerprint
hashes that path, the rule, the text of the flagged line and of the flagged
span, never a line number or the message (which may quote one, as PL201's
"the task at line 13" does), so an issue keeps its identity when lines move;
issues alike in all of these are told apart by their order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from planlint.checks import Diagnostic, Severity
from planlint.cli.output import FileReport, from_here
from planlint.cli.output.json_format import dumps
from planlint.syntax import encode

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(reports: Sequence[FileReport]) -> str:
    """The Code Quality report of `reports`, with a trailing newline."""
    seen: Counter[str] = Counter()
    issues = []
    for report in reports:
        for diagnostic in report.diagnostics:
            key = _identity(diagnostic, report)
            seen[key] += 1
            issues.append(_issue(diagnostic, _fingerprint(key, seen[key])))
    return dumps(issues, indent=2) + "\n"


def _identity(diagnostic: Diagnostic, report: FileReport) -> str:
    location = diagnostic.location
    start, end = location.start, location.end
    line = report.line_text(location.path, start.line) or ""
    stop = end.column if end.line == start.line else len(line)
    flagged = line[start.column : stop]
    parts = (from_here(location.path), diagnostic.code, line.strip(), flagged)
    return "\0".join(parts)


def _fingerprint(identity: str, occurrence: int) -> str:
    data = encode(f"{identity}\0{occurrence}")
    return hashlib.sha256(data).hexdigest()


def _issue(diagnostic: Diagnostic, fingerprint: str) -> dict[str, Any]:
    location = diagnostic.location
    lines = {"begin": location.start.line + 1, "end": location.end.line + 1}
    return {
        "type": "issue",
        "description": f"{diagnostic.code} {diagnostic.message}",
        "check_name": f"{diagnostic.code} {diagnostic.rule}",
        "categories": [
            "Bug Risk" if diagnostic.severity is Severity.ERROR else "Style"
        ],
        "fingerprint": fingerprint,
        "severity": _SEVERITY[diagnostic.severity],
        "location": {"path": from_here(location.path), "lines": lines},
    }
