"""What each task needs: stage and task references resolved on real plans."""

from __future__ import annotations

import pytest

import planlint
from planlint.model.graph import needs, stage_of
from tests.conftest import CORPUS, SEED


def _needs(text: str) -> dict[str, list[str]]:
    plan = planlint.plan_from_text(text, "g.plan.md")
    return {
        task.key: sorted(t.key for t in found) for task, found in needs(plan).items()
    }


@pytest.mark.parametrize("number", ["²", "２", "0", "9", "x", ""])
def test_a_stage_ref_that_names_no_stage_is_left_out(number: str) -> None:
    text = (
        '## STAGE ## name="一" mode="serial"\n\n## TASK ##\n甲\n\n'
        f'## STAGE ## name="二 😀" mode="serial" depends_on="stage:{number}"\n\n'
        "## TASK ##\n乙\n"
    )
    plan = planlint.plan_from_text(text, "g.plan.md")

    assert stage_of(plan, plan.stages[1].depends_on[0].ref) is None
    assert _needs(text) == {"s1.t1": [], "s2.t1": []}


def test_stage_dependencies_reach_every_task_of_the_named_stage() -> None:
    plan = planlint.load(CORPUS / "valid-full-featured.plan.md")
    found = {t.key: {n.key for n in ns} for t, ns in needs(plan).items()}
    stage_two = {t.key for t in plan.stages[1].tasks}

    for task in plan.stages[2].tasks:
        assert stage_two <= found[task.key]


def test_the_seed_needs_what_it_says() -> None:
    found = {
        t.key: sorted(n.key for n in ns) for t, ns in needs(planlint.load(SEED)).items()
    }

    assert found["backup-verify"] == ["backup-prod"]
    assert found["test-migrate-payments"] == [
        "order-migration",
        "payment-migration",
        "product-migration",
        "test-migrate-orders",
        "user-migration",
    ]
