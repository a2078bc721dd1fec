"""What a run says: timeouts, the summary's columns, counts, skipped vs not run."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from planlint.cli.run import main
from tests.conftest import CORPUS
from tests.executor.runhelp import Outcome, Workspace, pids_in, survivors

# "1 tasks", "1 stages", ... anywhere in what a run or a dry run prints.
_BAD_PLURAL = re.compile(r"\b1 (?:more )?(?:tasks|stages|errors|attempts|tries)\b")


def _reports(ws: Workspace, *args: str) -> tuple[Outcome, dict, ET.Element]:
    report, junit = ws.root / "r.json", ws.root / "r.xml"
    result = ws.run("--report", str(report), "--junit", str(junit), *args)
    data = json.loads(report.read_text(encoding="utf-8"))
    return result, data, ET.parse(junit).getroot()


def _table(out: str) -> list[list[str]]:
    """The summary table's heading and rows, split on runs of two spaces."""
    lines = out.split("\n\n")[1].splitlines()
    return [re.split(r"\s{2,}", line.strip()) for line in lines]


def test_a_timeout_is_named_as_such_not_as_signal_15(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="slow" timeout="1s"\n慢\n执行: echo begin; sleep 30\n'
    )

    result, data, junit = _reports(ws)

    assert result.code == 1
    assert "-15" not in result.out
    assert "failed      slow: timed out after 1s;" in result.out
    assert "1 failed (1 timed out)" in result.out
    assert "stopped at its timeout (1s): SIGTERM to its process group" in result.out
    task = data["tasks"][0]
    assert (task["status"], task["failure"]) == ("failed", "timeout")
    assert task["reason"] == "timed out after 1s"
    failure = junit.find(".//failure")
    assert failure is not None
    assert failure.get("type") == "timeout"


def test_an_exit_code_is_still_given_for_a_command_that_fails(ws: Workspace) -> None:
    ws.write('## STAGE ## name="一" mode="serial"\n## TASK ## id="t"\n执行: exit 3\n')

    result, data, _ = _reports(ws)

    assert "  exit code: 3, attempts: 1" in result.out
    assert data["tasks"][0]["failure"] == "exit"


def test_the_summary_has_blocked_and_interrupted_columns(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="parallel" max_workers="2"\n'
        '## TASK ## id="bad"\n文件: a/\n执行: sleep 0.3; exit 1\n'
        '## TASK ## id="long"\n文件: b/\n执行: echo $$ > long.pid; sleep 30\n'
        '## STAGE ## name="二" mode="serial"\n'
        '## TASK ## id="gate" confirm="true"\n执行: true\n'
    )

    result = ws.run("--fail-fast", "now")
    reaper.extend(pids_in(ws.root / "long.pid"))

    heading, first, second = _table(result.out)
    columns = ["stage", "tasks", "succeeded", "failed", "interrupted", "not run"]
    assert heading == [*columns, "time"]
    assert first[:6] == ["1 一", "2", "0", "1", "1", "0"]
    assert second[:6] == ["2 二", "1", "0", "0", "0", "1"]
    assert survivors(reaper) == []

    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="gate" confirm="true"\n执行: true\n'
    )
    blocked = ws.run()
    heading, row = _table(blocked.out)
    assert heading == ["stage", "tasks", "succeeded", "failed", "blocked", "time"]
    assert row[:5] == ["1 一", "1", "0", "0", "1"]
    assert "run failed: 1 blocked in" in blocked.out


def test_fail_fast_now_skips_what_needs_the_failure(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="parallel" max_workers="2"\n'
        '## TASK ## id="bad"\n文件: a/\n执行: sleep 0.3; exit 1\n'
        '## TASK ## id="long"\n文件: b/\n执行: echo $$ > long.pid; sleep 30\n'
        '## STAGE ## name="二" mode="serial"\n'
        '## TASK ## id="child" depends_on="bad"\n执行: true\n'
        '## TASK ## id="grandchild" depends_on="child"\n执行: true\n'
        '## TASK ## id="after-long" depends_on="long"\n执行: true\n'
        '## TASK ## id="other"\n执行: true\n'
    )

    result, data, junit = _reports(ws, "--fail-fast", "now")
    reaper.extend(pids_in(ws.root / "long.pid"))

    statuses = {task["id"]: task["status"] for task in data["tasks"]}
    assert statuses == {
        "bad": "failed",
        "long": "interrupted",
        "child": "skipped",
        "grandchild": "skipped",
        "after-long": "not-run",
        "other": "not-run",
    }
    reasons = {task["id"]: task["reason"] for task in data["tasks"]}
    assert reasons["child"] == "needs `bad`, which failed"
    assert reasons["grandchild"] == "needs `child`, which was skipped"
    assert reasons["other"] == "the run stopped: task `bad` failed"
    assert reasons["long"] == "ended by --fail-fast now: task `bad` failed"
    assert "skipped     child: needs `bad`, which failed" in result.out
    assert "\nskipped (2):\n" in result.out
    assert "\nnot run (2):\n" in result.out
    skipped = {
        case.get("name"): case.find("skipped").get("message")  # type: ignore[union-attr]
        for case in junit.iter("testcase")
        if case.find("skipped") is not None
    }
    assert skipped["child"] == "skipped: needs `bad`, which failed"
    assert skipped["other"] == "not-run: the run stopped: task `bad` failed"
    assert survivors(reaper) == []


def test_counts_of_one_are_singular(ws: Workspace) -> None:
    ws.write(
        "# 计划\n"
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="flaky" on_failure="retry" retry="1"\n执行: exit 1\n'
    )

    dry = ws.run("--dry-run")
    run = ws.run()

    assert "1 stage, 1 task; dry run" in dry.out
    assert "up to 1 more attempt, then stop" in dry.out
    assert "(serial, 1 task)" in run.out
    assert "(1 more try)" in run.out
    for text in (dry.out, dry.err, run.out, run.err):
        assert _BAD_PLURAL.search(text) is None, text


def test_a_missing_command_says_so_and_one_log_line_is_singular(
    ws: Workspace,
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="typo" on_failure="continue"\n执行: no-such-tool-xyz --all\n'
        '## TASK ## id="quiet"\n执行: exit 5\n'
    )

    result = ws.run()

    assert "exited with status 127 (command not found)" in result.out
    assert "  last line of its log:\n  | ==> 执行: exit 5\n" in result.out
    assert "last 1 lines" not in result.out


def test_one_error_is_one_error(tmp_path: Path) -> None:
    plan = tmp_path / "dup.plan.md"
    shutil.copy(CORPUS / "duplicate-task-id.plan.md", plan)
    out, err = io.StringIO(), io.StringIO()

    assert main([str(plan)], out, err) == 2

    assert ": 1 error; fix it first (`planlint " in err.getvalue()
    assert "shows it in context" in err.getvalue()
    assert _BAD_PLURAL.search(err.getvalue()) is None
