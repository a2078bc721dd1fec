"""PL204 forward-dependency: a stage or task depends on something that runs later."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.rules import stage_number
from planlint.model import (
    Dependency,
    Mode,
    Place,
    Plan,
    Reference,
    RefKind,
    Stage,
    Task,
)
from planlint.model.graph import resolve

_TASK, _PARALLEL = RefKind.TASK, Mode.PARALLEL


class ForwardDependency(Rule):
    code = "PL204"
    name = "forward-dependency"
    severity = Severity.ERROR
    summary = "a stage or task depends on a stage or task that runs after it"
    why = (
        "Stages run one after another in file order, and a serial stage runs its"
        " tasks in file order; planlint never reorders them. A dependency on"
        " something that runs later can never be met before it is needed."
    )
    example = (
        '## STAGE ## name="组件" mode="parallel" depends_on="stage:2"\n\n'
        "## TASK ##\n重写页头\n文件: site/components/Header.astro\n\n"
        '## STAGE ## name="构建" mode="serial"\n\n'
        "## TASK ##\n调整构建脚本\n"
    )
    instead = (
        '## STAGE ## name="构建" mode="serial"\n\n'
        "## TASK ##\n调整构建脚本\n\n"
        '## STAGE ## name="组件" mode="parallel" depends_on="stage:1"\n\n'
        "## TASK ##\n重写页头\n文件: site/components/Header.astro\n"
    )
    fix_safety = "No fix: moving stages or tasks is the author's call."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for stage in plan.stages:
            for dep in _distinct(stage.depends_on):
                yield from self._stage_dep(plan, stage, dep)
        by_id = plan.tasks_by_id
        for stage in plan.stages:
            for task in stage.tasks:
                deps = task.depends_on
                for dep in _distinct(deps) if len(deps) > 1 else deps:
                    ref = dep.ref
                    targets = by_id.get(ref.name) if ref.kind is _TASK else None
                    if not targets or _earlier_stage(targets, stage):
                        continue
                    later = _first_later(targets, task)
                    if later is not None:
                        yield self._task_on_task(dep, task, later)

    def _stage_dep(
        self, plan: Plan, stage: Stage, dep: Dependency
    ) -> Iterator[Diagnostic]:
        number = stage_number(dep.ref)
        if number is not None and stage.number < number <= len(plan.stages):
            target = plan.stages[number - 1]
            yield self._later_stage(dep, stage, target)
            return

        later = [t for t in _tasks(plan, dep) if _stage_of(t).number >= stage.number]
        if later:
            yield self._stage_on_task(dep, stage, later[0])

    def _later_stage(self, dep: Dependency, stage: Stage, target: Stage) -> Diagnostic:
        return self.diagnostic(
            dep.place,
            f"`{dep.ref.text}` is {target.label}, which runs after {stage.label};"
            " stages run in file order, so depend on an earlier stage or move"
            " this one below it",
            related=[(target.place, f"{target.label} starts here")],
        )

    def _stage_on_task(self, dep: Dependency, stage: Stage, target: Task) -> Diagnostic:
        other = _stage_of(target)
        if other is stage:
            what = "is a task of this stage itself"
        else:
            what = f"is in {other.label}, which runs after {stage.label}"
        return self.diagnostic(
            dep.place,
            f"`{dep.ref.text}` {what}; a stage can only depend on tasks of"
            " earlier stages",
            related=[(_id_place(target), f"`{target.key}` is defined here")],
        )

    def _task_on_task(self, dep: Dependency, task: Task, target: Task) -> Diagnostic:
        stage, other = _stage_of(task), _stage_of(target)
        if other is stage:
            what = (
                f"comes after `{task.key}` in {stage.label}, which is serial"
                " and runs its tasks in file order; move it above this task"
            )
        else:
            what = (
                f"is in {other.label}, which runs after {stage.label};"
                " move it to an earlier stage or drop the dependency"
            )
        return self.diagnostic(
            dep.place,
            f"`{dep.ref.name}` {what}",
            related=[(_id_place(target), f"`{target.key}` is defined here")],
        )


def _distinct(deps: list[Dependency]) -> Iterator[Dependency]:
    """The items of one `depends_on`, each name once: PL212 reports repeats."""
    seen: set[tuple[RefKind, str]] = set()
    for dep in deps:
        key = (dep.ref.kind, _stage_name(dep.ref))
        if key not in seen:
            seen.add(key)
            yield dep


def _stage_name(ref: Reference) -> str:
    """The name, with `stage:01` and `stage:1` alike."""
    number = stage_number(ref)
    return str(number) if number is not None else ref.name


def _tasks(plan: Plan, dep: Dependency) -> list[Task]:
    if dep.ref.kind is not _TASK:
        return []
    return resolve(plan, dep.ref)


def _earlier_stage(targets: list[Task], stage: Stage) -> bool:
    """The usual case, decided at once: one target, in an earlier stage."""
    if len(targets) != 1:
        return False
    other = targets[0].stage
    return other is not None and other.number < stage.number


def _first_later(targets: list[Task], task: Task) -> Task | None:
    """The first of `targets` that runs after `task` starts, if any."""
    for target in targets:
        if _runs_later(target, task):
            return target
    return None


def _runs_later(target: Task, task: Task) -> bool:
    """Whether `target` can only start after `task` has started."""
    stage, other = _stage_of(task), _stage_of(target)
    if other is not stage:
        return other.number > stage.number
    return stage.mode is not _PARALLEL and target.number > task.number


def _stage_of(task: Task) -> Stage:
    assert task.stage is not None  # tasks of plan.tasks() are in a stage
    return task.stage


def _id_place(task: Task) -> Place:
    return task.attr_place("id")
