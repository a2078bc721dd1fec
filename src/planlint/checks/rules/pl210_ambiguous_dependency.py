"""PL210 ambiguous-dependency: a dependency matches more than one task."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.rules import where
from planlint.model import Dependency, Place, Plan, Stage, Task
from planlint.model.graph import resolve


class AmbiguousDependency(Rule):
    code = "PL210"
    name = "ambiguous-dependency"
    severity = Severity.WARNING
    summary = "a `depends_on` item names an id that several tasks share"
    why = (
        "When two tasks share an id (PL201), a dependency on that id waits for"
        " both of them, which is rarely what the author meant."
    )
    example = (
        '## STAGE ## name="迁移" mode="serial"\n\n'
        '## TASK ## id="migrate"\n转换\n\n'
        '## TASK ## id="migrate"\n写入预发\n\n'
        '## TASK ## id="restart" depends_on="migrate"\n重启\n'
    )
    instead = (
        '## STAGE ## name="迁移" mode="serial"\n\n'
        '## TASK ## id="convert"\n转换\n\n'
        '## TASK ## id="push-staging"\n写入预发\n\n'
        '## TASK ## id="restart" depends_on="push-staging"\n重启\n'
    )
    fix_safety = "No fix: rename the tasks first (PL201), then pick one."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        by_id = plan.tasks_by_id
        if all(len(tasks) == 1 for tasks in by_id.values()):
            return  # no id is shared, so every item names one task at most

        blocks: list[Stage | Task] = [*plan.stages, *plan.tasks()]
        for block in blocks:
            for dep in block.depends_on:
                matches = resolve(plan, dep.ref)
                if len(matches) > 1:
                    yield self._report(dep, matches)

    def _report(self, dep: Dependency, matches: list[Task]) -> Diagnostic:
        here = dep.place
        places = [task.attr_place("id") for task in matches]
        return self.diagnostic(
            here,
            f"`{dep.ref.name}` matches {len(matches)} tasks, at {_lines(places, here)};"
            " give them unique ids and name the one this needs",
            related=[(p, f"a task with id `{dep.ref.name}`") for p in places],
        )


def _lines(places: list[Place], here: Place) -> str:
    """`lines 13 and 27`, or each place with its file when files differ."""
    if all(p.document is here.document for p in places):
        numbers = [str(p.start.line + 1) for p in places]
        return f"lines {', '.join(numbers[:-1])} and {numbers[-1]}"
    return ", ".join(where(p, here) for p in places)
