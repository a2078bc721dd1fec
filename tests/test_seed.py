"""The real plan we were asked to serve: one PL701 warning, nothing else."""

from __future__ import annotations

import planlint
from planlint.checks import Severity
from tests.conftest import SEED


def test_seed_reports_only_the_wrong_task_count() -> None:
    plan = planlint.load(SEED)
    diagnostics = planlint.check(plan)

    problems = [d for d in diagnostics if d.severity is not Severity.INFO]
    assert [(d.code, d.location.start.line + 1) for d in problems] == [("PL701", 4)]
    assert "11" in problems[0].message


def test_seed_round_trips_byte_for_byte() -> None:
    data = SEED.read_bytes()
    text, bad = planlint.syntax.decode(data)

    assert bad is None
    assert planlint.syntax.encode(planlint.parse(text).to_text()) == data


def test_seed_model_matches_the_plan() -> None:
    plan = planlint.load(SEED)

    assert [s.name for s in plan.stages] == ["数据备份", "迁移脚本开发", "测试环境迁移", "生产环境迁移"]
    assert [len(s.tasks) for s in plan.stages] == [2, 4, 4, 1]
    orders = next(t for t in plan.tasks() if t.key == "test-migrate-orders")
    assert [d.ref.name for d in orders.depends_on] == [
        "order-migration",
        "test-migrate-users",
        "test-migrate-products",
    ]
