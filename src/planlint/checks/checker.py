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

from collections.abc import Callable, Hashable
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
        found: list[Diagnostic] = []
        self.reused = 0
        if self.remember:
            keys = _Keys(plan)
            crew_keys = self._kept_sections(plan, keys, found)
            self._kept_crews(plan, keys, crew_keys, found)
        else:
            self._all_sections(plan, found)
        for rule in self.plan_rules:
            found.extend(rule.check(plan))

        found_directives = directives(plan)
        kept = suppress(found, found_directives)
        for rule in self.directive_rules:
            kept.extend(rule.check_directives(found_directives))
        return sorted(kept, key=lambda d: d.sort_key)

    def _all_sections(self, plan: Plan, found: list[Diagnostic]) -> None:
        """Every block rule on every section, every stage rule on every crew."""
        block_rules = self.block_rules
        for section in sections(plan):
            for rule in block_rules[section.kind]:
                found.extend(rule.check_block(section))
        for crew in crews(plan) if self.stage_rules else ():
            for stage_rule in self.stage_rules:
                found.extend(stage_rule.check_stage(crew))

    def _kept_sections(
        self, plan: Plan, keys: _Keys, found: list[Diagnostic]
    ) -> list[list[Hashable]]:
        """Block rules on every new section; the section keys of every crew."""
        before = self._sections
        known: dict[Hashable, _Kept] = {}
        crew_keys: list[list[Hashable]] = []
        for section in sections(plan):
            kind = section.kind
            key = keys.section(section)
            if kind == "stage" or (kind == "orphan" and not crew_keys):
                crew_keys.append([key])
            elif kind != "header":
                crew_keys[-1].append(key)

            kept = before.get(key)
            if kept is not None and kept.found:
                where = keys.section_where(section)
                if where != kept.where:
                    kept = _Kept(where, _run_block(self.block_rules[kind], section))
            elif kept is None:
                result = _run_block(self.block_rules[kind], section)
                where = keys.section_where(section) if result else ()
                kept = _Kept(where, result)
            known[key] = kept
            if kept.found:
                found.extend(kept.found)
        self._sections = known
        self.reused = sum(1 for key in known if key in before)
        return crew_keys

    def _kept_crews(
        self,
        plan: Plan,
        keys: _Keys,
        crew_keys: list[list[Hashable]],
        found: list[Diagnostic],
    ) -> None:
        """Stage rules on every crew that is new or that has findings and moved."""
        if not self.stage_rules:
            return
        before = self._crews
        known: dict[Hashable, _Kept] = {}
        for crew, parts in zip(crews(plan), crew_keys, strict=True):
            key = tuple(parts)
            kept = before.get(key)
            if kept is not None and kept.found:
                where = keys.crew_where(crew)
                if where != kept.where:
                    kept = _Kept(where, _run_crew(self.stage_rules, crew))
            elif kept is None:
                result = _run_crew(self.stage_rules, crew)
                kept = _Kept(keys.crew_where(crew) if result else (), result)
            known[key] = kept
            if kept.found:
                found.extend(kept.found)
        self._crews = known


def _run_block(rules: list[BlockRule], section: Section) -> tuple[Diagnostic, ...]:
    found: list[Diagnostic] = []
    for rule in rules:
        found.extend(rule.check_block(section))
    return tuple(found)


def _run_crew(rules: list[StageRule], crew: Crew) -> tuple[Diagnostic, ...]:
    found: list[Diagnostic] = []
    for rule in rules:
        found.extend(rule.check_stage(crew))
    return tuple(found)


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

    def section(self, section: Section) -> Hashable:
        """Everything the block rules may read of `section`."""
        block = section.block
        if block is None:
            first = section.body[0]
            body = section.body
        else:
            first = block.marker
            body = block.body
        last = body[-1] if body else first
        document = first.document
        if block is not None and self._stretch(first, last):
            start = first.line.span.start
            end = last.line.span.end + len(last.line.eol)
            text = document.text[start:end]
            return (_context(section), document.path, text)

        every = tuple(
            (pl.document.path, pl.line.kind, pl.line.text) for pl in section.lines()
        )
        return (section.kind, _context(section), every)

    def _stretch(self, first: PlanLine, last: PlanLine) -> bool:
        """Whether the lines from `first` to `last` are one stretch of one file."""
        document = first.document
        if last.document is not document:
            return False
        if not self.includes:
            return True
        starts = self.includes.get(id(document), ())
        low, high = first.line.span.start, last.line.span.start
        return not any(low <= start <= high for start in starts)

    def section_where(self, section: Section) -> Where:
        """Where `section` is: its lines, and a task's stage marker."""
        where = tuple((pl.line.span.start, pl.line.number) for pl in section.lines())
        if section.kind != "task":
            return where
        stage = section.task.stage
        assert stage is not None
        marker = stage.marker
        return (
            *where,
            marker.document.path,
            marker.line.span.start,
            marker.line.number,
        )

    def crew_where(self, crew: Crew) -> Where:
        """Where the blocks of `crew` are (their texts are in its key)."""
        blocks = [crew.stage, *crew.tasks] if crew.stage is not None else crew.tasks
        return tuple(
            (pl.line.span.start, pl.line.number)
            for block in blocks
            for pl in (block.marker, *block.body)
        )


def _context(section: Section) -> tuple[Hashable, ...]:
    """What a block rule may read outside the section: numbers, stage marker."""
    kind = section.kind
    if kind == "task":
        task = section.task
        stage = task.stage
        assert stage is not None
        return (kind, stage.number, task.number, stage.marker.line.text)
    if kind == "stage":
        return (kind, section.stage.number)
    if kind == "orphan":
        return (kind, section.task.number)
    return (kind,)
