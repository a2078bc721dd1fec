"""PL113 invalid-bool: `confirm` is not `true` or `false`."""

from __future__ import annotations

from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.sections import Section

_MEANS = {
    "true": ("yes", "y", "on", "1", "是", "需要", "要"),
    "false": ("no", "n", "off", "0", "否", "不需要", "不要"),
}


def _meant(value: str) -> str | None:
    lowered = value.strip().lower()
    for word, spellings in _MEANS.items():
        if lowered == word or lowered in spellings:
            return word
    return None


class InvalidBool(BlockRule):
    code = "PL113"
    name = "invalid-bool"
    severity = Severity.ERROR
    summary = "`confirm` is not `true` or `false`"
    why = (
        "`confirm` decides whether a person must approve the task before it"
        " runs. A value that is neither `true` nor `false` would be read as"
        " `false`, and the task would run without asking."
    )
    example = '## TASK ## id="prod-migration" confirm="yes"'
    instead = '## TASK ## id="prod-migration" confirm="true"'
    fix_safety = "Unsafe: rewrites `yes`, `True`, `1`, `是` (and their opposites)."

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        attr = trusted(block, "confirm")
        if attr is None or attr.value in _MEANS:
            return ()
        place = value_place(block, attr)
        meant = _meant(attr.value or "")
        message = f"confirm `{attr.value}` is not `true` or `false`"
        fix = None
        if meant is not None:
            message += f'; write `confirm="{meant}"`'
            fix = replace(place, meant, f"write `{meant}`", safe=False)
        return [self.diagnostic(place, message, fix=fix)]
