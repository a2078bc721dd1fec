"""Ctrl-C and SIGTERM: nothing new starts, every process group ends, exit 130."""

from __future__ import annotations

import json
import signal

import pytest

from tests.executor.runhelp import Workspace, pids_in, spawn, survivors, wait_for

PLAN = (
    '## STAGE ## name="一" mode="parallel" max_workers="2"\n'
    '## TASK ## id="one"\n文件: a/\n'
    "执行: sleep 60 & echo $! >> kids; echo $$ >> kids; touch one.up; wait\n"
    '## TASK ## id="two"\n文件: b/\n'
    "执行: trap '' TERM; echo $$ >> kids; touch two.up; sleep 60\n"
    '## TASK ## id="three" depends_on="one"\n文件: c/\n执行: touch three.ran\n'
    '## STAGE ## name="二" mode="serial"\n## TASK ## id="four"\n执行: touch four.ran\n'
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_ends_every_task_and_exits_130(
    ws: Workspace, reaper: list[int], signum: int
) -> None:
    ws.write(PLAN)
    child = spawn(ws, "--report", str(ws.root / "r.json"))
    reaper.append(child.pid)
    wait_for(ws.root / "one.up")
    wait_for(ws.root / "two.up")

    child.send_signal(signum)
    _, err = child.communicate(timeout=30)
    reaper.extend(pids_in(ws.root / "kids"))

    assert child.returncode == 130, err
    assert len(reaper) == 4
    assert survivors(reaper) == []
    assert not (ws.root / "three.ran").exists()
    assert not (ws.root / "four.ran").exists()
    report = json.loads((ws.root / "r.json").read_text(encoding="utf-8"))
    statuses = {task["id"]: task["status"] for task in report["tasks"]}
    assert statuses == {
        "one": "interrupted",
        "two": "interrupted",
        "three": "not-run",
        "four": "not-run",
    }
    state = json.loads(ws.beside(".state.json").read_text(encoding="utf-8"))
    assert state["tasks"]["one"]["status"] == "interrupted"
