"""Resolving references to tasks: what each task needs before it may run."""

from __future__ import annotations

from planlint.model.plan import Plan, Stage, Task
from planlint.model.values import Reference, RefKind


def resolve(plan: Plan, ref: Reference) -> list[Task]:
    """Tasks a task reference names: exact id match; more than one if ids clash."""
    if ref.kind is not RefKind.TASK or not ref.name:
        return []
    return list(plan.tasks_by_id.get(ref.name, ()))


def stage_of(plan: Plan, ref: Reference) -> Stage | None:
    """The stage `stage:N` names, if N is a number in range."""
    if ref.kind is not RefKind.STAGE or not (ref.name.isascii() and ref.name.isdigit()):
        return None
    number = int(ref.name)
    return plan.stages[number - 1] if 1 <= number <= len(plan.stages) else None


def needs(plan: Plan) -> dict[Task, list[Task]]:
    """Each task's resolved prerequisites: its own and its stage's `depends_on`."""
    result: dict[Task, list[Task]] = {}
    for stage in plan.stages:
        stage_needs = _stage_needs(plan, stage)
        for task in stage.tasks:
            found = list(stage_needs)
            for dep in task.depends_on:
                found.extend(resolve(plan, dep.ref))
            result[task] = _unique(t for t in found if t is not task)
    return result


def _stage_needs(plan: Plan, stage: Stage) -> list[Task]:
    found: list[Task] = []
    for dep in stage.depends_on:
        target = stage_of(plan, dep.ref)
        if target is not None and target is not stage:
            found.extend(target.tasks)
        else:
            found.extend(resolve(plan, dep.ref))
    return [t for t in found if t.stage is not stage]


def _unique(tasks: object) -> list[Task]:
    seen: dict[int, Task] = {}
    for task in tasks:  # type: ignore[attr-defined]
        seen.setdefault(id(task), task)
    return list(seen.values())
