"""`planlint run --backend dask` from the command line: its own local cluster,
Ctrl-C at a terminal, a missing extra, wrong options, an unreachable scheduler.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from planlint.executor import dask_cluster
from planlint.executor.dask_cluster import local_shape
from tests.conftest import ROOT
from tests.executor.runhelp import Workspace, pids_in, survivors, wait_for

TWO_SLEEPERS = (
    '## STAGE ## name="一" mode="parallel" max_workers="2"\n'
    '## TASK ## id="one"\n文件: a/\n'
    "执行: sleep 60 & echo $! >> kids; echo $$ >> kids; touch one.up; wait\n"
    '## TASK ## id="two"\n文件: b/\n'
    "执行: echo $$ >> kids; touch two.up; exec sleep 60\n"
    '## STAGE ## name="二" mode="serial"\n## TASK ## id="three"\n执行: touch three.ran\n'
)


def _planlint(ws: Workspace, *args: str, **popen: object) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "planlint", "run", str(ws.plan), "--cwd"]
    return subprocess.Popen(
        [*argv, str(ws.root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        **popen,  # type: ignore[call-overload]
    )


def test_a_run_on_its_own_local_cluster(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="并行" mode="parallel" max_workers="3"\n'
        + "".join(
            f'## TASK ## id="t{i}"\n文件: d{i}/\n'
            f"执行: sh rec.sh start; echo 任务{i}; echo $PPID >> parents\n"
            for i in range(3)
        )
        + '## STAGE ## name="收尾" mode="serial"\n## TASK ## id="end"\n执行: true\n'
    )
    child = _planlint(ws, "--dask-workers", "2")  # implies --backend dask

    out, err = child.communicate(timeout=120)

    assert child.returncode == 0, err
    assert sorted(ws.started()) == ["t0", "t1", "t2"]
    parents = set(pids_in(ws.root / "parents"))
    assert len(parents) in (1, 2)
    assert child.pid not in parents  # a worker ran them, not planlint
    assert "任务1" in (ws.beside(".logs") / "t1.log").read_text("utf-8")
    assert "run succeeded: 4 succeeded" in out
    assert err == ""


def test_ctrl_c_at_a_terminal_interrupts_tasks_not_workers(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(TWO_SLEEPERS)
    report = ws.root / "r.json"
    child = _planlint(
        ws, "--backend", "dask", "--report", str(report), start_new_session=True
    )
    reaper.append(child.pid)
    wait_for(ws.root / "one.up", timeout=60)
    wait_for(ws.root / "two.up", timeout=60)
    watchdogs = _watchdogs_of(child.pid)

    os.killpg(child.pid, signal.SIGINT)  # as a terminal does: the whole group
    _, err = child.communicate(timeout=60)
    reaper.extend(pids_in(ws.root / "kids"))

    assert child.returncode == 130, err
    tasks = json.loads(report.read_text("utf-8"))["tasks"]
    statuses = {task["id"]: task["status"] for task in tasks}
    assert statuses == {"one": "interrupted", "two": "interrupted", "three": "not-run"}
    assert len(reaper) == 4
    assert survivors(reaper) == []
    assert _group_is_gone(child.pid)  # the cluster's workers ended with planlint
    assert len(watchdogs) == 2  # one per worker, each in a session of its own
    assert survivors(watchdogs, patience=10) == []


def _watchdogs_of(planlint: int) -> list[int]:
    """The task watchdogs started by the workers that `planlint` started."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    workers = {pid for pid, parent in parents.items() if parent == planlint}
    return [
        pid
        for pid, parent in parents.items()
        if parent in workers and "dask_watchdog" in commands.get(pid, "")
    ]


