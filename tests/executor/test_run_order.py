"""Order and limits: serial stages, dependencies, stages, workers, file scopes."""

from __future__ import annotations

import re

from tests.conftest import CORPUS
from tests.executor.runhelp import WORK, Workspace, max_concurrent


def test_serial_stage_runs_in_file_order_one_at_a_time(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="串行" mode="serial"\n'
        + "".join(
            f'## TASK ## id="t{i}"\n第 {i} 步\n{WORK.format(seconds=0.05)}\n\n'
            for i in (3, 1, 2)
        )
    )

    result = ws.run()

    assert result.code == 0, result.err
    intervals = ws.intervals()
    assert ws.started() == ["t3", "t1", "t2"]
    assert max_concurrent(list(intervals.values())) == 1


def test_stages_and_dependencies_wait_for_what_they_need(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="a" mode="parallel" max_workers="3"\n'
        f'## TASK ## id="slow"\n文件: a/\n{WORK.format(seconds=0.4)}\n'
        f'## TASK ## id="fast"\n文件: b/\n{WORK.format(seconds=0.05)}\n'
        f'## TASK ## id="after-fast" depends_on="fast"\n文件: c/\n'
        f"{WORK.format(seconds=0.05)}\n"
        '## STAGE ## name="b" mode="serial"\n'
        f'## TASK ## id="next"\n{WORK.format(seconds=0.05)}\n'
    )

    assert ws.run().code == 0
    spans = ws.intervals()
    assert spans["after-fast"].start >= spans["fast"].end
    # the dependency did not make it wait for unrelated work in its stage
    assert spans["after-fast"].end <= spans["slow"].end
    assert spans["next"].start >= max(s.end for k, s in spans.items() if k != "next")


def _parallel_plan(tasks: int, workers: int, seconds: float) -> str:
    body = "".join(
        f'## TASK ## id="p{i}"\n文件: dir{i}/\n{WORK.format(seconds=seconds)}\n'
        for i in range(tasks)
    )
    return f'## STAGE ## name="并行" mode="parallel" max_workers="{workers}"\n{body}'


def test_max_workers_is_reached_and_never_exceeded(ws: Workspace) -> None:
    ws.write(_parallel_plan(tasks=6, workers=3, seconds=0.3))

    assert ws.run().code == 0
    assert max_concurrent(list(ws.intervals().values())) == 3


def test_jobs_caps_every_stage(ws: Workspace) -> None:
    ws.write(_parallel_plan(tasks=4, workers=4, seconds=0.15))

    assert ws.run("--jobs", "2").code == 0
    assert max_concurrent(list(ws.intervals().values())) == 2


# FORMAT.md / corpus README: the pairs of parallel-file-conflicts.plan.md whose
# scopes overlap, as derived task ids (task N of stage 1 is s1.tN).
CONFLICTS = [
    ("s1.t2", "s1.t1"),
    ("s1.t3", "s1.t1"),
    ("s1.t3", "s1.t2"),
    ("s1.t7", "s1.t3"),
    ("s1.t5", "s1.t4"),
]


def test_overlapping_scopes_never_run_together(ws: Workspace) -> None:
    text = (CORPUS / "parallel-file-conflicts.plan.md").read_text(encoding="utf-8")
    work = WORK.format(seconds=0.2)
    ws.write(re.sub(r"^(## TASK ##\n.+\n)", rf"\1{work}\n", text, flags=re.MULTILINE))

    result = ws.run("--only", ",".join(f"s1.t{i}" for i in range(1, 8)))

    assert result.code == 0, result.out + result.err
    spans = ws.intervals()
    assert len(spans) == 7
    for a, b in CONFLICTS:
        assert not spans[a].overlaps(spans[b]), (a, b)
    peak = max_concurrent(list(spans.values()))
    assert 2 <= peak <= 4


def test_a_diamond_inside_a_parallel_stage_waits_for_both_sides(ws: Workspace) -> None:
    ws.write(
        '## STAGE ## name="菱形" mode="parallel" max_workers="4"\n'
        f'## TASK ## id="top"\n文件: a/\n{WORK.format(seconds=0.05)}\n'
        f'## TASK ## id="left" depends_on="top"\n文件: b/\n{WORK.format(seconds=0.3)}\n'
        f'## TASK ## id="right" depends_on="top"\n文件: c/\n'
        f"{WORK.format(seconds=0.05)}\n"
        f'## TASK ## id="bottom" depends_on="left,right"\n文件: d/\n'
        f"{WORK.format(seconds=0.05)}\n"
    )

    assert ws.run().code == 0
    spans = ws.intervals()
    assert spans["left"].start >= spans["top"].end
    assert spans["left"].overlaps(spans["right"])
    assert spans["bottom"].start >= max(spans["left"].end, spans["right"].end)
