"""PL103 empty-attr: a required attribute is written with an empty value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.sections import Section, SectionKind

_REQUIRED = {
    "name": "give the stage a name for logs and reports",
    "mode": 'write `mode="serial"` or `mode="parallel"`',
}


class EmptyAttr(BlockRule):
    code = "PL103"
    name = "empty-attr"
    severity = Severity.ERROR
    summary = "a required attribute (`name`, `mode`) is empty"
    why = (
        "An empty `name` leaves logs and reports with a blank stage; an empty"
        " `mode` does not say how the tasks run. Both are as bad as leaving the"
        " attribute out."
    )
    example = '## STAGE ## name="" mode="parallel"'
    instead = '## STAGE ## name="补充上报字段" mode="parallel"'
    fix_safety = "No fix: only the author knows the value."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage"})

    def check_block(self, section: Section) -> Iterator[Diagnostic]:
        stage = section.stage
        for key, how in _REQUIRED.items():
            attr = trusted(stage, key)
            if attr is not None and not (attr.value or "").strip():
                yield self.diagnostic(
                    value_place(stage, attr), f"`{key}` is empty; {how}"
                )
