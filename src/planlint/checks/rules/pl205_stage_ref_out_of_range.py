"""PL205 stage-ref-out-of-range: `stage:N` where no stage N exists."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.rules import stage_number
from planlint.model import Dependency, Plan, Stage


class StageRefOutOfRange(Rule):
    code = "PL205"
    name = "stage-ref-out-of-range"
    severity = Severity.ERROR
    summary = "`stage:N` names a stage number the plan does not have"
    why = (
        "Stages are numbered from 1 in file order. A `stage:N` past the last"
        " stage (or `stage:0`) names nothing, so the dependency can never be met."
    )
    example = (
        '## STAGE ## name="构建" mode="serial"\n\n'
        "## TASK ##\n构建\n\n"
        '## STAGE ## name="发布" mode="serial" depends_on="stage:3"\n\n'
        "## TASK ##\n发布\n"
    )
    instead = (
        '## STAGE ## name="构建" mode="serial"\n\n'
        "## TASK ##\n构建\n\n"
        '## STAGE ## name="发布" mode="serial" depends_on="stage:1"\n\n'
        "## TASK ##\n发布\n"
    )
    fix_safety = "No fix: which stage was meant is the author's call."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        count = len(plan.stages)
        for stage in plan.stages:
            for dep in stage.depends_on:
                number = stage_number(dep.ref)
                if number is not None and not 1 <= number <= count:
                    yield self._report(dep, stage, count)

    def _report(self, dep: Dependency, stage: Stage, count: int) -> Diagnostic:
        plural = "stage" if count == 1 else "stages"
        message = f"`{dep.ref.text}` names no stage: the plan has {count} {plural}"
        if stage.number > 1:
            message += f"; did you mean `stage:{stage.number - 1}`, the one before?"
        else:
            message += "; the first stage cannot depend on a stage, so remove it"
        return self.diagnostic(dep.place, message)
