"""PL602 reports each overlapping task once, in time near-linear in the tasks.

A 10,000-task parallel stage with 50 shared `文件:` scopes gave 995,000
findings (one per pair) in 70 s. The timing test compares a stage with eight
times as many tasks, as tests/checks/test_linear_time.py does: a pass per task
gives about 8, a pass per pair about 64.
"""

from __future__ import annotations

from tests.checks.test_linear_time import ALLOWED_RATIO, LONGER, _ratio

import planlint
from planlint.checks import rule_for
from planlint.checks.diagnostic import Diagnostic

SCOPES = 50


def _stage(tasks: int) -> str:
    lines = ['## STAGE ## name="迁移 🗃" mode="parallel" max_workers="8"', ""]
    for i in range(tasks):
        lines += [
            f'## TASK ## id="t{i}"',
            f"迁移 {i}",
            f"文件: 模块/m{i % SCOPES}/表.ts",
            "",
        ]
    return "\n".join(lines)


def _check(text: str) -> list[Diagnostic]:
    rule = rule_for("PL602")
    assert rule is not None
    return list(rule.check(planlint.plan_from_text(text, "big.plan.md")))


def test_each_task_is_reported_once_naming_how_many_others() -> None:
    found = _check(_stage(1000))

    assert len(found) == 1000 - SCOPES
    last = found[-1]
    assert last.location.start.line + 1 == 4 * 999 + 5
    assert "overlaps task `t49` at line 201:" in last.message
    assert "it also overlaps `t99`, `t149`, `t199` and 15 more earlier tasks" in (
        last.message
    )


def test_cost_grows_with_the_tasks_not_the_pairs() -> None:
    ratio = _ratio(_stage, _check, 400)

    assert ratio < ALLOWED_RATIO, f"{LONGER}x as many tasks took {ratio:.0f}x as long"
