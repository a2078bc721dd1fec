"""The parts of a plan that rules check on their own: blocks and stages.

A section is one block, a STAGE or TASK marker line with its body, or the
header before the first marker. A crew is a stage with its tasks, or the
tasks written before the first stage. Block rules see one section at a time
and stage rules one crew, so a checker can keep their findings for the parts
an edit did not touch (`checks/checker.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from planlint.model import Plan, PlanLine, Stage, Task

SectionKind = Literal["header", "orphan", "stage", "task"]
KINDS: tuple[SectionKind, ...] = ("header", "orphan", "stage", "task")


@dataclass(frozen=True, slots=True)
class Section:
    """One block as a block rule sees it: the block, or the header's lines.

    `kind` is "orphan" for a task before the first stage, and "header" (with
    no block) for the lines before the first marker.
    """

    kind: SectionKind
    block: Stage | Task | None
    body: list[PlanLine]

    @property
    def marker(self) -> PlanLine | None:
        return self.block.marker if self.block is not None else None

    @property
    def marked(self) -> Stage | Task:
        """The block of any section but the header."""
        assert self.block is not None, self.kind
        return self.block

    @property
    def task(self) -> Task:
        """The block of a "task" or "orphan" section."""
        assert isinstance(self.block, Task), self.kind
        return self.block

    @property
    def stage(self) -> Stage:
        """The block of a "stage" section."""
        assert isinstance(self.block, Stage), self.kind
        return self.block

    def lines(self) -> Iterator[PlanLine]:
        """The marker line (if any), then the body."""
        if self.block is not None:
            yield self.block.marker
        yield from self.body


@dataclass(frozen=True, slots=True)
class Crew:
    """A stage and its tasks, or (stage None) the tasks before any stage."""

    stage: Stage | None
    tasks: list[Task]


def sections(plan: Plan) -> Iterator[Section]:
    """Every section in plan order: header, tasks before any stage, stages."""
    if plan.header:
        yield Section("header", None, plan.header)
    for orphan in plan.orphan_tasks:
        yield Section("orphan", orphan, orphan.body)
    for stage in plan.stages:
        yield Section("stage", stage, stage.body)
        for task in stage.tasks:
            yield Section("task", task, task.body)


def crews(plan: Plan) -> Iterator[Crew]:
    """The tasks before any stage (if there are some), then every stage."""
    if plan.orphan_tasks:
        yield Crew(None, plan.orphan_tasks)
    for stage in plan.stages:
        yield Crew(stage, stage.tasks)
