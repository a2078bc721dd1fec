"""`--select`, `--extend-select` and `--ignore` on the command line, on corpus plans."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from planlint.cli import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE
from tests.cli.conftest import Run
from tests.conftest import CORPUS

CONFLICTS = CORPUS / "parallel-file-conflicts.plan.md"
LEGACY = CORPUS / "legacy-task-markers.plan.md"
CODE = re.compile(r": (PL\d{3}) \[")


def codes(output: str) -> set[str]:
    return set(CODE.findall(output))


def test_select_runs_only_the_named_rules(planlint: Run) -> None:
    everything = codes(
        planlint("--isolated", "--output-format", "concise", str(LEGACY)).out
    )
    chosen = planlint(
        "--isolated", "--output-format", "concise", "--select", "PL007", str(LEGACY)
    )

    assert "PL007" in everything and len(everything) > 1
    assert codes(chosen.out) == {"PL007"}


def test_select_accepts_names_and_prefixes(planlint: Run) -> None:
    by_name = planlint(
        "--isolated",
        "--output-format",
        "concise",
        "--select",
        "legacy-task-marker,PL5",
        str(LEGACY),
    )
    found = codes(by_name.out)
    assert "PL007" in found
    assert found <= {"PL007"} | {c for c in found if c.startswith("PL5")}


def test_select_replaces_the_configuration(planlint: Run, tmp_path: Path) -> None:
    plan = tmp_path / "p.plan.md"
    shutil.copy(CONFLICTS, plan)
    (tmp_path / "planlint.toml").write_text('select = ["PL0"]\n', encoding="utf-8")

    from_file = planlint("--output-format", "concise", str(plan))
    from_cli = planlint("--output-format", "concise", "--select", "PL6", str(plan))

    assert all(c.startswith("PL0") for c in codes(from_file.out))
    assert codes(from_cli.out) and all(c.startswith("PL6") for c in codes(from_cli.out))


def test_extend_select_and_ignore_add_to_the_configuration(
    planlint: Run, tmp_path: Path
) -> None:
    plan = tmp_path / "p.plan.md"
    shutil.copy(CONFLICTS, plan)
    (tmp_path / "planlint.toml").write_text('select = ["PL0"]\n', encoding="utf-8")

    extended = planlint(
        "--output-format", "concise", "--extend-select", "PL602", str(plan)
    )
    ignored = planlint("--output-format", "concise", "--ignore", "PL6", str(CONFLICTS))

    assert "PL602" in codes(extended.out)
    assert not any(c.startswith("PL6") for c in codes(ignored.out))


def test_ignoring_every_error_changes_the_exit_status(planlint: Run) -> None:
    broken = CORPUS / "cycle-two-tasks.plan.md"

    assert planlint("--isolated", str(broken)).code == EXIT_PROBLEMS
    assert planlint("--isolated", "--ignore", "ALL", str(broken)).code == EXIT_CLEAN


def test_an_unknown_selector_is_a_usage_error(planlint: Run) -> None:
    result = planlint("--select", "PL99,PL001", str(LEGACY))

    assert result.code == EXIT_USAGE
    assert "`PL99` is no rule code, name or code prefix" in result.err


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
@pytest.mark.parametrize("value", ["", ",", " ", " , "])
def test_an_empty_rule_list_is_a_usage_error(
    planlint: Run, option: str, value: str
) -> None:
    result = planlint(option, value, str(LEGACY))

    assert result.code == EXIT_USAGE
    assert f"argument {option}: names no rule" in result.err
    assert result.out == ""


def test_show_settings_reflects_the_command_line(planlint: Run) -> None:
    result = planlint(
        "--isolated",
        "--select",
        "PL3,unknown-dependency",
        "--show-settings",
        str(LEGACY),
    )

    assert result.code == EXIT_CLEAN
    assert 'select = ["PL3", "unknown-dependency"]' in result.out
    assert "# rules that run on this plan (2;" in result.out
