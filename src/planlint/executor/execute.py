"""Running a whole plan: refuse it if invalid, lock its state, run, save.

The plan file itself is only ever read. Beside it the run keeps
`<plan>.journal` (while running), `<plan>.state.json` and `<plan>.logs/`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from planlint.checks import Diagnostic, Severity, check_plan
from planlint.executor.approval import Approver, Ask
from planlint.executor.backend import Backend, LocalBackend
from planlint.executor.options import PlanFiles, RunOptions
from planlint.executor.result import RunResult, TaskRun
from planlint.executor.schedule import Schedule, make_schedule
from planlint.executor.scheduler import Scheduler
from planlint.executor.signals import handling_signals
from planlint.executor.state import Journal, State, apply, load_state
from planlint.executor.view import PlainView, View, summary
from planlint.executor.words import counted
from planlint.executor.work import task_spec
from planlint.model import Plan, Task

log = logging.getLogger(__name__)


class InvalidPlanError(Exception):
    """The plan has errors (FORMAT.md §10): it must not run."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(f"the plan has {counted(len(diagnostics), 'error')}")
        self.diagnostics = tuple(diagnostics)


def errors(plan: Plan) -> list[Diagnostic]:
    """The error-severity diagnostics that keep `plan` from running."""
    return [d for d in check_plan(plan) if d.severity is Severity.ERROR]


def prepare(plan: Plan, options: RunOptions) -> Schedule:
    """The schedule of a valid plan; InvalidPlanError or UnknownTaskError else."""
    found = errors(plan)
    if found:
        raise InvalidPlanError(found)
    return make_schedule(plan, options.only, options.jobs)


def execute(
    schedule: Schedule,
    options: RunOptions,
    out: TextIO,
    ask: Ask | None = None,
    live: bool = False,
    backend: Backend | None = None,
) -> RunResult:
    """Run `schedule`; the journal lock, state and logs live beside the plan."""
    files = PlanFiles(Path(os.path.abspath(schedule.plan.path)))
    options = replace(options, cwd=os.path.abspath(options.cwd))
    journal = Journal(files.journal)  # JournalBusyError if another run has it
    try:
        state = _starting_state(journal, files, options, schedule)
        files.logs.mkdir(exist_ok=True)
        view = _view(out, schedule, live)
        result = _run(schedule, options, files, journal, state, view, ask, backend)
    finally:
        journal.close()
    out.writelines(line + "\n" for line in summary(result, schedule.stages))
    return result


def _starting_state(
    journal: Journal, files: PlanFiles, options: RunOptions, schedule: Schedule
) -> State:
    state = load_state(files)
    log.info("state of %s: %s tasks known", files.plan, len(state))
    if options.restart:
        reset = _reset_event(options, schedule)
        journal.append(reset)
        apply(state, reset)
    journal.append({"event": "run", "time": time.time(), "only": list(options.only)})
    return state


def _reset_event(options: RunOptions, schedule: Schedule) -> dict[str, object]:
    """`--restart` forgets every task, or with `--only` the selected ones."""
    event: dict[str, object] = {"event": "reset", "time": time.time()}
    if options.only:
        event["tasks"] = [task.key for task in schedule.tasks()]
    return event


def _run(
    schedule: Schedule,
    options: RunOptions,
    files: PlanFiles,
    journal: Journal,
    state: State,
    view: View,
    ask: Ask | None,
    backend: Backend | None,
) -> RunResult:
    runs = {task: _task_run(task, options, files) for task in schedule.tasks()}
    approver = Approver(options.yes, options.approve, ask)
    chosen = backend or LocalBackend()
    scheduler = Scheduler(
        schedule, runs, options, chosen, journal, state, view, approver
    )
    name = schedule.plan.path
    scheduler.on_compact = lambda: journal.compact(state, name, files)
    try:
        with handling_signals(scheduler.signal):
            result = scheduler.run()
    except BaseException:
        scheduler.abort()
        raise
    finally:
        chosen.close()
        view.close()
    journal.compact(_known(state, schedule.plan), name, files)
    journal.close(remove=True)
    return result


def _task_run(task: Task, options: RunOptions, files: PlanFiles) -> TaskRun:
    return TaskRun(task, task_spec(task, options, files))


def _known(state: State, plan: Plan) -> State:
    """The state of tasks the plan still has; records of removed ids go."""
    keys = {task.key for task in plan.tasks()}
    return {key: record for key, record in state.items() if key in keys}


def _view(out: TextIO, schedule: Schedule, live: bool) -> View:
    stages = len(schedule.plan.stages)
    if not live:
        return PlainView(out, stages)
    from planlint.executor.live import LiveView

    return LiveView(out, stages, sum(1 for _ in schedule.tasks()))
