"""A stage's waiting tasks, and which of them may be considered now.

A task becomes a candidate once every need inside its stage has ended (needs
in earlier stages ended before the stage began). Candidates stay in file
order. Each end touches only the ended task's dependents, so a stage of n
tasks costs O(n + edges) bookkeeping, not a scan of every waiting task per
event.
"""

from __future__ import annotations

from collections.abc import Mapping

from planlint.executor.schedule import StagePlan
from planlint.model import Task

# (file index, task): indexes are unique, so tuples never compare two tasks.
Entry = tuple[int, Task]


class ReadyQueue:
    """Tasks of one stage not yet started, split into candidates and waiting."""

    def __init__(self, stage_plan: StagePlan, needs: Mapping[Task, list[Task]]) -> None:
        self.order = {task: i for i, task in enumerate(stage_plan.tasks)}
        self.unmet: dict[Task, int] = {}
        self.dependents: dict[Task, list[Task]] = {}
        self.candidates: list[Entry] = []
        self.fresh = True  # something changed since the last scan
        for task in stage_plan.tasks:
            inside = [need for need in needs[task] if need in self.order]
            for need in inside:
                self.dependents.setdefault(need, []).append(task)
            if inside:
                self.unmet[task] = len(inside)
            else:
                self.candidates.append((self.order[task], task))

    def take(self) -> list[Entry]:
        """Every candidate in file order; the caller gives back what must wait."""
        self.candidates.sort()  # nearly sorted: linear
        taken, self.candidates, self.fresh = self.candidates, [], False
        return taken

    def give_back(self, entries: list[Entry]) -> None:
        """Return candidates that must wait (in order), ahead of newer arrivals."""
        self.candidates = entries + self.candidates

    def ended(self, task: Task) -> None:
        """`task` reached a final status: its dependents may now be candidates."""
        self.fresh = True
        for dependent in self.dependents.get(task, ()):
            self.unmet[dependent] -= 1
            if self.unmet[dependent] == 0:
                del self.unmet[dependent]
                self.candidates.append((self.order[dependent], dependent))

    def left(self) -> list[Task]:
        """Tasks never started nor ended: candidates and those still waiting."""
        rest = [task for _, task in self.candidates] + list(self.unmet)
        return sorted(rest, key=self.order.__getitem__)
