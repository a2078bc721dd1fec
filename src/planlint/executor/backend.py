"""Backends run task attempts for the scheduler: the local one uses threads.

The scheduler only ever calls `start`, `stop` and `close`, and learns that an
attempt ended through the `report` callback (called from any thread). A
distributed backend implements the same three methods around the same
`run_attempt` function, so retries, timeouts and process groups behave the
same everywhere.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from planlint.executor.runner import Control, run_attempt
from planlint.executor.spec import AttemptResult, Outcome, TaskSpec

log = logging.getLogger(__name__)

Report = Callable[[AttemptResult], None]


class Backend(Protocol):
    """Where attempts run. `report` must be called exactly once per attempt."""

    def start(self, spec: TaskSpec, attempt: int, report: Report) -> None:
        """Begin one attempt of `spec` and return at once."""

    def stop(self, task_id: str, sig: int = signal.SIGTERM) -> None:
        """Send `sig` to the running attempt of `task_id`; start none of its rest."""

    def close(self) -> None:
        """Release resources; every started attempt has reported by then."""


class LocalBackend:
    """Runs each attempt on a thread of this process (the runner blocks).

    Threads are kept and reused: the pool grows only when every thread is
    busy, so it ends up as large as the most attempts that ran at once.
    """

    def __init__(self) -> None:
        # Read once per run: copying os.environ item by item costs tens of
        # microseconds per attempt, and planlint never changes it while running.
        self._environ = dict(os.environ)
        self._controls: dict[str, Control] = {}
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._idle = 0

    def start(self, spec: TaskSpec, attempt: int, report: Report) -> None:
        control = Control()
        with self._lock:
            self._controls[spec.task_id] = control
            grow = self._idle == 0
            self._idle -= not grow
        if grow:
            self._grow()
        self._jobs.put(_Job(spec, attempt, control, report))

    def stop(self, task_id: str, sig: int = signal.SIGTERM) -> None:
        with self._lock:
            control = self._controls.get(task_id)
        if control is not None:
            control.stop(sig)

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)
        self._threads.clear()

    def _grow(self) -> None:
        name = f"planlint-task-{len(self._threads) + 1}"
        thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            result = _attempt(job, self._environ)
            with self._lock:
                if self._controls.get(job.spec.task_id) is job.control:
                    del self._controls[job.spec.task_id]
                self._idle += 1
            job.report(result)


@dataclass(frozen=True, slots=True)
class _Job:
    spec: TaskSpec
    attempt: int
    control: Control
    report: Report


def _attempt(job: _Job, environ: dict[str, str]) -> AttemptResult:
    """Run one attempt; a bug of ours becomes a failed attempt, never a hang."""
    try:
        return run_attempt(job.spec, job.attempt, job.control, environ)
    except Exception as error:
        log.exception("task %s: the runner failed", job.spec.task_id)
        now = time.time()
        return AttemptResult(
            job.spec.task_id, job.attempt, Outcome.FAILED, now, now, error=repr(error)
        )
