"""The Dask backend: attempts run on Dask workers, the scheduler stays here.

Each `start` submits one `run_remote` call (the worker side, in
`dask_worker.py`) under a key of its own and returns at once. A collector
thread turns each finished future into exactly one report: the attempt's own
result, with its log written into the plan's log folder first; "lost" when the
worker running it died; "cancelled" when it was stopped before it started. A
stopper thread carries stops to the workers in batches, so the scheduler never
waits on the network: it marks the attempt as taken on the scheduler (it will
not start) and signals it on whichever worker runs it.
"""

from __future__ import annotations

import itertools
import logging
import queue
import signal
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from distributed import Client, Future, KilledWorker
from distributed.client import FutureCancelledError
from distributed.comm.core import CommClosedError

from planlint.executor.backend import Report
from planlint.executor.dask_worker import (
    RemoteResult,
    claim_name,
    drop_spool,
    read_spool,
    run_remote,
    scheduler_event,
    stop_attempts,
)
from planlint.executor.runner import open_log
from planlint.executor.spec import AttemptResult, Outcome, TaskSpec

log = logging.getLogger(__name__)

LOG_CHUNK = 1024 * 1024  # bytes per request when a large log is fetched
STOP_PATIENCE = 10.0  # seconds to wait for a killed attempt's end, at most
CANCEL_PATIENCE = 5.0  # seconds to read why Dask cancelled an attempt
_LOST = "the Dask worker running it died"
_NO_SCHEDULER = "the connection to the Dask scheduler was lost"


@dataclass(eq=False)
class _Pending:
    """One submitted attempt, until it has reported."""

    spec: TaskSpec
    attempt: int
    attempt_id: str
    report: Report
    future: Future[RemoteResult] | None = None
    error: str | None = None  # why it could not be submitted
    stopped: bool = False
    abandoned: bool = False  # no answer came after SIGKILL
    since: float = field(default_factory=time.time)


