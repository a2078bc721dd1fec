"""PL107 out-of-range-int: `max_workers` below 1 or `retry` below 0."""

from __future__ import annotations

from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules.pl003_bad_attr_syntax import value_place
from planlint.checks.rules.pl106_invalid_int import int_attr
from planlint.checks.sections import Section
from planlint.model.values import parse_int

_MINIMUM = {"max_workers": 1, "retry": 0}
_MEANING = {
    "max_workers": "at least one task must be able to run",
    "retry": "it counts extra attempts",
}


class OutOfRangeInt(BlockRule):
    code = "PL107"
    name = "out-of-range-int"
    severity = Severity.ERROR
    summary = "`max_workers` is below 1, or `retry` is below 0"
    why = (
        'A stage with `max_workers="0"` could never start a task, and a negative'
        " retry count means nothing. The runner would have to guess."
    )
    example = '## STAGE ## name="上报" mode="parallel" max_workers="0"'
    instead = '## STAGE ## name="上报" mode="parallel" max_workers="1"'
    fix_safety = "No fix: the intended number is unknown."

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        attr = int_attr(block)
        number = parse_int(attr.value or "") if attr is not None else None
        if attr is None or number is None or number >= _MINIMUM[attr.key]:
            return ()
        message = (
            f"`{attr.key}` must be at least {_MINIMUM[attr.key]} (got {number}):"
            f" {_MEANING[attr.key]}"
        )
        return [self.diagnostic(value_place(block, attr), message)]
