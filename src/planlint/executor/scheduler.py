"""The scheduler: stages in order, tasks by the rules of FORMAT.md §7-§9.

One thread decides; a backend runs attempts and reports their ends into a
queue, which also carries signals. Stage by stage, a task starts when what
it needs has succeeded, a worker is free (the stage's limit, capped by
`--jobs`) and no running task's file scope overlaps its own. A task whose
need failed or was skipped is skipped. A failure under `stop` (or `retry`
once its attempts are spent) halts the run: nothing new starts, running
tasks finish, or are ended at once with `--fail-fast now`. Ctrl-C and
SIGTERM end every running process group, SIGKILL after a grace period.
"""

from __future__ import annotations

import logging
import queue
import signal
import time
from collections.abc import Callable
from typing import Any

from planlint.executor.approval import Approver, needs_approval
from planlint.executor.backend import Backend
from planlint.executor.options import FailFast, RunOptions
from planlint.executor.ready import Entry, ReadyQueue
from planlint.executor.result import RunResult, Status, TaskRun
from planlint.executor.schedule import Schedule, StagePlan
from planlint.executor.signals import interruptible
from planlint.executor.spec import AttemptResult, Outcome
from planlint.executor.state import Journal, State, apply
from planlint.executor.view import View
from planlint.model import Policy, Task

log = logging.getLogger(__name__)


class Interrupt:
    """A signal, as delivered through the scheduler's queue."""

    def __init__(self, signum: int) -> None:
        self.signum = signum


_Item = AttemptResult | Interrupt


