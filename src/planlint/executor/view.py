"""What a person sees off a terminal: one plain line per event, and a summary."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from planlint.executor.result import RunResult, Status, TaskRun
from planlint.executor.schedule import StagePlan
from planlint.executor.textwidth import table
from planlint.executor.words import counted, duration_text

LOG_TAIL = 12  # lines of a failed task's log shown in the summary
MAX_LISTED = 20  # tasks listed per status before "and N more"


class View(Protocol):
    """What the scheduler tells the person watching (plain or live)."""

    def stage_started(self, stage_plan: StagePlan) -> None: ...
    def task_started(self, run: TaskRun, attempt: int) -> None: ...
    def task_retrying(self, run: TaskRun, delay: float) -> None: ...
    def task_ended(self, run: TaskRun) -> None: ...
    def notice(self, text: str) -> None: ...

    def paused(self) -> AbstractContextManager[None]:
        """While inside, the terminal is free for a prompt."""
        ...

    def flush(self) -> None:
        """Show what was said so far: the scheduler is about to wait."""
        ...

    def close(self) -> None: ...


class PlainView:
    """Writes one line per event to `out`, prefixed with the time since start.

    Lines are written together when the scheduler is about to wait: one write
    (and one release of the GIL) per burst of events rather than per line.
    """

    def __init__(self, out: TextIO, total_stages: int) -> None:
        self.out = out
        self.total_stages = total_stages
        self.start = time.monotonic()
        self.lines: list[str] = []

    def stage_started(self, stage_plan: StagePlan) -> None:
        stage = stage_plan.stage
        how = "parallel, " if stage_plan.parallel else "serial, "
        limit = f"up to {stage_plan.limit} at once, " if stage_plan.parallel else ""
        self._line(
            f"stage {stage.number}/{self.total_stages} {stage.name} "
            f"({how}{limit}{counted(len(stage_plan.tasks), 'task')})"
        )

    def task_started(self, run: TaskRun, attempt: int) -> None:
        more = f" (attempt {attempt})" if attempt > 1 else ""
        self._line(f"{'start':<11} {run.key}{more}")

    def task_retrying(self, run: TaskRun, delay: float) -> None:
        why = run.failure_text()
        left = run.task.retry + 1 - len(run.attempts)
        self._line(
            f"{'retry':<11} {run.key}: {why}; again in {delay:.1f}s "
            f"({counted(left, 'more try')})"
        )

    def task_ended(self, run: TaskRun) -> None:
        self._line(event_line(run))

    def notice(self, text: str) -> None:
        self._line(text)

    @contextmanager
    def paused(self) -> Iterator[None]:
        self.flush()
        yield

    def flush(self) -> None:
        if self.lines:
            self.out.write("".join(self.lines))
            self.lines.clear()
            self.out.flush()

    def close(self) -> None:
        self.flush()

    def _line(self, text: str) -> None:
        elapsed = time.monotonic() - self.start
        self.lines.append(f"[{elapsed:7.2f}s] {text}\n")


def event_line(run: TaskRun) -> str:
    """The one-line account of a task that reached its final status."""
    word = "ok" if run.status is Status.SUCCEEDED else run.status.value
    text = f"{word:<11} {run.key}"
    if run.status is Status.SUCCEEDED:
        return f"{text} ({run.duration:.2f}s)"
    if run.status is Status.FAILED:
        return f"{text}: {run.reason}; log: {run.spec.log_path}"
    return f"{text}: {run.reason}" if run.reason else text


def summary(result: RunResult, stages: list[StagePlan]) -> list[str]:
    """The end-of-run table per stage, then what went wrong, task by task."""
    lines = ["", *table(_stage_rows(result, stages)), ""]
    lines.append(_totals(result))
    for run in result.runs:
        if run.status is Status.FAILED:
            lines.extend(failure_details(run))
    for status in (Status.BLOCKED, Status.INTERRUPTED, Status.SKIPPED, Status.NOT_RUN):
        lines.extend(_listed(result, status))
    return lines


# Final statuses in table order, with their column heading; the first two
# always have a column, the others when some task of the run has them.
_COLUMNS = {
    Status.SUCCEEDED: "succeeded",
    Status.FAILED: "failed",
    Status.UP_TO_DATE: "up to date",
    Status.BLOCKED: "blocked",
    Status.SKIPPED: "skipped",
    Status.INTERRUPTED: "interrupted",
    Status.NOT_RUN: "not run",
}
_ALWAYS = (Status.SUCCEEDED, Status.FAILED)


def _stage_rows(result: RunResult, stages: list[StagePlan]) -> list[list[str]]:
    by_task = {run.task: run for run in result.runs}
    shown = [s for s in _COLUMNS if s in _ALWAYS or result.count(s)]
    rows = [["stage", "tasks", *(_COLUMNS[s] for s in shown), "time"]]
    for stage_plan in stages:
        runs = [by_task[task] for task in stage_plan.tasks if task in by_task]
        if not runs:
            continue
        counts = [sum(1 for r in runs if _column_of(r.status) is s) for s in shown]
        seconds = sum(r.duration for r in runs)
        name = f"{stage_plan.stage.number} {stage_plan.stage.name}"
        rows.append([name, str(len(runs)), *map(str, counts), f"{seconds:.1f}s"])
    return rows


def status_words(status: Status) -> str:
    """The status as the summary and the live view write it ("not run")."""
    return _COLUMNS.get(status, status.value)


def _column_of(status: Status) -> Status:
    """Pending or running at the end cannot happen; counted as not run if so."""
    return status if status in _COLUMNS else Status.NOT_RUN


def _totals(result: RunResult) -> str:
    timed_out = sum(1 for run in result.runs if run.failure == "timeout")
    parts = []
    for status, words in _COLUMNS.items():
        if result.count(status):
            parts.append(f"{result.count(status)} {words}")
            if status is Status.FAILED and timed_out:
                parts[-1] += f" ({timed_out} timed out)"
    took = result.ended - result.started
    verdict = {0: "run succeeded", 1: "run failed", 130: "run interrupted"}
    head = verdict.get(int(result.exit_code), "run ended")
    return f"{head}: {', '.join(parts) or 'no tasks'} in {took:.1f}s"


def failure_details(run: TaskRun) -> list[str]:
    """Exit code, the last lines of the log and its path, for a failed task."""
    lines = ["", f"task {run.key} failed: {run.reason}"]
    lines.append(f"  {_ending(run)}, attempts: {len(run.attempts)}")
    tail = log_tail(Path(run.spec.log_path), LOG_TAIL)
    if tail:
        last = "last line" if len(tail) == 1 else f"last {len(tail)} lines"
        lines.append(f"  {last} of its log:")
        lines.extend(f"  | {line}" for line in tail)
    lines.append(f"  log: {run.spec.log_path}")
    return lines


def _ending(run: TaskRun) -> str:
    """How its last attempt ended: the exit code, or what stopped it."""
    last = run.last
    code = last.exit_code if last else None
    if run.failure == "timeout":
        limit = duration_text(run.spec.timeout) if run.spec.timeout else "its limit"
        sent = "SIGTERM, then SIGKILL" if code == -signal.SIGKILL else "SIGTERM"
        return f"stopped at its timeout ({limit}): {sent} to its process group"
    if code is not None and code < 0:
        return f"killed by {_signal_name(-code)}"
    return f"exit code: {code if code is not None else '-'}"


def _signal_name(number: int) -> str:
    try:
        return f"{signal.Signals(number).name} (signal {number})"
    except ValueError:
        return f"signal {number}"


def _listed(result: RunResult, status: Status) -> list[str]:
    runs = [run for run in result.runs if run.status is status]
    if not runs:
        return []
    lines = ["", f"{_COLUMNS[status]} ({len(runs)}):"]
    lines.extend(f"  {run.key}: {run.reason}" for run in runs[:MAX_LISTED])
    if len(runs) > MAX_LISTED:
        lines.append(f"  … and {len(runs) - MAX_LISTED} more")
    return lines


def log_tail(path: Path, count: int) -> list[str]:
    """The last `count` lines of a log, decoded leniently; [] if unreadable."""
    try:
        with open(path, "rb") as file:
            file.seek(0, 2)
            size = file.tell()
            file.seek(max(size - 64 * 1024, 0))
            data = file.read()
    except OSError:
        return []
    lines = data.decode("utf-8", "replace").splitlines()
    output = [line.rstrip() for line in lines if not line.startswith("==> attempt")]
    return output[-count:]
