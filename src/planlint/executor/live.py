"""What a person sees on a terminal: a rich live view, redrawn a few times a second.

The view shows the current stage, each running task with its elapsed time,
and the counts so far; finished tasks scroll above it as plain lines. Rich
redraws from its own thread at `REFRESH_PER_SECOND`, so a burst of events
costs no more redraws than a quiet second.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from planlint.executor.result import Status, TaskRun
from planlint.executor.schedule import StagePlan
from planlint.executor.view import event_line, status_words

REFRESH_PER_SECOND = 4
_STYLE = {
    Status.SUCCEEDED: "green",
    Status.UP_TO_DATE: "dim green",
    Status.FAILED: "bold red",
    Status.BLOCKED: "bold yellow",
    Status.SKIPPED: "yellow",
    Status.INTERRUPTED: "red",
    Status.NOT_RUN: "dim",
}


class LiveView:
    """The terminal view of a run; `close` leaves the final lines on screen."""

    def __init__(self, out: TextIO, total_stages: int, total_tasks: int) -> None:
        self.console = Console(file=out, highlight=False)
        self.total_stages, self.total_tasks = total_stages, total_tasks
        self.stage: StagePlan | None = None
        self.running: dict[str, tuple[TaskRun, float, int]] = {}
        self.counts: dict[Status, int] = {}
        self.live = Live(
            self,
            console=self.console,
            refresh_per_second=REFRESH_PER_SECOND,
            transient=True,
        )
        self.live.start()

    def __rich__(self) -> RenderableType:
        return Group(self._heading(), self._running_table(), self._counts())

    def stage_started(self, stage_plan: StagePlan) -> None:
        self.stage = stage_plan
        stage = stage_plan.stage
        self.console.print(
            Text(f"stage {stage.number}/{self.total_stages} {stage.name}", style="bold")
        )

    def task_started(self, run: TaskRun, attempt: int) -> None:
        self.running[run.key] = (run, time.monotonic(), attempt)

    def task_retrying(self, run: TaskRun, delay: float) -> None:
        self.running.pop(run.key, None)
        why = run.failure_text()
        self.console.print(
            Text(
                f"{'retry':<11} {run.key}: {why}; again in {delay:.1f}s", style="yellow"
            )
        )

    def task_ended(self, run: TaskRun) -> None:
        self.running.pop(run.key, None)
        self.counts[run.status] = self.counts.get(run.status, 0) + 1
        self.console.print(Text(event_line(run), style=_STYLE.get(run.status, "")))

    def notice(self, text: str) -> None:
        self.console.print(Text(text, style="bold"))

    @contextmanager
    def paused(self) -> Iterator[None]:
        self.live.stop()
        try:
            yield
        finally:
            self.live.start()

    def flush(self) -> None:
        """Rich prints at once and redraws on its own thread."""

    def close(self) -> None:
        self.live.stop()

    def _heading(self) -> Text:
        if self.stage is None:
            return Text("starting…")
        stage = self.stage.stage
        mode = (
            f"parallel, up to {self.stage.limit}" if self.stage.parallel else "serial"
        )
        return Text(
            f"stage {stage.number}/{self.total_stages} · {stage.name} · {mode}",
            style="bold cyan",
        )

    def _running_table(self) -> Table:
        grid = Table.grid(padding=(0, 2))
        now = time.monotonic()
        for run, since, attempt in list(self.running.values()):
            title = run.task.title or ""
            more = f" (attempt {attempt})" if attempt > 1 else ""
            grid.add_row(
                f"  ⏵ {escape(run.key)}{more}",
                f"{now - since:6.1f}s",
                Text(title, overflow="ellipsis", no_wrap=True),
            )
        return grid

    def _counts(self) -> Text:
        done = sum(self.counts.values())
        parts = [f"{n} {status_words(s)}" for s, n in self.counts.items() if n]
        tail = f" · {', '.join(parts)}" if parts else ""
        return Text(f"{done}/{self.total_tasks} done{tail}", style="dim")
