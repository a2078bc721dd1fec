"""PL106 invalid-int: `max_workers` or `retry` is not an integer."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import Block, trusted, value_place
from planlint.model import Plan
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


def int_attrs(plan: Plan) -> Iterator[tuple[Block, Attr]]:
    """Every trusted `max_workers` of a stage and `retry` of a task."""
    for stage in plan.stages:
        attr = trusted(stage, "max_workers")
        if attr is not None:
            yield stage, attr
    for task in [*plan.orphan_tasks, *plan.tasks()]:
        attr = trusted(task, "retry")
        if attr is not None:
            yield task, attr


class InvalidInt(Rule):
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

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for block, attr in int_attrs(plan):
            value = attr.value or ""
            if parse_int(value) is not None:
                continue
            place = value_place(block, attr)
            number = _WORDS.get(value.strip().lower())
            fix = None
            if number is not None:
                fix = replace(place, str(number), f"write {number}", safe=False)
            yield self.diagnostic(place, _message(attr.key, value, number), fix=fix)


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
