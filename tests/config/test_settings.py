"""Configuration discovery, precedence, validation and rule selection."""

from __future__ import annotations

from pathlib import Path

import pytest

import planlint
from planlint.config import ConfigError, find_config, load_config, resolve_settings

PLAN = """# 总阶段数: 9
## STAGE ## name="改造" mode="parallel"

## TASK ## 没有文件范围 😀
只读

## TASK ## 改页面
文件: web/src/pages/a.tsx
"""


def _codes(plan_path: Path, settings_path: Path | None = None) -> list[str]:
    settings = resolve_settings(plan_path, settings_path)
    plan = planlint.load(plan_path)
    found = planlint.check(plan, enabled=settings.enabled(str(plan_path)))
    return sorted(f"{d.code}:{d.severity}" for d in settings.adjust(found))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.plan.md").write_text(PLAN, encoding="utf-8")
    return tmp_path


def test_defaults_run_every_rule(project: Path) -> None:
    codes = _codes(project / "plans" / "a.plan.md")

    assert codes == ["PL601:warning", "PL701:warning"]


def test_nearest_file_wins_and_dot_file_beats_plain_and_pyproject(
    project: Path,
) -> None:
    (project / "pyproject.toml").write_text('[tool.planlint]\nignore = ["PL701"]\n')
    plans = project / "plans"
    (plans / "planlint.toml").write_text('ignore = ["PL601"]\n')
    (plans / ".planlint.toml").write_text('ignore = ["parallel-task-without-files"]\n')

    assert find_config(plans / "a.plan.md") == (plans / ".planlint.toml").resolve()
    assert _codes(plans / "a.plan.md") == ["PL701:warning"]


def test_pyproject_without_a_planlint_table_is_skipped(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.black]\nline-length = 88\n")

    assert find_config(project / "plans" / "a.plan.md") is None


def test_select_prefix_severity_and_per_file_ignores(project: Path) -> None:
    config = project / "planlint.toml"
    config.write_text(
        'select = ["PL6", "PL7"]\n'
        '[severity]\nPL601 = "error"\n'
        '[per-file-ignores]\n"plans/*.plan.md" = ["PL701"]\n'
    )

    assert _codes(project / "plans" / "a.plan.md") == ["PL601:error"]


def test_isolated_ignores_every_file(project: Path) -> None:
    (project / "planlint.toml").write_text('ignore = ["ALL"]\n')

    settings = resolve_settings(project / "plans" / "a.plan.md", isolated=True)
    assert settings.path is None
    assert settings.select == ("ALL",)


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ('selekt = ["PL6"]\n', "selekt", "allowed keys here: exclude"),
        ('select = ["PL9999"]\n', "select", "`PL9999` is no rule"),
        ('[severity]\nPL601 = "fatal"\n', "severity.PL601", "error, warning, info"),
        ("[run]\njobs = 0\n", "run.jobs", "minimum"),
        (
            '[run]\ntimeout = ""\n',
            "run.timeout",
            "'' is not allowed; write it like 90s",
        ),
        ('[run]\ntimeout = "5"\n', "run.timeout", "like 90s, 20m, 1h30m"),
        ('[run]\ntimeout = "1m1h"\n', "run.timeout", "like 90s, 20m, 1h30m"),
        ('[severity]\nPL6O1 = "info"\n', "severity", "`PL6O1` is no rule"),
        (
            '[per-file-ignores]\n"*.plan" = ["PL6", "nope"]\n',
            "per-file-ignores.*.plan",
            "`nope` is no rule",
        ),
        ("select = [\n", "(file)", "not valid TOML"),
    ],
)
def test_invalid_configuration_names_file_key_and_allowed_values(
    tmp_path: Path, text: str, key: str, fragment: str
) -> None:
    config = tmp_path / "planlint.toml"
    config.write_text(text)

    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert raised.value.key == key
    assert str(config) in str(raised.value)
    assert fragment in str(raised.value)


def test_a_valid_timeout_is_accepted(tmp_path: Path) -> None:
    config = tmp_path / "planlint.toml"
    config.write_text('[run]\ntimeout = "1h30m"\n')

    assert load_config(config).run["timeout"] == "1h30m"


def test_the_schema_selectors_are_exactly_what_the_cli_accepts() -> None:
    from planlint.checks import all_rules
    from planlint.config.schema import selectors
    from planlint.config.settings import selects_some_rule

    rules = all_rules()
    known = set(selectors(rules))
    codes = {rule.code for rule in rules}
    candidates = known | {c + "0" for c in codes} | {"PL8", "all", "P L6"}

    assert {"ALL", "PL", "PL6", "PL601", "parallel-task-without-files"} <= known
    assert "" not in known  # the CLI drops empty items; a file may not hold one
    for candidate in candidates:
        assert (candidate in known) == selects_some_rule(candidate, rules), candidate