class Scheduler:
    """Runs a `Schedule` through a `Backend`, recording every change."""

    def __init__(
        self,
        schedule: Schedule,
        runs: dict[Task, TaskRun],
        options: RunOptions,
        backend: Backend,
        journal: Journal,
        state: State,
        view: View,
        approver: Approver,
    ) -> None:
        self.schedule, self.runs, self.options = schedule, runs, options
        self.backend, self.journal, self.state = backend, journal, state
        self.view, self.approver = view, approver
        self.inbox: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self.by_key = {run.key: run for run in runs.values()}
        self.running: dict[Task, TaskRun] = {}
        self.halt_reason: str | None = None
        self.stop_reason: str | None = None  # why running tasks were ended
        self.interrupted = False
        self.kill_at: float | None = None
        self.compacted = time.monotonic()
        self.queue: ReadyQueue | None = None  # the running stage's waiting tasks
        self.on_compact: Callable[[], None] | None = None  # writes the state file

    def run(self) -> RunResult:
        started = time.time()
        for stage_plan in self.schedule.stages:
            if self.halt_reason is not None:
                break
            if stage_plan.tasks:
                self.view.stage_started(stage_plan)
                self._run_stage(stage_plan)
        self._close_leftovers()
        runs = [self.runs[task] for task in self.schedule.tasks()]
        return RunResult(
            self.schedule.plan.path, runs, started, time.time(), self.interrupted
        )

    def abort(self) -> None:
        """Kill every running attempt at once: the run itself has failed."""
        for run in self.running.values():
            self.backend.stop(run.key, signal.SIGKILL)

    def signal(self, signum: int) -> None:
        """Called from a signal handler: safe, since SimpleQueue.put is reentrant."""
        self.inbox.put(Interrupt(signum))

    # -- one stage ---------------------------------------------------------

    def _run_stage(self, stage_plan: StagePlan) -> None:
        self.queue = ReadyQueue(stage_plan, self.schedule.needs)
        while True:
            self._drain()
            while self.halt_reason is None and self.queue.fresh:
                self._start_ready(stage_plan)
            if not self.running:
                break
            self._wait()
        if self.halt_reason is None:
            self._stuck(self.queue.left())
        self.queue = None

    def _start_ready(self, stage_plan: StagePlan) -> None:
        """Start candidates in file order while workers are free."""
        assert self.queue is not None
        candidates = self.queue.take()
        waiting: list[Entry] = []
        for index, entry in enumerate(candidates):
            if self.halt_reason is not None or len(self.running) >= stage_plan.limit:
                waiting.extend(candidates[index:])
                break
            if not self._try_start(stage_plan, entry[1]):
                waiting.append(entry)
        self.queue.give_back(waiting)

    def _try_start(self, stage_plan: StagePlan, task: Task) -> bool:
        """False when `task` must wait; True when it started or got a status."""
        run = self.runs[task]
        broken = self._broken_need(task)
        if broken is not None:
            self._skip(run, broken)
            return True
        if self._up_to_date(run):
            self._finish(run, Status.UP_TO_DATE, "succeeded before; text unchanged")
            return True

        busy = self.running.keys()
        if len(busy) >= stage_plan.limit or stage_plan.conflicts_with(task, busy):
            return False
        if needs_approval(task) and not self._approved(run):
            return True
        self._launch(run, 1)
        return True

    def _broken_need(self, task: Task) -> Task | None:
        """A need that did not succeed (all of them have ended by now)."""
        for need in self.schedule.needs[task]:
            if not self.runs[need].status.ok:
                return need
        return None

    def _skip(self, run: TaskRun, need: Task) -> None:
        """FORMAT.md §7: a task whose need failed or was skipped is skipped."""
        why = _NEED_ENDED.get(self.runs[need].status, "did not succeed")
        self._finish(run, Status.SKIPPED, f"needs `{need.key}`, which {why}")

    def _up_to_date(self, run: TaskRun) -> bool:
        if self.options.restart:
            return False
        record = self.state.get(run.key)
        return record is not None and record.done(run.task.digest)

    def _approved(self, run: TaskRun) -> bool:
        try:
            with self.view.paused(), interruptible():
                decision = self.approver.decide(run.task)
        except KeyboardInterrupt:
            self._interrupt(signal.SIGINT)
            return False
        user = _user()
        self._record(
            "approval", run, approved=decision.approved, by=decision.by, user=user
        )
        if decision.approved:
            run.approved_by = f"{decision.by} ({user})" if user else decision.by
            return True

        hint = f"answer y on a terminal, or pass --yes or --approve {run.key}"
        self._finish(run, Status.BLOCKED, f"needs approval ({decision.by}): {hint}")
        self._halt(f"task `{run.key}` needs approval")
        return False

    def _stuck(self, pending: list[Task]) -> None:
        for task in pending:
            self._finish(
                self.runs[task],
                Status.NOT_RUN,
                "waiting for tasks that can never finish",
            )

    # -- attempts ----------------------------------------------------------

    def _launch(self, run: TaskRun, attempt: int) -> None:
        run.status, run.retry_at = Status.RUNNING, None
        self.running[run.task] = run
        log.debug("task %s: attempt %s starts", run.key, attempt)
        # Started first, recorded next: its end is handled on this thread, so
        # the journal still has the start first, and the worker waits less.
        self.backend.start(run.spec, attempt, self.inbox.put)
        self._record("start", run, attempt=attempt)
        self.view.task_started(run, attempt)

    def _wait(self) -> None:
        """Block until something happens, then handle everything that did."""
        self.view.flush()
        try:
            self._handle(self.inbox.get(timeout=self._wait_time()))
        except queue.Empty:
            pass
        self._drain()
        self._on_timers()
        self.journal.sync()

    def _drain(self) -> None:
        while True:
            try:
                item = self.inbox.get_nowait()
            except queue.Empty:
                return
            self._handle(item)

    def _wait_time(self) -> float:
        now = time.monotonic()
        times = [run.retry_at for run in self.running.values() if run.retry_at]
        times.append(self.compacted + self.options.compact_every)
        times.extend(t for t in (self.kill_at, self.journal.due()) if t is not None)
        return max(min(times) - now, 0.0)

    def _handle(self, item: _Item) -> None:
        if isinstance(item, Interrupt):
            self._interrupt(item.signum)
            return
        run = self.by_key[item.task_id]
        run.attempts.append(item)
        if item.ok:
            self._finish(run, Status.SUCCEEDED, "", item)
        elif item.outcome is Outcome.CANCELLED:
            self._finish(run, Status.INTERRUPTED, self._stop_text(), item)
        elif self._may_retry(run):
            self._schedule_retry(run, item)
        else:
            self._failed(run, item)

    def _may_retry(self, run: TaskRun) -> bool:
        task = run.task
        spent = len(run.attempts) > task.retry
        return task.on_failure is Policy.RETRY and not spent and not self.halt_reason

    def _schedule_retry(self, run: TaskRun, result: AttemptResult) -> None:
        delay = min(
            self.options.retry_delay * 2 ** (len(run.attempts) - 1),
            self.options.retry_delay_max,
        )
        run.retry_at = time.monotonic() + delay
        self._record("end", run, status="retrying", result=result)
        self.view.task_retrying(run, delay)

    def _failed(self, run: TaskRun, result: AttemptResult) -> None:
        self._finish(run, Status.FAILED, run.failure_text(), result)
        if run.task.on_failure is Policy.CONTINUE:
            return
        self._halt(f"task `{run.key}` failed")
        if self.options.fail_fast is FailFast.NOW:
            self.stop_reason = f"ended by --fail-fast now: task `{run.key}` failed"
            self._stop_running(signal.SIGTERM)

    def _on_timers(self) -> None:
        now = time.monotonic()
        for run in list(self.running.values()):
            if run.retry_at is not None and run.retry_at <= now:
                self._retry_due(run)
        if self.kill_at is not None and now >= self.kill_at:
            self._stop_running(signal.SIGKILL)
        if now - self.compacted >= self.options.compact_every and self.on_compact:
            self.on_compact()
            self.compacted = now

    def _retry_due(self, run: TaskRun) -> None:
        del self.running[run.task]
        if self.halt_reason is None:
            self._launch(run, len(run.attempts) + 1)
            return
        reason = f"{run.failure_text()}; not retried: {self.halt_reason}"
        self._finish(run, Status.FAILED, reason)

    # -- stopping ----------------------------------------------------------

    def _halt(self, reason: str) -> None:
        if self.halt_reason is None:
            self.halt_reason = reason
            waiting = sum(1 for r in self.running.values() if r.retry_at is None)
            tail = f"; waiting for {waiting} running" if waiting else ""
            self.view.notice(f"stopping: {reason}{tail}")

    def _interrupt(self, signum: int) -> None:
        name = signal.Signals(signum).name
        log.info("%s received with %s tasks running", name, len(self.running))
        if self.interrupted:
            self.view.notice(f"{name} again: killing running tasks")
            self._stop_running(signal.SIGKILL)
            return
        self.interrupted = True
        self._halt(f"interrupted by {name}")
        self._stop_running(signal.SIGTERM)

    def _stop_running(self, sig: int) -> None:
        """Signal every running attempt; tasks waiting to retry end here."""
        for run in list(self.running.values()):
            if run.retry_at is not None:
                del self.running[run.task]
                self._finish(run, Status.INTERRUPTED, self._stop_text())
            else:
                self.backend.stop(run.key, sig)
        if sig == signal.SIGTERM and self.running:
            self.kill_at = time.monotonic() + self.options.grace
        elif sig == signal.SIGKILL:
            self.kill_at = None

    def _stop_text(self) -> str:
        return self.stop_reason or self.halt_reason or "stopped"

    def _close_leftovers(self) -> None:
        """After a stop: dependents of a failure are skipped, the rest not run.

        Plan order puts every need before the tasks that need it, so a skip
        reaches its dependents in the same pass.
        """
        reason = f"the run stopped: {self.halt_reason}" if self.halt_reason else ""
        for task in self.schedule.tasks():
            run = self.runs[task]
            if run.status.final:
                continue
            need = self._failed_need(task)
            if need is not None:
                self._skip(run, need)
            else:
                self._finish(run, Status.NOT_RUN, reason or "the run stopped")

    def _failed_need(self, task: Task) -> Task | None:
        for need in self.schedule.needs[task]:
            if self.runs[need].status in _SKIPS_DEPENDENTS:
                return need
        return None

    # -- records -------------------------------------------------------------

    def _finish(
        self,
        run: TaskRun,
        status: Status,
        reason: str,
        result: AttemptResult | None = None,
    ) -> None:
        log.debug("task %s: %s %s", run.key, status.value, reason)
        run.status, run.reason = status, reason
        self.running.pop(run.task, None)
        if self.queue is not None:
            self.queue.ended(run.task)
        self._record(
            "end" if result else "status",
            run,
            status=status.value,
            result=result,
            reason=reason or None,
        )
        self.view.task_ended(run)

    def _record(
        self,
        kind: str,
        run: TaskRun,
        result: AttemptResult | None = None,
        **fields: Any,
    ) -> None:
        event: dict[str, Any] = {
            "event": kind,
            "task": run.key,
            "digest": run.task.digest,
            "time": time.time(),
        }
        if result is not None:
            event.update(
                attempt=result.attempt,
                outcome=result.outcome.value,
                exit_code=result.exit_code,
                duration=result.duration,
            )
        event.update({k: v for k, v in fields.items() if v is not None})
        # A start may wait for the next end: lost in a crash, the task still
        # counts as not done, as it is; an end is written before anything else.
        self.journal.append(event, now=kind != "start")
        apply(self.state, event)


# How a need ended, as said of a task skipped because of it.
_NEED_ENDED = {
    Status.FAILED: "failed",
    Status.SKIPPED: "was skipped",
    Status.BLOCKED: "was blocked (not approved)",
    Status.INTERRUPTED: "was interrupted",
    Status.NOT_RUN: "did not run",
}
# Needs whose end skips a task that has not started when the run stops; a
# task that only waited on interrupted or unrun work is "not run" instead.
_SKIPS_DEPENDENTS = (Status.FAILED, Status.SKIPPED, Status.BLOCKED)


def _user() -> str | None:
    """Who is running planlint, for the approval record."""
    import getpass  # only approvals need it; it imports termios

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
