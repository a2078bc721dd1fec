"""Measures the linter against the pure-Python floor, all in one run.

    python bench/bench_lint.py                  # 10,000 tasks, 7 runs per figure
    python bench/bench_lint.py --tasks 1000 --runs 11 --markdown

In-process figures are medians of `--runs` runs of each phase on the same text
(a generated plan, see generate.py), each started after `gc.collect()`: the
floor (a plain regex line scan, below), `planlint.parse`, the Lark parse that
`Document.tree` runs on demand, the model build, the checks, and
`planlint.check(text)` (parse + model + checks). Subprocess figures are medians
of wall time: `planlint PLAN` end to end, and start-up, `planlint SEED`
against `python -c "import lark"`. Nothing here is a pass/fail test; the
targets are printed next to the figures (docs/performance.md).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import generate

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "examples" / "data-migration.plan.txt"

# The floor: split lines, classify each with one regex, split marker attributes.
_FLOOR_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_FLOOR_KIND = re.compile(
    r"(## STAGE ##)|(## TASK(?: ##:?|##:?|:))|(```|~~~)"
    r"|((?:文件|排除|验证|执行)[ \t]*[:：])|(@\S)|(#)|([ \t]*$)"
)
_FLOOR_ATTR = re.compile(r'([A-Za-z_][A-Za-z0-9_.-]*)="([^"\r\n]*)"')


def floor_scan(text: str) -> list[tuple[object, ...]]:
    """A plain regex line scan: the least any pure-Python reader must do."""
    found: list[tuple[object, ...]] = []
    for line in _FLOOR_LINE.finditer(text):
        kind = _FLOOR_KIND.match(line.group())
        group = kind.lastindex if kind else 0
        found.append((group, line.start()))
        if group == 1 or group == 2:
            found.extend(a.groups() for a in _FLOOR_ATTR.finditer(line.group()))
    return found


@dataclass
class Figure:
    name: str
    seconds: float
    note: str = ""


def median_time(work: Callable[[], object], runs: int, pause_gc: bool) -> float:
    """Median seconds of `work()`; the GC is paused only if `pause_gc`."""
    times = []
    for _ in range(runs):
        gc.collect()
        if pause_gc:
            gc.disable()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(times)


def in_process(text: str, path: str, runs: int) -> list[Figure]:
    """The phases of linting `text`, each timed on its own."""
    import planlint
    from planlint.checks import check_plan
    from planlint.model import build
    from planlint.syntax.parser import parse_tree

    document = planlint.parse(text, path)
    plan = build(document)
    check_plan(plan)  # imports every rule before anything is timed
    return [
        Figure("floor: regex line scan (GC paused)", median_time(lambda: floor_scan(text), runs, True)),
        Figure("floor: regex line scan (GC on)", median_time(lambda: floor_scan(text), runs, False)),
        Figure("planlint.parse (lines)", median_time(lambda: planlint.parse(text, path), runs, False)),
        Figure("Lark LALR parse (Document.tree)", median_time(lambda: parse_tree(text), runs, False)),
        Figure("model build", median_time(lambda: build(document), runs, False)),
        Figure("checks (every rule)", median_time(lambda: check_plan(plan), runs, False)),
        Figure("planlint.check(text): parse + model + checks", median_time(lambda: planlint.check(text, path), runs, False)),
    ]  # fmt: skip


def wall_time(argv: list[str], runs: int) -> float:
    """Median wall seconds of running `argv` (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def subprocesses(plan: Path, runs: int) -> list[Figure]:
    """End to end and start-up, as a user's shell runs them."""
    planlint = [sys.executable, "-m", "planlint"]
    script = Path(sys.executable).with_name("planlint")
    if script.exists():
        planlint = [str(script)]
    wall_time([*planlint, str(SEED)], 2)  # warm the page cache and Lark's cache
    return [
        Figure(f"`planlint {plan.name}` end to end", wall_time([*planlint, str(plan)], runs)),
        Figure('`python -c "import lark"`', wall_time([sys.executable, "-c", "import lark"], 3 * runs)),
        Figure(f"`planlint {SEED.name}` (the seed)", wall_time([*planlint, str(SEED)], 3 * runs)),
    ]  # fmt: skip


def ratios(figures: dict[str, Figure]) -> list[tuple[str, float, str]]:
    """The three targets of the issue, as measured ratios and limits."""
    floor = figures["floor: regex line scan (GC paused)"].seconds
    total = figures["planlint.check(text): parse + model + checks"].seconds
    names = list(figures)
    end_to_end = figures[names[-3]].seconds
    lark = figures[names[-2]].seconds
    seed = figures[names[-1]].seconds
    return [
        ("parse + model + checks / floor", total / floor, "<= 8x"),
        ("`planlint` on the plan, seconds", end_to_end, "< 1 s"),
        ("`planlint SEED` / `import lark`", seed / lark, "<= 2.5x"),
    ]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = names[0] if names else cpu
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()},"
        f" Python {platform.python_version()}"
    )


def report(figures: list[Figure], lines: int, tasks: int, markdown: bool) -> str:
    by_name = {f.name: f for f in figures}
    rows = [(f.name, f"{f.seconds * 1000:.1f} ms") for f in figures]
    rows += [(name, f"{value:.2f}" + ("" if "seconds" in name else "x"), limit)
             for name, value, limit in ratios(by_name)]  # fmt: skip
    head = f"{tasks} tasks, {lines} lines; {machine()}"
    if not markdown:
        return head + "\n" + "\n".join(f"{r[0]:<52} {' '.join(r[1:])}" for r in rows)
    table = ["| measure | value | target |", "|---|---:|---|"]
    table += [f"| {r[0]} | {r[1]} | {r[2] if len(r) > 2 else ''} |" for r in rows]
    return head + "\n\n" + "\n".join(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="runs per figure")
    parser.add_argument("--markdown", action="store_true", help="print a table")
    args = parser.parse_args(argv)

    plan = HERE / "out" / f"plan-{args.tasks}.plan.md"
    generate.main(["--tasks", str(args.tasks), "-o", str(plan)])
    text = plan.read_text(encoding="utf-8")
    lines = text.count("\n")
    logger.info("timing %s (%s lines)", plan, lines)

    figures = in_process(text, str(plan), args.runs) + subprocesses(plan, args.runs)
    print(report(figures, lines, args.tasks, args.markdown))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    sys.exit(main())
