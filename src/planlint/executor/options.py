"""The settings of one `planlint run`, and the files it keeps beside the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from pathlib import Path


class ExitCode(IntEnum):
    """The exit statuses of FORMAT.md §8."""

    OK = 0
    FAILED = 1  # a task failed or was blocked
    INVALID = 2  # the plan is invalid or the command line is wrong
    INTERRUPTED = 130


class FailFast(StrEnum):
    """What a `stop` does to tasks already running."""

    SOON = "soon"  # let them finish, start nothing new
    NOW = "now"  # end their process groups at once


@dataclass(frozen=True, slots=True)
class RunOptions:
    """Command-line choices for a run; the defaults are those of `planlint run`."""

    cwd: str = "."
    jobs: int | None = None  # global cap on tasks at once
    restart: bool = False
    only: tuple[str, ...] = ()
    fail_fast: FailFast = FailFast.SOON
    timeout: float | None = None  # for tasks without their own `timeout`
    yes: bool = False
    approve: frozenset[str] = field(default_factory=frozenset)
    agent: str | None = None
    retry_delay: float = 0.5  # first backoff; it doubles up to `retry_delay_max`
    retry_delay_max: float = 8.0
    grace: float = 3.0  # SIGTERM to SIGKILL
    compact_every: float = 30.0  # seconds between journal compactions


@dataclass(frozen=True, slots=True)
class PlanFiles:
    """Where a plan's state, journal and logs live: beside the plan file."""

    plan: Path

    @property
    def state(self) -> Path:
        return self._beside(".state.json")

    @property
    def journal(self) -> Path:
        return self._beside(".journal")

    @property
    def logs(self) -> Path:
        return self._beside(".logs")

    def log(self, task_id: str) -> Path:
        return self.logs / f"{task_id}.log"

    def _beside(self, suffix: str) -> Path:
        return self.plan.with_name(self.plan.name + suffix)
