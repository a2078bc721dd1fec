"""`@path` includes as FORMAT.md §6 says: where they resolve, and what fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import planlint
from planlint.model import Include, Place, Plan
from tests.conftest import CORPUS


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _where(place: Place) -> tuple[str, int]:
    return os.path.normpath(place.path), place.start.line + 1


def _outcomes(plan: Plan) -> list[tuple[str, str | None, tuple[str, int]]]:
    return [(i.target, i.error, _where(i.source.place)) for i in plan.includes]


def test_corpus_includes_resolve_nested_and_report_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CORPUS)

    plan = planlint.load("include-missing-file.plan.md")

    scan = os.path.join("include-parts", "scan-tasks.md")
    assert _outcomes(plan) == [
        ("include-parts/scan-tasks.md", None, ("include-missing-file.plan.md", 7)),
        ("shared-rules.md", None, (scan, 10)),
        ("shared-rules.md", None, (scan, 20)),
        ("include-parts/analyze-tasks.md", "not-found", ("include-missing-file.plan.md", 11)),
        ("include-parts/summary-task.md", None, ("include-missing-file.plan.md", 14)),
        ("include-part/notes.md", "not-found", ("include-missing-file.plan.md", 15)),
    ]  # fmt: skip
    shared = [i.resolved for i in plan.includes if i.target == "shared-rules.md"]
    assert shared == [Path("include-parts/shared-rules.md")] * 2


def test_included_tasks_point_into_the_file_they_come_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CORPUS)

    plan = planlint.load("include-missing-file.plan.md")

    tasks = [(t.title, _where(t.place)) for s in plan.stages for t in s.tasks]
    assert tasks == [
        ("扫描 npm 依赖", (os.path.join("include-parts", "scan-tasks.md"), 5)),
        ("扫描 Python 依赖", (os.path.join("include-parts", "scan-tasks.md"), 15)),
        ("汇总依赖报告", (os.path.join("include-parts", "summary-task.md"), 1)),
    ]
    assert [len(s.tasks) for s in plan.stages] == [2, 0, 1]
    first = plan.stages[0].tasks[0]
    rules = [pl for pl in first.body if "风险等级只用" in pl.line.text]
    assert [_where(pl.place) for pl in rules] == [
        (os.path.join("include-parts", "shared-rules.md"), 3)
    ]


def test_a_file_included_twice_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)

    plan = planlint.load("include-missing-file.plan.md")

    assert sorted(os.path.normpath(p) for p in plan.documents) == [
        "include-missing-file.plan.md",
        os.path.join("include-parts", "scan-tasks.md"),
        os.path.join("include-parts", "shared-rules.md"),
        os.path.join("include-parts", "summary-task.md"),
    ]


def test_a_diamond_is_no_cycle(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "plan.md": '## STAGE ## name="a" mode="serial"\n@left.md\n@right.md\n',
            "left.md": "@common.md\n",
            "right.md": "@common.md\n",
            "common.md": '## TASK ## id="x"\n文件: a\n',
        },
    )

    plan = planlint.load(tmp_path / "plan.md")

    assert [i.error for i in plan.includes] == [None] * 4
    assert [t.key for t in plan.tasks()] == ["x", "x"]


def test_a_chain_back_to_a_file_on_it_is_a_cycle(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "plan.md": '## STAGE ## name="a" mode="serial"\n@parts/loop-a.md\n',
            "parts/loop-a.md": '## TASK ## id="a"\n@loop-b.md\n',
            "parts/loop-b.md": '## TASK ## id="b"\n@./loop-a.md\n',
        },
    )

    plan = planlint.load(tmp_path / "plan.md")

    (cycle,) = [i for i in plan.includes if i.error is not None]
    assert (cycle.target, cycle.error) == ("./loop-a.md", "cycle")
    assert [p.name for p in cycle.chain] == [
        "plan.md",
        "loop-a.md",
        "loop-b.md",
        "loop-a.md",
    ]
    assert [t.key for t in plan.tasks()] == ["a", "b"]


def test_a_file_including_itself_is_a_cycle(tmp_path: Path) -> None:
    _write(tmp_path, {"plan.md": '## STAGE ## name="a" mode="serial"\n@plan.md\n'})

    plan = planlint.load(tmp_path / "plan.md")

    assert [i.error for i in plan.includes] == ["cycle"]


def test_top_level_falls_back_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        {
            "plans/plan.md": '## STAGE ## name="a" mode="serial"\n@shared.md\n',
            "plans/nested.md": "@shared.md\n",
            "shared.md": '## TASK ## id="from-cwd"\n',
        },
    )
    monkeypatch.chdir(tmp_path)

    plan = planlint.load("plans/plan.md")

    (include,) = plan.includes
    assert include.error is None and include.resolved is not None
    assert include.resolved.resolve() == (tmp_path / "shared.md").resolve()
    assert [t.key for t in plan.tasks()] == ["from-cwd"]


def test_the_plan_directory_wins_over_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        {
            "plans/plan.md": '## STAGE ## name="a" mode="serial"\n@shared.md\n',
            "plans/shared.md": '## TASK ## id="beside"\n',
            "shared.md": '## TASK ## id="from-cwd"\n',
        },
    )
    monkeypatch.chdir(tmp_path)

    plan = planlint.load("plans/plan.md")

    assert [t.key for t in plan.tasks()] == ["beside"]


def test_a_nested_include_never_falls_back_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        {
            "plans/plan.md": '## STAGE ## name="a" mode="serial"\n@parts/p.md\n',
            "plans/parts/p.md": "@shared.md\n",
            "shared.md": '## TASK ## id="from-cwd"\n',
        },
    )
    monkeypatch.chdir(tmp_path)

    plan = planlint.load("plans/plan.md")

    assert [(i.target, i.error) for i in plan.includes] == [
        ("parts/p.md", None),
        ("shared.md", "not-found"),
    ]


def test_tilde_is_not_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {"home/t.md": "## TASK ##\n", "p/plan.md": "@~/t.md\n"})
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path / "p")

    plan = planlint.load("plan.md")

    assert [(i.target, i.error) for i in plan.includes] == [("~/t.md", "not-found")]


def test_an_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"plan.md": "@locked.md\n@open.md\n", "locked.md": "x\n", "open.md": "y\n"},
    )

    def reader(path: Path) -> tuple[str, int | None]:
        if path.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(path))
        return planlint.syntax.read_text(path)

    plan = planlint.load(tmp_path / "plan.md", reader)

    assert [(i.target, i.error) for i in plan.includes] == [
        ("locked.md", "unreadable"),
        ("open.md", None),
    ]


def test_the_reader_decides_what_an_included_file_says(tmp_path: Path) -> None:
    _write(tmp_path, {"plan.md": '## STAGE ## name="a" mode="serial"\n@t.md\n'})
    _write(tmp_path, {"t.md": "on disk\n"})
    unsaved = {"t.md": '## TASK ## id="unsaved"\n'}

    def reader(path: Path) -> tuple[str, int | None]:
        if path.name in unsaved:
            return unsaved[path.name], None
        return planlint.syntax.read_text(path)

    plan = planlint.load(tmp_path / "plan.md", reader)

    assert [t.key for t in plan.tasks()] == ["unsaved"]


def test_bad_bytes_in_an_included_file_are_recorded(tmp_path: Path) -> None:
    _write(tmp_path, {"plan.md": "@bad.md\n"})
    (tmp_path / "bad.md").write_bytes(b"ok\n\xff\n")

    plan = planlint.load(tmp_path / "plan.md")

    (include,) = plan.includes
    assert include.resolved is not None
    assert plan.encoding_errors == {str(include.resolved): 3}


def test_include_target_place_skips_the_at_sign(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CORPUS)

    plan = planlint.load("include-missing-file.plan.md")

    missing: list[Include] = [i for i in plan.includes if i.error]
    places = [i.target_place for i in missing]
    assert [p.document.text[p.span.start : p.span.end] for p in places] == [
        "include-parts/analyze-tasks.md",
        "include-part/notes.md",
    ]


def test_an_included_file_goes_on_with_the_task_that_includes_it(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        {
            "plan.md": (
                '## STAGE ## name="a" mode="serial"\n'
                '## TASK ## id="t"\n'
                "@body.md\n"
                "验证: make check\n"
            ),
            "body.md": "迁移订单表\n文件: orders/**\n",
        },
    )

    plan = planlint.load(tmp_path / "plan.md")

    (task,) = plan.tasks()
    assert task.title == "迁移订单表"
    assert task.title_place is not None
    assert _where(task.title_place) == (str(tmp_path / "body.md"), 1)
    assert [(f.name, f.value) for f in task.fields] == [
        ("files", "orders/**"),
        ("verify", "make check"),
    ]
    assert [pl.line.text for pl in task.body] == [
        "迁移订单表",
        "文件: orders/**",
        "验证: make check",
    ]


def test_a_block_opened_in_an_included_file_takes_the_lines_after_it(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        {
            "plan.md": "# 计划\n@stage.md\n文件: after/**\n",
            "stage.md": '## STAGE ## name="b" mode="serial"\n## TASK ## id="u"\n',
        },
    )

    plan = planlint.load(tmp_path / "plan.md")

    assert [pl.line.text for pl in plan.header] == ["# 计划"]
    (task,) = plan.tasks()
    assert (task.key, task.stage) == ("u", plan.stages[0])
    assert [(f.value, _where(f.source.place)) for f in task.fields] == [
        ("after/**", (str(tmp_path / "plan.md"), 3))
    ]
