"""Helpers for the executor tests (fixtures in conftest.py): write a plan, run it, read what tasks did.

Tasks record what they did through `rec.sh` in the run directory: it appends
`<task id> <what> <nanoseconds since the epoch>` to `events.log`, so tests
can check order and concurrency from the tasks' own clocks.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from planlint.cli.run import main

REC = 'echo "$PLAN_TASK_ID $1 $(date +%s%N)" >> events.log\n'
# A task body that records its start and end around `sleep SECONDS`.
WORK = "执行: sh rec.sh start && sleep {seconds} && sh rec.sh end"


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@dataclass
class Interval:
    task: str
    start: int
    end: int

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


class Workspace:
    """A temporary directory holding one plan and the files its tasks write."""

    def __init__(self, root: Path, backend: tuple[str, ...] = ()) -> None:
        self.root = root
        self.backend = backend  # options that choose the backend, for every run
        (root / "rec.sh").write_text(REC, encoding="utf-8")
        self.plan = root / "test.plan.md"

    def write(self, text: str) -> Path:
        self.plan.write_text(text, encoding="utf-8")
        return self.plan

    def run(self, *args: str) -> Outcome:
        """`planlint run PLAN ARGS` in this process, with the workspace as cwd."""
        out, err = io.StringIO(), io.StringIO()
        argv = [str(self.plan), "--cwd", str(self.root), "--retry-delay", "0.05"]
        argv += [*self.backend, *args]
        code = main(argv, out, err)
        return Outcome(code, out.getvalue(), err.getvalue())

    def events(self) -> list[tuple[str, str, int]]:
        path = self.root / "events.log"
        if not path.exists():
            return []
        rows = [line.split() for line in path.read_text().splitlines()]
        return [(task, what, int(ns)) for task, what, ns in rows]

    def intervals(self) -> dict[str, Interval]:
        starts: dict[str, int] = {}
        found: dict[str, Interval] = {}
        for task, what, ns in self.events():
            if what == "start":
                starts[task] = ns
            elif what == "end":
                found[task] = Interval(task, starts[task], ns)
        return found

    def started(self) -> list[str]:
        return [task for task, what, _ in self.events() if what == "start"]

    def beside(self, suffix: str) -> Path:
        return self.plan.with_name(self.plan.name + suffix)


def max_concurrent(intervals: list[Interval]) -> int:
    """The most intervals open at one instant (ends sort before starts)."""
    points = [(i.start, 1) for i in intervals] + [(i.end, -1) for i in intervals]
    level = peak = 0
    for _, step in sorted(points, key=lambda p: (p[0], p[1])):
        level += step
        peak = max(peak, level)
    return peak


def alive(pid: int) -> bool:
    """Whether `pid` is a live (not zombie) process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as file:
            return file.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def survivors(pids: list[int], patience: float = 3.0) -> list[int]:
    """The pids still alive after up to `patience` seconds (SIGKILL is async)."""
    end = time.monotonic() + patience
    while True:
        left = [pid for pid in pids if alive(pid)]
        if not left or time.monotonic() > end:
            return left
        time.sleep(0.02)


def pids_in(path: Path) -> list[int]:
    if not path.exists():
        return []
    return [int(p) for p in path.read_text().split()]


def kill_all(pids: list[int]) -> None:
    """SIGKILL each pid and its process group, if still there."""
    for pid in pids:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def spawn(ws: Workspace, *args: str) -> subprocess.Popen[str]:
    """`python -m planlint run PLAN ARGS` as a child process, output piped."""
    argv = [
        sys.executable,
        "-m",
        "planlint",
        "run",
        str(ws.plan),
        "--cwd",
        str(ws.root),
        *ws.backend,
        *args,
    ]
    return subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def wait_for(path: Path, timeout: float = 20.0) -> None:
    """Block until `path` exists (a task has reached a known point)."""
    end = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > end:
            raise TimeoutError(f"{path} never appeared")
        time.sleep(0.02)
