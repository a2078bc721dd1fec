"""`--statistics`: how often each rule fired, most frequent first, as ruff does.

Text: one aligned line per rule, `COUNT  CODE  [*] name`, where `[*]` marks a
rule whose findings `planlint --fix` can repair. With `--output-format json`
(or any data format), a JSON array of `{code, name, count, fixable}`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from planlint.checks import Diagnostic
from planlint.cli.output import FileReport
from planlint.cli.output.json_format import dumps


def render(reports: Sequence[FileReport], as_data: bool) -> str:
    """The statistics of `reports`, as text or as JSON."""
    rows = _rows([d for report in reports for d in report.diagnostics])
    if as_data:
        return dumps(rows, indent=2) + "\n"
    return _text(rows)


def _rows(diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.rule for d in diagnostics}
    fixable = {d.code for d in diagnostics if d.fix is not None and d.fix.safe}
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    return [
        {
            "code": code,
            "name": names[code],
            "count": counts[code],
            "fixable": code in fixable,
        }
        for code in ordered
    ]


def _text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No problems found.\n"

    width = len(str(rows[0]["count"]))
    lines = [
        f"{row['count']:>{width}}  {row['code']}  "
        f"{'[*]' if row['fixable'] else '   '} {row['name']}"
        for row in rows
    ]
    total = sum(row["count"] for row in rows)
    lines.append(f"Found {total} problem{'' if total == 1 else 's'}.")
    if any(row["fixable"] for row in rows):
        lines.append("[*] fixable with `planlint --fix`")
    return "\n".join(lines) + "\n"
