"""PL106 invalid-int: `max_workers` or `retry` is not an integer."""

from __future__ import annotations

from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import Block, trusted, value_place
from planlint.checks.sections import Section
from planlint.model import Stage
from planlint.model.values import parse_int
from planlint.syntax import Attr

_WORDS = dict(
    zip(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
        ],
        range(11),
        strict=True,
    )
)
_WORDS.update(zip("零一二三四五六七八九十", range(11), strict=True))
_WORDS["两"] = 2
_EXAMPLE = {"max_workers": 4, "retry": 1}


def int_attr(block: Block) -> Attr | None:
    """The trusted `max_workers` of a stage or `retry` of a task, if any."""
    return trusted(block, "max_workers" if isinstance(block, Stage) else "retry")


class InvalidInt(BlockRule):
    code = "PL106"
    name = "invalid-int"
    severity = Severity.ERROR
    summary = "`max_workers` or `retry` is not an integer"
    why = (
        "Both are counts. A value that is not a whole number cannot be used, so"
        " the plan must not run until it is one."
    )
    example = '## STAGE ## name="修复 P1" mode="parallel" max_workers="four"'
    instead = '## STAGE ## name="修复 P1" mode="parallel" max_workers="4"'
    fix_safety = "Unsafe: replaces a number word (`four`, `两`) with its digits."

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        attr = int_attr(block)
        value = attr.value or "" if attr is not None else ""
        if attr is None or parse_int(value) is not None:
            return ()
        place = value_place(block, attr)
        number = _WORDS.get(value.strip().lower())
        fix = None
        if number is not None:
            fix = replace(place, str(number), f"write {number}", safe=False)
        return [self.diagnostic(place, _message(attr.key, value, number), fix=fix)]


def _message(key: str, value: str, number: int | None) -> str:
    if not value.strip():
        return (
            f'`{key}` is empty; write a whole number such as `{key}="{_EXAMPLE[key]}"`'
        )
    if number is not None:
        return f'`{key}="{value}"` is not an integer; write `{key}="{number}"`'
    return (
        f'`{key}="{value}"` is not an integer; write a whole number such as'
        f' `{key}="{_EXAMPLE[key]}"`'
    )
