"""PL105 mode-alias: `mode="sequential"`, accepted as `serial`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.sections import Section, SectionKind


class ModeAlias(BlockRule):
    code = "PL105"
    name = "mode-alias"
    severity = Severity.WARNING
    summary = '`mode="sequential"` is accepted as `serial`'
    why = (
        "`sequential` is not part of the format: planlint reads it as `serial`,"
        " but the popular runner rejected it and stopped the run at that stage."
    )
    example = '## STAGE ## name="修复 P0" mode="sequential"'
    instead = '## STAGE ## name="修复 P0" mode="serial"'
    fix_safety = "Safe: `sequential` already means `serial`."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage"})

    def check_block(self, section: Section) -> Iterator[Diagnostic]:
        stage = section.stage
        attr = trusted(stage, "mode")
        if attr is None or attr.value != "sequential":
            return
        place = value_place(stage, attr)
        yield self.diagnostic(
            place,
            "`sequential` is accepted as `serial`, but other runners reject"
            ' it; write `mode="serial"`',
            fix=replace(place, "serial", "use `serial`"),
        )
