"""What one task attempt runs, as plain values a remote worker can receive."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planlint.executor.words import duration_text


class Role(StrEnum):
    """Why a command runs: the task's own work, the agent, or verification."""

    EXECUTE = "执行"
    AGENT = "agent"
    VERIFY = "验证"


@dataclass(frozen=True, slots=True)
class Command:
    """One shell command of a task; `text` is exactly what the plan says."""

    role: Role
    text: str


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """Everything the task runner needs, free of parser objects (picklable)."""

    task_id: str
    stage: str
    commands: tuple[Command, ...]
    cwd: str
    log_path: str
    plan_file: str
    timeout: float | None = None
    prompt: str | None = None  # stdin of the agent command
    grace: float = 3.0  # seconds between SIGTERM and SIGKILL


class Outcome(StrEnum):
    """How one attempt ended."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    TIMED_OUT = "timed-out"
    CANCELLED = "cancelled"
    LOST = "lost"  # the machine running it went away (a Dask worker died)


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """The end of one attempt: outcome, the command that decided it, times."""

    task_id: str
    attempt: int
    outcome: Outcome
    started: float  # wall-clock seconds since the epoch
    ended: float
    exit_code: int | None = None  # negative: killed by that signal
    command: Command | None = None  # the command that failed, if one did
    error: str | None = None  # why a command could not start

    @property
    def duration(self) -> float:
        return max(self.ended - self.started, 0.0)

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SUCCEEDED

    def describe(self, timeout: float | None = None) -> str:
        """A short lowercase phrase for people: what went wrong, if anything.

        `timeout` is the attempt's limit, named for a timeout rather than the
        signal that ended it.
        """
        if self.outcome is Outcome.SUCCEEDED:
            return "succeeded"
        if self.outcome is Outcome.TIMED_OUT:
            limit = duration_text(timeout) if timeout else f"{self.duration:.1f}s"
            return f"timed out after {limit}"
        if self.outcome is Outcome.CANCELLED:
            return "stopped before it finished"
        if self.outcome is Outcome.LOST:
            return f"lost: {self.error or 'the worker running it went away'}"
        if self.error is not None:
            return f"could not start: {self.error}"
        role = self.command.role.value if self.command else "command"
        return f"{role} command exited with {_exit_text(self.exit_code)}"


def _exit_text(code: int | None) -> str:
    if code is None:
        return "an unknown status"
    if code < 0:
        return f"signal {-code}"
    return f"status {code}{_SHELL_STATUS.get(code, '')}"


# What /bin/sh means by these statuses (POSIX: 126 and 127).
_SHELL_STATUS = {
    126: " (a command was found but could not be executed)",
    127: " (command not found)",
}
