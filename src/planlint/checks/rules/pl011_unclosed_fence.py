"""PL011 unclosed-fence: a fenced code block runs to the end of the file."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.model import Place, Plan
from planlint.syntax import LineKind, Span
from planlint.syntax.fences import hidden_markers, is_closed, opening_run


class UnclosedFence(Rule):
    code = "PL011"
    name = "unclosed-fence"
    severity = Severity.WARNING
    summary = "a fenced code block is never closed, so it runs to the end of the file"
    why = (
        "Inside a fence nothing is a marker, field or include: every STAGE and"
        " TASK after an unclosed fence silently becomes code, and the plan runs"
        " without them. planfmt refuses such a file for the same reason."
    )
    example = (
        '## TASK ## id="docs"\n写示例\n\n````md\n## TASK ## id="例子"\n```\n\n'
        '## TASK ## id="publish"\n执行: make publish'
    )
    instead = (
        '## TASK ## id="docs"\n写示例\n\n````md\n## TASK ## id="例子"\n````\n\n'
        '## TASK ## id="publish"\n执行: make publish'
    )
    fix_safety = "No fix: only the author knows where the code was meant to end."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for document in plan.documents.values():
            text = document.text
            if "```" not in text and "~~~" not in text:
                continue  # no fence can open: one scan at C speed
            for line in document.lines:
                if line.kind is LineKind.FENCE and not is_closed(line.text):
                    yield self._report(Place(document, line.span), line.text)

    def _report(self, place: Place, fence: str) -> Diagnostic:
        run = opening_run(fence)
        first_line = fence.splitlines()[0] if fence else ""
        start = place.span.start
        hidden = hidden_markers(fence)
        what = (
            f"{hidden} marker(s) after it are ignored"
            if hidden
            else "nothing after it is read as plan"
        )
        message = (
            f"code fence {run} is never closed: {what}; close it with a line of {run}"
        )
        return self.diagnostic(
            Place(place.document, Span(start, start + len(first_line))), message
        )
