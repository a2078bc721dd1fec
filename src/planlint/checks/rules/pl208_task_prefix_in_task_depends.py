"""PL208 task-prefix-in-task-depends: `task:` inside a TASK `depends_on`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.sections import Section, SectionKind
from planlint.model import Dependency, RefKind

_TASK = RefKind.TASK


class TaskPrefixInTaskDepends(BlockRule):
    code = "PL208"
    name = "task-prefix-in-task-depends"
    severity = Severity.WARNING
    summary = "a TASK `depends_on` item is written `task:ID` instead of `ID`"
    why = (
        "The `task:` prefix is STAGE syntax, where it tells tasks from `stage:N`."
        " A TASK's `depends_on` lists task ids only; the prefix is tolerated and"
        " ignored, but other runners read `task:seed` as an id that does not exist."
    )
    example = (
        '## STAGE ## name="搬数据" mode="serial"\n\n'
        '## TASK ## id="seed"\n导入\n\n'
        '## TASK ## id="copy-roles" depends_on="task:seed"\n复制角色\n'
    )
    instead = (
        '## STAGE ## name="搬数据" mode="serial"\n\n'
        '## TASK ## id="seed"\n导入\n\n'
        '## TASK ## id="copy-roles" depends_on="seed"\n复制角色\n'
    )
    fix_safety = "Safe: removes the prefix; the dependency means the same."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        return [
            self._report(dep)
            for dep in section.task.depends_on
            if dep.ref.kind is _TASK and dep.ref.prefixed and dep.ref.name
        ]

    def _report(self, dep: Dependency) -> Diagnostic:
        name = dep.ref.name
        return self.diagnostic(
            dep.place,
            f"`task:` is STAGE syntax; in a TASK `depends_on` write the id alone:"
            f" `{name}`",
            fix=replace(dep.place, name, f"write `{name}`"),
        )
