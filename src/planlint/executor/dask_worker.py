"""The worker side of the Dask backend: one attempt, its claim, its log, its stop.

`run_remote` is what the client submits for each attempt. On a Dask worker it
calls the same `run_attempt` as the local backend, with the log spooled in the
worker's local directory and sent back with the result (or fetched in chunks
when large). Before any command starts it claims the attempt id on the
scheduler (a distributed `Event`): Dask runs a task again when the worker that
ran it died, and such a rerun must not run the task's commands behind the
plan's failure policy, so it returns "not run" and the client reports the
attempt as lost. The client stops an attempt by setting the same event, so it
never starts, and then by calling `stop_attempts` on every worker, so a running
one is signalled; an attempt registers itself before claiming, so one of the
two always reaches it. A thread per worker ends attempts nobody waits for any
more (their client is gone, or the worker lost the scheduler), and a watchdog
process per worker ends the task's process groups if the worker itself dies.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any

from distributed import Client, Event, Worker, get_client, get_worker
from distributed.core import Status

from planlint import __version__
from planlint.executor import dask_watchdog
from planlint.executor.runner import Control, run_attempt
from planlint.executor.spec import AttemptResult, Outcome, TaskSpec

log = logging.getLogger(__name__)

INLINE_LOG = 256 * 1024  # bytes of log sent with the result; more waits on disk
ORPHAN_CHECK = 0.25  # seconds between checks that running attempts are wanted
WATCHDOG_GRACE = 3.0  # seconds between SIGTERM and SIGKILL after a worker died


@dataclass(frozen=True, slots=True)
class RemoteResult:
    """What one attempt sends back: its result, and its log or where it waits."""

    result: AttemptResult | None  # None: not run here (stopped first, or a rerun)
    worker: str
    log: bytes = b""  # the whole log, when it is at most INLINE_LOG bytes
    spool: str | None = None  # else its path on the worker
    size: int = 0


def claim_name(attempt_id: str) -> str:
    """The scheduler event that marks an attempt as taken (run or stopped)."""
    return f"planlint-attempt-{attempt_id}"


def run_remote(spec: TaskSpec, attempt: int, attempt_id: str) -> RemoteResult:
    """Run one attempt on this worker, unless it was claimed before."""
    worker = get_worker()
    control = _WatchedControl()
    key = worker.get_current_task()
    name = f"{spec.task_id} (attempt {attempt})"
    running = _Running(control, worker, key, name, spec.grace)
    with _registered(attempt_id, running):
        if not _claim(attempt_id):
            log.info("attempt %s was taken before: not running it", attempt_id)
            return RemoteResult(None, worker.address)
        spool = _spool_path(Path(worker.local_directory), attempt_id)
        result = _run(spec, attempt, control, spool, worker.address)
    return _with_log(result, spool, worker.address)


def stop_attempts(attempt_ids: list[str], sig: int) -> int:
    """Signal the attempts of `attempt_ids` running here (via `client.run`)."""
    with _LOCK:
        found = [_RUNNING[key] for key in attempt_ids if key in _RUNNING]
    for running in found:
        running.control.stop(sig)
    return len(found)


def read_spool(path: str, offset: int, size: int) -> bytes:
    """Up to `size` bytes of a spooled log from `offset` (via `client.run`)."""
    with open(path, "rb") as file:
        file.seek(offset)
        return file.read(size)


def drop_spool(path: str) -> None:
    """Delete a spooled log once the client has it (via `client.run`)."""
    Path(path).unlink(missing_ok=True)


# Signals a worker of planlint's own local cluster survives: they come from
# the terminal or from a signal to planlint's process group, and planlint
# alone decides what happens to the tasks.
PLANLINT_DECIDES = (signal.SIGINT, signal.SIGHUP, signal.SIGTERM)


def dask_setup(worker: Worker) -> None:
    """Preload of a local cluster's workers: outlive signals meant for planlint.

    Workers share planlint's process group and start with those signals
    blocked, inherited from planlint's cluster thread. Here a handler that
    does nothing takes them, whatever came meanwhile included; a handled
    signal is reset on exec, so the tasks' commands start with the default
    actions, as on the local backend (an ignored one would stay ignored).
    """
    try:
        for sig in PLANLINT_DECIDES:
            signal.signal(sig, _outlive)
    except ValueError:  # not the main thread: cannot change handlers
        log.warning("worker %s: cannot set its signal handlers", worker.address)
        return
    signal.pthread_sigmask(signal.SIG_UNBLOCK, PLANLINT_DECIDES)


def _outlive(signum: int, frame: FrameType | None) -> None:
    log.debug("ignoring %s sent to this worker", signal.Signals(signum).name)


def worker_version() -> str:
    """The planlint version this worker runs (checked on connecting)."""
    return __version__


@dataclass(eq=False)
class _Running:
    """An attempt running on this worker, under the Dask key that runs it."""

    control: Control
    worker: Worker  # several can share a process (LocalCluster without processes)
    key: object
    name: str  # the task and attempt, for people
    grace: float
    orphaned: float | None = None  # when it was found unwanted and signalled


_LOCK = threading.Lock()
_RUNNING: dict[str, _Running] = {}
_WATCHING: list[threading.Thread] = []


@contextmanager
def _registered(attempt_id: str, running: _Running) -> Iterator[None]:
    with _LOCK:
        _RUNNING[attempt_id] = running
        if not _WATCHING:
            _WATCHING.append(_start_watching())
    try:
        yield
    finally:
        with _LOCK:
            _RUNNING.pop(attempt_id, None)


def _start_watching() -> threading.Thread:
    thread = threading.Thread(target=_watch, name="planlint-orphans", daemon=True)
    thread.start()
    return thread


def _watch() -> None:
    """End attempts nobody waits for any more, for as long as the worker lives.

    Dask cancels a task whose client has gone (planlint was killed) and
    closes a worker that lost the scheduler, but neither stops a function
    that is running, so its commands would go on, unrecorded, and a resumed
    run would start them a second time beside them.
    """
    while True:
        time.sleep(ORPHAN_CHECK)
        with _LOCK:
            running = list(_RUNNING.values())
        for one in running:
            _end_if_orphaned(one)


def _end_if_orphaned(running: _Running) -> None:
    why = _unwanted(running.worker, running.key)
    if why is None:
        return
    now = time.monotonic()
    if running.orphaned is None:
        log.warning("task %s: %s; ending its commands", running.name, why)
        running.orphaned = now
        running.control.stop(signal.SIGTERM)
    elif now - running.orphaned >= running.grace:
        running.control.stop(signal.SIGKILL)


def _unwanted(worker: Worker, key: object) -> str | None:
    """Why nobody waits for the task of `key` any more; None if someone does."""
    if worker.status in (Status.closing, Status.closed, Status.failed):
        return "this worker is closing (it lost the Dask scheduler)"
    task = worker.state.tasks.get(key)  # type: ignore[call-overload]
    if task is None or task.state == "cancelled":
        return "Dask cancelled it (the planlint run that submitted it is gone)"
    return None


def _claim(attempt_id: str) -> bool:
    """True when this is the first run of the attempt; it is marked as taken."""
    event = scheduler_event(claim_name(attempt_id))
    if event.is_set():
        return False
    event.set()
    return True


def scheduler_event(name: str, client: Client | None = None) -> Any:
    """A distributed `Event` (untyped upstream) through this worker's client."""
    return Event(name, client=client or get_client())  # type: ignore[no-untyped-call]


