"""PL301 dependency-cycle: tasks that depend on each other in a circle."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from graphlib import CycleError, TopologicalSorter

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import StageRule
from planlint.checks.sections import Crew
from planlint.model import Dependency, Mode, RefKind, Stage, Task

logger = logging.getLogger(__name__)

# Past this many cycles among one group of linked tasks the rest are not worth
# the time it takes to find them one by one; the first ones say what is wrong.
_MAX_CYCLES_PER_GROUP = 10
_MAX_SHOWN = 12  # tasks named in a message, edges given as related places

_TASK, _PARALLEL = RefKind.TASK, Mode.PARALLEL
Edges = dict[Task, dict[Task, Dependency]]  # task -> what it needs -> the item


class DependencyCycle(StageRule):
    code = "PL301"
    name = "dependency-cycle"
    severity = Severity.ERROR
    summary = "tasks depend on each other in a circle: `a -> b -> a`"
    why = (
        "Every task in a cycle waits for another task of the cycle, so none of"
        " them can ever start. Dependencies can only form a cycle inside one"
        " parallel stage: anything else that points at a later task is already"
        " reported as a forward dependency (PL204)."
    )
    example = (
        '## STAGE ## name="联调" mode="parallel"\n\n'
        '## TASK ## id="client-sdk" depends_on="mock-server"\n生成 SDK\n文件: sdk/\n\n'
        '## TASK ## id="mock-server" depends_on="client-sdk"\n校准 mock 服务\n文件: mock/\n'
    )
    instead = (
        '## STAGE ## name="联调" mode="parallel"\n\n'
        '## TASK ## id="client-sdk" depends_on="mock-server"\n生成 SDK\n文件: sdk/\n\n'
        '## TASK ## id="mock-server"\n校准 mock 服务\n文件: mock/\n'
    )
    fix_safety = "No fix: which dependency is wrong is the author's call."

    def check_stage(self, crew: Crew) -> Iterable[Diagnostic]:
        stage = crew.stage
        if stage is None or stage.mode is not _PARALLEL:
            return ()
        return [self._report(cycle) for cycle in _cycles(_edges(stage))]

    def _report(self, cycle: list[tuple[Task, Dependency]]) -> Diagnostic:
        related = [
            (dep.place, f"`{task.key}` depends on `{dep.ref.name}` here")
            for task, dep in cycle[1:_MAX_SHOWN]
        ]
        return self.diagnostic(
            cycle[0][1].place,
            f"dependency cycle {_path([task for task, _ in cycle])}: none of these"
            " tasks can ever start; remove one of the dependencies",
            related=related,
        )


def _path(tasks: list[Task]) -> str:
    """`a` -> `b` -> `a`, with the middle of a very long cycle left out."""
    names = [f"`{task.key}`" for task in tasks]
    if len(names) > _MAX_SHOWN:
        hidden = len(names) - _MAX_SHOWN + 1
        names = [*names[: _MAX_SHOWN - 2], f"({hidden} more)", names[-1]]
    return " -> ".join([*names, names[0]])


def _edges(stage: Stage) -> Edges:
    """Dependencies between tasks of `stage` (the only ones that can loop)."""
    ids: dict[str, list[Task]] = {}
    for task in stage.tasks:
        if task.explicit_id is not None:
            ids.setdefault(task.explicit_id, []).append(task)

    edges: Edges = {}
    for task in stage.tasks:
        needs = edges.setdefault(task, {})
        for dep in task.depends_on:
            ref = dep.ref
            if ref.kind is not _TASK:
                continue
            for target in ids.get(ref.name, ()):
                if target is not task:
                    needs.setdefault(target, dep)
    return edges


def _cycles(edges: Edges) -> Iterator[list[tuple[Task, Dependency]]]:
    """The cycles of each group of connected tasks; none when graphlib finds none."""
    if not any(edges.values()):
        return
    try:
        TopologicalSorter(edges).prepare()
        return
    except CycleError:
        pass

    for group in _groups(edges):
        yield from _group_cycles({task: edges[task] for task in group})


def _group_cycles(edges: Edges) -> Iterator[list[tuple[Task, Dependency]]]:
    """Cycles one at a time, each from its earliest task; each one found is cut."""
    for _ in range(_MAX_CYCLES_PER_GROUP):
        try:
            TopologicalSorter(edges).prepare()
            return
        except CycleError as error:
            found: list[Task] = error.args[1]

        # graphlib lists each task before the one that needs it; turn it round.
        loop = found[-1:0:-1]
        start = loop.index(min(loop, key=lambda task: task.number))
        loop = loop[start:] + loop[:start]
        steps = [(task, loop[(i + 1) % len(loop)]) for i, task in enumerate(loop)]
        yield [(task, edges[task][need]) for task, need in steps]
        for task, need in steps:
            del edges[task][need]
    logger.debug("stopped after %s cycles in one group", _MAX_CYCLES_PER_GROUP)


def _groups(edges: Edges) -> list[list[Task]]:
    """Tasks linked by dependencies in either direction, earliest group first."""
    links: dict[Task, list[Task]] = {task: list(needs) for task, needs in edges.items()}
    for task, needs in edges.items():
        for need in needs:
            links[need].append(task)

    groups: list[list[Task]] = []
    seen: set[Task] = set()
    for task in edges:
        if task not in seen and links[task]:
            seen.add(task)
            groups.append(_reach(task, links, seen))
    return groups


def _reach(start: Task, links: dict[Task, list[Task]], seen: set[Task]) -> list[Task]:
    group, todo = [start], [start]
    while todo:
        for other in links[todo.pop()]:
            if other not in seen:
                seen.add(other)
                group.append(other)
                todo.append(other)
    return group
