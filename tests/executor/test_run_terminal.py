"""On a terminal: the live view runs and `confirm` asks; y runs the task, n blocks."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest

from tests.executor.runhelp import Workspace

PLAN = (
    '## STAGE ## name="上线" mode="serial"\n'
    '## TASK ## id="build"\n构建 🎯\n执行: sh rec.sh start\n'
    '## TASK ## id="deploy" confirm="true"\n生产发布\n执行: sh rec.sh start\n'
)


def _read_until(fd: int, needle: bytes, seen: bytearray, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while needle not in seen:
        ready, _, _ = select.select([fd], [], [], max(end - time.monotonic(), 0))
        if not ready:
            raise TimeoutError(f"{needle!r} never came; got {bytes(seen)!r}")
        try:
            seen.extend(os.read(fd, 4096))
        except OSError:  # the other side closed
            raise TimeoutError(f"closed before {needle!r}: {bytes(seen)!r}") from None


def _drain(fd: int, seen: bytearray) -> None:
    while True:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            return
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return
        if not chunk:
            return
        seen.extend(chunk)


@pytest.mark.parametrize(
    ("answer", "code", "started"),
    [(b"y\n", 0, ["build", "deploy"]), (b"n\n", 1, ["build"])],
)
def test_confirm_asks_on_a_terminal(
    ws: Workspace, answer: bytes, code: int, started: list[str]
) -> None:
    ws.write(PLAN)
    master, slave = pty.openpty()
    argv = [
        sys.executable,
        "-m",
        "planlint",
        "run",
        str(ws.plan),
        "--cwd",
        str(ws.root),
        *ws.backend,
    ]
    child = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    seen = bytearray()
    try:
        _read_until(master, b"run task `deploy`", seen)
        os.write(master, answer)
        child.wait(timeout=30)
        _drain(master, seen)
    finally:
        os.close(master)
        child.kill()
        stderr = child.stderr.read().decode() if child.stderr else ""

    assert child.returncode == code, stderr + bytes(seen).decode(errors="replace")
    assert ws.started() == started
    assert "\x1b[" in bytes(seen).decode(errors="replace")  # drawn by the live view
