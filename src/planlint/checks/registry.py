"""The one list of rules. Codes are permanent: never reuse or renumber one."""

from __future__ import annotations

import importlib
from functools import cache

from planlint.checks.rule import Rule

# One module per rule under planlint.checks.rules, named <code>_<name>.
RULE_MODULES = (
    "pl001_no_stage",
    "pl002_task_outside_stage",
    "pl003_bad_attr_syntax",
    "pl004_duplicate_attr",
    "pl005_unexpected_marker_text",
    "pl006_not_a_marker",
    "pl007_legacy_task_marker",
    "pl008_marker_spacing",
    "pl009_bom",
    "pl010_invalid_encoding",
    "pl011_unclosed_fence",
    "pl101_unknown_attr",
    "pl102_missing_required_attr",
    "pl103_empty_attr",
    "pl104_invalid_mode",
    "pl105_mode_alias",
    "pl106_invalid_int",
    "pl107_out_of_range_int",
    "pl108_invalid_on_failure",
    "pl109_max_workers_on_serial",
    "pl110_retry_without_retry_policy",
    "pl111_retry_policy_without_count",
    "pl112_invalid_duration",
    "pl113_invalid_bool",
    "pl114_invalid_id",
    "pl201_duplicate_task_id",
    "pl202_unknown_dependency",
    "pl203_self_dependency",
    "pl204_forward_dependency",
    "pl205_stage_ref_out_of_range",
    "pl206_invalid_stage_ref",
    "pl207_empty_dependency_item",
    "pl208_task_prefix_in_task_depends",
    "pl209_id_case_collision",
    "pl210_ambiguous_dependency",
    "pl211_duplicate_stage_name",
    "pl212_duplicate_dependency",
    "pl301_dependency_cycle",
    "pl401_include_not_found",
    "pl402_include_cycle",
    "pl501_fullwidth_colon_field",
    "pl502_unknown_field",
    "pl503_multiple_verify",
    "pl504_placeholder",
    "pl505_elided_task_body",
    "pl506_empty_stage",
    "pl507_noop_verify",
    "pl508_verify_syntax",
    "pl509_confirmation_not_enforced",
    "pl510_shellcheck",
    "pl601_parallel_task_without_files",
    "pl602_file_scope_overlap",
    "pl701_header_count_mismatch",
    "pl901_unused_suppression",
    "pl902_unknown_rule_in_suppression",
)


@cache
def all_rules() -> tuple[Rule, ...]:
    """An instance of every registered rule, in code order."""
    rules: dict[str, Rule] = {}
    for module_name in RULE_MODULES:
        module = importlib.import_module(f"planlint.checks.rules.{module_name}")
        rule = _rule_in(module_name, vars(module).values())
        if rule.code in rules:
            raise RuntimeError(f"rule code {rule.code} is registered twice")
        rules[rule.code] = rule
    return tuple(sorted(rules.values(), key=lambda r: r.code))


def _rule_in(module_name: str, members: object) -> Rule:
    classes = [
        m
        for m in members  # type: ignore[attr-defined]
        if isinstance(m, type)
        and issubclass(m, Rule)
        and m is not Rule
        and m.__module__.endswith(module_name)
    ]
    if len(classes) != 1:
        raise RuntimeError(f"{module_name} must define exactly one rule class")
    rule: Rule = classes[0]()
    return rule


def rule_for(code_or_name: str) -> Rule | None:
    for rule in all_rules():
        if code_or_name in (rule.code, rule.name):
            return rule
    return None


@cache
def known_rule_names() -> frozenset[str]:
    """Every code and name a suppression or a configuration may use."""
    return frozenset(n for r in all_rules() for n in (r.code, r.name))
