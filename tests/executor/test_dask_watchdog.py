"""The worker's watchdog script: when its input ends, the groups listed die."""

from __future__ import annotations

import subprocess
import sys
import time

from planlint.executor import dask_watchdog
from tests.executor.runhelp import alive, kill_all, survivors


def _group(command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["/bin/sh", "-c", command], start_new_session=True)


def test_groups_listed_at_the_end_get_term_then_kill() -> None:
    polite = _group("sleep 60")
    stubborn = _group("trap '' TERM; sleep 60 & wait")
    finished = _group("sleep 60")  # its command ended: `-PGID` was sent
    groups = [polite, stubborn, finished]
    try:
        watchdog = subprocess.Popen(
            [sys.executable, "-I", dask_watchdog.__file__, "0.5"],
            stdin=subprocess.PIPE,
            start_new_session=True,
        )
        assert watchdog.stdin is not None
        for group in groups:
            watchdog.stdin.write(f"+{group.pid}\n".encode())
        watchdog.stdin.write(f"-{finished.pid}\nnoise\n+\n".encode())
        watchdog.stdin.close()  # as when the worker dies
        started = time.monotonic()
        assert watchdog.wait(10) == 0

        assert polite.wait(5) < 0
        assert stubborn.wait(5) < 0
        assert time.monotonic() - started >= 0.4  # the grace before SIGKILL
        assert survivors([finished.pid], patience=0) == [finished.pid]
    finally:
        kill_all([group.pid for group in groups])
        for group in groups:
            group.wait(5)
    assert not alive(finished.pid)


def test_the_lines_fold_into_the_groups_still_running() -> None:
    lines = [b"+10\n", b"+11\n", b"-10\n", b"+12\n", b"?13\n", b"-99\n", b"+x\n"]

    assert dask_watchdog.read_groups(lines) == {11, 12}
