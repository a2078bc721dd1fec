"""PL506 empty-stage: a stage with no tasks."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.model import Include, Plan, Stage


class EmptyStage(Rule):
    code = "PL506"
    name = "empty-stage"
    severity = Severity.WARNING
    summary = "a stage has no tasks"
    why = (
        'A stage without tasks does nothing and "succeeds" at once, so stages'
        " that depend on it start as if its work were done. It is usually a"
        " failed include, a misspelt `## TASK ##`, or a leftover."
    )
    example = '## STAGE ## name="分析" mode="serial"\n# 任务见 analyze-tasks.md'
    instead = '## STAGE ## name="分析" mode="serial"\n\n## TASK ##\n分析 npm 依赖报告'
    fix_safety = "No fix: add the tasks or remove the stage."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for index, stage in enumerate(plan.stages):
            if stage.tasks:
                continue
            following = plan.stages[index + 1] if index + 1 < len(plan.stages) else None
            failed = _failed_include(plan, stage, following)
            label = f"stage `{stage.name}`" if stage.name else f"stage {stage.number}"
            message = f"{label} has no tasks"
            if failed is not None:
                message += f" (its include `@{failed.target}` failed)"
            message += "; add `## TASK ##` blocks or remove the stage"
            yield self.diagnostic(stage.attr_place("name"), message)


def _failed_include(
    plan: Plan, stage: Stage, following: Stage | None
) -> Include | None:
    """A failed `@path` written between this stage's marker and the next one."""
    first = stage.marker.line.number
    last: int | None = None
    if following is not None and following.document is stage.document:
        last = following.marker.line.number
    for include in plan.includes:
        if include.error is None or include.source.document is not stage.document:
            continue
        number = include.source.line.number
        if first < number and (last is None or number < last):
            return include
    return None
