"""Measures what the shell checks (PL508, PL510) add to a lint.

    python bench/bench_shell.py                 # 10,000 tasks, 5 runs per figure
    python bench/bench_shell.py --tasks 1000 --runs 7 --markdown

The plan is generate.py's (one `验证:` command per task). Results go to a fresh
`$XDG_CACHE_HOME` in a temporary directory, so the user's cache is neither
used nor touched. Figures: one lint on the cold cache (every command goes to
bash and shellcheck), then medians of `planlint.check(text)` with the shell
rules and without them on the warm cache, in this process and in a fresh
process each time (which also pays for asking bash and shellcheck their
versions and for reading the cache files). The target of issue 7: with the
shell checks, at most 2x the lint without them on a warm cache.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import generate

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SHELL_RULES = ("PL508", "PL510")
_PROBE = """
import sys, planlint
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
shell = sys.argv[2] == "with"
found = planlint.check(text, path, enabled=lambda r: shell or r.code not in {rules})
"""


def without_shell(rule: object) -> bool:
    return getattr(rule, "code", "") not in SHELL_RULES


def interleaved(jobs: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each job, timed once per round in turn, so that load on
    the machine slows them alike; every run starts after `gc.collect()`. A job
    that returns a float has timed itself (to leave its set-up out)."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, work in jobs.items():
            gc.collect()
            start = time.perf_counter()
            timed = work()
            elapsed = time.perf_counter() - start
            times[name].append(timed if isinstance(timed, float) else elapsed)
    return {name: statistics.median(found) for name, found in times.items()}


def in_process(text: str, path: str, runs: int) -> list[tuple[str, float]]:
    """The cold lint once, then warm medians with and without the shell rules."""
    import planlint
    from planlint.checks import check_plan

    planlint.check(text, path, enabled=without_shell)  # imports every rule
    start = time.perf_counter()
    cold = planlint.check(text, path)
    figures = [
        ("cold cache: lint with shell checks (once)", time.perf_counter() - start)
    ]
    logger.info("cold lint: %d diagnostics", len(cold))

    def rules_alone() -> float:  # a new plan each run: results are kept per plan
        plan = planlint.plan_from_text(text, path)
        start = time.perf_counter()
        check_plan(plan, enabled=lambda rule: not without_shell(rule))
        return time.perf_counter() - start

    def plain() -> object:
        return planlint.check(text, path, enabled=without_shell)

    medians = interleaved(
        {
            "in process: lint without shell checks": plain,
            "in process: lint with shell checks, warm cache": lambda: planlint.check(
                text, path
            ),
            "in process: PL508 + PL510 alone, warm cache": rules_alone,
        },
        runs,
    )
    return figures + list(medians.items())


def fresh_processes(path: str, runs: int) -> list[tuple[str, float]]:
    """Wall time of a new Python process that lints, with and without them."""
    probe = _PROBE.format(rules=set(SHELL_RULES))

    def lint(mode: str) -> Callable[[], object]:
        argv = [sys.executable, "-c", probe, path, mode]
        return lambda: subprocess.run(argv, check=True)

    medians = interleaved(
        {
            "new process: lint without shell checks": lint("without"),
            "new process: lint with shell checks, warm cache": lint("with"),
        },
        runs,
    )
    return list(medians.items())


def report(figures: list[tuple[str, float]], tasks: int, markdown: bool) -> str:
    values = dict(figures)
    rows = [(name, f"{seconds * 1000:.0f} ms", "") for name, seconds in figures]
    for where in ("in process", "new process"):
        ratio = (
            values[f"{where}: lint with shell checks, warm cache"]
            / values[f"{where}: lint without shell checks"]
        )
        rows.append((f"{where}: with / without", f"{ratio:.2f}x", "<= 2x"))
    head = f"{tasks} tasks; {os.cpu_count()} cores; {_versions()}"
    if not markdown:
        return head + "\n" + "\n".join(f"{r[0]:<50} {r[1]:>9} {r[2]}" for r in rows)
    table = ["| measure | value | target |", "|---|---:|---|"]
    return head + "\n\n" + "\n".join(table + [f"| {' | '.join(r)} |" for r in rows])


def _versions() -> str:
    found = []
    for tool in ("bash", "shellcheck"):
        executable = shutil.which(tool)
        if executable is None:
            found.append(f"{tool} missing")
            continue
        done = subprocess.run(
            [executable, "--version"], check=False, capture_output=True, text=True
        )
        line = [x for x in done.stdout.splitlines() if "version" in x.lower()][:1]
        found.append(line[0].strip() if line else tool)
    return ", ".join(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure")
    parser.add_argument("--markdown", action="store_true", help="print a table")
    args = parser.parse_args(argv)
    if shutil.which("shellcheck") is None:
        parser.error("shellcheck is not on PATH; the figures would mean nothing")

    plan = HERE / "out" / f"plan-{args.tasks}.plan.md"
    generate.main(["--tasks", str(args.tasks), "-o", str(plan)])
    text = plan.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="bench-shell-cache-") as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        figures = in_process(text, str(plan), args.runs)
        figures += fresh_processes(str(plan), args.runs)
    print(report(figures, args.tasks, args.markdown))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    sys.exit(main())
