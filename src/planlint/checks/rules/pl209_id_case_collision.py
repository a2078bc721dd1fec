"""PL209 id-case-collision: two task ids differ only by case."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.rules import where
from planlint.model import Plan, Task


class IdCaseCollision(Rule):
    code = "PL209"
    name = "id-case-collision"
    severity = Severity.WARNING
    summary = "two task ids differ only by upper and lower case (`Build`, `build`)"
    why = (
        "Ids are case-sensitive, so `build` and `Build` are two tasks; but people"
        " read them as one, tools on case-insensitive file systems may store"
        " their logs in one file, and a dependency on the wrong one goes unseen."
    )
    example = (
        '## STAGE ## name="校验" mode="serial"\n\n'
        '## TASK ## id="Build"\n生成 schema\n\n'
        '## TASK ## id="build"\n重启试点服务\n'
    )
    instead = (
        '## STAGE ## name="校验" mode="serial"\n\n'
        '## TASK ## id="schema"\n生成 schema\n\n'
        '## TASK ## id="restart"\n重启试点服务\n'
    )
    fix_safety = "No fix: only the author knows which one to rename."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        ids = plan.tasks_by_id
        if len({name.casefold() for name in ids}) == len(ids):
            return  # no two ids differ only by case

        first: dict[str, Task] = {}
        spellings: dict[str, set[str]] = {}
        for task in plan.tasks():
            if task.explicit_id is None:
                continue

            key = task.explicit_id.casefold()
            seen = spellings.setdefault(key, set())
            if seen and task.explicit_id not in seen:
                yield self._report(task, first[key])
            first.setdefault(key, task)
            seen.add(task.explicit_id)

    def _report(self, task: Task, other: Task) -> Diagnostic:
        place, earlier = task.attr_place("id"), other.attr_place("id")
        return self.diagnostic(
            place,
            f"task id `{task.explicit_id}` differs from `{other.explicit_id}` at"
            f" {where(earlier, place)} only by case; rename one so they cannot be"
            " mixed up",
            related=[(earlier, f"`{other.explicit_id}` is defined here")],
        )
