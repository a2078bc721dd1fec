"""The static schedule: which tasks run, what each needs, what may overlap.

Computed once before anything runs, so `--dry-run` shows exactly the limits
the scheduler will enforce: per stage, how many tasks at once and which pairs
of tasks are kept apart because their file scopes overlap (FORMAT.md §9).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from planlint.model import Mode, Plan, Stage, Task
from planlint.model.graph import needs as plan_needs
from planlint.model.scopes import Scope, conflicts


class UnknownTaskError(ValueError):
    """`--only` names an id that no task has."""

    def __init__(self, names: Sequence[str], known: Sequence[str]) -> None:
        listed = ", ".join(f"`{n}`" for n in names)
        super().__init__(f"--only names no task: {listed}")
        self.names = tuple(names)
        self.known = tuple(known)


@dataclass(eq=False)
class StagePlan:
    """One stage as it will run: its selected tasks, its limit, its conflicts."""

    stage: Stage
    tasks: list[Task]
    limit: int
    conflicts: dict[Task, list[Task]] = field(default_factory=dict)
    witnesses: dict[tuple[Task, Task], str] = field(default_factory=dict)

    @property
    def parallel(self) -> bool:
        return self.stage.mode is Mode.PARALLEL

    def conflicts_with(self, task: Task, others: Iterable[Task]) -> bool:
        mine = self.conflicts.get(task)
        return mine is not None and any(other in mine for other in others)

    def pairs(self) -> Iterator[tuple[Task, Task]]:
        """Each conflicting pair once, earlier task first."""
        order = {task: i for i, task in enumerate(self.tasks)}
        for task, others in self.conflicts.items():
            for other in others:
                if order[task] < order[other]:
                    yield task, other


@dataclass(eq=False)
class Schedule:
    """The whole run: stage plans in order and every task's resolved needs."""

    plan: Plan
    needs: dict[Task, list[Task]]
    stages: list[StagePlan]

    def tasks(self) -> Iterator[Task]:
        for stage_plan in self.stages:
            yield from stage_plan.tasks

    def batches(self, stage_plan: StagePlan) -> list[list[Task]]:
        """Greedy batches in file order of tasks that may run together.

        A batch holds no two conflicting tasks and no task with a need inside
        the batch or later; the stage's limit still caps how many run at once.
        """
        if not stage_plan.parallel:
            return [[task] for task in stage_plan.tasks]
        left, done, batches = list(stage_plan.tasks), set[Task](), []
        while left:
            batch = self._batch(stage_plan, left, done) or [left[0]]
            batches.append(batch)
            done.update(batch)
            left = [task for task in left if task not in done]
        return batches

    def _batch(
        self, stage_plan: StagePlan, left: list[Task], done: set[Task]
    ) -> list[Task]:
        batch: list[Task] = []
        for task in left:
            waiting = [n for n in self.needs[task] if n in left and n not in done]
            if waiting or stage_plan.conflicts_with(task, batch):
                continue
            batch.append(task)
        return batch


def make_schedule(
    plan: Plan, only: Sequence[str] = (), jobs: int | None = None
) -> Schedule:
    """The schedule of `plan`, limited to `only` and what it needs, if given."""
    needs = plan_needs(plan)
    selected = _select(plan, needs, only)
    stages = []
    for stage in plan.stages:
        tasks = [task for task in stage.tasks if task in selected]
        limit = _limit(stage, jobs)
        stage_plan = StagePlan(stage, tasks, limit)
        if stage_plan.parallel and limit > 1:
            _find_conflicts(stage_plan)
        stages.append(stage_plan)
    return Schedule(plan, needs, stages)


def _limit(stage: Stage, jobs: int | None) -> int:
    workers = stage.max_workers if stage.mode is Mode.PARALLEL else 1
    return min(workers, jobs) if jobs else workers


def _select(
    plan: Plan, needs: dict[Task, list[Task]], only: Sequence[str]
) -> set[Task]:
    tasks = list(plan.tasks())
    if not only:
        return set(tasks)

    by_key = {task.key: task for task in tasks}
    unknown = [name for name in only if name not in by_key]
    if unknown:
        raise UnknownTaskError(unknown, list(by_key))
    selected: set[Task] = set()
    stack = [by_key[name] for name in only]
    while stack:
        task = stack.pop()
        if task not in selected:
            selected.add(task)
            stack.extend(needs.get(task, ()))
    return selected


def _find_conflicts(stage_plan: StagePlan) -> None:
    """Pairs whose effective file scopes overlap; tasks without `文件:` never do."""
    scoped = [(task, Scope.of(task)) for task in stage_plan.tasks if task.files]
    for found in conflicts([scope for _, scope in scoped]):
        first, second = scoped[found.first][0], scoped[found.second][0]
        stage_plan.conflicts.setdefault(first, []).append(second)
        stage_plan.conflicts.setdefault(second, []).append(first)
        stage_plan.witnesses[(first, second)] = found.witness
