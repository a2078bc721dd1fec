"""Failure policies: stop, continue (skips, transitively), retry, timeout, fail-fast."""

from __future__ import annotations

import json
import time

from tests.executor.runhelp import WORK, Workspace, pids_in, survivors


def _report(ws: Workspace, *args: str) -> tuple[int, dict[str, dict[str, object]]]:
    report = ws.root / "report.json"
    result = ws.run("--report", str(report), *args)
    data = json.loads(report.read_text(encoding="utf-8"))
    return result.code, {task["id"]: task for task in data["tasks"]}


def test_continue_skips_dependents_transitively(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="一" mode="parallel" max_workers="4"\n'
        '## TASK ## id="bad" on_failure="continue"\n文件: a/\n执行: exit 4\n'
        '## TASK ## id="child" depends_on="bad"\n文件: b/\n执行: sh rec.sh start\n'
        '## TASK ## id="free"\n文件: c/\n执行: sh rec.sh start\n'
        '## STAGE ## name="二" mode="serial"\n'
        '## TASK ## id="grandchild" depends_on="child"\n执行: sh rec.sh start\n'
        '## TASK ## id="other"\n执行: sh rec.sh start\n'
        '## STAGE ## name="三" mode="serial" depends_on="stage:1"\n'
        '## TASK ## id="whole-stage"\n执行: sh rec.sh start\n'
    )

    code, tasks = _report(ws)

    assert code == 1
    assert tasks["bad"]["status"] == "failed"
    assert tasks["bad"]["attempts"][0]["exit_code"] == 4  # type: ignore[index]
    for skipped in ("child", "grandchild", "whole-stage"):
        assert tasks[skipped]["status"] == "skipped", skipped
    assert "`child`" in str(tasks["grandchild"]["reason"])
    assert sorted(ws.started()) == ["free", "other"]


def test_stop_lets_running_siblings_finish_and_starts_nothing_new(
    ws: Workspace,
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="parallel" max_workers="2"\n'
        '## TASK ## id="bad"\n文件: a/\n执行: sleep 0.1; exit 1\n'
        f'## TASK ## id="long"\n文件: b/\n{WORK.format(seconds=0.6)}\n'
        '## TASK ## id="queued"\n文件: c/\n执行: sh rec.sh start\n'
        '## STAGE ## name="二" mode="serial"\n'
        '## TASK ## id="later"\n执行: sh rec.sh start\n'
    )

    code, tasks = _report(ws)

    assert code == 1
    assert tasks["long"]["status"] == "succeeded"
    assert tasks["queued"]["status"] == "not-run"
    assert tasks["later"]["status"] == "not-run"
    assert ws.started() == ["long"]


def test_fail_fast_now_ends_running_tasks(ws: Workspace, reaper: list[int]) -> None:
    ws.write(
        '## STAGE ## name="一" mode="parallel" max_workers="2"\n'
        '## TASK ## id="bad"\n文件: a/\n执行: sleep 0.2; exit 1\n'
        '## TASK ## id="long"\n文件: b/\n执行: echo $$ > long.pid; sleep 30\n'
    )

    started = time.monotonic()
    code, tasks = _report(ws, "--fail-fast", "now")

    assert code == 1
    assert time.monotonic() - started < 10
    assert tasks["long"]["status"] == "interrupted"
    reaper.extend(pids_in(ws.root / "long.pid"))
    assert reaper
    assert survivors(reaper) == []


def test_retry_runs_again_with_backoff_until_it_succeeds(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="flaky" on_failure="retry" retry="3"\n'
        '执行: sh rec.sh start; sh rec.sh end; test "$PLAN_ATTEMPT" -ge 3\n'
    )

    code, tasks = _report(ws, "--retry-delay", "0.2")

    assert code == 0
    attempts = tasks["flaky"]["attempts"]
    assert [a["outcome"] for a in attempts] == ["failed", "failed", "succeeded"]  # type: ignore[attr-defined]
    times = [ns for _, _, ns in ws.events()]
    first_gap, second_gap = (times[2] - times[1]) / 1e9, (times[4] - times[3]) / 1e9
    assert first_gap >= 0.2
    assert second_gap >= 0.4  # the delay doubles


def test_retry_spent_acts_as_stop(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="broken" on_failure="retry" retry="1"\n执行: exit 7\n'
        '## TASK ## id="after"\n执行: sh rec.sh start\n'
    )

    code, tasks = _report(ws)

    assert code == 1
    assert len(tasks["broken"]["attempts"]) == 2  # type: ignore[arg-type]
    assert tasks["broken"]["status"] == "failed"
    assert tasks["after"]["status"] == "not-run"
    assert ws.started() == []


def test_timeout_kills_the_whole_process_group(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="hang" timeout="1s" on_failure="continue"\n'
        "执行: sleep 60 & echo $! >> kids; sleep 60 & echo $! >> kids; wait\n"
        '## TASK ## id="next"\n执行: sh rec.sh start\n'
    )

    started = time.monotonic()
    code, tasks = _report(ws)

    assert time.monotonic() - started < 8
    assert code == 1
    assert tasks["hang"]["attempts"][0]["outcome"] == "timed-out"  # type: ignore[index]
    kids = pids_in(ws.root / "kids")
    reaper.extend(kids)
    assert len(kids) == 2
    assert survivors(kids) == []
    assert ws.started() == ["next"]


def test_default_timeout_applies_to_tasks_without_their_own(ws: Workspace) -> None:
    ws.write('## STAGE ## name="一" mode="serial"\n## TASK ## id="t"\n执行: sleep 30\n')

    code, tasks = _report(ws, "--timeout", "1")

    assert code == 1
    assert tasks["t"]["attempts"][0]["outcome"] == "timed-out"  # type: ignore[index]


def test_background_leftovers_end_with_their_command(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="t"\n执行: sleep 60 & echo $! > kid\n'
    )

    assert ws.run().code == 0
    reaper.extend(pids_in(ws.root / "kid"))
    assert reaper
    assert survivors(reaper) == []
