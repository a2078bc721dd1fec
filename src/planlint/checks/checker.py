"""Checking one plan again and again as it is edited, keeping what did not change.

A `Checker` remembers, for every section (block or header) and every crew
(stage with its tasks) it checked, what the block and stage rules found,
keyed by everything those rules may read (rule.py states the contract): the
section's kind, its text and file, the task's and stage's numbers and, for a
task, its stage's marker line. The next check of an edited plan runs the
block and stage rules only on sections and crews whose key is new, and the
plan-wide rules on the whole plan. Findings are kept as they were only while
they stay true where they are: a part that has findings and moved (its first
line or offset changed) is checked again, so their places and any line
numbers in their messages are always those of this check. A part without
findings is kept wherever it moved. The result equals `check_plan` of the
same plan (tests/checks/test_checker.py compares them on random edits).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from planlint.checks.diagnostic import Diagnostic
from planlint.checks.registry import all_rules
from planlint.checks.rule import BlockRule, DirectiveRule, Rule, StageRule
from planlint.checks.sections import Crew, Section, SectionKind, crews, sections
from planlint.checks.suppressions import directives, suppress
from planlint.model import Plan, PlanLine

Enabled = Callable[[Rule], bool]
Where = tuple[Hashable, ...]


@dataclass(frozen=True, slots=True)
class _Kept:
    """What the rules found in one part, and where the part was then."""

    where: Where
    found: tuple[Diagnostic, ...]


class Checker:
    """The checks of one plan's successive versions (or of one plan, once)."""

    def __init__(self, enabled: Enabled | None = None, remember: bool = True) -> None:
        rules = [r for r in all_rules() if enabled is None or enabled(r)]
        self.remember = remember
        self.block_rules: dict[SectionKind, list[BlockRule]] = {
            kind: [r for r in rules if isinstance(r, BlockRule) and kind in r.kinds]
            for kind in ("header", "orphan", "stage", "task")
        }
        self.stage_rules = [r for r in rules if isinstance(r, StageRule)]
        self.directive_rules = [r for r in rules if isinstance(r, DirectiveRule)]
        self.plan_rules = [
            r for r in rules if not isinstance(r, BlockRule | StageRule | DirectiveRule)
        ]
        self._sections: dict[Hashable, _Kept] = {}
        self._crews: dict[Hashable, _Kept] = {}
        self.reused = 0  # parts whose findings the last check kept

    def forget(self) -> None:
        """Drop every kept finding: the next check runs every rule everywhere."""
        self._sections, self._crews = {}, {}

    def check(self, plan: Plan) -> list[Diagnostic]:
        """Every diagnostic of the enabled rules, sorted by place."""
        keys = _Keys(plan) if self.remember else None
        found: list[Diagnostic] = []
        self.reused = 0
        section_keys = self._check_sections(plan, keys, found)
        self._check_crews(plan, keys, section_keys, found)
        for rule in self.plan_rules:
            found.extend(rule.check(plan))

        found_directives = directives(plan)
        kept = suppress(found, found_directives)
        for rule in self.directive_rules:
            kept.extend(rule.check_directives(found_directives))
        return sorted(kept, key=lambda d: d.sort_key)

    def _check_sections(
        self, plan: Plan, keys: _Keys | None, found: list[Diagnostic]
    ) -> dict[int, Hashable]:
        """Block rules on every new section; the keys of the block sections."""
        known: dict[Hashable, _Kept] = {}
        block_keys: dict[int, Hashable] = {}
        for section in sections(plan):
            rules = self.block_rules[section.kind]
            if keys is None:
                for rule in rules:
                    found.extend(rule.check_block(section))
                continue

            key, where = keys.section(section)
            if section.block is not None:
                block_keys[id(section.block)] = key
            kept = self._sections.get(key)
            if kept is None or (kept.found and kept.where != where):
                kept = _Kept(where, tuple(_run_block(rules, section)))
            else:
                self.reused += 1
            known[key] = kept
            found.extend(kept.found)
        if keys is not None:
            self._sections = known
        return block_keys

    def _check_crews(
        self,
        plan: Plan,
        keys: _Keys | None,
        block_keys: dict[int, Hashable],
        found: list[Diagnostic],
    ) -> None:
        if not self.stage_rules:
            return
        known: dict[Hashable, _Kept] = {}
        for crew in crews(plan):
            if keys is None:
                for rule in self.stage_rules:
                    found.extend(rule.check_stage(crew))
                continue

            key, where = keys.crew(crew, block_keys)
            kept = self._crews.get(key)
            if kept is None or (kept.found and kept.where != where):
                kept = _Kept(where, tuple(_run_crew(self.stage_rules, crew)))
            else:
                self.reused += 1
            known[key] = kept
            found.extend(kept.found)
        if keys is not None:
            self._crews = known


