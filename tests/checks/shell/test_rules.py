"""PL508 and PL510 on whole plans: places, severities, and a missing shellcheck."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planlint
from planlint.checks import Diagnostic, Severity

HEAD = '## STAGE ## name="检查 ✅" mode="serial"\n## TASK ## id="t"\n任务 😀\n'


def _lint(text: str, path: str | None = None) -> list[Diagnostic]:
    return planlint.check(planlint.plan_from_text(text, path))


def _at(diagnostic: Diagnostic, text: str) -> str:
    """The plan text a diagnostic points at."""
    lines = text.split("\n")
    start, end = diagnostic.location.start, diagnostic.location.end
    assert start.line == end.line
    return lines[start.line][start.column : end.column]


def _only_bash_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    bash = shutil.which("bash")
    assert bash is not None
    os.symlink(bash, folder / "bash")
    monkeypatch.setenv("PATH", str(folder))


def test_without_shellcheck_one_info_says_the_checks_were_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _only_bash_on_path(tmp_path, monkeypatch)
    commands = "".join(f"验证: echo $x{n} 😀 | grep -q y\n" for n in range(20))
    text = HEAD + commands + "执行: rm -rf $TARGET/*\n"

    found = [d for d in _lint(text) if d.code == "PL510"]

    assert len(found) == 1
    assert found[0].severity is Severity.INFO
    assert "shell checks were skipped" in found[0].message
    assert "shellcheck is not installed" in found[0].message
    assert found[0].location.start.line == 3


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("echo 'shellcheck: out of memory' >&2; exit 4", "out of memory"),
        ("echo 'not json'; exit 1", "printed no json1"),
    ],
    ids=["crash", "garbage"],
)
def test_a_failing_shellcheck_is_one_info_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, reason: str
) -> None:
    _only_bash_on_path(tmp_path, monkeypatch)
    fake = tmp_path / "bin" / "shellcheck"
    fake.write_text(
        f'#!/bin/sh\nif [ "$1" = --version ]; then echo "version: 9.9.{len(answer)}"'
        f"; exit 0; fi\n{answer}\n"
    )
    fake.chmod(0o755)

    found = [d for d in _lint(HEAD + "验证: ls $x\n执行: ls $y\n") if d.code == "PL510"]

    assert len(found) == 1 and found[0].severity is Severity.INFO
    assert "shell checks were skipped" in found[0].message
    assert reason in found[0].message


def test_without_shellcheck_pl508_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _only_bash_on_path(tmp_path, monkeypatch)

    found = _lint(HEAD + "验证: grep 😀 )\n")

    assert sorted((d.code, d.severity) for d in found) == [
        ("PL508", Severity.ERROR),
        ("PL510", Severity.INFO),
    ]


def test_without_any_shell_the_lint_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    found = _lint(HEAD + "验证: grep 😀 )\n")

    assert [(d.code, d.severity) for d in found] == [("PL510", Severity.INFO)]


def test_a_plan_without_commands_says_nothing_about_shell_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    assert _lint(HEAD + "文件: a.txt\n") == []


def test_severities_follow_shellcheck_levels() -> None:
    text = HEAD + "验证: [ -f a] && ls\n执行: cd b; ls $X `date`\n"

    found = {d.message[:6]: d.severity for d in _lint(text) if d.code == "PL510"}

    assert found["SC1020"] is Severity.ERROR  # shellcheck: error
    assert found["SC2164"] is Severity.WARNING  # warning
    assert found["SC2086"] is Severity.INFO  # info
    assert found["SC2006"] is Severity.INFO  # style


def test_a_command_bash_cannot_parse_is_left_to_pl508() -> None:
    found = _lint(HEAD + '验证: test -s "未闭合 $x\n')

    assert [d.code for d in found] == ["PL508"]


def test_the_same_command_is_placed_right_wherever_it_is() -> None:
    text = HEAD + "验证: echo $x\n执行:  😀 ; echo $x\n验证：\techo $x\n"
    text = text.replace("执行:  😀 ; echo $x", "执行:\techo $x")

    found = [d for d in _lint(text) if d.message.startswith("SC2086")]

    assert [(d.location.start.line, _at(d, text)) for d in found] == [
        (3, "$x"),
        (4, "$x"),
        (5, "$x"),
    ]


def test_findings_in_an_included_file_point_into_it(tmp_path: Path) -> None:
    (tmp_path / "部分.md").write_text(
        '## TASK ## id="inc"\n包含的任务 😀\n验证: ls | | wc\n', encoding="utf-8"
    )
    plan = tmp_path / "main.plan.md"
    plan.write_text('## STAGE ## name="甲" mode="serial"\n@部分.md\n', encoding="utf-8")

    (found,) = planlint.check(planlint.load(plan))

    assert found.code == "PL508"
    assert Path(found.location.path).name == "部分.md"
    assert (found.location.start.line, found.location.start.column) == (2, 9)


def test_undecodable_bytes_and_nul_neither_crash_nor_shift_columns() -> None:
    text = HEAD + "验证: grep \udcff 😀 $x )\n执行: grep a\x00\ud800b $y\n"

    for _ in range(2):  # the second run reads what the first one cached
        found = [d for d in _lint(text) if d.code in ("PL508", "PL510")]

        assert [(d.code, _at(d, text)) for d in found] == [
            ("PL508", ")"),
            ("PL510", "$y"),
            ("PL510", "$y"),
        ]


PREFIXES = st.text(
    st.sampled_from(list("任务日本語 ab😀🎯✅\t")), min_size=0, max_size=12
)


@settings(max_examples=25, deadline=None)
@given(title=PREFIXES, before=PREFIXES, colon=st.sampled_from([":", "："]))
def test_places_survive_any_cjk_and_emoji_before_the_command(
    title: str, before: str, colon: str
) -> None:
    word = before.replace("\t", " ").strip() or "ok"
    text = HEAD.replace("任务 😀", "任务 " + title) + (
        f"验证{colon} echo '{word}' $x\n执行{colon} echo '{word}' )\n"
    )

    found = {d.code: d for d in _lint(text) if d.code in ("PL508", "PL510")}

    assert _at(found["PL508"], text) == ")"
    assert _at(found["PL510"], text) == "$x"
