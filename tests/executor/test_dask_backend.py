"""The Dask backend itself: stops reach the worker's processes, attempts run
once, logs come back whole.

These drive `DaskBackend` directly on this module's local cluster (two worker
processes), and check what happened by pid and by the files commands wrote.
"""

from __future__ import annotations

import os
import queue
import signal
import time
import uuid
from pathlib import Path

import pytest
from distributed import Client, LocalCluster, Scheduler, Worker

from planlint.executor import dask_backend, dask_cluster
from planlint.executor.dask_backend import DaskBackend
from planlint.executor.dask_worker import claim_name, run_remote, scheduler_event
from planlint.executor.spec import AttemptResult, Command, Outcome, Role, TaskSpec
from tests.executor.daskhelp import (
    THREADS,
    WORKERS,
    client,
    cluster,
    dask_ws,
    scheduler,
)
from tests.executor.runhelp import Workspace, pids_in, survivors, wait_for

__all__ = ["client", "cluster", "dask_ws", "scheduler"]  # fixtures

LOCAL_SECONDS = 30  # no single wait in these tests should come near this


class Reports:
    """What a backend reported, in order; `take` waits for the next one."""

    def __init__(self) -> None:
        self.items: queue.SimpleQueue[AttemptResult] = queue.SimpleQueue()

    def put(self, result: AttemptResult) -> None:
        self.items.put(result)

    def take(self) -> AttemptResult:
        return self.items.get(timeout=LOCAL_SECONDS)

    def left(self) -> int:
        return self.items.qsize()


def _spec(root: Path, text: str, task_id: str = "t", **extra: object) -> TaskSpec:
    return TaskSpec(
        task_id=task_id,
        stage="阶段",
        commands=(Command(Role.EXECUTE, text),),
        cwd=str(root),
        log_path=str(root / f"{task_id}.log"),
        plan_file=str(root / "p.plan.md"),
        **extra,  # type: ignore[arg-type]
    )


def test_stop_ends_the_command_on_the_worker_not_only_the_future(
    tmp_path: Path, client: Client, reaper: list[int]
) -> None:
    backend, got = DaskBackend(client), Reports()
    spec = _spec(tmp_path, "sleep 60 & echo $! $$ > k; mv k kids; wait")
    backend.start(spec, 1, got.put)
    wait_for(tmp_path / "kids")
    reaper.extend(pids_in(tmp_path / "kids"))

    backend.stop("t", signal.SIGTERM)
    result = got.take()
    backend.close()

    assert result.outcome is Outcome.CANCELLED
    assert len(reaper) == 2
    assert survivors(reaper) == []
    assert got.left() == 0
    assert "==> attempt 1: cancelled" in (tmp_path / "t.log").read_text("utf-8")


def test_an_attempt_stopped_while_queued_never_runs(
    tmp_path: Path, client: Client
) -> None:
    backend, got = DaskBackend(client), Reports()
    slots = WORKERS * THREADS
    for i in range(slots):  # every worker thread busy until `go` exists
        wait = f"touch up.{i}; while [ ! -f go ]; do sleep 0.02; done"
        backend.start(_spec(tmp_path, wait, task_id=f"busy{i}"), 1, got.put)
    for i in range(slots):
        wait_for(tmp_path / f"up.{i}")

    backend.start(_spec(tmp_path, "touch late.ran", task_id="late"), 1, got.put)
    backend.stop("late", signal.SIGTERM)
    (tmp_path / "go").touch()
    results = {r.task_id: r for r in (got.take() for _ in range(slots + 1))}
    backend.close()

    assert results["late"].outcome is Outcome.CANCELLED
    assert not (tmp_path / "late.ran").exists()
    assert all(results[f"busy{i}"].ok for i in range(slots))
    assert got.left() == 0


def test_each_attempt_reports_exactly_once(tmp_path: Path, client: Client) -> None:
    backend, got = DaskBackend(client), Reports()
    for i in range(40):
        code = "exit 3" if i % 4 == 0 else "true"
        backend.start(_spec(tmp_path, code, task_id=f"t{i}"), 1 + i % 3, got.put)

    results = [got.take() for _ in range(40)]
    backend.close()

    assert sorted(r.task_id for r in results) == sorted(f"t{i}" for i in range(40))
    assert got.left() == 0
    failed = {r.task_id for r in results if r.outcome is Outcome.FAILED}
    assert failed == {f"t{i}" for i in range(0, 40, 4)}
    assert {r.attempt for r in results if r.task_id == "t5"} == {3}
    assert _claims_left(client) == []


def _claims_left(client: Client, patience: float = 5.0) -> list[str]:
    """Claims still held on the scheduler once clearing them had time to land."""

    def claims(dask_scheduler: Scheduler) -> list[str]:
        events = dask_scheduler.extensions["events"]._events
        return [str(name) for name in events if str(name).startswith("planlint-")]

    end = time.monotonic() + patience
    while (left := client.run_on_scheduler(claims)) and time.monotonic() < end:
        time.sleep(0.05)
    return list(left)