def _spool_path(directory: Path, attempt_id: str) -> Path:
    spool = directory / "planlint-logs"
    spool.mkdir(exist_ok=True)
    return spool / f"{attempt_id}.log"


def _run(
    spec: TaskSpec, attempt: int, control: Control, spool: Path, address: str
) -> AttemptResult:
    """`run_attempt` with the log in the spool; a missing tree is a clear failure."""
    if not os.path.isdir(spec.cwd):
        spool.write_bytes(b"")
        return _failure(
            spec,
            attempt,
            f"directory {spec.cwd} does not exist on Dask worker {address}; every"
            " worker needs the plan's working tree at the same path",
        )
    return run_attempt(replace(spec, log_path=str(spool)), attempt, control)


def _failure(spec: TaskSpec, attempt: int, error: str) -> AttemptResult:
    now = time.time()
    return AttemptResult(spec.task_id, attempt, Outcome.FAILED, now, now, error=error)


def _with_log(result: AttemptResult, spool: Path, address: str) -> RemoteResult:
    """Send a small log along; leave a large one for the client to fetch."""
    size = spool.stat().st_size
    if size > INLINE_LOG:
        return RemoteResult(result, address, spool=str(spool), size=size)
    data = spool.read_bytes()
    spool.unlink()
    return RemoteResult(result, address, log=data, size=len(data))


class _WatchedControl(Control):
    """A `Control` that tells this worker's watchdog about each process group."""

    def __init__(self) -> None:
        super().__init__()
        self._watched: int | None = None

    def launch(
        self, start: Callable[[], subprocess.Popen[bytes]]
    ) -> subprocess.Popen[bytes] | None:
        _WATCHDOG.ready()  # before the command: the worker may die at any time
        # The command inherits this thread's signal mask; a worker's threads
        # may have started with planlint's signals blocked (`dask_setup`).
        signal.pthread_sigmask(signal.SIG_UNBLOCK, PLANLINT_DECIDES)
        process = super().launch(start)
        if process is not None:
            self._watched = process.pid
            _WATCHDOG.send(f"+{process.pid}\n")
        return process

    def release(self) -> None:
        super().release()
        if self._watched is not None:
            _WATCHDOG.send(f"-{self._watched}\n")
            self._watched = None


class _Watchdog:
    """This worker's watchdog process, started before the first command."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def ready(self) -> None:
        """Start the watchdog now if it is not running."""
        with self._lock:
            self._running()

    def send(self, line: str) -> None:
        with self._lock:
            for _ in range(2):  # once more to a new watchdog if this one is gone
                process = self._running()
                assert process.stdin is not None
                try:
                    os.write(process.stdin.fileno(), line.encode("ascii"))
                    return
                except OSError as error:
                    log.warning(
                        "the task watchdog is gone (%s); starting another", error
                    )
                    self._process = None

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = _start_watchdog()
        return self._process


def _start_watchdog() -> subprocess.Popen[bytes]:
    """The watchdog script, in its own session so no terminal signal reaches it."""
    script = dask_watchdog.__file__
    log.debug("starting the task watchdog %s", script)
    return subprocess.Popen(
        [sys.executable, "-I", script, str(WATCHDOG_GRACE)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


_WATCHDOG = _Watchdog()
