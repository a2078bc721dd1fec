"""PL211 duplicate-stage-name: two stages share a name."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.rules import where
from planlint.model import Plan, Stage


class DuplicateStageName(Rule):
    code = "PL211"
    name = "duplicate-stage-name"
    severity = Severity.WARNING
    summary = "two stages have the same `name`"
    why = (
        "Logs, reports and prompts show stages by name; with two stages called"
        " the same, nobody can tell from a log line which one ran or failed."
    )
    example = (
        '## STAGE ## name="校验" mode="serial"\n\n'
        "## TASK ##\n预发校验\n\n"
        '## STAGE ## name="校验" mode="serial"\n\n'
        "## TASK ##\n重启试点服务\n"
    )
    instead = (
        '## STAGE ## name="预发校验" mode="serial"\n\n'
        "## TASK ##\n预发校验\n\n"
        '## STAGE ## name="试点重启" mode="serial"\n\n'
        "## TASK ##\n重启试点服务\n"
    )
    fix_safety = "No fix: choosing names is the author's call."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        first: dict[str, Stage] = {}
        for stage in plan.stages:
            if not stage.name:
                continue
            earlier = first.setdefault(stage.name, stage)
            if earlier is not stage:
                yield self._report(stage, earlier)

    def _report(self, stage: Stage, earlier: Stage) -> Diagnostic:
        place, other = stage.attr_place("name"), earlier.attr_place("name")
        return self.diagnostic(
            place,
            f"stage name `{stage.name}` is already used by stage {earlier.number} at"
            f" {where(other, place)}; give each stage its own name",
            related=[(other, f"`{stage.name}` is first used here")],
        )
