"""`--output-format json`: every diagnostic as data, for editors and CI.

Lines and columns are 1-based and columns count characters (code points).
`end_line`/`end_column` name the first character after the span, so a span
of one character at column 5 has `end_column` 6. Fix edits also carry
`offset`/`end_offset`, 0-based code-point offsets into the file's text, which
is the only way to address a leading BOM (it is not a character of line 1).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from planlint.checks import Diagnostic, Edit, Fix, Location, Related
from planlint.cli.output import FileReport, without_surrogates

VERSION = 1


def render(reports: Sequence[FileReport]) -> str:
    """The JSON document for `reports`, with a trailing newline."""
    diagnostics = [diagnostic_data(d, r) for r in reports for d in r.diagnostics]
    document = {"version": VERSION, "diagnostics": diagnostics}
    return dumps(document, indent=2) + "\n"


def dumps(data: object, indent: int | None = None) -> str:
    """JSON text of `data`, non-ASCII kept readable, surrogates as U+FFFD."""
    # Bytes that were not UTF-8 survive as lone surrogates; no encoder takes them.
    return without_surrogates(json.dumps(data, ensure_ascii=False, indent=indent))


def diagnostic_data(diagnostic: Diagnostic, report: FileReport) -> dict[str, Any]:
    """One diagnostic as the `json` and `json-lines` formats give it."""
    return {
        **_range(diagnostic.location),
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "rule": diagnostic.rule,
        "message": diagnostic.message,
        "related": [_related(r) for r in diagnostic.related],
        "fix": _fix(diagnostic.fix, report) if diagnostic.fix else None,
    }


def _range(location: Location) -> dict[str, Any]:
    start, end = location.start, location.end
    return {
        "path": location.path,
        "line": start.line + 1,
        "column": start.column + 1,
        "end_line": end.line + 1,
        "end_column": end.column + 1,
    }


def _related(related: Related) -> dict[str, Any]:
    start = related.location.start
    return {
        "path": related.location.path,
        "line": start.line + 1,
        "column": start.column + 1,
        "message": related.message,
    }


def _fix(fix: Fix, report: FileReport) -> dict[str, Any]:
    edits = [_edit(edit, report) for edit in fix.edits]
    return {"title": fix.title, "safe": fix.safe, "edits": edits}


def _edit(edit: Edit, report: FileReport) -> dict[str, Any]:
    start = report.position(edit.path, edit.span.start)
    end = report.position(edit.path, edit.span.end)
    if start is None or end is None:
        raise LookupError(f"fix edits {edit.path}, which the plan did not read")
    return {
        "path": edit.path,
        "line": start.line + 1,
        "column": start.column + 1,
        "end_line": end.line + 1,
        "end_column": end.column + 1,
        "offset": edit.span.start,
        "end_offset": edit.span.end,
        "text": edit.text,
    }
