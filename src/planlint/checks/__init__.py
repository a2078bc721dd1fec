"""Checks layer: the rules of FORMAT.md §10 run over a Plan."""

from __future__ import annotations

from collections.abc import Callable

from planlint.checks.diagnostic import (
    Diagnostic,
    Edit,
    Fix,
    Location,
    Related,
    Severity,
)
from planlint.checks.registry import all_rules, rule_for
from planlint.checks.rule import DirectiveRule, Rule
from planlint.checks.suppressions import directives, suppress
from planlint.model import Plan

__all__ = [
    "Diagnostic",
    "Edit",
    "Fix",
    "Location",
    "Related",
    "Rule",
    "Severity",
    "all_rules",
    "check_plan",
    "rule_for",
]


def check_plan(
    plan: Plan, enabled: Callable[[Rule], bool] | None = None
) -> list[Diagnostic]:
    """Every diagnostic of the enabled rules (all by default), sorted by place.

    Suppression comments are applied first; the rules about suppressions
    (PL901, PL902) then see which ones were used.
    """
    rules = [r for r in all_rules() if enabled is None or enabled(r)]
    found: list[Diagnostic] = []
    for rule in rules:
        if not isinstance(rule, DirectiveRule):
            found.extend(rule.check(plan))

    found_directives = directives(plan)
    kept = suppress(found, found_directives)
    for rule in rules:
        if isinstance(rule, DirectiveRule):
            kept.extend(rule.check_directives(found_directives))
    return sorted(kept, key=lambda d: d.sort_key)
