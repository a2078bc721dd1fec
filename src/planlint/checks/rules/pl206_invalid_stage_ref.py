"""PL206 invalid-stage-ref: `stage:X` where X is not a stage number."""

from __future__ import annotations

import re
from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule, replace
from planlint.checks.rules import stage_number
from planlint.checks.suggest import closest
from planlint.model import Dependency, Plan, RefKind

_DIGIT = re.compile(r"\d")


class InvalidStageRef(Rule):
    code = "PL206"
    name = "invalid-stage-ref"
    severity = Severity.ERROR
    summary = "`stage:X` where X is not a stage number written in digits"
    why = (
        "A stage is named in `depends_on` by its 1-based number in file order,"
        " written in ASCII digits. Names, words or full-width digits are not"
        " understood, so the dependency could not be honoured."
    )
    example = (
        '## STAGE ## name="构建" mode="serial"\n\n'
        "## TASK ##\n构建\n\n"
        '## STAGE ## name="发布" mode="serial" depends_on="stage:构建"\n\n'
        "## TASK ##\n发布\n"
    )
    instead = (
        '## STAGE ## name="构建" mode="serial"\n\n'
        "## TASK ##\n构建\n\n"
        '## STAGE ## name="发布" mode="serial" depends_on="stage:1"\n\n'
        "## TASK ##\n发布\n"
    )
    fix_safety = "Unsafe: replaces the item with the stage it most likely means."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for stage in plan.stages:
            for dep in stage.depends_on:
                ref = dep.ref
                if ref.kind is RefKind.STAGE and stage_number(ref) is None:
                    yield self._report(plan, dep)

    def _report(self, plan: Plan, dep: Dependency) -> Diagnostic:
        message = f"`{dep.ref.text}` is not a stage number; write `stage:N`, N from 1"
        message += f" to {len(plan.stages)} in file order"
        guess = _guess(plan, dep.ref.name)
        if guess is None:
            return self.diagnostic(dep.place, message)

        text = f"stage:{guess}"
        fix = replace(dep.place, text, f"use `{text}`", safe=False)
        return self.diagnostic(dep.place, f"{message}; did you mean `{text}`?", fix=fix)


def _guess(plan: Plan, written: str) -> int | None:
    """The stage `written` most likely means: by its name, or by its digits."""
    names = {stage.name: stage.number for stage in plan.stages if stage.name}
    found = closest(written, names) if written else []
    if found:
        return names[found[0]]

    digits = "".join(_DIGIT.findall(written))
    number = int(digits) if digits else 0
    return number if 1 <= number <= len(plan.stages) else None
