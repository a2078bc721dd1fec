"""Measures planfmt against the linter on the same generated plan.

    python bench/bench_format.py                 # 10,000 tasks, 7 runs per figure
    python bench/bench_format.py --tasks 1000 --runs 11 --markdown

Figures are medians of `--runs` rounds, wall and CPU time; each round runs
every job once, in turn, after `gc.collect()` (in-process jobs with the GC
paused, as the commands run), so that a busy machine slows the linter and the
formatter alike:
`planlint.check(text)` (parse + model + checks), `format_text` on the plan as
generated (nearly canonical) and on a carelessly re-spelled copy where almost
every marker, field and blank line changes (`tests/format/plans.py: mess`), and
`format_edits`, the language server's path; then `planfmt --check PLAN` and
`planlint PLAN` as commands. The target of the
issue is formatting at most 1.5x the time of linting (docs/performance.md).
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
from pathlib import Path

import generate
from bench_lint import Job, command, in_process, machine

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET = 1.5


def _messy(text: str) -> str:
    sys.path.insert(0, str(ROOT))
    from tests.format.plans import mess

    return mess(text, random.Random(2026))


def in_process_jobs(text: str, path: str) -> list[Job]:
    """Linting and formatting the same text, each timed on its own."""
    import planlint
    from planlint.format import format_edits, format_text

    messy = _messy(text)
    planlint.check(text, path)  # imports every rule before anything is timed
    return [
        Job(
            "lint: planlint.check(text)", in_process(lambda: planlint.check(text, path))
        ),
        Job("format: format_text(plan)", in_process(lambda: format_text(text))),
        Job("format: format_text(messy plan)", in_process(lambda: format_text(messy))),
        Job(
            "format: format_edits(messy plan)", in_process(lambda: format_edits(messy))
        ),
    ]


def command_jobs(plan: Path) -> list[Job]:
    """`planlint` and `planfmt --check` end to end, as a shell runs them."""
    bin_dir = Path(sys.executable).parent
    planlint = [str(bin_dir / "planlint"), str(plan)]
    planfmt = [str(bin_dir / "planfmt"), "--check", str(plan)]
    command(planlint)()  # warm the page cache
    return [
        Job(f"`planlint {plan.name}` end to end", command(planlint)),
        Job(f"`planfmt --check {plan.name}` end to end", command(planfmt)),
    ]


def ratios(jobs: list[Job]) -> list[tuple[str, float, float]]:
    """Each formatting job over the linting job it compares with: wall, CPU."""
    lint, plain, messy, edits, lint_cli, fmt_cli = jobs
    pairs = [
        ("format_text(plan) / lint", plain, lint),
        ("format_text(messy plan) / lint", messy, lint),
        ("format_edits(messy plan) / lint", edits, lint),
        ("`planfmt --check` / `planlint`, end to end", fmt_cli, lint_cli),
    ]
    return [(name, a.wall / b.wall, a.cpu / b.cpu) for name, a, b in pairs]


def report(jobs: list[Job], head: str, markdown: bool) -> str:
    rows = [
        (j.name, f"{j.wall * 1000:.1f} ms", f"{j.cpu * 1000:.1f} ms", "") for j in jobs
    ]
    rows += [
        (name, f"{wall:.2f}x", f"{cpu:.2f}x", f"<= {TARGET}x")
        for name, wall, cpu in ratios(jobs)
    ]
    if not markdown:
        lines = [f"{n:<48} {w:>10} {c:>10} {t}" for n, w, c, t in rows]
        return head + "\n" + "\n".join(lines)
    table = ["| measure | wall | CPU | target |", "|---|---:|---:|---|"]
    table += [f"| {n} | {w} | {c} | {t} |" for n, w, c, t in rows]
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
    logger.info("timing %s (%s lines)", plan, text.count("\n"))

    jobs = in_process_jobs(text, str(plan)) + command_jobs(plan)
    for round_number in range(args.runs):
        logger.info("round %s of %s", round_number + 1, args.runs)
        for job in jobs:
            job.once()
    head = f"{args.tasks} tasks, {text.count(chr(10))} lines; {machine()}"
    print(report(jobs, head, args.markdown))
    worst = max(cpu for _, _, cpu in ratios(jobs))
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    sys.exit(main())