class DaskBackend:
    """Runs attempts on the workers of `client`; `close` leaves the client open."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.token = uuid.uuid4().hex[:12]
        self._count = itertools.count(1)
        self._lock = threading.Lock()
        self._pending: dict[str, _Pending] = {}  # by attempt id
        self._by_task: dict[str, _Pending] = {}
        self._ended: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._stops: queue.SimpleQueue[tuple[str, int] | None] = queue.SimpleQueue()
        self._threads = [
            _thread(self._collect, "planlint-dask-results"),
            _thread(self._carry_stops, "planlint-dask-stops"),
        ]

    def start(self, spec: TaskSpec, attempt: int, report: Report) -> None:
        pending = _Pending(spec, attempt, f"{self.token}-{next(self._count)}", report)
        with self._lock:
            self._pending[pending.attempt_id] = pending
            self._by_task[spec.task_id] = pending
        try:
            pending.future = self._submit(pending)
        except Exception as error:  # noqa: BLE001 - the run goes on; say why
            log.warning("task %s: cannot submit to Dask: %s", spec.task_id, error)
            pending.error = f"cannot submit it to the Dask scheduler: {error}"
            self._ended.put(pending)
            return
        pending.future.add_done_callback(  # type: ignore[no-untyped-call]
            lambda _: self._ended.put(pending)
        )

    def stop(self, task_id: str, sig: int = signal.SIGTERM) -> None:
        with self._lock:
            pending = self._by_task.get(task_id)
        if pending is None:
            return
        pending.stopped = True
        self._stops.put((pending.attempt_id, sig))

    def close(self) -> None:
        """Kill what is still running (only after a failure of ours), then stop."""
        with self._lock:
            left = [p.attempt_id for p in self._pending.values() if p.future]
        if left:
            log.warning("killing %s attempts still running on Dask", len(left))
            self._send_stops([(attempt_id, signal.SIGKILL) for attempt_id in left])
        self._stops.put(None)
        self._ended.put(None)
        for thread in self._threads:
            thread.join(timeout=10)

    # -- submitting and collecting --------------------------------------------

    def _submit(self, pending: _Pending) -> Future[RemoteResult]:
        future: Future[RemoteResult] = self.client.submit(
            run_remote,
            pending.spec,
            pending.attempt,
            pending.attempt_id,
            key=f"planlint-{pending.attempt_id}",
            pure=False,
        )
        return future

    def _collect(self) -> None:
        while (pending := self._ended.get()) is not None:
            if pending.attempt_id not in self._pending:
                continue  # given up on after a SIGKILL; its late end is dropped
            result = self._result(pending)
            with self._lock:
                del self._pending[pending.attempt_id]
                if self._by_task.get(pending.spec.task_id) is pending:
                    del self._by_task[pending.spec.task_id]
            pending.report(result)
            self._forget(pending)

    def _result(self, pending: _Pending) -> AttemptResult:
        """The attempt's one outcome, its log saved; never raises."""
        try:
            return self._outcome(pending)
        except Exception as error:  # a report must still happen
            log.exception("task %s: reading its result failed", pending.spec.task_id)
            return _ended(
                pending, Outcome.FAILED, f"planlint could not read it: {error}"
            )

    def _outcome(self, pending: _Pending) -> AttemptResult:
        future = pending.future
        if future is not None and future.status == "finished":
            remote: RemoteResult = future.result()
            if remote.result is not None:
                self._save_log(pending, remote)
                return remote.result
        outcome, why = self._not_run(pending)
        self._note(pending, f"{outcome.value}: {why or 'stopped before it started'}")
        return _ended(pending, outcome, why)

    def _not_run(self, pending: _Pending) -> tuple[Outcome, str | None]:
        """Why an attempt ran nothing, or no result of it came back."""
        future = pending.future
        if future is None:
            return Outcome.FAILED, pending.error
        if pending.abandoned and not future.done():  # type: ignore[no-untyped-call]
            return Outcome.CANCELLED, "no Dask worker answered the stop"
        if pending.stopped:
            return Outcome.CANCELLED, None
        if future.status == "cancelled":
            return Outcome.LOST, self._cancelled_why(future)
        if future.status == "finished":  # a rerun after a worker died
            return Outcome.LOST, _LOST
        error = future.exception()  # type: ignore[no-untyped-call]
        if isinstance(error, KilledWorker):
            return Outcome.LOST, _LOST
        return Outcome.FAILED, f"the Dask worker could not run it: {error!r}"

    def _cancelled_why(self, future: Future[RemoteResult]) -> str:
        """Why Dask cancelled an attempt planlint did not stop."""
        try:
            future.result(timeout=CANCEL_PATIENCE)
        except FutureCancelledError as error:
            reason = error.reason
        except Exception as error:  # noqa: BLE001 - a reason is all we want
            reason = repr(error)
        else:
            reason = "unknown"
        if reason == "scheduler-connection-lost" or self.client.status != "running":
            return _NO_SCHEDULER
        return f"Dask cancelled it ({reason})"

    # -- logs -------------------------------------------------------------------

    def _save_log(self, pending: _Pending, remote: RemoteResult) -> None:
        """Write the attempt's log where the local backend would have."""
        with open_log(pending.spec.log_path, pending.attempt) as file:
            if remote.spool is None:
                file.write(remote.log)
                return
            try:
                for offset in range(0, remote.size, LOG_CHUNK):
                    file.write(
                        self._on(
                            remote.worker, read_spool, remote.spool, offset, LOG_CHUNK
                        )
                    )
                self._on(remote.worker, drop_spool, remote.spool)
            except (OSError, CommClosedError) as error:
                file.write(f"\n==> rest of the log lost: {error}\n".encode())

    def _on(self, worker: str, function: Callable[..., Any], *args: Any) -> Any:
        """Run `function(*args)` on one worker and return what it returned."""
        return self.client.run(function, *args, workers=[worker])[worker]

    def _note(self, pending: _Pending, text: str) -> None:
        """A log of one line, for an attempt that ran nothing here."""
        with open_log(pending.spec.log_path, pending.attempt) as file:
            file.write(f"==> attempt {pending.attempt}: {text}\n".encode())

    def _forget(self, pending: _Pending) -> None:
        """Drop the future and the claim: nothing can run the attempt any more."""
        if pending.future is None:
            return
        pending.future.release()  # type: ignore[no-untyped-call]
        scheduler, loop = self.client.scheduler, self.client.loop
        if scheduler is not None and loop is not None:  # frees memory; not awaited
            name = claim_name(pending.attempt_id)
            loop.add_callback(scheduler.event_clear, name=name)

    # -- stopping ---------------------------------------------------------------

    def _carry_stops(self) -> None:
        """Send stops as they come, in batches of all that are waiting."""
        while (item := self._stops.get()) is not None:
            batch, closing = _drain(self._stops, [item])
            self._send_stops(batch)
            if closing:
                return

    def _send_stops(self, batch: list[tuple[str, int]]) -> None:
        """Mark each attempt as taken, then signal it wherever it runs."""
        by_signal: dict[int, list[str]] = {}
        for attempt_id, sig in batch:
            by_signal.setdefault(sig, []).append(attempt_id)
        try:
            for attempt_id, _ in batch:
                scheduler_event(claim_name(attempt_id), self.client).set()
            for sig, attempt_ids in by_signal.items():
                self.client.run(stop_attempts, attempt_ids, sig, on_error="return")
        except Exception as error:  # noqa: BLE001 - the cluster may be gone
            log.warning("cannot stop attempts on Dask: %s", error)
        if signal.SIGKILL in by_signal:
            self._give_up_later(by_signal[signal.SIGKILL])

    def _give_up_later(self, attempt_ids: list[str]) -> None:
        """Report killed attempts that no worker answers for as cancelled.

        A worker that hangs, or the loss of every worker, would otherwise keep
        the run waiting for ever after Ctrl-C. The attempts are claimed, so
        none of them can start afterwards.
        """

        def give_up() -> None:
            with self._lock:
                left = [self._pending.get(attempt_id) for attempt_id in attempt_ids]
            for pending in left:
                if pending is not None:
                    log.warning("attempt %s: no answer to SIGKILL", pending.attempt_id)
                    pending.abandoned = True
                    self._ended.put(pending)

        timer = threading.Timer(STOP_PATIENCE, give_up)
        timer.daemon = True
        timer.start()


def _drain(
    stops: queue.SimpleQueue[tuple[str, int] | None], batch: list[tuple[str, int]]
) -> tuple[list[tuple[str, int]], bool]:
    """`batch` and every stop already queued; True when `None` (close) came too."""
    while True:
        try:
            item = stops.get_nowait()
        except queue.Empty:
            return batch, False
        if item is None:
            return batch, True
        batch.append(item)


def _ended(pending: _Pending, outcome: Outcome, error: str | None) -> AttemptResult:
    now = time.time()
    return AttemptResult(
        pending.spec.task_id, pending.attempt, outcome, pending.since, now, error=error
    )


def _thread(target: Callable[[], None], name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread
