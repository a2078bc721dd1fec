"""The base of every rule: identity, default severity, docs and the check."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

from planlint.checks.diagnostic import (
    Diagnostic,
    Edit,
    Fix,
    Location,
    Related,
    Severity,
)
from planlint.checks.sections import Crew, Section, SectionKind, crews, sections
from planlint.model import Place, Plan

if TYPE_CHECKING:
    from planlint.checks.suppressions import Directive

# What one run of a rule must see: one block, one stage with its tasks, or the
# whole plan. A checker may keep what a block or stage rule found for a part
# of the plan that did not change (checks/checker.py).
Scope = Literal["block", "stage", "plan"]

_LONG_QUOTE = re.compile(r"`([^`\n]{81,})`")  # a value quoted in a message
_HEAD, _TAIL = 60, 15  # what is kept of it: the location shows it whole


def brief(message: str) -> str:
    """`message` with each quoted value of over 80 characters cut in the
    middle: a 200,000-character attribute made a line as long in every
    output format."""
    return _LONG_QUOTE.sub(_cut, message)


def _cut(match: re.Match[str]) -> str:
    value = match.group(1)
    return f"`{value[:_HEAD]}\u2026{value[-_TAIL:]}`"


class Rule:
    """One rule: subclasses set the class variables and implement `check`.

    The docs fields are the user manual of the rule (`planlint rule CODE` and
    docs/rules.md are generated from them).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]  # one line: what it flags
    why: ClassVar[str] = ""  # why it matters
    example: ClassVar[str] = ""  # a plan snippet it flags
    instead: ClassVar[str] = ""  # the same snippet written well
    fix_safety: ClassVar[str] = ""  # what --fix does, if anything
    scope: ClassVar[Scope] = "plan"

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def diagnostic(
        self,
        place: Place,
        message: str,
        related: Iterable[tuple[Place, str]] = (),
        fix: Fix | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.code,
            rule=self.name,
            severity=self.severity,
            message=brief(message),
            location=Location.of(place),
            related=tuple(Related(Location.of(p), brief(m)) for p, m in related),
            fix=fix,
        )


def replace(place: Place, text: str, title: str, safe: bool = True) -> Fix:
    """A fix with a single edit that replaces `place` with `text`."""
    return Fix(title, (Edit(place.path, place.span, text),), safe)


class DirectiveRule(Rule):
    """A rule about suppression comments; it runs after they were applied."""

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        from planlint.checks.suppressions import directives

        return self.check_directives(directives(plan))

    def check_directives(self, found: list[Directive]) -> Iterator[Diagnostic]:
        raise NotImplementedError


class BlockRule(Rule):
    """A rule that looks at one section at a time: a block, or the header.

    The contract that lets a checker keep its findings while the section's
    text is unchanged: `check_block` reads the section's own lines and the
    model built from them, and of the rest of the plan only a task's number
    and its stage's number and marker line. Whether it reports must not
    depend on where the section is; its messages may name lines.
    """

    scope: ClassVar[Scope] = "block"
    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage", "task", "orphan"})

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for section in sections(plan):
            if section.kind in self.kinds:
                yield from self.check_block(section)

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        """The diagnostics of one section whose kind is in `kinds`."""
        raise NotImplementedError


class StageRule(Rule):
    """A rule that looks at one stage with its tasks at a time.

    The contract: `check_stage` reads the crew's own blocks and the stage's
    number, nothing else of the plan; the tasks before the first stage form
    a crew without a stage. As for block rules, whether it reports must not
    depend on where the crew is.
    """

    scope: ClassVar[Scope] = "stage"

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for crew in crews(plan):
            yield from self.check_stage(crew)

    def check_stage(self, crew: Crew) -> Iterable[Diagnostic]:
        raise NotImplementedError
