"""PL203 self-dependency: a task or a stage depends on itself."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules import stage_number
from planlint.checks.sections import Section, SectionKind
from planlint.model import RefKind, Stage, Task


class SelfDependency(BlockRule):
    code = "PL203"
    name = "self-dependency"
    severity = Severity.ERROR
    summary = "a task or stage lists itself in its own `depends_on`"
    why = (
        "A task cannot succeed before it has run, so a dependency on itself can"
        " never be met: the task, and everything that needs it, would never run."
    )
    example = (
        '## STAGE ## name="核对" mode="serial"\n\n'
        '## TASK ## id="copy-users"\n复制用户\n\n'
        '## TASK ## id="report" depends_on="copy-users,report"\n生成核对报告\n'
    )
    instead = (
        '## STAGE ## name="核对" mode="serial"\n\n'
        '## TASK ## id="copy-users"\n复制用户\n\n'
        '## TASK ## id="report" depends_on="copy-users"\n生成核对报告\n'
    )
    fix_safety = "No fix: the author may have meant another task or stage."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage", "task"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        if not block.depends_on:
            return ()
        if isinstance(block, Stage):
            return self._stage(block)
        return self._task(block)

    def _stage(self, stage: Stage) -> Iterator[Diagnostic]:
        for dep in stage.depends_on:
            if stage_number(dep.ref) == stage.number:
                yield self.diagnostic(
                    dep.place,
                    f"{stage.label} depends on itself (`{dep.ref.text}`); a stage"
                    " can only depend on earlier stages, so remove it",
                )

    def _task(self, task: Task) -> Iterator[Diagnostic]:
        for dep in task.depends_on:
            ref = dep.ref
            if ref.kind is RefKind.TASK and ref.name and ref.name == task.explicit_id:
                yield self.diagnostic(
                    dep.place,
                    f"task `{task.key}` depends on itself; remove `{ref.text}`"
                    " from its `depends_on`",
                )
