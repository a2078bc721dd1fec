"""PL207 empty-dependency-item: an empty element in a `depends_on` list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Edit, Fix, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules import blank, item_removal
from planlint.checks.sections import Section, SectionKind
from planlint.model import Place, Stage, Task


class EmptyDependencyItem(BlockRule):
    code = "PL207"
    name = "empty-dependency-item"
    severity = Severity.WARNING
    summary = "a `depends_on` list has an empty item (`a,,b`, `seed,`, `task:`)"
    why = (
        "An empty item names nothing. It is usually a leftover of an edit, and"
        " sometimes a dependency that was meant to be there and got lost."
    )
    example = (
        '## STAGE ## name="搬数据" mode="serial"\n\n'
        '## TASK ## id="seed"\n导入\n\n'
        '## TASK ## id="copy-users" depends_on="seed,"\n复制用户\n'
    )
    instead = (
        '## STAGE ## name="搬数据" mode="serial"\n\n'
        '## TASK ## id="seed"\n导入\n\n'
        '## TASK ## id="copy-users" depends_on="seed"\n复制用户\n'
    )
    fix_safety = "Safe: removes the empty item and its comma."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage", "task"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        return [
            self._report(block, index)
            for index, dep in enumerate(block.depends_on)
            if blank(dep.ref)
        ]

    def _report(self, block: Stage | Task, index: int) -> Diagnostic:
        attr = block.attrs["depends_on"]
        dep = block.depends_on[index]
        removal = item_removal(attr, [d.ref for d in block.depends_on], index)
        place = dep.place if dep.ref.text else Place(block.document, removal)
        if dep.ref.text:
            message = f"`{dep.ref.text}` names no task; write the id after `task:`"
        else:
            message = "empty item in `depends_on` (a stray comma); remove it"
        edit = Edit(place.path, removal, "")
        return self.diagnostic(
            place, message, fix=Fix("remove the empty item", (edit,))
        )