# Attempt 1 kills its own worker (the shell's parent); attempt 2 runs on the
# worker the nanny started in its place. Each notes its ignored signals.
KILLS_ITS_WORKER = (
    '## STAGE ## name="一" mode="serial"\n'
    '## TASK ## id="t" on_failure="retry" retry="1"\n'
    "执行: grep -E 'SigBlk|SigIgn' /proc/self/status > ignored.$PLAN_ATTEMPT;"
    ' echo $$ >> kids; if [ "$PLAN_ATTEMPT" = 1 ]; then kill -9 $PPID;'
    " else touch up; fi; exec sleep 60\n"
)


def test_a_worker_started_again_outlives_sigterm_to_the_group(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(KILLS_ITS_WORKER)
    report = ws.root / "r.json"
    child = _planlint(
        ws,
        "--backend",
        "dask",
        "--dask-workers",
        "1",
        "--report",
        str(report),
        start_new_session=True,
    )
    reaper.append(child.pid)
    wait_for(ws.root / "up", timeout=60)

    os.killpg(child.pid, signal.SIGTERM)  # as `timeout` or `kill -- -PGID` does
    _, err = child.communicate(timeout=60)
    reaper.extend(pids_in(ws.root / "kids"))

    assert child.returncode == 130, err
    task = json.loads(report.read_text("utf-8"))["tasks"][0]
    assert [a["outcome"] for a in task["attempts"]] == ["lost", "cancelled"]
    assert task["status"] == "interrupted"
    assert err == ""
    assert survivors(reaper) == []
    mine = _ignored_here()
    assert (ws.root / "ignored.1").read_text() == mine  # as the local backend
    assert (ws.root / "ignored.2").read_text() == mine


def test_ctrl_c_while_the_local_cluster_starts_ends_the_run(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
    )
    child = _planlint(ws, "--backend", "dask", start_new_session=True)
    reaper.append(child.pid)
    _wait_for_a_worker(child.pid)  # spawned: the cluster is starting

    os.killpg(child.pid, signal.SIGINT)
    _, err = child.communicate(timeout=60)

    assert child.returncode == 130, err
    assert err == "planlint: interrupted\n"
    assert not (ws.root / "ran").exists()
    assert _group_is_gone(child.pid)


def _wait_for_a_worker(planlint: int, timeout: float = 60) -> None:
    """Until `planlint` has spawned a Dask worker process (not yet started)."""
    end = time.monotonic() + timeout
    while not any("spawn_main" in command for command in _children(planlint)):
        if time.monotonic() > end:
            raise TimeoutError(f"{planlint} started no Dask worker")
        time.sleep(0.005)


def _children(parent: int) -> list[str]:
    """The command lines of `parent`'s child processes."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
            command = (entry / "cmdline").read_text(errors="replace")
        except OSError:
            continue
        if stat and int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            found.append(command)
    return found


def _ignored_here() -> str:
    """The signal lines a command started by this process would have."""
    done = subprocess.run(
        ["/bin/sh", "-c", "grep -E 'SigBlk|SigIgn' /proc/self/status"],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
    )
    return done.stdout


def _group_is_gone(pgid: int, patience: float = 10.0) -> bool:
    end = time.monotonic() + patience
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_without_the_extra_it_says_what_to_install(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
    )
    hide = "import sys; sys.modules['distributed'] = None; "
    run = "from planlint.cli.main import main; sys.exit(main(sys.argv[1:]))"
    argv = ["run", str(ws.plan), "--cwd", str(ws.root), "--backend", "dask"]

    done = subprocess.run(
        [sys.executable, "-c", hide + run, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )

    assert done.returncode == 2
    assert 'pip install "planlint[dask]"' in done.stderr
    assert "`distributed`" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (ws.root / "ran").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--backend", "local", "--scheduler", "tcp://127.0.0.1:1"], "need --backend"),
        (["--backend", "local", "--dask-workers", "2"], "need --backend dask"),
        (["--scheduler", "tcp://127.0.0.1:1", "--dask-workers", "2"], "local cluster"),
        (["--backend", "ray"], "invalid choice"),
        (["--backend", "dask", "--dask-workers", "0"], "whole number >= 1"),
        (["--dask-workers", "-2"], "whole number >= 1"),
        (["--dask-workers", "two"], "whole number >= 1"),
        (["--dask-workers", "100000"], "more than this machine can use"),
        (["--scheduler", ""], "expected the scheduler's address"),
        (["--scheduler", " "], "expected the scheduler's address"),
    ],
)
def test_options_that_cannot_go_together_are_usage_errors(
    ws: Workspace, args: list[str], message: str
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
    )

    result = ws.run(*args)

    assert result.code == 2
    assert message in result.err
    assert not (ws.root / "ran").exists()


def test_an_unreachable_scheduler_is_a_clear_error(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 1.0)
    ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
    )
    address = f"tcp://127.0.0.1:{_free_port()}"

    result = ws.run("--scheduler", address)

    assert result.code == 2
    assert f"cannot reach the Dask scheduler at {address}" in result.err
    assert "dask scheduler" in result.err
    assert "Traceback" not in result.err
    assert not (ws.root / "ran").exists()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("foo", "--scheduler foo: missing port number"),
        ("http://127.0.0.1:8786", "unknown address scheme 'http'"),
        ("127.0.0.1", "missing port number"),
    ],
)
def test_a_malformed_scheduler_address_says_what_to_give(
    ws: Workspace, address: str, message: str
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
    )

    result = ws.run("--scheduler", address)

    assert result.code == 2
    assert message in result.err
    assert "such as tcp://10.0.0.5:8786" in result.err
    assert not (ws.root / "ran").exists()


class _Web(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _web_server() -> Iterator[str]:
    """An HTTP server on a free port (what a dashboard address would reach)."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Web)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def _silent_server() -> Iterator[str]:
    """A port that accepts connections and never says anything."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield f"tcp://127.0.0.1:{sock.getsockname()[1]}"


@pytest.mark.parametrize("server", [_web_server, _silent_server], ids=["http", "mute"])
def test_a_server_that_is_not_a_scheduler_is_refused_in_bounded_time(
    ws: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    server: Callable[[], AbstractContextManager[str]],
) -> None:
    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 0.5)
    monkeypatch.setattr(dask_cluster, "HANDSHAKE_TIMEOUT", 0.5)
    ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: touch ran\n'
    )

    with server() as address:
        result = ws.run("--scheduler", address)

    assert result.code == 2, result.err
    assert f"the server at {address} is not a Dask scheduler" in result.err
    assert "not the dashboard's" in result.err
    assert "Traceback" not in result.err
    assert not (ws.root / "ran").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    "code",
    [
        "main([PLAN], io.StringIO(), io.StringIO())",
        "main(['run', PLAN, '--cwd', DIR], io.StringIO(), io.StringIO())",
        "main(['run', PLAN, '--dry-run', '--backend', 'dask'], io.StringIO(), io.StringIO())",
    ],
    ids=["lint", "local-run", "dry-run"],
)
def test_only_the_dask_backend_imports_dask(ws: Workspace, code: str) -> None:
    ws.write('## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: true\n')
    probe = (
        "import io, sys\nfrom planlint.cli.main import main\n"
        f"PLAN, DIR = {str(ws.plan)!r}, {str(ws.root)!r}\n{code}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed'}))"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("peak", "workers", "cpus", "shape"),
    [
        (1, None, 2, (1, 1)),
        (2, None, 2, (2, 1)),
        (8, None, 2, (2, 4)),
        (9, None, 64, (4, 3)),
        (3, 3, 2, (3, 1)),
        (5, 2, 2, (2, 3)),
    ],
)
def test_a_local_cluster_has_room_for_the_widest_stage(
    monkeypatch: pytest.MonkeyPatch,
    peak: int,
    workers: int | None,
    cpus: int,
    shape: tuple[int, int],
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)

    count, threads = local_shape(peak, workers)

    assert (count, threads) == shape
    assert count * threads >= peak
