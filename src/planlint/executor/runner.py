"""The task runner: one attempt of one task, in its own process groups.

This is the unit every backend shares (the local threads today, a Dask worker
later): it runs the task's commands through `/bin/sh -c` in order, each in a
new session with stdin from /dev/null (the agent command reads the prompt),
output appended to the task's log, `PLAN_*` variables in the environment. It
enforces the attempt's timeout and ends every command's whole process group,
so nothing a command started outlives it. `run_attempt` blocks; another
thread stops it through its `Control`.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO

from planlint.executor.spec import AttemptResult, Command, Outcome, Role, TaskSpec

log = logging.getLogger(__name__)

SHELL = "/bin/sh"
_POLL_STEP = 0.02  # seconds between checks where pidfd is not available


class Control:
    """Lets another thread stop an attempt by signalling its process group."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pgid: int | None = None
        self.stopped = False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Start nothing more and send `sig` to the running command's group."""
        with self._lock:
            self.stopped = True
            if self._pgid is not None:
                _signal_group(self._pgid, sig)

    def launch(
        self, start: Callable[[], subprocess.Popen[bytes]]
    ) -> subprocess.Popen[bytes] | None:
        """Start a command unless stopped; atomic with respect to `stop`."""
        with self._lock:
            if self.stopped:
                return None
            process = start()
            self._pgid = process.pid
            return process

    def release(self) -> None:
        """Forget the group before its leader is reaped (its pid may be reused)."""
        with self._lock:
            self._pgid = None


class _Starter:
    """Starts one command; kept as an object so `Control.launch` can hold a lock."""

    def __init__(
        self,
        command: Command,
        spec: TaskSpec,
        env: dict[str, str],
        log_file: IO[bytes],
        stdin: IO[bytes] | int,
    ) -> None:
        self.args = [SHELL, "-c", command.text]
        self.spec, self.env, self.log_file, self.stdin = spec, env, log_file, stdin

    def __call__(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.args,
            cwd=self.spec.cwd,
            env=self.env,
            stdin=self.stdin,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def run_attempt(
    spec: TaskSpec,
    attempt: int,
    control: Control | None = None,
    environ: Mapping[str, str] | None = None,
) -> AttemptResult:
    """Run the commands of `spec` in order, stopping at the first that fails.

    The commands get `environ` (by default this process's environment, read
    now) plus the `PLAN_*` variables.
    """
    control = control or Control()
    started = time.time()
    deadline = time.monotonic() + spec.timeout if spec.timeout else None
    env = _environment(spec, attempt, os.environ if environ is None else environ)

    with open_log(spec.log_path, attempt) as log_file:
        _note(log_file, f"attempt {attempt}")
        for command in spec.commands:
            failure = _run_command(spec, command, env, log_file, control, deadline)
            if failure is not None:
                outcome, code, error = failure
                _note(log_file, f"attempt {attempt}: {outcome.value}")
                ended = time.time()
                return AttemptResult(
                    spec.task_id, attempt, outcome, started, ended, code, command, error
                )
        _note(log_file, f"attempt {attempt}: succeeded")
    ended = time.time()
    return AttemptResult(spec.task_id, attempt, Outcome.SUCCEEDED, started, ended, 0)


@contextmanager
def open_log(path: str, attempt: int) -> Iterator[IO[bytes]]:
    """The task's log: the first attempt of a run rewrites it, retries append.

    The first attempt writes over the old log from its start and cuts what is
    left at the end, rather than truncating it to zero or deleting it first:
    on ext4 either of those costs milliseconds per task (auto_da_alloc).
    """
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if attempt > 1 else 0)
    with open(os.open(path, flags, 0o644), "wb", buffering=0) as log_file:
        try:
            yield log_file
        finally:
            # The offset is shared with the commands, so it is the log's end.
            os.ftruncate(log_file.fileno(), os.lseek(log_file.fileno(), 0, os.SEEK_CUR))


