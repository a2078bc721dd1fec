"""A missing shellcheck or bash is said once per run, not once per plan.

With shellcheck missing, every plan got its own "shell checks were skipped"
info; with bash missing, `bash is not on PATH` was logged once per plan.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import planlint

PLAN = '## STAGE ## name="检查 ✅" mode="serial"\n## TASK ##\n任务 {n} 😀\n验证: ls $x{n}\n'


def _plans(folder: Path, count: int) -> list[str]:
    paths = []
    for n in range(count):
        path = folder / f"p{n}.plan.md"
        path.write_text(PLAN.format(n=n), encoding="utf-8")
        paths.append(str(path))
    return paths


def _path_with(folder: Path, *tools: str) -> str:
    folder.mkdir()
    for tool in tools:
        found = shutil.which(tool)
        assert found is not None
        os.symlink(found, folder / tool)
    return str(folder)


def _planlint(path: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path}
    command = [sys.executable, "-m", "planlint", "--isolated", *args]
    return subprocess.run(command, check=False, env=env, capture_output=True, text=True)


def test_without_shellcheck_one_info_for_the_whole_run(tmp_path: Path) -> None:
    path = _path_with(tmp_path / "bin", "bash")
    plans = _plans(tmp_path, 3)

    result = _planlint(path, "--output-format", "concise", *plans)

    skipped = [line for line in result.stdout.splitlines() if "were skipped" in line]
    assert len(skipped) == 1, result.stdout
    assert skipped[0].startswith(plans[0] + ":4:5: PL510")


def test_without_bash_one_warning_for_the_whole_run(tmp_path: Path) -> None:
    path = _path_with(tmp_path / "bin")
    plans = _plans(tmp_path, 3)

    result = _planlint(path, "--output-format", "concise", *plans)

    assert result.stderr.count("bash is not on PATH") == 1, result.stderr


def test_the_plan_told_is_told_again_and_only_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", _path_with(tmp_path / "bin", "bash"))
    first, second = (PLAN.format(n=n) for n in range(2))

    def skipped(text: str, name: str) -> int:
        found = planlint.check(planlint.plan_from_text(text, name))
        return sum("were skipped" in d.message for d in found)

    assert skipped(first, "a.plan.md") == 1
    assert skipped(second, "b.plan.md") == 0
    assert skipped(first, "a.plan.md") == 1
