"""PL202 unknown-dependency: a `depends_on` item names no task."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule, replace
from planlint.checks.suggest import closest
from planlint.model import Dependency, Plan, RefKind
from planlint.model.graph import resolve


class UnknownDependency(Rule):
    code = "PL202"
    name = "unknown-dependency"
    severity = Severity.ERROR
    summary = "a `depends_on` item names a task id that no task has"
    why = (
        "A dependency on a task that does not exist can never be met: the"
        " executor would have to guess, so the plan must not run."
    )
    example = '## TASK ## id="seed" depends_on="shema"'
    instead = '## TASK ## id="seed" depends_on="schema"'
    fix_safety = "Unsafe: replaces the id with the single close match, if any."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        ids = list(plan.tasks_by_id)
        blocks = [*plan.stages, *plan.tasks()]
        for block in blocks:
            for dep in block.depends_on:
                if self._unknown(plan, dep):
                    yield self._report(dep, ids)

    @staticmethod
    def _unknown(plan: Plan, dep: Dependency) -> bool:
        ref = dep.ref
        return ref.kind is RefKind.TASK and bool(ref.name) and not resolve(plan, ref)

    def _report(self, dep: Dependency, ids: list[str]) -> Diagnostic:
        name = dep.ref.name
        candidates = closest(name, ids)
        message = f"no task has the id `{name}`"
        fix = None
        if candidates:
            message += f"; did you mean `{candidates[0]}`?"
            if len(candidates) == 1:
                text = dep.ref.text.replace(name, candidates[0])
                fix = replace(dep.place, text, f"use `{candidates[0]}`", safe=False)
        else:
            message += "; use the `id` of a task that runs earlier"
        return self.diagnostic(dep.place, message, fix=fix)