def test_an_attempt_id_runs_once_however_often_dask_runs_it(
    tmp_path: Path, client: Client
) -> None:
    spec = _spec(tmp_path, "echo ran >> count")
    attempt_id = f"test-{uuid.uuid4().hex}"
    try:
        first = client.submit(run_remote, spec, 1, attempt_id, pure=False).result()
        again = client.submit(run_remote, spec, 1, attempt_id, pure=False).result()
    finally:
        scheduler_event(claim_name(attempt_id), client).clear()

    assert first.result is not None and first.result.ok
    assert again.result is None
    assert (tmp_path / "count").read_text() == "ran\n"


def test_a_missing_working_tree_on_the_worker_says_so(
    tmp_path: Path, client: Client
) -> None:
    spec = _spec(tmp_path, "true")
    spec = TaskSpec(**{**_fields(spec), "cwd": str(tmp_path / "elsewhere")})
    backend, got = DaskBackend(client), Reports()

    backend.start(spec, 1, got.put)
    result = got.take()
    backend.close()

    assert result.outcome is Outcome.FAILED
    assert "does not exist on Dask worker tcp://127.0.0.1:" in result.describe()
    assert "same path" in result.describe()


def _fields(spec: TaskSpec) -> dict[str, object]:
    return {name: getattr(spec, name) for name in TaskSpec.__dataclass_fields__}


BIG = "yes '日志 🎯 line' | head -n 250000"  # 4.5 MB: fetched in chunks


@pytest.mark.parametrize(
    "commands",
    [
        pytest.param(f"执行: {BIG}", id="large"),
        pytest.param(
            '执行: echo "第 $PLAN_ATTEMPT 次"; test "$PLAN_ATTEMPT" -ge 2', id="retried"
        ),
        pytest.param("执行: printf 'no newline 末尾'; exit 4", id="failed"),
    ],
)
def test_logs_are_byte_for_byte_those_of_the_local_backend(
    tmp_path: Path, scheduler: str, client: Client, commands: str
) -> None:
    plan = (
        '## STAGE ## name="日志" mode="serial"\n'
        f'## TASK ## id="t" on_failure="retry" retry="1"\n{commands}\n'
    )
    logs = []
    for name, backend in (("local", ()), ("dask", ("--scheduler", scheduler))):
        (tmp_path / name).mkdir()
        ws = Workspace(tmp_path / name, backend=backend)
        ws.write(plan)
        ws.run()
        logs.append((ws.beside(".logs") / "t.log").read_bytes())

    assert logs[0] == logs[1]
    assert b"==> attempt 1" in logs[0]
    assert _spooled(client) == []


def _spooled(client: Client) -> list[str]:
    """Logs still waiting on any worker (there should be none)."""

    def listing(dask_worker: Worker) -> list[str]:
        spool = Path(dask_worker.local_directory) / "planlint-logs"
        return sorted(os.listdir(spool)) if spool.is_dir() else []

    found: dict[str, list[str]] = client.run(listing)
    return [name for names in found.values() for name in names]


def test_a_killed_attempt_no_worker_answers_for_is_given_up_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_backend, "STOP_PATIENCE", 0.3)
    no_workers = LocalCluster(
        n_workers=0,
        processes=False,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # never 8787
    )
    with no_workers, Client(no_workers) as idle:
        backend, got = DaskBackend(idle), Reports()
        backend.start(_spec(tmp_path, "touch ran"), 1, got.put)

        backend.stop("t", signal.SIGKILL)
        result = got.take()
        backend.close()

    assert result.outcome is Outcome.CANCELLED
    assert result.error == "no Dask worker answered the stop"
    assert got.left() == 0
    assert not (tmp_path / "ran").exists()


def test_workers_with_another_planlint_are_refused_before_anything_runs(
    dask_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_cluster, "__version__", "9.9.9")
    dask_ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
    )

    result = dask_ws.run()

    assert result.code == 2
    assert "these Dask workers do not run planlint 9.9.9" in result.err
    assert result.err.count("(planlint 0.1.0)") == WORKERS
    assert "pip install planlint==9.9.9" in result.err
    assert not (dask_ws.root / "ran").exists()


def test_a_worker_address_given_as_the_scheduler_is_refused(
    tmp_path: Path, cluster: LocalCluster, client: Client
) -> None:
    worker = min(client.scheduler_info()["workers"])
    ws = Workspace(tmp_path, backend=("--scheduler", worker))
    ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
    )

    result = ws.run()

    assert result.code == 2
    assert f"the server at {worker} is not a Dask scheduler" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "ran").exists()


# Runs only while the other task runs too (so each is on its own worker),
# then long enough for the orphan check to look at both.
TOGETHER = (
    "touch {name}.up; for i in $(seq 400); do [ -f a.up ] && [ -f b.up ] && break;"
    " sleep 0.05; done; [ -f a.up ] && [ -f b.up ] && sleep 1"
)


def test_workers_sharing_a_process_keep_each_other_s_attempts(tmp_path: Path) -> None:
    threads = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )
    with threads, Client(threads) as shared:
        backend, got = DaskBackend(shared), Reports()
        for name in ("a", "b"):
            spec = _spec(tmp_path, TOGETHER.format(name=name), task_id=name)
            backend.start(spec, 1, got.put)
        results = [got.take(), got.take()]
        backend.close()

    assert [r.outcome for r in results] == [Outcome.SUCCEEDED] * 2
