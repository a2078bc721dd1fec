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
from planlint.checks.rule import Rule
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
    """Every diagnostic of the enabled rules (all by default), sorted by place."""
    found: list[Diagnostic] = []
    for rule in all_rules():
        if enabled is None or enabled(rule):
            found.extend(rule.check(plan))
    return sorted(found, key=lambda d: d.sort_key)
