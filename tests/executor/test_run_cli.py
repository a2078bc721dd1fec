"""`planlint run` end to end: approval, --only, refusal, dry-run, reports, agent."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from planlint.cli.run import main
from tests.conftest import CORPUS, SEED
from tests.executor.runhelp import Workspace

APPROVAL_PLAN = (
    '## STAGE ## name="准备" mode="serial"\n'
    '## TASK ## id="prep"\n执行: sh rec.sh start\n'
    '## STAGE ## name="上线" mode="serial"\n'
    '## TASK ## id="deploy" confirm="true"\n生产发布\n执行: sh rec.sh start\n'
    '## TASK ## id="notify"\n执行: sh rec.sh start\n'
)


def test_confirm_without_a_terminal_blocks_and_stops(ws: Workspace) -> None:
    ws.write(APPROVAL_PLAN)

    result = ws.run()

    assert result.code == 1
    assert ws.started() == ["prep"]
    assert "blocked" in result.out
    assert "--approve deploy" in result.out


@pytest.mark.parametrize(
    ("flags", "by"),
    [(["--yes"], "--yes"), (["--approve", "deploy"], "--approve"), (["-y"], "--yes")],
)
def test_yes_or_approve_lets_it_run(ws: Workspace, flags: list[str], by: str) -> None:
    ws.write(APPROVAL_PLAN)
    report = ws.root / "r.json"

    assert ws.run(*flags, "--report", str(report)).code == 0
    assert ws.started() == ["prep", "deploy", "notify"]
    tasks = {t["id"]: t for t in json.loads(report.read_text("utf-8"))["tasks"]}
    assert str(tasks["deploy"]["approved_by"]).startswith(by)
    assert tasks["prep"]["approved_by"] is None
    state = json.loads(ws.beside(".state.json").read_text(encoding="utf-8"))
    assert str(state["tasks"]["deploy"]["approved_by"]).startswith(by)


def test_stage_confirm_needs_approval_for_each_task(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="上线" mode="serial" confirm="true"\n'
        '## TASK ## id="a"\n执行: sh rec.sh start\n'
        '## TASK ## id="b"\n执行: sh rec.sh start\n'
    )

    assert ws.run("--approve", "a").code == 1
    assert ws.started() == ["a"]


def test_only_runs_the_tasks_and_what_they_need(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="base"\n执行: sh rec.sh start\n'
        '## TASK ## id="unrelated"\n执行: sh rec.sh start\n'
        '## STAGE ## name="二" mode="serial"\n'
        '## TASK ## id="top" depends_on="base"\n执行: sh rec.sh start\n'
    )

    assert ws.run("--only", "top").code == 0
    assert ws.started() == ["base", "top"]


def test_only_with_an_unknown_id_is_a_usage_error(ws: Workspace) -> None:
    ws.write('## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: true\n')

    result = ws.run("--only", "nope")

    assert result.code == 2
    assert "`nope`" in result.err


INVALID = [
    "no-stage-markers",
    "cycle-two-tasks",
    "unknown-dependency",
    "stage-depends-on-later-stage",
    "duplicate-task-id",
    "invalid-mode-and-workers",
    "include-missing-file",
]


@pytest.mark.parametrize("name", INVALID)
@pytest.mark.parametrize("dry", [False, True])
def test_invalid_corpus_plans_are_refused(tmp_path: Path, name: str, dry: bool) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    plan = tmp_path / "corpus" / f"{name}.plan.md"
    before = sorted(p.name for p in plan.parent.iterdir())
    out, err = io.StringIO(), io.StringIO()

    code = main([str(plan), "--yes", *(["--dry-run"] if dry else [])], out, err)

    assert code == 2
    assert re.search(r":\d+:\d+: PL\d{3} ", err.getvalue())
    assert "not running" in err.getvalue()
    assert sorted(p.name for p in plan.parent.iterdir()) == before
    assert out.getvalue() == ""


def test_cycle_refusal_names_the_cycle(tmp_path: Path) -> None:
    err = io.StringIO()
    main([str(CORPUS / "cycle-two-tasks.plan.md"), "--dry-run"], io.StringIO(), err)

    assert "PL301" in err.getvalue()
    assert "client-sdk" in err.getvalue()


def _dry_run(plan: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main([str(plan), "--dry-run"], out, err) == 0, err.getvalue()
    return out.getvalue()


def _stage_blocks(text: str) -> dict[str, str]:
    blocks = re.split(r"^stage \d+/\d+ ", text, flags=re.MULTILINE)[1:]
    return {block.split(" · ", 1)[0]: block for block in blocks}


def test_dry_run_of_the_full_featured_plan(tmp_path: Path) -> None:
    text = _dry_run(CORPUS / "valid-full-featured.plan.md")

    stages = _stage_blocks(text)
    assert list(stages) == ["准备基线", "拆分包", "集成验证", "收尾"]
    assert "serial" in stages["准备基线"]
    assert "parallel, up to 3 at once" in stages["拆分包"]
    assert re.findall(r"batch \d+: (.*)", stages["拆分包"]) == [
        "split-core, split-query, split-notify"
    ]
    assert "kept apart" not in stages["拆分包"]
    assert "验证: npx ts-node scripts/api-snapshot.ts --check" in stages["集成验证"]
    assert "on failure: retry (up to 2 more attempts, then stop)" in stages["集成验证"]
    assert "work: none" in stages["收尾"]
    assert text.rstrip().endswith("approval points: none")


def test_dry_run_of_the_very_long_plan_has_one_batch_per_parallel_stage() -> None:
    text = _dry_run(CORPUS / "very-long-plan.plan.md")

    stages = _stage_blocks(text)
    assert len(stages) == 12
    parallel = [b for b in stages.values() if "· parallel" in b.split("\n", 1)[0]]
    assert len(parallel) == 10
    for block in parallel:
        batches = re.findall(r"batch \d+: (.*)", block)
        assert len(batches) == 1
        assert len(batches[0].split(", ")) == 29


def test_dry_run_of_the_seed_shows_every_stage_and_command() -> None:
    text = _dry_run(SEED)

    assert list(_stage_blocks(text)) == [
        "数据备份",
        "迁移脚本开发",
        "测试环境迁移",
        "生产环境迁移",
    ]
    assert text.count("验证: ") == 11
    assert (
        "batch 1: user-migration, order-migration, product-migration, "
        "payment-migration" in text
    )


def test_dry_run_shows_approval_points_and_changes_nothing(ws: Workspace) -> None:
    ws.write(APPROVAL_PLAN)

    result = ws.run("--dry-run")

    assert result.code == 0
    assert (
        "deploy: needed; asked on a terminal, else pass --yes or --approve"
        in result.out
    )
    assert sorted(p.name for p in ws.root.iterdir()) == ["rec.sh", "test.plan.md"]


def test_reports_are_valid_json_and_junit(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="测试" mode="parallel"\n'
        '## TASK ## id="ok"\n用例一\n文件: a\n执行: echo fine\n'
        '## TASK ## id="bad" on_failure="continue"\n用例二\n文件: b\n'
        "执行: printf 'oops \\033[31mred\\033[0m\\n'; exit 2\n"
        '## TASK ## id="after" depends_on="bad"\n文件: c\n执行: true\n'
    )

    result = ws.run(
        "--report", str(ws.root / "r.json"), "--junit", str(ws.root / "j.xml")
    )

    assert result.code == 1
    report = json.loads((ws.root / "r.json").read_text(encoding="utf-8"))
    assert report["exit_code"] == 1
    assert report["counts"] == {"succeeded": 1, "failed": 1, "skipped": 1}
    bad = next(t for t in report["tasks"] if t["id"] == "bad")
    assert bad["attempts"][0]["exit_code"] == 2
    suite = ET.parse(ws.root / "j.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == (
        "3",
        "1",
        "1",
    )
    failure = suite.find("testcase[@name='bad']/failure")
    assert failure is not None and "oops" in (failure.text or "")


def test_the_plan_file_is_byte_identical_after_a_run(ws: Workspace) -> None:
    text = (
        '\ufeff## STAGE ## name="一" mode="serial"\r\n## TASK ## id="a"\r\n'
        "执行: echo hi > out.txt\r\n"
    )
    ws.plan.write_bytes(text.encode("utf-8"))
    digest = hashlib.sha256(ws.plan.read_bytes()).hexdigest()

    assert ws.run().code == 0
    assert ws.run("--restart").code == 0

    assert hashlib.sha256(ws.plan.read_bytes()).hexdigest() == digest
    assert (ws.root / "out.txt").read_text() == "hi\n"


def test_the_agent_gets_the_prompt_on_stdin_and_execute_wins(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="重构" mode="parallel"\n# 阶段说明：各模块独立\n'
        '## TASK ## id="mod-a"\n重构模块 A 🎯\n\n细节说明\n文件: src/a/\n排除: src/a/gen/\n'
        "验证: true\n"
        '## TASK ## id="own"\n文件: src/b/\n执行: echo own > own.txt\n'
    )

    assert ws.run("--agent", "cat > prompt-$PLAN_TASK_ID.txt").code == 0

    prompt = (ws.root / "prompt-mod-a.txt").read_text(encoding="utf-8")
    for part in (
        "重构",
        "阶段说明：各模块独立",
        "重构模块 A 🎯",
        "细节说明",
        "src/a/",
        "src/a/gen/",
        "验证",
    ):
        assert part in prompt, part
    assert not (ws.root / "prompt-own.txt").exists()
    assert (ws.root / "own.txt").exists()


def test_commands_see_the_plan_environment_and_no_stdin(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="环境" mode="serial"\n'
        '## TASK ## id="env" timeout="10s"\n'
        '执行: cat; echo "$PLAN_FILE|$PLAN_STAGE|$PLAN_TASK_ID|$PLAN_ATTEMPT" > env.txt\n'
    )

    assert ws.run().code == 0
    assert (ws.root / "env.txt").read_text(encoding="utf-8") == (
        f"{os.path.abspath(ws.plan)}|环境|env|1\n"
    )


@pytest.mark.parametrize(
    "args", [["--jobs", "0"], ["--timeout", "soon"], ["--fail-fast", "later"], []]
)
def test_usage_errors_exit_2(ws: Workspace, args: list[str]) -> None:
    if args:
        ws.write('## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n')
    else:
        ws.plan = ws.root / "missing.plan.md"

    assert ws.run(*args).code == 2


def test_a_report_in_a_missing_directory_is_refused_before_running(
    ws: Workspace,
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n执行: sh rec.sh start\n'
    )

    result = ws.run("--junit", str(ws.root / "no" / "j.xml"))

    assert result.code == 2
    assert "--junit" in result.err
    assert ws.started() == []


def test_a_missing_cwd_is_a_usage_error(ws: Workspace) -> None:
    ws.write('## STAGE ## name="一" mode="serial"\n## TASK ## id="a"\n')
    out, err = io.StringIO(), io.StringIO()

    assert main([str(ws.plan), "--cwd", str(ws.root / "nope")], out, err) == 2
    assert "no such directory" in err.getvalue()
