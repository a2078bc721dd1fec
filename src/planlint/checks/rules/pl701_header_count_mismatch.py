"""PL701 header-count-mismatch: `# 总阶段数` / `# 预计任务数` disagree with the plan."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule, replace
from planlint.model import Place, Plan

_WORDS = {"stages": ("stage", "stages"), "tasks": ("task", "tasks")}


class HeaderCountMismatch(Rule):
    code = "PL701"
    name = "header-count-mismatch"
    severity = Severity.WARNING
    summary = "the header's `# 总阶段数` or `# 预计任务数` disagrees with the plan"
    why = (
        "The counts are read by people and by the agents, which get the header"
        " as project context. A stale count says the plan is something it is"
        " not: every plan shipped with the popular runner had a wrong one."
    )
    example = (
        "# 总阶段数: 2\n# 预计任务数: 2\n\n"
        '## STAGE ## name="索引" mode="serial"\n\n## TASK ##\n文章切片'
    )
    instead = (
        "# 总阶段数: 1\n# 预计任务数: 1\n\n"
        '## STAGE ## name="索引" mode="serial"\n\n## TASK ##\n文章切片'
    )
    fix_safety = "Safe: writes the counts of the plan after includes."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        actual = {"stages": len(plan.stages), "tasks": sum(1 for _ in plan.tasks())}
        for count in plan.counts:
            real = actual[count.what]
            if count.value == real:
                continue
            one, many = _WORDS[count.what]
            said = f"{count.value} {one if count.value == 1 else many}"
            place = Place(count.source.document, count.value_span)
            yield self.diagnostic(
                place,
                f"header says {said}, the plan has {real}; write {real}",
                fix=replace(place, str(real), f"write {real}"),
            )
