"""PL112 invalid-duration: `timeout` is not a duration such as `20m`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.sections import Section, SectionKind
from planlint.model.values import parse_duration

_UNITS = {
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s", "秒": "s",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m", "分钟": "m",
    "分": "m", "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "小时": "h",
}  # fmt: skip
# A number without a unit after `1h` is minutes, after `1m` seconds.
_SMALLER = {"h": "m", "m": "s"}
_AMOUNT = re.compile(r"(\d+)\s*([^\d\s]*)")


def suggestion(value: str) -> str | None:
    """`90` -> `90s`, `20 min` -> `20m`, `1h30` -> `1h30m`; None if unclear."""
    text = value.strip().lower()
    parts = _AMOUNT.findall(text)
    if not parts or _AMOUNT.sub("", text).strip():
        return None
    units: list[str | None] = []
    for _, unit in parts:
        units.append(_unit(unit, units[-1] if units else None))
    if None in units or len(set(units)) != len(units):
        return None
    fixed = "".join(
        f"{amount}{unit}" for (amount, _), unit in zip(parts, units, strict=True)
    )
    return fixed if parse_duration(fixed) is not None else None


def _unit(written: str, before: str | None) -> str | None:
    """The unit of an amount: as written, else the one below the unit before."""
    if written:
        return _UNITS.get(written)
    if before is None:
        return "s"
    return _SMALLER.get(before)


class InvalidDuration(BlockRule):
    code = "PL112"
    name = "invalid-duration"
    severity = Severity.ERROR
    summary = "`timeout` is not a duration such as `90s`, `20m`, `2h` or `1h30m`"
    why = (
        "The runner kills a task that runs longer than its `timeout`. A value it"
        " cannot read would either never fire or fire at once."
    )
    example = '## TASK ## id="build" timeout="30 minutes"'
    instead = '## TASK ## id="build" timeout="30m"'
    fix_safety = "Unsafe: rewrites a readable value (`90`, `20 min`) as a duration."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task", "orphan"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        task = section.task
        attr = trusted(task, "timeout")
        value = attr.value or "" if attr is not None else ""
        if attr is None or parse_duration(value) is not None:
            return ()
        place = value_place(task, attr)
        better = suggestion(value)
        message = f"timeout `{value}` is not a duration"
        if not value.strip():
            message = "`timeout` is empty"
        fix = None
        if better is not None:
            message += f'; write `timeout="{better}"`'
            fix = replace(place, better, f"write `{better}`", safe=False)
        else:
            message += "; write hours, minutes and seconds as `90s`, `20m`, `1h30m`"
        return [self.diagnostic(place, message, fix=fix)]
