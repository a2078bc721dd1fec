"""PL601 parallel-task-without-files: a task of a parallel stage has no `文件:`."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.model import Mode, Place, Plan, Stage, Task


class ParallelTaskWithoutFiles(Rule):
    code = "PL601"
    name = "parallel-task-without-files"
    severity = Severity.WARNING
    summary = "a task in a parallel stage has no `文件:` scope"
    why = (
        "Tasks of a parallel stage run at the same time unless their file scopes"
        " overlap. A task without `文件:` cannot be checked, so it may run next"
        " to a task that edits the same files. A parallel stage with a single"
        " task is not reported: nothing runs beside it."
    )
    example = (
        '## STAGE ## name="页面改造" mode="parallel"\n\n'
        "## TASK ##\n购物车页面改用新的价格组件\n文件: web/src/pages/cart/\n\n"
        "## TASK ##\n检查页面埋点命名\n"
    )
    instead = (
        '## STAGE ## name="页面改造" mode="parallel"\n\n'
        "## TASK ##\n购物车页面改用新的价格组件\n文件: web/src/pages/cart/\n\n"
        "## TASK ##\n检查页面埋点命名\n文件: reports/tracking.md\n"
    )
    fix_safety = "No fix: only the author knows which files the task changes."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for stage in plan.stages:
            if stage.mode is Mode.PARALLEL and len(stage.tasks) > 1:
                for task in stage.tasks:
                    if not task.files:
                        yield self._report(stage, task)

    def _report(self, stage: Stage, task: Task) -> Diagnostic:
        marker = task.marker.line.marker
        assert marker is not None
        return self.diagnostic(
            Place(task.document, marker.mark_span),
            f"task `{task.key}` in parallel {stage.label} has no `文件:` scope, so"
            " overlaps with the other tasks cannot be detected; add `文件:` with"
            " the paths it changes",
        )
