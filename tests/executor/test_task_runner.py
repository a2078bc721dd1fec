"""The task runner on its own: the unit every backend (local, Dask) calls."""

from __future__ import annotations

import pickle
import signal
import threading
import time
from pathlib import Path

from planlint.executor.runner import Control, run_attempt
from planlint.executor.spec import Command, Outcome, Role, TaskSpec
from tests.executor.runhelp import pids_in, survivors


def _spec(tmp_path: Path, *commands: Command, **extra: object) -> TaskSpec:
    return TaskSpec(
        task_id="t1",
        stage="阶段",
        commands=commands,
        cwd=str(tmp_path),
        log_path=str(tmp_path / "t1.log"),
        plan_file=str(tmp_path / "p.plan.md"),
        **extra,  # type: ignore[arg-type]
    )


def test_commands_run_in_order_into_the_log(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        Command(Role.EXECUTE, "echo 一; echo err >&2"),
        Command(Role.VERIFY, "echo 二"),
    )

    result = run_attempt(spec, 2)

    assert result.outcome is Outcome.SUCCEEDED
    assert result.attempt == 2
    log = (tmp_path / "t1.log").read_text(encoding="utf-8").splitlines()
    assert [line for line in log if not line.startswith("==>")] == ["一", "err", "二"]


def test_the_first_failing_command_ends_the_attempt(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path, Command(Role.EXECUTE, "exit 5"), Command(Role.VERIFY, "touch never")
    )

    result = run_attempt(spec, 1)

    assert result.outcome is Outcome.FAILED
    assert result.exit_code == 5
    assert result.command == Command(Role.EXECUTE, "exit 5")
    assert not (tmp_path / "never").exists()


def test_stop_from_another_thread_ends_the_group(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        Command(Role.EXECUTE, "sleep 60 & echo $! > kid; wait"),
        Command(Role.VERIFY, "touch never"),
    )
    control = Control()
    timer = threading.Timer(0.5, control.stop, args=(signal.SIGTERM,))
    timer.start()

    started = time.monotonic()
    result = run_attempt(spec, 1, control)

    assert result.outcome is Outcome.CANCELLED
    assert time.monotonic() - started < 5
    assert survivors(pids_in(tmp_path / "kid")) == []
    assert not (tmp_path / "never").exists()


def test_timeout_escalates_to_sigkill_after_the_grace(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        Command(Role.EXECUTE, "trap '' TERM; sleep 60"),
        timeout=0.3,
        grace=0.3,
    )

    started = time.monotonic()
    result = run_attempt(spec, 1)

    assert result.outcome is Outcome.TIMED_OUT
    assert result.exit_code == -signal.SIGKILL
    assert time.monotonic() - started < 5


def test_a_missing_directory_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    spec = _spec(tmp_path, Command(Role.EXECUTE, "true"))
    spec = TaskSpec(**{**_fields(spec), "cwd": str(tmp_path / "missing")})

    result = run_attempt(spec, 1)

    assert result.outcome is Outcome.FAILED
    assert result.error is not None
    assert "could not start" in result.describe()


def _fields(spec: TaskSpec) -> dict[str, object]:
    return {name: getattr(spec, name) for name in TaskSpec.__dataclass_fields__}


def test_a_spec_survives_pickling_for_remote_workers(tmp_path: Path) -> None:
    spec = _spec(tmp_path, Command(Role.AGENT, "cat"), prompt="提示 🎯")

    assert pickle.loads(pickle.dumps(spec)) == spec


def test_a_new_first_attempt_leaves_nothing_of_the_old_log(tmp_path: Path) -> None:
    long = _spec(tmp_path, Command(Role.EXECUTE, "seq 1 2000"))
    short = _spec(tmp_path, Command(Role.EXECUTE, "echo 短"))
    run_attempt(long, 1)

    run_attempt(short, 1)
    run_attempt(short, 2)

    log = (tmp_path / "t1.log").read_text(encoding="utf-8").splitlines()
    assert [line for line in log if not line.startswith("==>")] == ["短", "短"]
    assert log[0] == "==> attempt 1"
