"""PL007 legacy-task-marker: `## TASK:` or `## TASK ##:` instead of `## TASK ##`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Fix, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.sections import Section, SectionKind
from planlint.model import Place, Task
from planlint.syntax import MarkerStyle, Span

_LEGACY = MarkerStyle.LEGACY


def canonical(task: Task, title: str) -> tuple[str, Fix]:
    """The line as `## TASK ## …`, and the fix that rewrites its marker to it."""
    line = task.marker.line
    marker = line.marker
    assert marker is not None
    text = task.document.text
    end = marker.mark_span.end
    while end < line.span.end and text[end] in " \t":
        end += 1
    follows = end < line.span.end
    new_mark = "## TASK ## " if follows else "## TASK ##"
    place = Place(task.document, Span(marker.mark_span.start, end))
    fixed = new_mark + text[end : line.span.end]
    return fixed, replace(place, new_mark, title)


def shown(line: str) -> str:
    return line if len(line) <= 40 else line[:39] + "…"


class LegacyTaskMarker(BlockRule):
    code = "PL007"
    name = "legacy-task-marker"
    severity = Severity.WARNING
    summary = "a task starts with the legacy `## TASK:` or `## TASK ##:` marker"
    why = (
        "Runners before 2025-11-26 did not recognise these spellings, so on them"
        " the task silently became text of the task above. `## TASK ##` is read"
        " the same way everywhere."
    )
    example = "## TASK: 统一日志输出格式"
    instead = "## TASK ## 统一日志输出格式"
    fix_safety = "Safe: rewrites the marker to `## TASK ##`, keeping an inline title."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task", "orphan"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        task = section.task
        marker = task.marker.line.marker
        assert marker is not None
        if marker.style is not _LEGACY:
            return ()
        fixed, fix = canonical(task, "rewrite as `## TASK ##`")
        message = f"`{marker.spelling}` is a legacy task marker; write `{shown(fixed)}`"
        return [
            self.diagnostic(Place(task.document, marker.mark_span), message, fix=fix)
        ]
