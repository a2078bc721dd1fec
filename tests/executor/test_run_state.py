"""State: resume after a run or a SIGKILL, --restart, the journal and its lock."""

from __future__ import annotations

import io
import json
import re
import signal
import time
from pathlib import Path

from planlint import load
from planlint.executor import RunOptions, execute, make_schedule
from planlint.executor.options import PlanFiles
from planlint.executor.state import Journal, TaskRecord, load_state, write_state
from tests.executor.runhelp import Workspace, pids_in, spawn, wait_for

COUNTED = '## TASK ## id="{id}"\n执行: echo run >> {id}.count{extra}\n'


def _plan(extra_c: str = "") -> str:
    return (
        '## STAGE ## name="一" mode="serial"\n'
        + COUNTED.format(id="a", extra="")
        + COUNTED.format(id="b", extra="")
        + COUNTED.format(id="c", extra=extra_c)
        + COUNTED.format(id="d", extra="")
    )


def _runs(ws: Workspace, task: str) -> int:
    path = ws.root / f"{task}.count"
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_rerun_skips_succeeded_unchanged_tasks(ws: Workspace) -> None:
    ws.write(_plan())
    assert ws.run().code == 0

    again = ws.run()

    assert again.code == 0
    assert [_runs(ws, t) for t in "abcd"] == [1, 1, 1, 1]
    assert re.findall(r"^\[.*\] up-to-date +(\w)", again.out, re.MULTILINE) == list(
        "abcd"
    )


def test_an_edited_task_runs_again_and_only_it(ws: Workspace) -> None:
    ws.write(_plan())
    assert ws.run().code == 0

    ws.write(_plan(extra_c="; true"))
    assert ws.run().code == 0

    assert [_runs(ws, t) for t in "abcd"] == [1, 1, 2, 1]


def test_failed_tasks_run_again(ws: Workspace) -> None:
    ws.write(_plan(extra_c="; test -f ok"))
    assert ws.run().code == 1
    (ws.root / "ok").touch()

    assert ws.run().code == 0
    assert [_runs(ws, t) for t in "abcd"] == [1, 1, 2, 1]


def test_restart_runs_everything(ws: Workspace) -> None:
    ws.write(_plan())
    assert ws.run().code == 0

    assert ws.run("--restart").code == 0
    assert [_runs(ws, t) for t in "abcd"] == [2, 2, 2, 2]


def test_state_file_is_compacted_and_journal_removed(ws: Workspace) -> None:
    ws.write(_plan())
    assert ws.run().code == 0

    state = json.loads(ws.beside(".state.json").read_text(encoding="utf-8"))
    assert set(state["tasks"]) == {"a", "b", "c", "d"}
    assert {t["status"] for t in state["tasks"].values()} == {"succeeded"}
    assert not ws.beside(".journal").exists()
    assert (ws.beside(".logs") / "a.log").exists()


