"""Whoever gives up on a running attempt, its commands end on the worker.

Dask does not stop a running function: not when the client that wanted it
dies (planlint killed with SIGKILL), nor when a worker loses the scheduler.
The worker side ends such orphans itself, so a resumed run never runs a task
beside a forgotten copy of itself; a run that loses its scheduler reports
each attempt as lost, with why, and exits.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from planlint.executor import dask_cluster
from tests.executor.daskhelp import cluster, dask_ws, scheduler
from tests.executor.runhelp import Workspace, spawn, survivors, wait_for

__all__ = ["cluster", "dask_ws", "scheduler"]  # fixtures

# Records its shell's pid, then runs until killed (or for 60 s).
SLEEPER = (
    '执行: echo "$PLAN_ATTEMPT $$" >> runs; touch up; sleep 60 & wait;'
    " echo ended >> runs\n"
)


def test_killing_planlint_ends_its_tasks_on_the_workers_and_resume_runs_them_once(
    dask_ws: Workspace, reaper: list[int]
) -> None:
    ws = dask_ws
    ws.write(f'## STAGE ## name="一" mode="serial"\n## TASK ## id="t"\n{SLEEPER}')
    child = spawn(ws)
    reaper.append(child.pid)
    wait_for(ws.root / "up", timeout=60)
    shells = [int(row.split()[1]) for row in _runs(ws)]

    child.kill()  # SIGKILL: planlint cannot stop anything itself
    child.communicate(timeout=30)

    assert survivors(shells, patience=10) == []
    (ws.root / "up").unlink()
    again = spawn(ws)
    reaper.append(again.pid)
    wait_for(ws.root / "up", timeout=60)
    again.send_signal(signal.SIGINT)
    again.communicate(timeout=30)
    assert [row.split()[0] for row in _runs(ws)] == ["1", "1"]  # the same attempt
    assert "ended" not in _runs(ws)


def _runs(ws: Workspace) -> list[str]:
    return (ws.root / "runs").read_text().splitlines()


@contextmanager
def _own_cluster(
    root: Path, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A `dask scheduler` and its `dask worker`s, started as a user would."""
    file = root / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with open(root / "scheduler.log", "wb") as log:
        scheduler = subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0"]
            + ["--no-dashboard", "--scheduler-file", str(file)],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    started = [scheduler]
    try:
        started += [
            subprocess.Popen(
                [*dask, "worker", "--scheduler-file", str(file), "--nthreads", "2"]
                + ["--no-dashboard", "--host", "127.0.0.1"],
                **quiet,  # type: ignore[arg-type]
            )
            for _ in range(workers)
        ]
        yield _address_in(file), started[0]
    finally:
        for process in started:
            process.kill()
            process.wait(30)


def test_a_lost_scheduler_loses_the_attempts_and_ends_their_commands(
    tmp_path: Path, reaper: list[int]
) -> None:
    with _own_cluster(tmp_path) as (address, scheduler_process):
        ws = Workspace(tmp_path, backend=("--scheduler", address))
        ws.write(
            '## STAGE ## name="一" mode="parallel" max_workers="2"\n'
            f'## TASK ## id="a"\n文件: a/\n{SLEEPER}'
            '## TASK ## id="b" on_failure="continue"\n文件: b/\n执行: sleep 60\n'
        )
        child = spawn(ws, "--report", str(ws.root / "r.json"))
        reaper.append(child.pid)
        wait_for(ws.root / "up", timeout=60)
        shells = [int(row.split()[1]) for row in _runs(ws)]

        scheduler_process.kill()
        _, err = child.communicate(timeout=60)

    assert child.returncode == 1, err
    tasks = json.loads((ws.root / "r.json").read_text("utf-8"))["tasks"]
    lost = "lost: the connection to the Dask scheduler was lost"
    assert [task["reason"] for task in tasks] == [lost, lost]
    assert err == ""
    assert survivors(shells, patience=10) == []
    assert "ended" not in _runs(ws)


def test_a_scheduler_lost_while_waiting_for_workers_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 2.0)
    with _own_cluster(tmp_path, workers=0) as (address, scheduler_process):
        ws = Workspace(tmp_path, backend=("--scheduler", address))
        ws.write(
            '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
        )
        killer = threading.Thread(
            target=_kill_once_a_client_is_in, args=(tmp_path, scheduler_process)
        )
        killer.start()

        result = ws.run()  # waits for a worker that never comes
        killer.join()

    assert result.code == 2, result.err
    assert f"lost the connection to the Dask scheduler at {address}" in result.err
    assert "nothing ran" in result.err
    assert not (ws.root / "ran").exists()


def _address_in(file: Path) -> str:
    """The scheduler's address, once it has written its file whole."""
    end = time.monotonic() + 60
    while True:
        try:
            return str(json.loads(file.read_text())["address"])
        except (OSError, ValueError, KeyError):
            if time.monotonic() > end:
                raise
            time.sleep(0.02)


def _kill_once_a_client_is_in(root: Path, process: subprocess.Popen[bytes]) -> None:
    log = root / "scheduler.log"
    end = time.monotonic() + 60
    while "Receive client connection" not in log.read_text(errors="replace"):
        if time.monotonic() > end:
            break
        time.sleep(0.01)
    time.sleep(0.7)  # the client is registered; it now waits 2 s for a worker
    process.kill()
