"""Backends run task attempts for the scheduler: the local one uses threads.

The scheduler only ever calls `start`, `stop` and `close`, and learns that an
attempt ended through the `report` callback (called from any thread). A
distributed backend implements the same three methods around the same
`run_attempt` function, so retries, timeouts and process groups behave the
same everywhere.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
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
    """Runs each attempt in a thread of this process (the runner blocks)."""

    def __init__(self) -> None:
        self._controls: dict[str, Control] = {}
        self._lock = threading.Lock()

    def start(self, spec: TaskSpec, attempt: int, report: Report) -> None:
        control = Control()
        with self._lock:
            self._controls[spec.task_id] = control
        thread = threading.Thread(
            target=self._run,
            args=(spec, attempt, control, report),
            name=f"task-{spec.task_id}",
            daemon=True,
        )
        thread.start()

    def stop(self, task_id: str, sig: int = signal.SIGTERM) -> None:
        with self._lock:
            control = self._controls.get(task_id)
        if control is not None:
            control.stop(sig)

    def close(self) -> None:
        with self._lock:
            self._controls.clear()

    def _run(
        self, spec: TaskSpec, attempt: int, control: Control, report: Report
    ) -> None:
        try:
            result = run_attempt(spec, attempt, control)
        except Exception as error:  # a bug of ours: report it, never hang the run
            log.exception("task %s: the runner failed", spec.task_id)
            now = time.time()
            result = AttemptResult(
                spec.task_id, attempt, Outcome.FAILED, now, now, error=repr(error)
            )
        with self._lock:
            if self._controls.get(spec.task_id) is control:
                del self._controls[spec.task_id]
        report(result)