def test_sigkill_mid_run_loses_no_finished_task(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(_plan(extra_c="; echo $$ > c.pid; test -f go || sleep 60"))
    child = spawn(ws)
    reaper.append(child.pid)
    wait_for(ws.root / "c.pid")

    child.send_signal(signal.SIGKILL)
    child.wait(10)
    reaper.extend(pids_in(ws.root / "c.pid"))  # its own session: killed by us
    (ws.root / "go").touch()
    rerun = ws.run()

    assert rerun.code == 0, rerun.out + rerun.err
    assert [_runs(ws, t) for t in "abcd"] == [1, 1, 2, 1]


def test_the_state_file_has_a_line_per_task_and_reads_back(tmp_path: Path) -> None:
    files = PlanFiles(tmp_path / "p.plan.md")
    state = {
        "迁移-1": TaskRecord("d1", "succeeded", 1, 0, 1.5, 2.5, approved_by="--yes"),
        'quo"te': TaskRecord("d2", "failed", 2, 3, reason="执行 command exited"),
    }

    write_state(files.state, state, "p.plan.md")

    text = files.state.read_text(encoding="utf-8")
    assert [line[:6] for line in text.splitlines()[1:3]] == [' "quo\\', ' "迁移-1']
    assert json.loads(text)["plan"] == "p.plan.md"
    assert load_state(files) == state
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_start_waits_for_the_next_end_which_is_written_at_once(
    tmp_path: Path,
) -> None:
    files = PlanFiles(tmp_path / "p.plan.md")
    journal = Journal(files.journal)
    start = {"event": "start", "task": "a", "digest": "d", "attempt": 1}

    journal.append(start, now=False)
    waiting = files.journal.read_bytes()
    journal.append({"event": "end", "task": "b", "digest": "e", "status": "failed"})
    both = files.journal.read_bytes()
    journal.append(dict(start, task="c"), now=False)
    journal.close()

    assert waiting == b""
    assert [json.loads(line)["task"] for line in both.splitlines()] == ["a", "b"]
    assert {k: v.status for k, v in load_state(files).items()} == {
        "a": "running",
        "b": "failed",
        "c": "running",
    }


def test_a_long_task_shows_as_started_in_the_journal_while_it_runs(
    ws: Workspace, reaper: list[int]
) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="long"\n执行: echo $$ > long.pid; sleep 30\n'
    )
    child = spawn(ws)
    reaper.append(child.pid)
    wait_for(ws.root / "long.pid")
    reaper.extend(pids_in(ws.root / "long.pid"))

    time.sleep(0.6)  # the journal is written and synced every 0.2 s
    events = [
        json.loads(line) for line in ws.beside(".journal").read_text().splitlines()
    ]
    child.terminate()
    child.communicate(timeout=20)

    assert [e["task"] for e in events if e["event"] == "start"] == ["long"]


def test_a_torn_journal_line_is_ignored(tmp_path: Path) -> None:
    files = PlanFiles(tmp_path / "p.plan.md")
    files.journal.write_text(
        '{"event":"end","task":"a","digest":"d1","status":"succeeded"}\n'
        '{"event":"end","task":"b","dig',
        encoding="utf-8",
    )

    journal = Journal(files.journal)
    journal.append({"event": "end", "task": "c", "digest": "d3", "status": "failed"})
    journal.close()

    state = load_state(files)
    assert {k: v.status for k, v in state.items()} == {"a": "succeeded", "c": "failed"}


def test_a_second_run_of_the_same_plan_is_refused(ws: Workspace) -> None:
    ws.write(_plan())
    holder = Journal(ws.beside(".journal"))
    try:
        result = ws.run()
    finally:
        holder.close()

    assert result.code == 2
    assert "another run" in result.err
    assert _runs(ws, "a") == 0


def test_the_state_file_is_compacted_while_the_run_goes_on(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="一" mode="serial"\n'
        '## TASK ## id="a"\n执行: true\n'
        '## TASK ## id="b"\n执行: sleep 0.6; cp test.plan.md.state.json seen.json\n'
    )
    options = RunOptions(cwd=str(ws.root), compact_every=0.1)

    result = execute(make_schedule(load(ws.plan)), options, io.StringIO())

    assert result.exit_code == 0
    seen = json.loads((ws.root / "seen.json").read_text(encoding="utf-8"))
    assert seen["tasks"]["a"]["status"] == "succeeded"
    assert seen["tasks"]["b"]["status"] == "running"


def test_every_later_rerun_still_skips_what_succeeded_once(ws: Workspace) -> None:
    # Regression (QA): the second run recorded "up-to-date", which the third
    # run did not accept as success, so every other rerun redid all the work.
    ws.write(_plan())

    outcomes = [ws.run() for _ in range(4)]

    assert [o.code for o in outcomes] == [0, 0, 0, 0]
    assert [_runs(ws, t) for t in "abcd"] == [1, 1, 1, 1]
    dry = ws.run("--dry-run")
    assert dry.out.count("up to date") == 4


def test_restart_with_only_forgets_just_the_selected_tasks(ws: Workspace) -> None:
    # Regression (QA): `--restart --only c` forgot a, b and d too, so the next
    # plain run redid them.
    ws.write(_plan())
    assert ws.run().code == 0

    assert ws.run("--restart", "--only", "c").code == 0
    assert ws.run().code == 0

    assert [_runs(ws, t) for t in "abcd"] == [1, 1, 2, 1]
    state = load_state(PlanFiles(ws.plan.resolve()))
    assert sorted(state) == ["a", "b", "c", "d"]
