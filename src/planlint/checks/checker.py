"""Checking one plan again and again as it is edited, keeping what did not change.

A `Checker` remembers, for every section (block or header) and every crew
(stage with its tasks) it checked, what the block and stage rules found,
keyed by everything those rules may read (rule.py states the contract): the
section's kind, its text and file, the task's and stage's numbers and, for a
task, its stage's marker line. The next check of an edited plan runs the
block and stage rules only on sections and crews whose key is new, and the
plan-wide rules on the whole plan. Findings are kept as they were only while
they stay true where they are: a part that has findings and moved (an offset
or number of one of its lines changed, or of a task's stage marker) is
checked again, so their places, fixes and any line numbers in their messages
are always those of this check. A part without findings is kept wherever it
moved. The result equals `check_plan` of the same plan
(tests/checks/test_checker.py compares them on random edits).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from planlint.checks.diagnostic import Diagnostic
from planlint.checks.registry import all_rules
from planlint.checks.rule import BlockRule, DirectiveRule, Rule, StageRule
from planlint.checks.sections import Crew, Section, SectionKind, crews, sections
from planlint.checks.suppressions import directives, suppress
from planlint.model import Plan, PlanLine, Stage, Task

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
            walk = _Walk(self, plan, found)
            crew_keys = walk.sections()
            self._sections = walk.known
            self.reused = walk.reused
            self._kept_crews(plan, crew_keys, found)
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

    def _kept_crews(
        self, plan: Plan, crew_keys: list[list[Hashable]], found: list[Diagnostic]
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
                where = _crew_where(crew)
                if where != kept.where:
                    kept = _Kept(where, _run_crew(self.stage_rules, crew))
            elif kept is None:
                result = _run_crew(self.stage_rules, crew)
                kept = _Kept(_crew_where(crew) if result else (), result)
            known[key] = kept
            if kept.found:
                found.extend(kept.found)
        self._crews = known


class _Walk:
    """One pass over a plan's sections in `sections` order, keeping findings.

    A section whose lines are one stretch of one file is keyed by the text
    and line break of each of its lines (together, that stretch of text);
    one that an include interrupts, or that runs on into another file, by
    its lines one by one with their files. A Section is built only for a
    part whose rules must run or whose findings may have moved.
    """

    def __init__(self, checker: Checker, plan: Plan, found: list[Diagnostic]) -> None:
        self.checker = checker
        self.plan = plan
        self.found = found
        self.before = checker._sections
        self.known: dict[Hashable, _Kept] = {}
        self.reused = 0  # sections found in `before` (keys are unique)
        self.includes: dict[int, list[int]] = {}
        for include in plan.includes:
            start = include.source.line.span.start
            self.includes.setdefault(id(include.source.document), []).append(start)

    def sections(self) -> list[list[Hashable]]:
        """Visit every section; the section keys of every crew."""
        plan = self.plan
        visit, block = self.visit, self.block
        if plan.header:
            visit(self.lines(("header",), plan.header), "header", None)
        crew_keys: list[list[Hashable]] = []
        if plan.orphan_tasks:
            crew_keys.append(
                [
                    visit(block(("orphan", task.number), task), "orphan", task)
                    for task in plan.orphan_tasks
                ]
            )
        for stage in plan.stages:
            number, marker = stage.number, stage.marker.line.text
            crew = [visit(block(("stage", number), stage), "stage", stage)]
            for task in stage.tasks:
                context = ("task", number, task.number, marker)
                crew.append(visit(block(context, task), "task", task))
            crew_keys.append(crew)
        return crew_keys

    def visit(
        self, key: Hashable, kind: SectionKind, part: Stage | Task | None
    ) -> Hashable:
        """Keep or find the findings of one section; its key."""
        kept = self.before.get(key)
        if kept is not None:
            self.reused += 1
        if kept is None or kept.found:
            if part is None:
                section = Section(kind, None, self.plan.header)
            else:
                section = Section(kind, part, part.body)
            rules = self.checker.block_rules[kind]
            if kept is None:
                result = _run_block(rules, section)
                kept = _Kept(_section_where(section) if result else (), result)
            else:
                where = _section_where(section)
                if where != kept.where:
                    kept = _Kept(where, _run_block(rules, section))
            self.found.extend(kept.found)
        self.known[key] = kept
        return key

    def block(self, context: tuple[Hashable, ...], part: Stage | Task) -> Hashable:
        """Everything the block rules may read of a block: `context`, its text."""
        first = part.marker
        body = part.body
        last = body[-1] if body else first
        document = first.document
        if last.document is document and (
            not self.includes or self._one_stretch(first, last)
        ):
            # the block's text, line by line: a line below an edit keeps its
            # str objects, whose hashes Python has kept, so they hash and
            # compare at once (a slice of the text was a new string each time)
            line = first.line
            texts = [line.text, line.eol]
            for planline in body:
                line = planline.line
                texts.append(line.text)
                texts.append(line.eol)
            return (*context, document.path, *texts)
        return self.lines(context, [first, *body])

    def lines(self, context: tuple[Hashable, ...], lines: list[PlanLine]) -> Hashable:
        """The key of a part by its lines one by one, with their files."""
        every = tuple((pl.document.path, pl.line.kind, pl.line.text) for pl in lines)
        return (*context, every)

    def _one_stretch(self, first: PlanLine, last: PlanLine) -> bool:
        """Whether no include line of the file lies between `first` and `last`."""
        starts = self.includes.get(id(first.document), ())
        low, high = first.line.span.start, last.line.span.start
        return not any(low <= start <= high for start in starts)


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


def _section_where(section: Section) -> Where:
    """Where `section` is: its lines, and a task's stage marker."""
    where = tuple((pl.line.span.start, pl.line.number) for pl in section.lines())
    if section.kind != "task":
        return where
    stage = section.task.stage
    assert stage is not None
    marker = stage.marker
    return (*where, marker.document.path, marker.line.span.start, marker.line.number)


def _crew_where(crew: Crew) -> Where:
    """Where the blocks of `crew` are (their texts are in its key)."""
    blocks = [crew.stage, *crew.tasks] if crew.stage is not None else crew.tasks
    return tuple(
        (pl.line.span.start, pl.line.number)
        for block in blocks
        for pl in (block.marker, *block.body)
    )