def _environment(
    spec: TaskSpec, attempt: int, environ: Mapping[str, str]
) -> dict[str, str]:
    env = dict(environ)
    env["PLAN_FILE"] = spec.plan_file
    env["PLAN_STAGE"] = spec.stage
    env["PLAN_TASK_ID"] = spec.task_id
    env["PLAN_ATTEMPT"] = str(attempt)
    return env


def _note(log_file: IO[bytes], text: str) -> None:
    log_file.write(f"==> {text}\n".encode())


_Failure = tuple[Outcome, int | None, str | None]


def _run_command(
    spec: TaskSpec,
    command: Command,
    env: dict[str, str],
    log_file: IO[bytes],
    control: Control,
    deadline: float | None,
) -> _Failure | None:
    """None when the command succeeded; else the outcome, exit code and error."""
    if control.stopped:
        return Outcome.CANCELLED, None, None

    _note(log_file, f"{command.role.value}: {command.text}")
    try:
        with _stdin_for(spec, command) as stdin:
            process = control.launch(_Starter(command, spec, env, log_file, stdin))
    except OSError as error:
        log.debug("task %s: cannot start %r: %s", spec.task_id, command.text, error)
        return Outcome.FAILED, None, str(error)
    if process is None:
        return Outcome.CANCELLED, None, None

    timed_out = _wait(process, control, deadline, spec.grace)
    code = process.returncode
    if timed_out:
        return Outcome.TIMED_OUT, code, None
    if code == 0:
        return None
    return (Outcome.CANCELLED if control.stopped else Outcome.FAILED), code, None


@contextmanager
def _stdin_for(spec: TaskSpec, command: Command) -> Iterator[IO[bytes] | int]:
    """/dev/null for ordinary commands; a file holding the prompt for the agent."""
    if command.role is not Role.AGENT or spec.prompt is None:
        yield subprocess.DEVNULL
        return
    import tempfile  # only the agent needs it: start-up time for every other run

    with tempfile.TemporaryFile() as file:
        file.write(spec.prompt.encode("utf-8", "surrogateescape"))
        file.seek(0)
        yield file


def _wait(
    process: subprocess.Popen[bytes],
    control: Control,
    deadline: float | None,
    grace: float,
) -> bool:
    """Wait for the command, enforcing the deadline; True when it timed out."""
    waiter = _ExitWaiter(process.pid, timed=deadline is not None)
    try:
        timed_out = not waiter.wait(_remaining(deadline))
        if timed_out:
            _signal_group(process.pid, signal.SIGTERM)
            if not waiter.wait(grace):
                _signal_group(process.pid, signal.SIGKILL)
                waiter.wait(None)
        # The leader has exited but is not reaped, so its group id cannot be
        # reused yet: end whatever it left running, then reap it.
        _signal_group(process.pid, signal.SIGKILL)
        control.release()
        process.wait()
    finally:
        waiter.close()
    return timed_out


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else max(deadline - time.monotonic(), 0.0)


class _ExitWaiter:
    """Waits for a child to exit without reaping it.

    Without a timeout a blocking waitid(2) does; with one, a pidfd (Linux),
    else polling. `timed=False` spares the pidfd of an attempt without a
    deadline: three system calls per command.
    """

    def __init__(self, pid: int, timed: bool = True) -> None:
        self.pid = pid
        self.fd: int | None = None
        if timed and hasattr(os, "pidfd_open"):
            try:
                self.fd = os.pidfd_open(pid)
            except OSError:
                self.fd = None

    def wait(self, timeout: float | None) -> bool:
        """True once the child has exited; False if `timeout` passed first."""
        if timeout is None:
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
            return True
        if self.fd is not None:
            poller = select.poll()
            poller.register(self.fd, select.POLLIN)
            return bool(poller.poll(int(timeout * 1000))) or self._exited()
        end = time.monotonic() + timeout
        while not self._exited():
            if time.monotonic() >= end:
                return False
            time.sleep(_POLL_STEP)
        return True

    def _exited(self) -> bool:
        flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
        return os.waitid(os.P_PID, self.pid, flags) is not None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass
