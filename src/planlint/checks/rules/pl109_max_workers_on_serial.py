"""PL109 max-workers-on-serial: `max_workers` on a serial stage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl004_duplicate_attr import removal
from planlint.checks.sections import Section, SectionKind
from planlint.model import Mode, Place


class MaxWorkersOnSerial(BlockRule):
    code = "PL109"
    name = "max-workers-on-serial"
    severity = Severity.WARNING
    summary = "`max_workers` is set on a serial stage, where it has no effect"
    why = (
        "A serial stage runs one task at a time whatever `max_workers` says. The"
        ' attribute usually means the author wanted `mode="parallel"`, or it'
        " was left behind when the stage became serial."
    )
    example = '## STAGE ## name="回归" mode="serial" max_workers="4"'
    instead = '## STAGE ## name="回归" mode="serial"'
    fix_safety = "Safe: removes the attribute, which changes nothing."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage"})

    def check_block(self, section: Section) -> Iterator[Diagnostic]:
        stage = section.stage
        attr = stage.attrs.get("max_workers")
        if attr is None or stage.mode is not Mode.SERIAL:
            return
        gone = Place(stage.document, removal(stage.document, attr))
        yield self.diagnostic(
            Place(stage.document, attr.span),
            "`max_workers` has no effect on a serial stage; remove it, or"
            ' make the stage `mode="parallel"`',
            fix=replace(gone, "", "remove `max_workers`"),
        )
