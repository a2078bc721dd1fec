"""PL212 duplicate-dependency: the same item twice in one `depends_on`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Edit, Fix, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules import blank, item_removal, stage_number
from planlint.checks.sections import Section, SectionKind
from planlint.model import Dependency, RefKind, Stage, Task


class DuplicateDependency(BlockRule):
    code = "PL212"
    name = "duplicate-dependency"
    severity = Severity.WARNING
    summary = "one `depends_on` list names the same task or stage twice"
    why = (
        "A repeated item adds nothing, and it often hides a typo: the author"
        " meant to list another task and copied the wrong id."
    )
    example = (
        '## STAGE ## name="核对" mode="serial"\n\n'
        '## TASK ## id="copy-users"\n复制用户\n\n'
        '## TASK ## id="copy-roles"\n复制角色\n\n'
        '## TASK ## id="report" depends_on="copy-users,copy-roles,copy-users"\n报告\n'
    )
    instead = (
        '## STAGE ## name="核对" mode="serial"\n\n'
        '## TASK ## id="copy-users"\n复制用户\n\n'
        '## TASK ## id="copy-roles"\n复制角色\n\n'
        '## TASK ## id="report" depends_on="copy-users,copy-roles"\n报告\n'
    )
    fix_safety = "Safe: removes the repeated item and its comma."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage", "task"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        if len(block.depends_on) < 2:
            return ()
        return self._repeats(block)

    def _repeats(self, block: Stage | Task) -> Iterator[Diagnostic]:
        first: dict[tuple[str, str], Dependency] = {}
        for index, dep in enumerate(block.depends_on):
            key = _key(dep)
            if key is None:
                continue
            earlier = first.setdefault(key, dep)
            if earlier is not dep:
                yield self._report(block, index, earlier)

    def _report(
        self, block: Stage | Task, index: int, earlier: Dependency
    ) -> Diagnostic:
        dep = block.depends_on[index]
        refs = [d.ref for d in block.depends_on]
        removal = item_removal(block.attrs["depends_on"], refs, index)
        edit = Edit(dep.place.path, removal, "")
        return self.diagnostic(
            dep.place,
            f"`{dep.ref.text}` is already listed as `{earlier.ref.text}` in this"
            " `depends_on`; remove the repeat",
            related=[(earlier.place, "first listed here")],
            fix=Fix(f"remove the repeated `{dep.ref.text}`", (edit,)),
        )


def _key(dep: Dependency) -> tuple[str, str] | None:
    """What the item names, so that `seed` and `task:seed` compare equal."""
    ref = dep.ref
    if blank(ref) or not ref.name:
        return None
    number = stage_number(ref)
    if ref.kind is RefKind.STAGE:
        return ("stage", str(number) if number is not None else ref.name)
    return ("task", ref.name)
