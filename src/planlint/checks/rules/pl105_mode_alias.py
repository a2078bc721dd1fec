"""PL105 mode-alias: `mode="sequential"`, accepted as `serial`."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.model import Plan


class ModeAlias(Rule):
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

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for stage in plan.stages:
            attr = trusted(stage, "mode")
            if attr is None or attr.value != "sequential":
                continue
            place = value_place(stage, attr)
            yield self.diagnostic(
                place,
                "`sequential` is accepted as `serial`, but other runners reject"
                ' it; write `mode="serial"`',
                fix=replace(place, "serial", "use `serial`"),
            )
