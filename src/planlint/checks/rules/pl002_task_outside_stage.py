"""PL002 task-outside-stage: a TASK marker comes before the first STAGE."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.model import Place, Plan, Task


class TaskOutsideStage(Rule):
    code = "PL002"
    name = "task-outside-stage"
    severity = Severity.ERROR
    summary = "a `## TASK ##` marker comes before the first `## STAGE ##`"
    why = (
        "Everything before the first STAGE marker is the header. The popular"
        " runner folded a task there into the header text, so its work never ran"
        " and every other prompt carried it as if it were the project goal."
    )
    example = '# 计划\n\n## TASK ##\n建表\n\n## STAGE ## name="迁移" mode="serial"'
    instead = '# 计划\n\n## STAGE ## name="迁移" mode="serial"\n\n## TASK ##\n建表'
    fix_safety = "No fix: moving the task changes what runs when."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for task in plan.orphan_tasks:
            yield self.diagnostic(_mark_place(task), _message(plan))


def _mark_place(task: Task) -> Place:
    marker = task.marker.line.marker
    assert marker is not None
    return Place(task.document, marker.mark_span)


def _message(plan: Plan) -> str:
    if not plan.stages:
        return (
            'task is not inside any stage; put a `## STAGE ## name="…"'
            ' mode="serial"` line above it'
        )
    first = plan.stages[0].marker.line.number + 1
    return (
        f"task comes before the first `## STAGE ##` (line {first}) and would be"
        " read as header text; move it into a stage"
    )
