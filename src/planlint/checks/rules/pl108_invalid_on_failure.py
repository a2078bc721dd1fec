"""PL108 invalid-on-failure: `on_failure` is not stop, continue or retry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.sections import Section, SectionKind
from planlint.checks.suggest import closest
from planlint.model import Policy, Task
from planlint.syntax import Attr

POLICIES = tuple(p.value for p in Policy)


class InvalidOnFailure(BlockRule):
    code = "PL108"
    name = "invalid-on-failure"
    severity = Severity.ERROR
    summary = "`on_failure` is not `stop`, `continue` or `retry`"
    why = (
        "The policy decides what happens after the task fails: end the run,"
        " carry on, or try again. An unknown value would silently fall back to"
        " `stop`, which is rarely what a typo such as `contiue` meant."
    )
    example = '## TASK ## id="copy" on_failure="ignore"'
    instead = '## TASK ## id="copy" on_failure="continue"'
    fix_safety = "Unsafe: replaces the value when exactly one policy is close."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task", "orphan"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        task = section.task
        attr = trusted(task, "on_failure")
        if attr is None or attr.value in POLICIES:
            return ()
        return [self._report(task, attr)]

    def _report(self, task: Task, attr: Attr) -> Diagnostic:
        value = attr.value or ""
        place = value_place(task, attr)
        candidates = closest(value, POLICIES)
        expected = "expected `stop`, `continue` or `retry`"
        if not value:
            message = f"`on_failure` is empty; {expected}"
        elif candidates:
            message = f"on_failure `{value}` is unknown; did you mean"
            message += f" `{candidates[0]}`?"
        else:
            message = f"on_failure `{value}` is unknown; {expected}"
        fix = None
        if len(candidates) == 1:
            fix = replace(place, candidates[0], f"use `{candidates[0]}`", safe=False)
        return self.diagnostic(place, message, fix=fix)
