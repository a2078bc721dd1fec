"""PL601 parallel-task-without-files: a task of a parallel stage has no `文件:`."""

from __future__ import annotations

from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import StageRule
from planlint.checks.sections import Crew
from planlint.model import Mode, Place, Stage, Task

_PARALLEL = Mode.PARALLEL


def _has_files(task: Task) -> bool:
    """`task.files` is not empty: some `文件:` line has an item."""
    return any(f.name == "files" and f.items for f in task.fields)


class ParallelTaskWithoutFiles(StageRule):
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

    def check_stage(self, crew: Crew) -> Iterable[Diagnostic]:
        stage = crew.stage
        if stage is None or stage.mode is not _PARALLEL or len(stage.tasks) < 2:
            return ()
        return [self._report(stage, t) for t in stage.tasks if not _has_files(t)]

    def _report(self, stage: Stage, task: Task) -> Diagnostic:
        marker = task.marker.line.marker
        assert marker is not None
        return self.diagnostic(
            Place(task.document, marker.mark_span),
            f"task `{task.key}` in parallel {stage.label} has no `文件:` scope, so"
            " overlaps with the other tasks cannot be detected; add `文件:` with"
            " the paths it changes",
        )
