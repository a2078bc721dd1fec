"""The base of every rule: identity, default severity, docs and the check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from planlint.checks.diagnostic import (
    Diagnostic,
    Edit,
    Fix,
    Location,
    Related,
    Severity,
)
from planlint.model import Place, Plan

if TYPE_CHECKING:
    from planlint.checks.suppressions import Directive


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
            message=message,
            location=Location.of(place),
            related=tuple(Related(Location.of(p), m) for p, m in related),
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
