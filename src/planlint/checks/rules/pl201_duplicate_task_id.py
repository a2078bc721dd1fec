"""PL201 duplicate-task-id: two tasks share an `id`.

An explicit id also clashes with the derived id `s<stage>.t<task>` of a task
without `id` (FORMAT.md §4): both would share one run state and log.
"""

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
        " and a resumed run cannot tell which of them already succeeded. An"
        " explicit id such as `s1.t2` also clashes with the derived id of the"
        " second task of stage 1 when that task has no `id`."
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
        yield from self._derived_clashes(plan)

    def _derived_clashes(self, plan: Plan) -> Iterator[Diagnostic]:
        anonymous = {
            task.derived_id: task
            for task in [*plan.orphan_tasks, *plan.tasks()]
            if task.explicit_id is None
        }
        if not anonymous:
            return
        for name, tasks in plan.tasks_by_id.items():
            other = anonymous.get(name)
            if other is not None:
                yield self._report_derived(tasks[0], other, plan)

    def _report_derived(self, task: Task, other: Task, plan: Plan) -> Diagnostic:
        place = task.attr_place("id")
        name = task.explicit_id
        return self.diagnostic(
            place,
            f"task id `{name}` is also the derived id of the task without `id`"
            f" at {where(other.place, place)}; the two would share run state and"
            f" logs: give this task another id, for example `{_free_id(task, plan)}`",
            related=[(other.place, f"this task's derived id is `{name}`")],
        )

    def _report(self, task: Task, first: Task) -> Diagnostic:
        place, earlier = task.attr_place("id"), first.attr_place("id")
        name = task.explicit_id
        return self.diagnostic(
            place,
            f"task id `{name}` is already used by the task at {where(earlier, place)};"
            " give this task an id of its own",
            related=[(earlier, f"`{name}` is first defined here")],
        )


def _free_id(task: Task, plan: Plan) -> str:
    """An id in the derived id's spirit that is neither used nor derived."""
    stage = task.stage.number if task.stage is not None else 0
    base = f"stage{stage}-task{task.number}"
    candidate, n = base, 1
    while candidate in plan.tasks_by_id:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
