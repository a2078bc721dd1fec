"""Tool versions kept in the cache directory, so a lint starts no tool to learn
which results file to read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planlint.checks.shell.cache import VERSIONS, cache_dir, remembered_version

PLAN = """## STAGE ## name="迁移 🚚" mode="serial"
## TASK ## id="copy"
复制数据
验证: test -d /tmp && echo 完成
"""


class _Asker:
    def __init__(self, version: str) -> None:
        self.version, self.calls = version, 0

    def __call__(self) -> str:
        self.calls += 1
        return self.version


def test_a_version_is_asked_once_while_the_executable_stays_the_same() -> None:
    ask = _Asker("5.2.15(1)-release")

    first = remembered_version("/usr/bin/bash", (17, 1000), ask)
    again = remembered_version("/usr/bin/bash", (17, 1000), ask)

    assert first == again == "5.2.15(1)-release"
    assert ask.calls == 1
    folder = cache_dir()
    assert folder is not None
    stored = json.loads((folder / "versions.json").read_text(encoding="utf-8"))
    assert stored[VERSIONS]["/usr/bin/bash"] == [17, 1000, "5.2.15(1)-release"]


def test_a_replaced_executable_is_asked_again() -> None:
    remembered_version("/opt/bin/shellcheck", (1, 10), _Asker("0.9.0"))
    newer = _Asker("0.10.0")

    assert remembered_version("/opt/bin/shellcheck", (2, 12), newer) == "0.10.0"
    assert newer.calls == 1
    assert remembered_version("/opt/bin/shellcheck", (2, 12), newer) == "0.10.0"
    assert newer.calls == 1


def test_each_executable_keeps_its_own_version() -> None:
    remembered_version("/usr/bin/bash", (1, 1), _Asker("5.2"))
    remembered_version("/usr/local/bin/bash", (1, 1), _Asker("4.4"))

    never = _Asker("unused")
    assert remembered_version("/usr/bin/bash", (1, 1), never) == "5.2"
    assert remembered_version("/usr/local/bin/bash", (1, 1), never) == "4.4"
    assert never.calls == 0


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "[1, 2]",
        '{"planlint-tool-versions": 3}',
        "",
        '{"planlint-tool-versions": ' + "[" * 100_000,  # json raised RecursionError
    ],
)
def test_a_damaged_versions_file_is_rewritten(damage: str) -> None:
    folder = cache_dir()
    assert folder is not None
    folder.mkdir(parents=True)
    (folder / "versions.json").write_text(damage, encoding="utf-8")
    ask = _Asker("0.9.0")

    assert remembered_version("/usr/bin/shellcheck", (5, 5), ask) == "0.9.0"
    assert remembered_version("/usr/bin/shellcheck", (5, 5), ask) == "0.9.0"
    assert ask.calls == 1


def test_an_unwritable_cache_still_gives_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    ask = _Asker("5.2")

    assert remembered_version("/usr/bin/bash", (1, 1), ask) == "5.2"
    assert remembered_version("/usr/bin/bash", (1, 1), ask) == "5.2"
    assert ask.calls == 2  # nothing could be kept: asked each time, never broken


def _fake_bash(folder: Path, calls: Path) -> None:
    """A `bash` that logs `--version` and hands everything else to the real one."""
    real = subprocess.run(
        ["sh", "-c", "command -v bash"], capture_output=True, text=True, check=True
    ).stdout.strip()
    script = folder / "bash"
    script.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --version ] && echo asked >> "{calls}"\n'
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)


def test_separate_lints_ask_bash_its_version_once(
    tmp_path: Path, cache_home: Path
) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    calls = tmp_path / "calls.txt"
    _fake_bash(tools, calls)
    plan = tmp_path / "迁移.plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
        "XDG_CACHE_HOME": str(cache_home),
    }

    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-m", "planlint", str(plan)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    assert calls.read_text(encoding="utf-8").splitlines() == ["asked"]


def test_a_replacement_with_the_old_size_and_date_is_asked_again(
    tmp_path: Path,
) -> None:
    """`touch -d` or a package that keeps dates: the inode and ctime differ."""
    from planlint.checks.shell.analysis import _stamp

    tool = tmp_path / "shellcheck"
    tool.write_bytes(b"#!/bin/sh\necho 0.9.0\n")
    old = tool.stat()
    remembered_version(str(tool), _stamp(str(tool)), _Asker("0.9.0"))
    replacement = tmp_path / "shellcheck.new"
    replacement.write_bytes(b"#!/bin/sh\necho 1.0.0\n")  # same size
    os.utime(replacement, ns=(old.st_atime_ns, old.st_mtime_ns))
    replacement.replace(tool)
    newer = _Asker("1.0.0")

    assert tool.stat().st_size == old.st_size
    assert tool.stat().st_mtime_ns == old.st_mtime_ns
    assert remembered_version(str(tool), _stamp(str(tool)), newer) == "1.0.0"
    assert newer.calls == 1


@pytest.mark.parametrize("stored", [5, None, ["0.9.0"], ""])
def test_a_version_that_is_not_a_string_is_asked_again(stored: object) -> None:
    folder = cache_dir()
    assert folder is not None
    folder.mkdir(parents=True)
    record = {"/usr/bin/shellcheck": [1, 2, stored]}
    (folder / "versions.json").write_text(json.dumps({VERSIONS: record}))
    ask = _Asker("0.9.0")

    assert remembered_version("/usr/bin/shellcheck", (1, 2), ask) == "0.9.0"
    assert ask.calls == 1
