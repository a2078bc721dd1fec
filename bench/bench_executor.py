"""Measures `planlint run` against make and a pure-Python floor, in one run.

    python bench/bench_executor.py                 # 5 runs per case
    python bench/bench_executor.py --runs 9 --markdown
    python bench/bench_executor.py --compare /tmp/old/src   # against a base

The graph is the one of issue 5 and shared/notes/executor.md §4: 10 stages of
100 tasks, every stage parallel with `max_workers="2"`, task (i, j) depending
on (i-1, j) and (i-1, (j+1) mod 100), every command `true`. The same graph is
written as a Makefile (phony targets). Cases, run round-robin so a change of
machine load hits them alike; figures are medians of wall time:

- `make -s -j2`, and `planlint run PLAN --restart` end to end (start-up,
  parse, lint, schedule, 1,000 spawns, journal, state, logs), with peak RSS,
  its bytecode cached as for an installed planlint (one untimed run first);
- with `--compare SRC`, the same command run from another source tree (an
  older commit, say), so a change is measured against its base in one run;
- `planlint run --jobs 1` against the floor: 1,000 sequential
  `subprocess.run(["/bin/sh", "-c", "true"])` in one Python process, and
  the same on two threads (Python's own floor next to `make -j2`);
- in process: `execute()` alone at one job, so its per-task overhead over the
  floor is the executor's own cost, free of start-up, parsing and linting.

CPU is user plus system time of the command and its children (GNU time):
under load it says more than wall time about what a change saved. Nothing
here passes or fails; the targets are printed next to the figures.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

LAYERS, WIDTH, WORKERS = 10, 100, 2
TASKS = LAYERS * WIDTH


def plan_text() -> str:
    """The benchmark plan: a layered DAG of `true` tasks."""
    lines = [
        "# 执行器基准 - DAG 执行计划",
        f"# 总阶段数: {LAYERS}",
        f"# 预计任务数: {TASKS}",
        "",
    ]
    for layer in range(LAYERS):
        lines += [
            f'## STAGE ## name="层 {layer}" mode="parallel" max_workers="{WORKERS}"',
            "",
        ]
        for column in range(WIDTH):
            lines += [
                _marker(layer, column),
                f"任务 {layer}-{column}",
                f"文件: out/{layer}/{column}.txt",
                "执行: true",
                "",
            ]
    return "\n".join(lines)


def _marker(layer: int, column: int) -> str:
    if layer == 0:
        return f'## TASK ## id="t{layer}-{column}"'
    needs = f"t{layer - 1}-{column},t{layer - 1}-{(column + 1) % WIDTH}"
    return f'## TASK ## id="t{layer}-{column}" depends_on="{needs}"'


def makefile_text() -> str:
    """The same graph for make: phony targets whose recipe is `true`."""
    names = [f"t{i}-{j}" for i in range(LAYERS) for j in range(WIDTH)]
    lines = ["all: " + " ".join(names), ".PHONY: all " + " ".join(names)]
    for layer in range(LAYERS):
        for column in range(WIDTH):
            needs = (
                ""
                if layer == 0
                else (f"t{layer - 1}-{column} t{layer - 1}-{(column + 1) % WIDTH}")
            )
            lines += [f"t{layer}-{column}: {needs}".rstrip(), "\ttrue"]
    return "\n".join(lines) + "\n"


@dataclass
class Sample:
    seconds: float
    peak_kb: int = 0
    cpu: float = 0.0  # user + system seconds, the command's children included


def installed_env(workdir: Path) -> dict[str, str]:
    """The environment of an installed planlint: bytecode is cached.

    A development shell often sets PYTHONDONTWRITEBYTECODE, which makes every
    `planlint run` compile its modules from source again (tens of ms that an
    installed wheel never pays); the cache goes to `workdir`, not the tree.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def timed_process(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None
) -> Sample:
    """Wall time and peak RSS of a command, output discarded.

    The peak comes from GNU time when installed: a child forked from this
    (large) process would otherwise report this process's RSS as its own.
    """
    gnu_time = shutil.which("time") or ""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapper = [gnu_time, "-f", "%M %U %S", "-o", rss.name] if gnu_time else []
        start = time.perf_counter()
        done = subprocess.run(
            [*wrapper, *argv],
            cwd=cwd,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{argv} exited with {done.returncode}")
        words = (rss.read().strip().splitlines() or [""])[-1].split()
    if len(words) != 3:
        return Sample(seconds)
    return Sample(seconds, int(words[0]), float(words[1]) + float(words[2]))


def floor_sequential() -> Sample:
    """1,000 sequential `sh -c true` through subprocess.run, in this process."""
    start = time.perf_counter()
    for _ in range(TASKS):
        subprocess.run(["/bin/sh", "-c", "true"], stdin=subprocess.DEVNULL, check=True)
    return Sample(time.perf_counter() - start)


def floor_two_threads() -> Sample:
    """1,000 `sh -c true` on two threads of this process, as the executor's
    workers start them (own session, stdin from /dev/null) and nothing else:
    no graph, log, journal or state. What Python itself costs next to make."""
    import threading

    left = list(range(TASKS))
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not left:
                    return
                left.pop()
            argv = ["/bin/sh", "-c", "true"]
            subprocess.run(
                argv, stdin=subprocess.DEVNULL, start_new_session=True, check=True
            )

    threads = [threading.Thread(target=work) for _ in range(2)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Sample(time.perf_counter() - start)


def executor_alone(plan: Path, jobs: int) -> Sample:
    """`execute()` on a prepared schedule: the executor's cost and the spawns."""
    from planlint import load
    from planlint.executor import RunOptions, execute, make_schedule

    options = RunOptions(cwd=str(plan.parent), jobs=jobs, restart=True)
    schedule = make_schedule(load(plan), jobs=jobs)
    start = time.perf_counter()
    result = execute(schedule, options, io.StringIO())
    seconds = time.perf_counter() - start
    if result.exit_code != 0:
        raise RuntimeError(f"the benchmark plan failed: {result.exit_code}")
    return Sample(seconds)


def cases(workdir: Path, compare: str | None) -> dict[str, Callable[[], Sample]]:
    plan = workdir / "bench.plan.md"
    run = [sys.executable, "-m", "planlint", "run", str(plan), "--restart"]
    env = installed_env(workdir)
    timed_process(run, workdir, env)  # untimed: fills the bytecode cache
    found: dict[str, Callable[[], Sample]] = {}
    if shutil.which("make"):
        found["make -s -j2"] = lambda: timed_process(["make", "-s", "-j2"], workdir)
    found["planlint run (max_workers=2)"] = lambda: timed_process(run, workdir, env)
    if compare:
        other = {**installed_env(workdir / "compare"), "PYTHONPATH": compare}
        timed_process(run, workdir, other)
        found[COMPARED] = lambda: timed_process(run, workdir, other)
    found["planlint run --jobs 1"] = lambda: timed_process(
        [*run, "--jobs", "1"], workdir, env
    )
    found["floor: 1,000 × subprocess.run, sequential"] = floor_sequential
    found[TWO_THREADS] = floor_two_threads
    found["execute() in process, --jobs 1"] = lambda: executor_alone(plan, 1)
    found["execute() in process, max_workers=2"] = lambda: executor_alone(plan, 2)
    return found


COMPARED = "--compare: planlint run (max_workers=2)"
TWO_THREADS = "floor: 1,000 × subprocess.run, two threads"


def measure(runs: int, compare: str | None) -> dict[str, list[Sample]]:
    with tempfile.TemporaryDirectory(prefix="planlint-bench-") as tmp:
        workdir = Path(tmp)
        (workdir / "bench.plan.md").write_text(plan_text(), encoding="utf-8")
        (workdir / "Makefile").write_text(makefile_text(), encoding="utf-8")
        chosen = cases(workdir, compare)
        samples: dict[str, list[Sample]] = {name: [] for name in chosen}
        for round_number in range(runs):
            logger.info(
                "round %s of %s, load %s", round_number + 1, runs, os.getloadavg()
            )
            for name, case in chosen.items():
                samples[name].append(case())
    return samples


def report(samples: dict[str, list[Sample]], markdown: bool) -> str:
    rows = [("case", "median", "min", "max", "per task", "CPU", "peak RSS")]
    for name, found in samples.items():
        times = [s.seconds for s in found]
        peak = max(s.peak_kb for s in found)
        cpu = statistics.median(s.cpu for s in found)
        median = statistics.median(times)
        rows.append(
            (
                name,
                f"{median * 1000:.0f} ms",
                f"{min(times) * 1000:.0f} ms",
                f"{max(times) * 1000:.0f} ms",
                f"{median / TASKS * 1000:.3f} ms",
                f"{cpu * 1000:.0f} ms" if cpu else "-",
                f"{peak / 1024:.0f} MB" if peak else "-",
            )
        )
    lines = [_row(row, markdown) for row in rows]
    if markdown:
        lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join([*lines, "", *_derived(samples)])


def _row(cells: tuple[str, ...], markdown: bool) -> str:
    if markdown:
        return "| " + " | ".join(cells) + " |"
    return "  ".join(
        f"{cell:<44}" if i == 0 else f"{cell:>10}" for i, cell in enumerate(cells)
    )


def _derived(samples: dict[str, list[Sample]]) -> list[str]:
    def median(name: str) -> float:
        return statistics.median(s.seconds for s in samples[name])

    floor = median("floor: 1,000 × subprocess.run, sequential")
    alone = median("execute() in process, --jobs 1")
    overhead = (alone - floor) / TASKS * 1000
    first = f"executor overhead over the floor, one job: {overhead:.3f} ms per task"
    lines = [f"{first} ({alone / floor:.2f}x the floor)"]
    for name in ("planlint run (max_workers=2)", COMPARED):
        if "make -s -j2" in samples and name in samples:
            ratio = median(name) / median("make -s -j2")
            lines.append(
                f"{name} / make -j2, end to end: {ratio:.2f}x "
                "(issue 5 target: within 1.5x)"
            )
    if "make -s -j2" in samples:
        ratio = median(TWO_THREADS) / median("make -s -j2")
        lines.append(f"two threads of Popen alone / make -j2: {ratio:.2f}x")
    peak = max(s.peak_kb for s in samples["planlint run (max_workers=2)"]) / 1024
    lines.append(f"planlint run peak RSS: {peak:.0f} MB (target: under 100 MB)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    parser.add_argument(
        "--compare",
        metavar="SRC",
        help="also time the planlint importable from SRC (e.g. an older checkout's"
        " src/), in the same rounds",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="bench: %(message)s"
    )

    before = os.getloadavg()
    samples = measure(args.runs, args.compare)
    print(
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {before[0]:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after; {args.runs} runs per case"
    )
    print(report(samples, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
