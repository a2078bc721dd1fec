"""Measures the Dask backend's cost per task against the local backend.

    python bench/bench_dask.py                 # 5 rounds
    python bench/bench_dask.py --runs 7 --markdown

The plan is the executor benchmark's (bench_executor.py): 10 stages of 100
`true` tasks, `max_workers="2"`, each task needing two of the previous stage.
One local cluster is started as `planlint run --backend dask` would start it
for this plan (2 worker processes of 1 thread), then each round times, in
turn, so that load on the machine hits them alike (medians reported):

- `execute()` with the local backend (threads of this process);
- `execute()` with the Dask backend on that cluster: the same scheduler,
  journal, state and logs, every attempt submitted to a worker, its log sent
  back and its claim set and cleared on the scheduler;
- a Dask floor: 1,000 `sh -c true` run on the same workers by plain
  `client.submit(...).result()`, two at a time, with no planlint in the loop.

The Dask backend's overhead per task is (Dask - local) / 1,000; its own share
over plain Dask is (Dask - floor) / 1,000. Nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_executor import TASKS, WORKERS, plan_text
from distributed import Client

from planlint import load
from planlint.executor import Backend, RunOptions, execute, make_schedule
from planlint.executor.dask_backend import DaskBackend
from planlint.executor.dask_cluster import ClusterOptions, dask_client

logger = logging.getLogger(__name__)


def run_plan(plan: Path, backend: Backend | None) -> float:
    """Seconds for `execute()` on the prepared plan, every task run again."""
    options = RunOptions(cwd=str(plan.parent), restart=True)
    schedule = make_schedule(load(plan))
    start = time.perf_counter()
    result = execute(schedule, options, io.StringIO(), backend=backend)
    seconds = time.perf_counter() - start
    if result.exit_code != 0:
        raise RuntimeError(f"the benchmark plan failed: {result.exit_code}")
    return seconds


def shell_true() -> int:
    return subprocess.run(["/bin/sh", "-c", "true"], check=False).returncode


def dask_floor(client: Client) -> float:
    """1,000 `sh -c true` through plain submit/result, two in flight."""

    def chain(count: int) -> None:
        for _ in range(count):
            client.submit(shell_true, pure=False).result()

    start = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(chain, [TASKS // WORKERS] * WORKERS))
    return time.perf_counter() - start


def measure(runs: int) -> tuple[dict[str, list[float]], float]:
    """Samples per case, and the seconds the local cluster took to start."""
    with tempfile.TemporaryDirectory(prefix="planlint-bench-dask-") as tmp:
        plan = Path(tmp) / "bench.plan.md"
        plan.write_text(plan_text(), encoding="utf-8")
        begin = time.perf_counter()
        with dask_client(ClusterOptions(peak=WORKERS, cwd=tmp)) as client:
            started = time.perf_counter() - begin
            cases: dict[str, Callable[[], float]] = {
                "execute(), local backend": lambda: run_plan(plan, None),
                "execute(), Dask backend": lambda: run_plan(plan, DaskBackend(client)),
                "Dask floor: submit + result of sh -c true": lambda: dask_floor(client),
            }
            samples: dict[str, list[float]] = {name: [] for name in cases}
            for round_number in range(runs):
                logger.info(
                    "round %s of %s, load %s", round_number + 1, runs, os.getloadavg()
                )
                for name, case in cases.items():
                    samples[name].append(case())
    return samples, started


def report(samples: dict[str, list[float]], started: float, markdown: bool) -> str:
    rows = [("case", "median", "min", "max", "per task")]
    for name, found in samples.items():
        median = statistics.median(found)
        rows.append(
            (
                name,
                f"{median * 1000:.0f} ms",
                f"{min(found) * 1000:.0f} ms",
                f"{max(found) * 1000:.0f} ms",
                f"{median / TASKS * 1000:.2f} ms",
            )
        )
    lines = [_row(row, markdown) for row in rows]
    if markdown:
        lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join([*lines, "", *_derived(samples, started)])


def _row(cells: tuple[str, ...], markdown: bool) -> str:
    if markdown:
        return "| " + " | ".join(cells) + " |"
    return "  ".join(
        f"{cell:<44}" if i == 0 else f"{cell:>10}" for i, cell in enumerate(cells)
    )


def _derived(samples: dict[str, list[float]], started: float) -> list[str]:
    local, dask, floor = (statistics.median(found) for found in samples.values())
    over_local = (dask - local) / TASKS * 1000
    over_floor = (dask - floor) / TASKS * 1000
    return [
        f"- local cluster start (2 workers) and checks: {started * 1000:.0f} ms",
        f"- Dask backend overhead over local: {over_local:.2f} ms per task"
        + f" ({dask / local:.1f}x the local backend)",
        f"- plain Dask floor: {floor / local:.1f}x the local backend",
        f"- planlint's share over plain Dask: {over_floor:.2f} ms per task"
        + f" ({dask / floor:.2f}x the floor)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="bench: %(message)s"
    )

    before = os.getloadavg()
    samples, started = measure(args.runs)
    print(
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {before[0]:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after; {args.runs} rounds"
    )
    print(report(samples, started, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
