"""`planlint graph`: Mermaid, DOT and JSON, grouped by stage, cycles marked."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from planlint.cli.graph import main
from tests.conftest import CORPUS, SEED

CYCLE = CORPUS / "cycle-two-tasks.plan.md"


def _graph(plan: Path, form: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main([str(plan), "--format", form], out, err) == 0, err.getvalue()
    return out.getvalue()


def test_json_of_the_seed_has_every_task_and_dependency() -> None:
    data = json.loads(_graph(SEED, "json"))

    assert [s["name"] for s in data["stages"]] == [
        "数据备份",
        "迁移脚本开发",
        "测试环境迁移",
        "生产环境迁移",
    ]
    assert len(data["tasks"]) == 11
    edges = {(e["from"], e["to"]) for e in data["edges"]}
    assert ("backup-prod", "backup-verify") in edges
    assert ("test-migrate-orders", "test-migrate-payments") in edges
    assert ("stage:1", "stage:2") in edges
    assert not any(e["cycle"] for e in data["edges"])
    assert data["cycles"] == []


def test_json_marks_the_cycle() -> None:
    data = json.loads(_graph(CYCLE, "json"))

    assert data["cycles"] == [["client-sdk", "mock-server"]]
    cyclic = {(e["from"], e["to"]) for e in data["edges"] if e["cycle"]}
    assert cyclic == {("client-sdk", "mock-server"), ("mock-server", "client-sdk")}


def test_mermaid_groups_by_stage_and_colours_cycle_edges() -> None:
    text = _graph(CYCLE, "mermaid")

    assert text.startswith("flowchart LR\n")
    assert text.count("subgraph ") == 2
    assert text.count("\n  end") == 2
    cyclic = [i for i, line in enumerate(_edge_lines(text)) if "|cycle|" in line]
    assert len(cyclic) == 2
    style = re.search(r"linkStyle ([\d,]+) stroke:#d00", text)
    assert style is not None
    assert [int(i) for i in style.group(1).split(",")] == cyclic


def _edge_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "-->" in line]


def test_mermaid_escapes_quotes_in_labels(tmp_path: Path) -> None:
    plan = tmp_path / "q.plan.md"
    plan.write_text(
        '## STAGE ## name="a" mode="serial"\n## TASK ## id="t"\n写 "引号" <b> #1\n',
        encoding="utf-8",
    )

    text = _graph(plan, "mermaid")

    label = re.search(r't1\["(.*)"\]', text)
    assert label is not None
    assert '"' not in label.group(1) and "<b>" not in label.group(1)


def test_dot_has_one_cluster_per_stage_and_red_cycle_edges() -> None:
    text = _graph(CYCLE, "dot")

    assert text.startswith("digraph plan {")
    assert text.count("subgraph cluster_") == 2
    assert text.count('color=red, penwidth=2, label="cycle"') == 2
    assert "lhead=cluster_2" in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz is not installed")
def test_dot_output_is_accepted_by_graphviz() -> None:
    done = subprocess.run(
        ["dot", "-Tsvg"],
        input=_graph(SEED, "dot"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_self_dependent_stage_is_a_cycle_edge(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "stage-depends-on-later-stage.plan.md", tmp_path / "p.plan.md")

    data = json.loads(_graph(tmp_path / "p.plan.md", "json"))

    assert {"from": "stage:3", "to": "stage:3", "cycle": True} in data["edges"]


def test_unreadable_plan_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main([str(tmp_path / "none.plan.md")], io.StringIO(), err) == 2
    assert "cannot read" in err.getvalue()


@pytest.mark.parametrize("form", ["mermaid", "dot", "json"])
def test_a_plan_without_stages_or_tasks_has_nothing_to_draw(
    tmp_path: Path, form: str
) -> None:
    plan = tmp_path / "notes.plan.md"
    plan.write_text("# 迁移计划\n\n只有说明，没有阶段。\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    assert main([str(plan), "--format", form], out, err) == 1
    assert out.getvalue() == ""
    assert "nothing to draw" in err.getvalue()
    assert "`## STAGE ##`" in err.getvalue()


def test_tasks_before_any_stage_are_drawn_outside_the_stages() -> None:
    plan = CORPUS / "no-stage-markers.plan.md"
    out, err = io.StringIO(), io.StringIO()

    assert main([str(plan)], out, err) == 0
    assert out.getvalue() == 'flowchart LR\n  t1["s0.t1<br/>合并三批诊断处方"]\n'
    assert "1 task before the first `## STAGE ##`" in err.getvalue()
    assert "PL002" in err.getvalue()
    data = json.loads(_graph(plan, "json"))
    assert data["tasks"] == [
        {"id": "s0.t1", "stage": None, "title": "合并三批诊断处方"}
    ]
    assert "t1 [label=" in _graph(plan, "dot")


def test_an_edge_from_a_task_before_the_stages_is_drawn(tmp_path: Path) -> None:
    plan = tmp_path / "p.plan.md"
    plan.write_text(
        '## TASK ## id="prep"\n准备\n'
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="main" depends_on="prep"\n主任务\n',
        encoding="utf-8",
    )

    data = json.loads(_graph(plan, "json"))

    assert [t["id"] for t in data["tasks"]] == ["prep", "main"]
    assert {"from": "prep", "to": "main", "cycle": False} in data["edges"]
    mermaid = _graph(plan, "mermaid")
    assert mermaid.index('t1["prep') < mermaid.index("subgraph s1")
    assert "  t1 --> t2\n" in mermaid
