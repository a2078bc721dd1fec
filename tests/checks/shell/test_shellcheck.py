"""The shellcheck runner. CI installs shellcheck: without it these tests fail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planlint.checks.shell import shellcheck as runner
from planlint.checks.shell.shellcheck import Finding, Shellcheck, ShellcheckError

SHELLCHECK = shutil.which("shellcheck")


def _tool() -> Shellcheck:
    assert SHELLCHECK is not None, "install shellcheck (scripts/setup-dev does)"
    return Shellcheck(SHELLCHECK)


def test_shellcheck_is_installed() -> None:
    assert SHELLCHECK is not None, "install shellcheck (scripts/setup-dev does)"
    assert _tool().version()[0].isdigit()


def test_columns_count_code_points_and_a_tab_as_one() -> None:
    text = "echo 日本 😀\t$x"

    (finding,) = [f for f in _tool().check([text])[text] if f.code == 2086]

    assert (finding.line, finding.column) == (1, text.index("$x") + 1)
    assert finding.end_column == text.index("$x") + 3


def test_findings_go_to_their_own_command_across_batches() -> None:
    texts = [f"echo 第{n}条 😀 $v{n}" for n in range(2 * runner.BATCH + 7)]

    found = _tool().check(texts, workers=3)

    assert set(found) == set(texts)
    for number, text in enumerate(texts):
        messages = {f.message for f in found[text]}
        assert f"v{number} is referenced but not assigned." in messages


def test_a_command_is_checked_on_its_own() -> None:
    assigned, used = "x=1", "echo $x"

    found = _tool().check([assigned, used])

    assert any(f.code == 2154 for f in found[used])  # x is not set in this one


def test_the_dialect_is_sh_like_the_executor() -> None:
    text = "[[ -f a ]]"

    assert [f.code for f in _tool().check([text])[text]] == [3010]


def test_shellcheckrc_and_shellcheck_opts_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHELLCHECK_OPTS", "--exclude=SC2086")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".shellcheckrc").write_text("disable=SC2086\n")
    text = "echo $X"

    assert [f.code for f in _tool().check([text])[text]] == [2086]


def test_nothing_is_ever_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    _tool().check([f"touch {marker}", f"echo $(touch {marker})"])

    assert not marker.exists()


def test_a_missing_executable_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ShellcheckError):
        Shellcheck(str(tmp_path / "shellcheck")).version()


def test_findings_round_trip_through_json_and_damage_is_refused() -> None:
    finding = Finding(1, 6, 1, 8, "info", 2086, "Double quote 😀")

    assert Finding.from_json(finding.to_json()) == finding
    assert Finding.from_json([1, 6, 1, 8, "info", "2086", "x"]) is None
    assert Finding.from_json([1, 6, 1, "info", 2086, "x"]) is None
    assert Finding.from_json({"line": 1}) is None
