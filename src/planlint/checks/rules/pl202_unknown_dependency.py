"""PL202 unknown-dependency: a `depends_on` item names no task."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule, replace
from planlint.checks.suggest import closest
from planlint.model import Dependency, Plan, Reference, RefKind, Task

_TASK, _STAGE = RefKind.TASK, RefKind.STAGE


class UnknownDependency(Rule):
    code = "PL202"
    name = "unknown-dependency"
    severity = Severity.ERROR
    summary = "a `depends_on` item names a task id that no task has"
    why = (
        "A dependency on a task that does not exist can never be met: the"
        " executor would have to guess, so the plan must not run. This covers"
        " typos, derived ids such as `s1.t2` (which `depends_on` cannot name)"
        " and `stage:N` inside a TASK's `depends_on` (only stages take it)."
    )
    example = (
        '## STAGE ## name="建表" mode="serial"\n\n'
        '## TASK ## id="schema"\n建表\n\n'
        '## TASK ## id="seed" depends_on="shema"\n导入角色字典\n'
    )
    instead = (
        '## STAGE ## name="建表" mode="serial"\n\n'
        '## TASK ## id="schema"\n建表\n\n'
        '## TASK ## id="seed" depends_on="schema"\n导入角色字典\n'
    )
    fix_safety = "Unsafe: replaces the id with the single close match, if any."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        found = _suspects(plan)
        if not found:
            return

        ids = list(plan.tasks_by_id)
        derived = {t.derived_id: t for t in plan.tasks() if t.explicit_id is None}
        for stage_in_task, dep in found:
            if stage_in_task:
                yield self._stage_in_task(dep)
            else:
                yield self._report(dep, ids, derived)

    def _stage_in_task(self, dep: Dependency) -> Diagnostic:
        return self.diagnostic(
            dep.place,
            f"`{dep.ref.text}` is not a task id: a TASK's `depends_on` lists task"
            " ids; put `stage:N` in the `depends_on` of the STAGE instead",
        )

    def _report(
        self, dep: Dependency, ids: list[str], derived: dict[str, Task]
    ) -> Diagnostic:
        name = dep.ref.name
        if name in derived:
            return self._derived(dep, derived[name])

        candidates = closest(name, ids)
        if not candidates:
            message = f"no task has the id `{name}`; use the `id` of a task that"
            return self.diagnostic(dep.place, message + " runs earlier")
        fix = None
        if len(candidates) == 1:
            text = dep.ref.text.replace(name, candidates[0])
            fix = replace(dep.place, text, f"use `{candidates[0]}`", safe=False)
        message = f"no task has the id `{name}`; did you mean `{candidates[0]}`?"
        return self.diagnostic(dep.place, message, fix=fix)

    def _derived(self, dep: Dependency, task: Task) -> Diagnostic:
        name = dep.ref.name
        return self.diagnostic(
            dep.place,
            f"`{name}` is a derived id, which `depends_on` cannot name; give"
            " that task an `id` attribute and use it here",
            related=[(task.place, f"the task called `{name}`")],
        )


def _suspects(plan: Plan) -> list[tuple[bool, Dependency]]:
    """Items that name no task, each with whether it is a `stage:N` of a task.

    A name repeated in one `depends_on` is taken once: PL212 reports the repeat.
    """
    by_id = plan.tasks_by_id
    found: list[tuple[bool, Dependency]] = []
    for stage in plan.stages:
        for dep in _distinct(stage.depends_on):
            if _unknown(by_id, dep.ref):
                found.append((False, dep))
    for stage in plan.stages:
        for task in stage.tasks:
            deps = task.depends_on
            for dep in _distinct(deps) if len(deps) > 1 else deps:
                ref = dep.ref
                if ref.kind is _STAGE:
                    found.append((True, dep))
                elif ref.kind is _TASK and ref.name and ref.name not in by_id:
                    found.append((False, dep))  # _unknown, inlined: one call a task
    return found


def _distinct(deps: list[Dependency]) -> Iterator[Dependency]:
    """The items of one `depends_on`, each name once (`a` and `task:a` alike)."""
    seen: set[tuple[RefKind, str]] = set()
    for dep in deps:
        key = (dep.ref.kind, dep.ref.name)
        if key not in seen:
            seen.add(key)
            yield dep


def _unknown(by_id: dict[str, list[Task]], ref: Reference) -> bool:
    return ref.kind is _TASK and bool(ref.name) and ref.name not in by_id