def _run_block(rules: list[BlockRule], section: Section) -> Iterable[Diagnostic]:
    for rule in rules:
        yield from rule.check_block(section)


def _run_crew(rules: list[StageRule], crew: Crew) -> Iterable[Diagnostic]:
    for rule in rules:
        yield from rule.check_stage(crew)


class _Keys:
    """The keys and places of a plan's sections and crews.

    A section whose lines are one stretch of one file is keyed by that
    stretch of text; one that an include interrupts, or that runs on into
    another file, by its lines one by one.
    """

    def __init__(self, plan: Plan) -> None:
        self.includes: dict[int, list[int]] = {}
        for include in plan.includes:
            line = include.source.line
            self.includes.setdefault(id(include.source.document), []).append(
                line.span.start
            )

    def section(self, section: Section) -> tuple[Hashable, Where]:
        block = section.block
        lines = section.body if block is None else None
        first = block.marker if block is not None else section.body[0]
        last = section.body[-1] if section.body else first
        context = _context(section)
        if lines is None and self._stretch(first, last):
            document = first.document
            start = first.line.span.start
            end = last.line.span.end + len(last.line.eol)
            text = document.text[start:end]
            key = (section.kind, *context, document.path, text)
            return key, (start, first.line.number, *_stage_where(section))

        every = list(section.lines())
        key = (
            section.kind,
            *context,
            tuple((pl.document.path, pl.line.kind, pl.line.text) for pl in every),
        )
        where = tuple((pl.line.span.start, pl.line.number) for pl in every)
        return key, (where, *_stage_where(section))

    def _stretch(self, first: PlanLine, last: PlanLine) -> bool:
        """Whether the lines from `first` to `last` are one stretch of one file."""
        document = first.document
        if last.document is not document:
            return False
        starts = self.includes.get(id(document))
        if not starts:
            return True
        low, high = first.line.span.start, last.line.span.start
        return not any(low <= start <= high for start in starts)

    def crew(
        self, crew: Crew, block_keys: dict[int, Hashable]
    ) -> tuple[Hashable, Where]:
        blocks = [crew.stage, *crew.tasks] if crew.stage is not None else crew.tasks
        key = tuple(block_keys[id(block)] for block in blocks)
        where = tuple(
            (block.marker.line.span.start, block.marker.line.number) for block in blocks
        )
        return key, where


def _context(section: Section) -> tuple[Hashable, ...]:
    """What a block rule may read outside the section: numbers, stage marker."""
    block = section.block
    if section.kind == "stage":
        return (section.stage.number,)
    if block is None:
        return ()
    task = section.task
    stage = task.stage
    if stage is None:
        return (0, task.number, None)
    return (stage.number, task.number, stage.marker.line.text)


def _stage_where(section: Section) -> tuple[Hashable, ...]:
    """Where a task's stage marker is: findings may point at it."""
    if section.kind != "task":
        return ()
    stage = section.task.stage
    assert stage is not None
    marker = stage.marker
    return (marker.document.path, marker.line.span.start, marker.line.number)
