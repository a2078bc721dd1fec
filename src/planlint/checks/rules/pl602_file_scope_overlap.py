"""PL602 file-scope-overlap: two tasks of a parallel stage may touch one path."""

from __future__ import annotations

from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import StageRule
from planlint.checks.rules import where
from planlint.checks.sections import Crew
from planlint.model import Mode, Place, Task
from planlint.model.scopes import Conflict, Scope, conflicts
from planlint.syntax import Span

_PARALLEL = Mode.PARALLEL


class FileScopeOverlap(StageRule):
    code = "PL602"
    name = "file-scope-overlap"
    severity = Severity.INFO
    summary = "two tasks of a parallel stage have overlapping `文件:` scopes"
    why = (
        "Two agents editing the same file at once overwrite each other's work."
        " planlint never runs overlapping tasks at the same time, so the stage"
        " runs slower than its `max_workers` suggests. Scopes overlap when a path"
        " could be in both: the same path, a directory or `**` glob over the"
        " other's path, or two globs that can match one name; an `排除:` helps"
        " only when one exclude covers the whole overlap. A name a pattern"
        " matches may be a directory, so `src/*` also covers `src/lib/a.ts`."
    )
    example = (
        '## STAGE ## name="文案" mode="parallel"\n\n'
        "## TASK ##\n整理多语言文案目录结构\n文件: web/src/i18n/\n\n"
        "## TASK ##\n补齐简体中文缺失的文案\n文件: web/src/i18n/zh-CN.json\n"
    )
    instead = (
        '## STAGE ## name="文案" mode="parallel"\n\n'
        "## TASK ##\n整理多语言文案目录结构\n文件: web/src/i18n/\n排除: web/src/i18n/zh-CN.json\n\n"
        "## TASK ##\n补齐简体中文缺失的文案\n文件: web/src/i18n/zh-CN.json\n"
    )
    fix_safety = "No fix: the overlap may be intended; it only costs parallelism."

    def check_stage(self, crew: Crew) -> Iterable[Diagnostic]:
        stage = crew.stage
        if stage is None or stage.mode is not _PARALLEL or len(stage.tasks) < 2:
            return ()
        scopes = [_scope(task) for task in stage.tasks]
        return [self._report(stage.tasks, c) for c in conflicts(scopes)]

    def _report(self, tasks: list[Task], conflict: Conflict) -> Diagnostic:
        earlier, task = tasks[conflict.first], tasks[conflict.second]
        place = _item_place(task, conflict.second_pattern)
        other = _item_place(earlier, conflict.first_pattern)
        return self.diagnostic(
            place,
            f"file scope overlaps task `{earlier.key}` at {where(other, place)}:"
            f" {conflict.witness}; the two will not run at the same time",
            related=[(other, f"`{earlier.key}` claims `{conflict.first_pattern}`")],
        )


def _scope(task: Task) -> Scope:
    """`Scope.of(task)`, read in one pass over the task's fields."""
    files: list[str] = []
    excludes: list[str] = []
    for field in task.fields:
        name = field.name
        if name == "files":
            files.extend(field.items)
        elif name == "exclude":
            excludes.extend(field.items)
    return Scope(tuple(files), tuple(excludes))


def _item_place(task: Task, pattern: str) -> Place:
    """Where `pattern` is written in the task's `文件:` lines."""
    for field in task.field_values("files"):
        start = field.value_place.span.start
        for raw in field.value.split(","):
            if raw.strip() == pattern:
                lead = start + len(raw) - len(raw.lstrip())
                return Place(field.source.document, Span(lead, lead + len(pattern)))
            start += len(raw) + 1
    return task.place
