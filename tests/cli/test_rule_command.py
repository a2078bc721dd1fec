"""`planlint rule`: every rule's manual by code or name, did-you-mean, --all."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planlint.checks import Rule, all_rules
from planlint.checks.docs import rule_json, rule_text, rule_url
from planlint.cli import EXIT_CLEAN, EXIT_USAGE
from tests.cli.conftest import Run
from tests.conftest import ROOT

RULES_MD = ROOT / "docs" / "rules.md"
REGENERATE = "planlint rule --all --output-format markdown > docs/rules.md"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_prints_its_manual_by_code_and_name(
    planlint: Run, rule: Rule
) -> None:
    by_code = planlint("rule", rule.code)
    by_name = planlint("rule", rule.name)
    lowercase = planlint("rule", rule.code.lower())

    assert by_code.out == by_name.out == lowercase.out == rule_text(rule)
    assert by_code.code == EXIT_CLEAN and by_code.err == ""
    assert f"{rule.code} {rule.name} ({rule.severity})" in by_code.out
    assert rule.why.split(".")[0] in by_code.out


@pytest.mark.parametrize("rule", all_rules()[:3], ids=lambda r: r.code)
def test_one_rule_as_json_and_markdown(planlint: Run, rule: Rule) -> None:
    data = json.loads(planlint("rule", rule.code, "--output-format", "json").out)
    markdown = planlint("rule", rule.name, "--output-format", "markdown").out

    assert data == rule_json(rule)
    assert markdown.startswith(f"## {rule.code} {rule.name}\n")


@pytest.mark.parametrize(
    ("asked", "suggested"),
    [
        ("unknown-dependancy", "unknown-dependency"),
        ("dependency-cycles", "dependency-cycle"),
        ("PL3O1", "PL301"),
    ],
)
def test_an_unknown_rule_suggests_the_closest_and_exits_2(
    planlint: Run, asked: str, suggested: str
) -> None:
    result = planlint("rule", asked)

    assert result.code == EXIT_USAGE and result.out == ""
    assert f"no rule is called `{asked}`; did you mean `{suggested}`?" in result.err


def test_nothing_close_points_at_the_list(planlint: Run) -> None:
    result = planlint("rule", "完全不像")

    assert result.code == EXIT_USAGE
    assert "see `planlint rule --all`" in result.err


@pytest.mark.parametrize("argv", [[], ["PL202", "--all"]])
def test_a_rule_or_all_but_not_both(planlint: Run, argv: list[str]) -> None:
    result = planlint("rule", *argv)

    assert result.code == EXIT_USAGE and "give a rule" in result.err


def test_all_as_json_lists_every_rule_in_code_order(planlint: Run) -> None:
    rules = json.loads(planlint("rule", "--all", "--output-format", "json").out)

    assert rules == [rule_json(rule) for rule in all_rules()]


def test_all_as_text_is_every_manual(planlint: Run) -> None:
    text = planlint("rule", "--all").out

    assert text == "\n".join(rule_text(rule) for rule in all_rules())


def test_docs_rules_md_is_the_generated_reference(planlint: Run) -> None:
    generated = planlint("rule", "--all", "--output-format", "markdown").out

    current = RULES_MD.read_text(encoding="utf-8")

    assert current == generated, f"docs/rules.md is stale; run `{REGENERATE}`"


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def test_every_rule_link_points_at_a_heading_of_docs_rules_md() -> None:
    headings = re.findall(
        r"^## (.+)$", RULES_MD.read_text(encoding="utf-8"), re.MULTILINE
    )
    anchors = {_anchor(heading) for heading in headings}

    for rule in all_rules():
        assert rule_url(rule).split("#")[1] in anchors, rule.code


def test_the_rules_md_path_in_the_url_exists() -> None:
    path = rule_url(all_rules()[0]).split("/blob/main/")[1].split("#")[0]

    assert (ROOT / Path(path)).is_file()
