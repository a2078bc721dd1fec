"""Executor layer: `planlint run`, the reference executor of FORMAT.md §7-§9.

`prepare(plan, options)` refuses an invalid plan and gives the `Schedule`;
`execute(schedule, options, out)` runs it and gives the `RunResult`;
`dryrun.render` describes it without running anything. Backends implement
the `Backend` protocol around `runner.run_attempt`, the one unit that runs a
task attempt (process group, timeout, log, environment).
"""

from planlint.executor.backend import Backend, LocalBackend
from planlint.executor.execute import InvalidPlanError, errors, execute, prepare
from planlint.executor.options import ExitCode, FailFast, PlanFiles, RunOptions
from planlint.executor.result import RunResult, Status, TaskRun
from planlint.executor.runner import Control, run_attempt
from planlint.executor.schedule import Schedule, UnknownTaskError, make_schedule
from planlint.executor.spec import AttemptResult, Command, Outcome, Role, TaskSpec
from planlint.executor.state import JournalBusyError

__all__ = [
    "AttemptResult",
    "Backend",
    "Command",
    "Control",
    "ExitCode",
    "FailFast",
    "InvalidPlanError",
    "JournalBusyError",
    "LocalBackend",
    "Outcome",
    "PlanFiles",
    "Role",
    "RunOptions",
    "RunResult",
    "Schedule",
    "Status",
    "TaskRun",
    "TaskSpec",
    "UnknownTaskError",
    "errors",
    "execute",
    "make_schedule",
    "prepare",
    "run_attempt",
]
