"""What happened to each task of a run, and to the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from planlint.executor.options import ExitCode
from planlint.executor.spec import AttemptResult, Outcome, TaskSpec
from planlint.model import Task


class Status(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    UP_TO_DATE = "up-to-date"  # succeeded in an earlier run, text unchanged
    FAILED = "failed"
    SKIPPED = "skipped"  # a task it needs failed or was skipped
    BLOCKED = "blocked"  # needed approval and did not get it
    NOT_RUN = "not-run"  # the run stopped before it
    INTERRUPTED = "interrupted"  # stopped while running

    @property
    def ok(self) -> bool:
        return self in (Status.SUCCEEDED, Status.UP_TO_DATE)

    @property
    def final(self) -> bool:
        return self not in (Status.PENDING, Status.RUNNING)


@dataclass(eq=False)
class TaskRun:
    """One task during a run: its spec, status, attempts and why it ended so."""

    task: Task
    spec: TaskSpec
    status: Status = Status.PENDING
    attempts: list[AttemptResult] = field(default_factory=list)
    reason: str = ""
    retry_at: float | None = None  # monotonic time of the next attempt
    approved_by: str | None = None  # who let a `confirm` task run

    @property
    def key(self) -> str:
        return self.task.key

    @property
    def duration(self) -> float:
        return sum(attempt.duration for attempt in self.attempts)

    @property
    def last(self) -> AttemptResult | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def timed_out(self) -> bool:
        """Its last attempt was ended by its timeout."""
        return self.last is not None and self.last.outcome is Outcome.TIMED_OUT

    @property
    def failure(self) -> str | None:
        """Why a failed task failed, as a word for reports (None unless failed):
        timeout, exit, signal, start (a command could not start), lost, stopped."""
        last = self.last
        if self.status is not Status.FAILED or last is None:
            return None
        return _FAILURES.get(last.outcome) or _exit_kind(last)

    def failure_text(self) -> str:
        """What went wrong in its last attempt ("timed out after 20m", ...)."""
        last = self.last
        return last.describe(self.spec.timeout) if last else "failed"


@dataclass(eq=False)
class RunResult:
    """The whole run: every selected task in plan order, and the exit status."""

    plan: str
    runs: list[TaskRun]
    started: float
    ended: float
    interrupted: bool = False

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        if all(run.status.ok for run in self.runs):
            return ExitCode.OK
        return ExitCode.FAILED

    def count(self, status: Status) -> int:
        return sum(1 for run in self.runs if run.status is status)


_FAILURES = {
    Outcome.TIMED_OUT: "timeout",
    Outcome.LOST: "lost",
    Outcome.CANCELLED: "stopped",
}


def _exit_kind(attempt: AttemptResult) -> str:
    if attempt.error is not None:
        return "start"
    code = attempt.exit_code
    return "signal" if code is not None and code < 0 else "exit"
