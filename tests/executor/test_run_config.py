"""`[run]` in the plan's configuration gives defaults; the command line wins."""

from __future__ import annotations

import json

from tests.executor.runhelp import WORK, Workspace, max_concurrent

TWO = (
    '## STAGE ## name="一" mode="parallel" max_workers="2"\n'
    f'## TASK ## id="a"\n文件: a/\n{WORK.format(seconds=0.4)}\n'
    f'## TASK ## id="b"\n文件: b/\n{WORK.format(seconds=0.4)}\n'
)


def test_jobs_from_the_configuration_and_from_the_command_line(ws: Workspace) -> None:
    ws.write(TWO)
    (ws.root / "planlint.toml").write_text("[run]\njobs = 1\n", encoding="utf-8")

    assert ws.run().code == 0
    assert max_concurrent(list(ws.intervals().values())) == 1

    (ws.root / "events.log").unlink()
    assert ws.run("--restart", "--jobs", "2").code == 0
    assert max_concurrent(list(ws.intervals().values())) == 2


def test_timeout_and_agent_from_the_configuration(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="slow"\n执行: sleep 30\n'
        '## TASK ## id="ask" on_failure="continue"\n写一首诗\n'
    )
    (ws.root / "planlint.toml").write_text(
        '[run]\ntimeout = "1s"\nagent = "cat > prompt.txt"\n', encoding="utf-8"
    )
    report = ws.root / "r.json"

    result = ws.run("--report", str(report), "--only", "ask")
    assert result.code == 0, result.out
    assert "写一首诗" in (ws.root / "prompt.txt").read_text(encoding="utf-8")

    result = ws.run("--report", str(report), "--only", "slow")
    tasks = json.loads(report.read_text(encoding="utf-8"))["tasks"]
    assert result.code == 1
    assert (tasks[0]["id"], tasks[0]["failure"]) == ("slow", "timeout")


def test_an_invalid_configuration_stops_before_anything_runs(ws: Workspace) -> None:
    ws.write(TWO)
    (ws.root / "planlint.toml").write_text("[run]\njobs = 0\n", encoding="utf-8")

    result = ws.run()

    assert result.code == 2
    assert "planlint run: invalid configuration: " in result.err
    assert "run.jobs" in result.err
    assert ws.started() == []
    assert not ws.beside(".state.json").exists()
