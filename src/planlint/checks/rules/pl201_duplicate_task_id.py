"""PL201 duplicate-task-id: two tasks share an `id`."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.rules import where
from planlint.model import Plan, Task


class DuplicateTaskId(Rule):
    code = "PL201"
    name = "duplicate-task-id"
    severity = Severity.ERROR
    summary = "two tasks share an `id`"
    why = (
        "Ids are how dependencies, the run state and reports name a task. With"
        " two tasks behind one id, `depends_on` cannot say which one it means"
        " and a resumed run cannot tell which of them already succeeded."
    )
    example = (
        '## STAGE ## name="迁移" mode="serial"\n\n'
        '## TASK ## id="migrate"\n转换配置格式\n\n'
        '## TASK ## id="migrate"\n写入预发命名空间\n'
    )
    instead = (
        '## STAGE ## name="迁移" mode="serial"\n\n'
        '## TASK ## id="convert"\n转换配置格式\n\n'
        '## TASK ## id="push-staging"\n写入预发命名空间\n'
    )
    fix_safety = "No fix: only the author knows which task should be renamed."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for tasks in plan.tasks_by_id.values():
            for task in tasks[1:]:
                yield self._report(task, tasks[0])

    def _report(self, task: Task, first: Task) -> Diagnostic:
        place, earlier = task.attr_place("id"), first.attr_place("id")
        name = task.explicit_id
        return self.diagnostic(
            place,
            f"task id `{name}` is already used by the task at {where(earlier, place)};"
            " give this task an id of its own",
            related=[(earlier, f"`{name}` is first defined here")],
        )
