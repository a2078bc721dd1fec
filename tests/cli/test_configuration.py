"""Configuration through the CLI: discovery per plan, flags, errors, `exclude`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from planlint.checks import all_rules
from planlint.cli import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE
from planlint.config import files as config_files
from tests.cli.conftest import Run
from tests.conftest import CORPUS

# PL601 (a task without files in a parallel stage) and PL701 (header counts).
PLAN = """# 总阶段数: 9
## STAGE ## name="改造 🚀" mode="parallel"

## TASK ## 没有文件范围
只读

## TASK ## 改页面
文件: web/src/pages/a.tsx
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with plans in two folders and no configuration yet."""
    for folder in ("plans", "plans/drafts", "other"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "a.plan.md").write_text(PLAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _codes(out: str) -> list[str]:
    return sorted(
        f"{d['path']}:{d['code']}:{d['severity']}"
        for d in json.loads(out)["diagnostics"]
    )


def test_each_plan_uses_its_nearest_configuration(planlint: Run, project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.planlint]\nignore = ["PL701"]\n')
    (project / "plans" / ".planlint.toml").write_text(
        'ignore = ["parallel-task-without-files"]\n[severity]\nPL7 = "error"\n'
    )

    result = planlint("--output-format", "json", ".")

    assert _codes(result.out) == [
        "other/a.plan.md:PL601:warning",
        "plans/a.plan.md:PL701:error",
        "plans/drafts/a.plan.md:PL701:error",
    ]
    assert result.code == EXIT_PROBLEMS


def test_config_flag_applies_one_file_to_every_plan(
    planlint: Run, project: Path
) -> None:
    (project / "plans" / "planlint.toml").write_text('ignore = ["ALL"]\n')
    chosen = project / "strict.toml"
    chosen.write_text('select = ["PL6"]\n[severity]\nPL601 = "info"\n')

    result = planlint("--config", str(chosen), "--output-format", "json", "plans")

    assert _codes(result.out) == [
        "plans/a.plan.md:PL601:info",
        "plans/drafts/a.plan.md:PL601:info",
    ]


def test_isolated_ignores_every_configuration(planlint: Run, project: Path) -> None:
    (project / "planlint.toml").write_text('ignore = ["ALL"]\n')

    quiet = planlint("--output-format", "json", "other")
    isolated = planlint("--isolated", "--output-format", "json", "other")

    assert _codes(quiet.out) == []
    assert _codes(isolated.out) == [
        "other/a.plan.md:PL601:warning",
        "other/a.plan.md:PL701:warning",
    ]


def test_exclude_skips_walked_plans_but_not_named_ones(
    planlint: Run, project: Path
) -> None:
    (project / "planlint.toml").write_text('exclude = ["drafts/", "other/*.plan.md"]\n')

    walked = planlint("--output-format", "concise", ".")
    named = planlint("--output-format", "concise", "other/a.plan.md")

    assert "plans/a.plan.md:" in walked.out
    assert "drafts" not in walked.out and "other/" not in walked.out
    assert "other/a.plan.md:1:" in named.out


def test_a_named_excluded_directory_is_walked_as_a_gitignored_one_is(
    planlint: Run, project: Path
) -> None:
    (project / "plans" / "drafts" / "old").mkdir()
    (project / "plans" / "drafts" / "old" / "b.plan.md").write_text("## TASK ##\n")
    (project / "planlint.toml").write_text('exclude = ["drafts/", "old/"]\n')

    named = planlint("--output-format", "concise", "plans/drafts")
    walked = planlint("--output-format", "concise", ".")

    assert "plans/drafts/a.plan.md:" in named.out  # `drafts/` names the directory
    assert "drafts/old/" not in named.out  # `old/` names a directory below it
    assert "drafts" not in walked.out


def test_per_file_ignores_are_relative_to_the_config_file(
    planlint: Run, project: Path
) -> None:
    (project / "plans" / "planlint.toml").write_text(
        '[per-file-ignores]\n"drafts/*.plan.md" = ["PL6", "header-count-mismatch"]\n'
    )

    result = planlint("--output-format", "json", "plans")

    assert _codes(result.out) == [
        "plans/a.plan.md:PL601:warning",
        "plans/a.plan.md:PL701:warning",
    ]


def test_stdin_takes_the_configuration_of_its_filename(
    planlint: Run, project: Path
) -> None:
    (project / "plans" / "planlint.toml").write_text('ignore = ["PL601"]\n')
    text = PLAN.encode("utf-8")

    named = planlint(
        "--output-format",
        "json",
        "--stdin-filename",
        "plans/b.plan.md",
        "-",
        stdin=text,
    )
    unnamed = planlint("--output-format", "json", "-", stdin=text)

    assert _codes(named.out) == ["plans/b.plan.md:PL701:warning"]
    assert _codes(unnamed.out) == ["-:PL601:warning", "-:PL701:warning"]


@pytest.mark.parametrize(
    ("text", "key", "allowed"),
    [
        ('selekt = ["PL6"]\n', "`selekt`", "allowed keys here: exclude, extend-select"),
        ('[severity]\nPL601 = "fatal"\n', "`severity.PL601`", "error, warning, info"),
        ('[format]\nline-ending = "cr"\n', "`format.line-ending`", "keep, lf, crlf"),
        ('ignore = ["PL6O1"]\n', "`ignore`", "`PL6O1` is no rule code"),
    ],
)
def test_invalid_configuration_exits_2_naming_file_key_and_values(
    planlint: Run, project: Path, text: str, key: str, allowed: str
) -> None:
    config = project / "plans" / "planlint.toml"
    config.write_text(text)

    result = planlint("plans/a.plan.md")

    assert result.code == EXIT_USAGE
    assert result.out == ""
    assert f"configuration: plans/planlint.toml: {key}" in result.err
    assert allowed in result.err and "Traceback" not in result.err


def test_a_missing_config_flag_file_is_a_usage_error(
    planlint: Run, project: Path
) -> None:
    result = planlint("--config", "nowhere.toml", "plans")

    assert result.code == EXIT_USAGE
    assert "nowhere.toml: `(file)`: cannot read it: No such file" in result.err


def test_each_configuration_file_is_read_once(
    planlint: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "planlint.toml").write_text('ignore = ["PL701"]\n')
    for number in range(20):
        (project / "plans" / f"p{number}.plan.md").write_text(PLAN, encoding="utf-8")
    reads: list[Path] = []
    real = config_files.load_config

    def counting(path: Path) -> object:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(config_files, "load_config", counting)

    assert planlint("--output-format", "concise", ".").code == EXIT_CLEAN
    assert reads == [(project / "planlint.toml").resolve()]


def test_show_settings_prints_toml_the_source_and_the_rules(
    planlint: Run, project: Path
) -> None:
    config = project / "plans" / "planlint.toml"
    config.write_text(
        'ignore = ["PL701"]\nexclude = ["drafts/"]\n[severity]\nPL6 = "error"\n'
        '[per-file-ignores]\n"drafts/**" = ["PL601"]\n[run]\njobs = 3\n'
    )

    result = planlint("--show-settings", "plans/drafts/a.plan.md")

    assert result.code == EXIT_CLEAN
    assert "# from plans/planlint.toml; defaults otherwise\n" in result.out
    settings = tomllib.loads(result.out)
    assert settings["ignore"] == ["PL701"]
    assert settings["severity"] == {"PL6": "error"}
    assert settings["run"] == {"jobs": 3}
    assert settings["format"] == {"line-ending": "keep"}
    assert (
        "#   PL601" not in result.out
        and "#   PL602 file-scope-overlap error" in result.out
    )
    assert "skipped by `exclude` in directory walks: yes" in result.out


def test_show_settings_without_a_file_says_so(planlint: Run, project: Path) -> None:
    result = planlint("--show-settings", "other/a.plan.md")

    assert "# no configuration file found" in result.out
    count = len(all_rules())
    assert f"rules that run on this plan ({count}; the others are off)" in result.out
    assert tomllib.loads(result.out)["select"] == ["ALL"]


def test_config_schema_is_a_schema_that_accepts_a_real_configuration(
    planlint: Run,
) -> None:
    result = planlint("config", "schema")
    schema = json.loads(result.out)

    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate({"select": ["PL6"], "format": {"line-ending": "lf"}}, schema)
    for wrong in (
        {"run": {"jobs": 0}},
        {"run": {"timeout": ""}},
        {"select": ["PL8"]},
        {"severity": {"PL6O1": "info"}},
        {"per-file-ignores": {"*.plan": ["nope"]}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, schema)
    jsonschema.validate({"severity": {"PL6": "info"}, "ignore": ["ALL"]}, schema)
    assert result.code == EXIT_CLEAN


def test_config_without_a_subcommand_is_a_usage_error(planlint: Run) -> None:
    result = planlint("config")

    assert result.code == EXIT_USAGE
    assert "schema" in result.err


def test_a_clean_lint_without_config_never_imports_jsonschema() -> None:
    import subprocess
    import sys

    probe = (
        "import io, sys\n"
        "from planlint.cli.main import main\n"
        f"main([{str(CORPUS / 'valid-full-featured.plan.md')!r}], io.StringIO(), sys.stderr)\n"
        "print('jsonschema' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )

    assert done.stdout.strip() == "False"
