"""A Dask worker killed with SIGKILL while its task sleeps.

Dask then either runs the task again on another worker (its default, up to
`allowed-failures` times) or gives up with KilledWorker. Either way the
attempt must count once, as lost: its commands never run a second time
behind the plan's back, the task's policy decides what follows, and the
watchdog ends the dead worker's processes. Both behaviours are tested, each
on a local cluster of its own.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator

import dask
import pytest
from distributed import LocalCluster

from tests.executor.daskhelp import dask_ws, local_cluster, scheduler
from tests.executor.runhelp import Workspace, pids_in, survivors, wait_for

__all__ = ["dask_ws", "scheduler"]  # fixtures

# Writes the worker's pid ($PPID: the worker spawned this shell) and its own
# pids, then sleeps until killed or until `ok` exists.
VICTIM = (
    "执行: sh rec.sh start; echo $PPID > worker.pid;"
    " sleep 60 & echo $! $$ > k; mv k kids;"
    " while [ ! -f ok ] && kill -0 $! 2>/dev/null; do sleep 0.05; done;"
    " kill $! 2>/dev/null; test -f ok"
)


@pytest.fixture(scope="module", params=[3, 0], ids=["dask-reruns", "killed-worker"])
def cluster(request: pytest.FixtureRequest) -> Iterator[LocalCluster]:
    """A cluster whose scheduler reruns a lost task (3) or gives up at once (0)."""
    config = {"distributed.scheduler.allowed-failures": request.param}
    with dask.config.set(config):
        started = local_cluster()
    with started:
        yield started


class Killer(threading.Thread):
    """SIGKILLs the worker running the task once it is up, then watches.

    `orphans` are the dead worker's task processes still alive 5 s later
    (the watchdog should have ended them); only then may a retry pass.
    """

    def __init__(self, ws: Workspace, then_ok: bool) -> None:
        super().__init__(daemon=True)
        self.ws, self.then_ok = ws, then_ok
        self.orphans: list[int] | None = None
        self.start()

    def run(self) -> None:
        wait_for(self.ws.root / "kids")
        kids = pids_in(self.ws.root / "kids")
        os.kill(int((self.ws.root / "worker.pid").read_text()), signal.SIGKILL)
        self.orphans = survivors(kids, patience=5)
        if self.then_ok:
            (self.ws.root / "ok").touch()


def _report(ws: Workspace) -> tuple[int, dict[str, object]]:
    result = ws.run("--report", str(ws.root / "r.json"))
    task = json.loads((ws.root / "r.json").read_text("utf-8"))["tasks"][0]
    return result.code, task


def test_a_lost_attempt_is_retried_by_the_task_policy(
    dask_ws: Workspace, reaper: list[int]
) -> None:
    ws = dask_ws
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        f'## TASK ## id="t" on_failure="retry" retry="1"\n{VICTIM}\n'
    )
    killer = Killer(ws, then_ok=True)

    code, task = _report(ws)
    killer.join(5)
    reaper.extend(pids_in(ws.root / "kids"))

    assert code == 0
    attempts = task["attempts"]
    assert [a["outcome"] for a in attempts] == ["lost", "succeeded"]  # type: ignore[attr-defined]
    time.sleep(0.5)  # a rerun behind our back would have started by now
    assert ws.started() == ["t", "t"]
    assert killer.orphans == []
    log = (ws.beside(".logs") / "t.log").read_text("utf-8")
    assert "==> attempt 1: lost: the Dask worker running it died" in log
    assert "==> attempt 2: succeeded" in log


def test_a_lost_attempt_fails_a_task_without_retries_once(
    dask_ws: Workspace, reaper: list[int]
) -> None:
    ws = dask_ws
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        f'## TASK ## id="t"\n{VICTIM}\n'
        '## TASK ## id="after"\n执行: sh rec.sh start\n'
    )
    killer = Killer(ws, then_ok=False)

    code, task = _report(ws)
    killer.join(5)
    reaper.extend(pids_in(ws.root / "kids"))

    assert code == 1
    assert task["status"] == "failed"
    assert [a["outcome"] for a in task["attempts"]] == ["lost"]  # type: ignore[attr-defined]
    assert task["reason"] == "lost: the Dask worker running it died"
    time.sleep(0.5)
    assert ws.started() == ["t"]
    assert killer.orphans == []
    assert survivors(reaper) == []
