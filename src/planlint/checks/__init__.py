"""Checks layer: the rules of FORMAT.md §10 run over a Plan."""

from __future__ import annotations

from collections.abc import Callable

from planlint.checks.checker import Checker
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
    "Checker",
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
    (PL901, PL902) then see which ones were used. Each block is visited once,
    running every block rule on it (checks/checker.py).
    """
    return Checker(enabled, remember=False).check(plan)
