"""PL505 elided-task-body: `... (同上结构)` where a task should be written out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.sections import Section
from planlint.model import Place, PlanLine
from planlint.syntax import LineKind, Span

_ELIDED = re.compile(
    r"^\s*(?:\.{3,}|…+|⋯+)"  # a line that starts with an ellipsis
    r"|[(（]\s*(?:其余|其他|剩余|以下|下同)?\s*同上[^)）]*[)）]"
    r"|同上结构|同上格式|结构同上|格式同上|以此类推|依此类推|其余同上|其他同上"
    r"|此处省略|省略若干|其余省略|(?:其余|其他|剩余)[^，,。.]{0,12}(?:略|省略)"
    r"|same as above|and so on\b|omitted for brevity|\(omitted\)",
    re.IGNORECASE,
)

_TEXT = LineKind.TEXT


def _may_elide(text: str) -> bool:
    """A cheap first test (every elision above has one of these), then the regex."""
    if "..." in text or "…" in text or "⋯" in text or "同上" in text:
        return True
    if "类推" in text or "略" in text:
        return True
    lowered = text.lower()
    return "same as" in lowered or "and so on" in lowered or "omitted" in lowered


class ElidedTaskBody(BlockRule):
    code = "PL505"
    name = "elided-task-body"
    severity = Severity.WARNING
    summary = "a task or stage body is elided: `... (同上结构)`, `以此类推`"
    why = (
        "Each task runs as its own agent session that sees only its own text."
        " `同上` refers to a task the agent never sees, and `...` is sent as it"
        " is: the work the author had in mind is simply not there."
    )
    example = "## TASK ## 迁移 billing 路由\n... (同上结构)"
    instead = (
        "## TASK ## 迁移 billing 路由\n把 billing 的处理器改为新接口\n\n"
        "文件: gateway/routes/billing/**/*.go\n验证: go test ./gateway/routes/billing"
    )
    fix_safety = "No fix: the missing text has to be written."

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        found: list[Diagnostic] = []
        marker = section.marked.marker
        span = _in_marker(marker)
        if span is not None:
            found.append(self._report(marker, span))
        for planline in section.body:
            line = planline.line
            if line.kind is _TEXT and _may_elide(line.text):
                span = _elision(line.text, line.span.start)
                if span is not None:
                    found.append(self._report(planline, span))
        return found

    def _report(self, planline: PlanLine, span: Span) -> Diagnostic:
        text = planline.document.text[span.start : span.end]
        shown = text if len(text) <= 30 else text[:29] + "…"
        return self.diagnostic(
            Place(planline.document, span),
            f"`{shown}` stands for text that is not there; the agent sees only"
            " its own task, so write the task out in full",
        )


def _in_marker(planline: PlanLine) -> Span | None:
    marker = planline.line.marker
    if marker is None or marker.rest is None or marker.rest_span is None:
        return None
    if not _may_elide(marker.rest):
        return None
    return _elision(marker.rest, marker.rest_span.start)


def _elision(text: str, start: int) -> Span | None:
    if _ELIDED.search(text) is None:
        return None

    lead = len(text) - len(text.lstrip())
    return Span(start + lead, start + len(text.rstrip()))
