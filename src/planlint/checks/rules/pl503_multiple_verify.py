"""PL503 multiple-verify: a task with more than one `验证:` line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.sections import Section, SectionKind
from planlint.model import Field, Place, Task


def key_place(field: Field) -> Place:
    syntax = field.source.line.field
    assert syntax is not None
    return Place(field.source.document, syntax.key_span)


class MultipleVerify(BlockRule):
    code = "PL503"
    name = "multiple-verify"
    severity = Severity.WARNING
    summary = "a task has more than one `验证:` line"
    why = (
        "planlint runs every `验证:` in order and the task succeeds only if all"
        " pass, but the popular runner kept only the last one. A second line is"
        " often a leftover from copying a task."
    )
    example = "## TASK ## 打包\n验证: npm run build\n验证: npm test"
    instead = "## TASK ## 打包\n验证: npm run build && npm test"
    fix_safety = "No fix: joining or dropping commands is the author's call."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task", "orphan"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        task = section.task
        verify = task.verify
        if len(verify) < 2:
            return ()
        return self._extra(task, verify)

    def _extra(self, task: Task, verify: list[Field]) -> Iterator[Diagnostic]:
        first = verify[0]
        line = first.source.line.number + 1
        for extra in verify[1:]:
            yield self.diagnostic(
                key_place(extra),
                f"task `{task.key}` has another `验证:` (first at line {line});"
                " both run in order; join them with `&&` or keep one",
                related=[(key_place(first), "first `验证:` of the task")],
            )
