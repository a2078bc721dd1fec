"""What the corpus README says the executor does, on tmp copies of those plans.

A copy's `验证:` commands are replaced with `true` (or `false` for the task
that should fail), so the plan's own structure decides order and skipping.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import CORPUS
from tests.executor.runhelp import Workspace

_VERIFY = re.compile(r"^验证: [^\r\n]*", re.MULTILINE)


def _copy(ws: Workspace, name: str, failing: str | None = None) -> None:
    """The corpus plan with every verification made trivial (CRLF and BOM kept)."""
    text = (CORPUS / name).read_bytes().decode("utf-8")
    blocks = text.split("## TASK ##")
    for i, block in enumerate(blocks):
        check = "false" if failing and block.startswith(f' id="{failing}"') else None
        blocks[i] = _VERIFY.sub(f"验证: {check or 'sh rec.sh start'}", block)
    ws.plan.write_bytes("## TASK ##".join(blocks).encode("utf-8"))


def _statuses(ws: Workspace, *args: str) -> tuple[int, dict[str, str]]:
    report = ws.root / "report.json"
    result = ws.run("--report", str(report), *args)
    tasks = json.loads(report.read_text(encoding="utf-8"))["tasks"]
    return result.code, {task["id"]: task["status"] for task in tasks}


def test_full_featured_plan_when_split_query_fails(ws: Workspace) -> None:
    _copy(ws, "valid-full-featured.plan.md", failing="split-query")

    code, statuses = _statuses(ws)

    assert code == 1
    assert statuses["split-query"] == "failed"
    for done in ("freeze-api", "baseline-tests", "split-core", "split-notify"):
        assert statuses[done] == "succeeded", done
    for skipped in ("wire-up", "contract-check", "docs", "wrap-up"):
        assert statuses[skipped] == "skipped", skipped
    assert ws.started()[:2] == ["freeze-api", "baseline-tests"]


def test_full_featured_plan_runs_in_order_when_all_pass(ws: Workspace) -> None:
    _copy(ws, "valid-full-featured.plan.md")

    code, _ = _statuses(ws)

    assert code == 0
    started = ws.started()
    assert started[:2] == ["freeze-api", "baseline-tests"]
    assert set(started[2:5]) == {"split-core", "split-query", "split-notify"}
    assert started[5:] == ["wire-up", "contract-check", "docs", "wrap-up"]


def test_crlf_plan_runs_in_order_and_keeps_its_bytes(ws: Workspace) -> None:
    _copy(ws, "crlf-line-endings.plan.md")
    before = ws.plan.read_bytes()

    code, _ = _statuses(ws)

    assert code == 0
    assert ws.started() == ["tz-parse", "tz-backfill", "tz-report"]
    assert ws.plan.read_bytes() == before
    assert b"\r\n" in before


def test_bom_plan_keeps_its_first_stage(ws: Workspace) -> None:
    _copy(ws, "utf8-bom.plan.md")

    code, statuses = _statuses(ws)

    assert code == 0
    assert list(statuses) == ["s1.t1", "s2.t1", "s2.t2"]
    assert ws.started()[0] == "s1.t1"


def test_anonymous_tasks_get_derived_ids_and_titles(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    _copy(ws, "valid-anonymous-tasks.plan.md")

    out = ws.run("--dry-run").out

    found = re.findall(r"^  - (\S+)  (.+?)  \(", out, flags=re.MULTILINE)
    assert found == [
        ("s1.t1", "现有测试分类"),
        ("s2.t1", "相册列表排序规则测试"),
        ("s2.t2", "缩略图缓存淘汰测试"),
        ("s2.t3", "回收站恢复流程测试"),
        ("s3.t1", "全局审视与收尾"),
    ]
    assert "parallel, up to 4 at once" in out
    assert "batch 1: s2.t1, s2.t2, s2.t3" in out


def test_legacy_markers_are_tasks_and_look_alikes_are_body_text(ws: Workspace) -> None:
    _copy(ws, "legacy-task-markers.plan.md")

    out = ws.run("--dry-run").out

    titles = re.findall(r"^  - \S+  (.+?)  \(", out, flags=re.MULTILINE)
    assert titles == [
        "盘点现有采集脚本",
        "统一日志输出格式",
        "补充日志轮转配置",
        "删除已废弃的采集脚本",
        "在预发环境跑一轮采集",
    ]
