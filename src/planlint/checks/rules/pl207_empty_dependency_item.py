"""PL207 empty-dependency-item: an empty element in a `depends_on` list."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Edit, Fix, Severity
from planlint.checks.rule import Rule
from planlint.checks.rules import blank, item_removal
from planlint.model import Place, Plan, Stage, Task


class EmptyDependencyItem(Rule):
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

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        blocks: list[Stage | Task] = [*plan.stages, *plan.tasks()]
        for block in blocks:
            refs = [dep.ref for dep in block.depends_on]
            for index, ref in enumerate(refs):
                if blank(ref):
                    yield self._report(block, index)

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
