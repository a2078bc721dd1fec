"""`--fix`, `--unsafe-fixes` and `--diff` through the CLI: bytes, stdin, reports."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from planlint.cli import EXIT_CLEAN, EXIT_PROBLEMS
from planlint.cli.main import main
from tests.cli.conftest import Run
from tests.conftest import CORPUS, SEED

# PL008 (marker spacing) after CJK text, and PL701 (header counts).
PLAN = """# 总阶段数: 3
## STAGE ## name="清理 🧹" mode="serial"

## TASK##
删除已废弃的采集脚本
文件: ops/legacy/
"""
FIXED = PLAN.replace("## TASK##", "## TASK ##").replace("数: 3", "数: 1")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "清理.plan.md"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_fix_writes_the_file_and_reports_what_it_did(planlint: Run, plan: Path) -> None:
    result = planlint("--isolated", "--fix", str(plan))

    assert plan.read_text(encoding="utf-8") == FIXED
    assert result.out == "All checks passed: 1 file.\nFixed 2 problems (0 remaining).\n"
    assert result.code == EXIT_CLEAN


def test_fix_keeps_crlf_bom_and_invalid_bytes_it_was_not_asked_to_touch(
    planlint: Run, plan: Path
) -> None:
    raw = PLAN.encode("utf-8").replace(b"\n", b"\r\n").replace("🧹".encode(), b"\xfe")
    plan.write_bytes(b"\xef\xbb\xbf" + raw)
    config = plan.parent / "planlint.toml"
    config.write_text('ignore = ["bom"]\n', encoding="utf-8")

    result = planlint("--fix", "--output-format", "concise", str(plan))

    expected = FIXED.encode("utf-8").replace(b"\n", b"\r\n")
    assert plan.read_bytes() == b"\xef\xbb\xbf" + expected.replace(
        "🧹".encode(), b"\xfe"
    )
    assert "PL010" in result.out and "Fixed 2 problems (1 remaining)." in result.out
    assert result.code == EXIT_PROBLEMS


def test_the_bom_goes_only_when_its_fix_runs(planlint: Run, plan: Path) -> None:
    plan.write_bytes(b"\xef\xbb\xbf" + PLAN.encode("utf-8"))

    planlint("--isolated", "--fix", str(plan))

    assert plan.read_bytes() == FIXED.encode("utf-8")


def test_ignored_rules_are_not_fixed(planlint: Run, plan: Path) -> None:
    (plan.parent / ".planlint.toml").write_text(
        'ignore = ["PL701"]\n', encoding="utf-8"
    )

    result = planlint("--fix", str(plan))

    assert plan.read_text(encoding="utf-8") == PLAN.replace("## TASK##", "## TASK ##")
    assert "Fixed 1 problem (0 remaining)." in result.out


def test_unsafe_fixes_only_with_the_flag(planlint: Run, tmp_path: Path) -> None:
    plan = tmp_path / "deps.plan.md"
    original = (CORPUS / "unknown-dependency.plan.md").read_text(encoding="utf-8")
    plan.write_text(original, encoding="utf-8")

    planlint("--isolated", "--fix", str(plan))
    safe = plan.read_text(encoding="utf-8")
    planlint("--isolated", "--fix", "--unsafe-fixes", str(plan))
    unsafe = plan.read_text(encoding="utf-8")

    assert 'depends_on="shema"' in safe and 'depends_on="seed"' in safe
    assert 'depends_on="schema"' in unsafe


def test_fix_keeps_permissions_and_symlinks(planlint: Run, plan: Path) -> None:
    plan.chmod(0o640)
    link = plan.parent / "link.plan.md"
    link.symlink_to(plan.name)

    planlint("--isolated", "--fix", str(link))

    assert link.is_symlink() and plan.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640
    assert [p.name for p in plan.parent.iterdir() if p.name.startswith(".")] == []


def test_diff_prints_a_patch_writes_nothing_and_exits_1(
    planlint: Run, plan: Path
) -> None:
    result = planlint("--isolated", "--diff", str(plan))

    assert plan.read_text(encoding="utf-8") == PLAN
    assert result.code == EXIT_PROBLEMS
    assert result.out.startswith(f"--- {plan}\n+++ {plan}\n@@ ")
    assert "-## TASK##\n+## TASK ##\n" in result.out
    assert "-# 总阶段数: 3\n+# 总阶段数: 1\n" in result.out
    assert result.err == "Would fix 2 problems (0 remaining).\n"


def test_diff_goes_to_the_output_file(
    planlint: Run, plan: Path, tmp_path: Path
) -> None:
    report = tmp_path / "fix.diff"
    on_stdout = planlint("--isolated", "--diff", str(plan)).out

    result = planlint("--isolated", "--diff", "-o", str(report), str(plan))

    assert result.code == EXIT_PROBLEMS
    assert result.out == ""
    assert report.read_text(encoding="utf-8") == on_stdout
    assert "-## TASK##\n+## TASK ##\n" in on_stdout
    assert result.err == "Would fix 2 problems (0 remaining).\n"
    assert plan.read_text(encoding="utf-8") == PLAN


def test_diff_of_a_clean_plan_is_empty_and_exits_0(planlint: Run) -> None:
    result = planlint(
        "--isolated", "--diff", str(CORPUS / "valid-full-featured.plan.md")
    )

    assert (result.code, result.out) == (EXIT_CLEAN, "")


def test_diff_marks_a_last_line_without_newline(planlint: Run, plan: Path) -> None:
    plan.write_text(PLAN.replace("# 总阶段数: 3\n", "") + "\n## TASK##", "utf-8")

    result = planlint("--isolated", "--diff", str(plan))

    assert "+## TASK ##\n\\ No newline at end of file\n" in result.out


def test_diff_shows_crlf_as_it_is(planlint: Run, plan: Path) -> None:
    plan.write_bytes(PLAN.encode("utf-8").replace(b"\n", b"\r\n"))

    result = planlint("--isolated", "--diff", str(plan))

    assert "-## TASK##\r\n+## TASK ##\r\n" in result.out


def test_fix_on_stdin_prints_the_fixed_bytes_and_reports_on_stderr(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = PLAN.encode("utf-8").replace(b"\n", b"\r\n")
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    )
    out_bytes = io.BytesIO()
    stdout = io.TextIOWrapper(out_bytes, encoding="utf-8")
    stderr = io.StringIO()

    code = main(
        ["--isolated", "--fix", "--output-format", "concise", "-"], stdout, stderr
    )

    stdout.flush()
    assert out_bytes.getvalue() == FIXED.encode("utf-8").replace(b"\n", b"\r\n")
    assert (
        stderr.getvalue()
        == "All checks passed: 1 file.\nFixed 2 problems (0 remaining).\n"
    )
    assert code == EXIT_CLEAN


def test_fix_on_stdin_prints_the_plan_even_when_nothing_changes(planlint: Run) -> None:
    clean = (CORPUS / "valid-full-featured.plan.md").read_bytes()

    result = planlint("--isolated", "--fix", "-", stdin=clean)

    assert result.out == clean.decode("utf-8")
    assert "Fixed 0 problems (0 remaining)." in result.err


def test_fix_with_json_output_keeps_stdout_json(planlint: Run, tmp_path: Path) -> None:
    seed = tmp_path / SEED.name
    seed.write_bytes(SEED.read_bytes())

    result = planlint("--isolated", "--fix", "--output-format", "json", str(seed))

    assert result.out.startswith("{") and '"PL509"' in result.out
    assert result.err == "Fixed 1 problem (1 remaining).\n"


def test_fix_reports_a_file_it_cannot_write_and_leaves_no_debris(
    planlint: Run, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source: str, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)

    result = planlint("--isolated", "--fix", str(plan))

    assert result.code == 2
    assert f"cannot write {plan}: Permission denied" in result.err
    assert plan.read_text(encoding="utf-8") == PLAN
    assert [p.name for p in plan.parent.iterdir()] == [plan.name]


def test_fixing_a_whole_directory_leaves_only_unfixable_problems(
    planlint: Run, tmp_path: Path
) -> None:
    for path in CORPUS.glob("*.plan.md"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "include-parts").symlink_to(CORPUS / "include-parts")

    planlint("--isolated", "--fix", "--unsafe-fixes", str(tmp_path))
    again = planlint("--isolated", "--diff", "--unsafe-fixes", str(tmp_path))

    assert again.code == EXIT_CLEAN and again.out == ""


FRAGMENT = '## TASK ## id="b"\n文件：src/b.py\n做事\n'


@pytest.fixture
def included(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`main.plan` includes `frag.plan`, whose `文件：` has a full-width colon."""
    (tmp_path / "main.plan").write_text(
        '## STAGE ## name="阶段" mode="serial"\n@frag.plan\n', encoding="utf-8"
    )
    (tmp_path / "frag.plan").write_text(FRAGMENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "argv", [["."], ["main.plan", "frag.plan"], ["frag.plan", "main.plan"]]
)
def test_a_plan_named_and_included_is_reported_once(
    planlint: Run, included: Path, argv: list[str]
) -> None:
    absolute = [str(included / name) if name != "." else name for name in argv]

    for paths in (argv, absolute, [*argv, *absolute]):
        result = planlint("--isolated", "--output-format", "concise", *paths)

        lines = result.out.splitlines()
        assert len([line for line in lines if " PL501 " in line]) == 1, paths


@pytest.mark.parametrize("argv", [["."], ["main.plan", "frag.plan"]])
def test_diff_and_fix_count_a_plan_named_and_included_alike(
    planlint: Run, included: Path, argv: list[str]
) -> None:
    diff = planlint("--isolated", "--diff", *argv)
    fixed = planlint("--isolated", "--fix", "--output-format", "concise", *argv)

    summary = "1 problem (2 remaining).\n"
    assert diff.err == f"Would fix {summary}"
    assert fixed.out.endswith(f"Fixed {summary}")
    assert " PL501 " not in fixed.out
    assert "文件：" not in (included / "frag.plan").read_text("utf-8")
