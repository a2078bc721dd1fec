"""Every rule documents itself; the rendered manuals carry all of it."""

from __future__ import annotations

import json

import pytest

from planlint.checks import Rule, all_rules
from planlint.checks.docs import rule_json, rule_markdown, rule_text, rules_markdown


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_explains_what_why_and_shows_an_example(rule: Rule) -> None:
    assert rule.summary and rule.why and rule.example, rule.code
    assert rule.summary[0].islower() or rule.summary[0] in "`'", rule.summary


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_text_markdown_and_json_carry_the_same_facts(rule: Rule) -> None:
    text, markdown = rule_text(rule), rule_markdown(rule)
    data = json.loads(json.dumps(rule_json(rule)))

    assert text.startswith(f"{rule.code} {rule.name} ({rule.severity})")
    assert markdown.startswith(f"## {rule.code} {rule.name}\n")
    assert rule.example.strip() in markdown
    for line in rule.example.splitlines():
        assert f"    {line}".rstrip() in text
    assert data["code"] == rule.code and data["severity"] == str(rule.severity)


def test_index_lists_every_rule_once_in_code_order() -> None:
    page = rules_markdown()
    lines = page.splitlines()
    rows = [line.split(" | ")[0][2:] for line in lines if line.startswith("| PL")]

    assert rows == sorted(rows) == [r.code for r in all_rules()]
