"""PL104 invalid-mode: a stage `mode` that is neither serial nor parallel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.sections import Section, SectionKind
from planlint.checks.suggest import closest
from planlint.model import Stage
from planlint.syntax import Attr

_MODES = ("serial", "parallel")
_KNOWN = {*_MODES, "sequential"}  # sequential: PL105


class InvalidMode(BlockRule):
    code = "PL104"
    name = "invalid-mode"
    severity = Severity.ERROR
    summary = "a stage `mode` is not `serial` or `parallel` (case-sensitive)"
    why = (
        "The mode decides whether tasks may run at the same time. An unknown"
        " value cannot be guessed: the popular runner stopped the whole run when"
        " it reached such a stage, after the stages before it had already run."
    )
    example = '## STAGE ## name="分级" mode="Parallel"'
    instead = '## STAGE ## name="分级" mode="parallel"'
    fix_safety = "Unsafe: replaces the value when exactly one mode is close."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage"})

    def check_block(self, section: Section) -> Iterator[Diagnostic]:
        stage = section.stage
        attr = trusted(stage, "mode")
        value = attr.value if attr is not None else None
        if attr is not None and value and value.strip() and value not in _KNOWN:
            yield self._report(stage, attr)

    def _report(self, stage: Stage, attr: Attr) -> Diagnostic:
        value = attr.value or ""
        place = value_place(stage, attr)
        candidates = closest(value, _MODES)
        if value.lower() in _MODES:
            message = f"mode `{value}`: values are case-sensitive; did you mean"
            message += f" `{value.lower()}`?"
            candidates = [value.lower()]
        elif candidates:
            message = f"mode `{value}` is unknown; did you mean `{candidates[0]}`?"
        else:
            message = f"mode `{value}` is unknown; expected `serial` or `parallel`"
        fix = None
        if len(candidates) == 1:
            fix = replace(place, candidates[0], f"use `{candidates[0]}`", safe=False)
        return self.diagnostic(place, message, fix=fix)
