"""The semantic model of the corpus and the seed: what the executor would see."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

import planlint
from planlint.checks import Severity
from planlint.model import Mode, Place, Plan, Policy, RefKind, Task
from planlint.syntax import Position, decode
from tests.conftest import CORPUS, ROOT, SEED


def _generator() -> ModuleType:
    """bench/generate.py, which is a script and not part of the package."""
    name = "planlint_bench_generate"
    if name in sys.modules:
        return sys.modules[name]
    path = ROOT / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _load(name: str, monkeypatch: pytest.MonkeyPatch) -> Plan:
    monkeypatch.chdir(CORPUS)
    return planlint.load(name)


def _text(place: Place) -> str:
    return place.document.text[place.span.start : place.span.end]


def _line(place: Place) -> int:
    return place.start.line + 1


def _task(plan: Plan, key: str) -> Task:
    return next(task for task in plan.tasks() if task.key == key)


def test_full_featured_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("valid-full-featured.plan.md", monkeypatch)

    stages = [(s.name, s.mode, s.max_workers, len(s.tasks)) for s in plan.stages]
    assert stages == [
        ("准备基线", Mode.SERIAL, 4, 2),
        ("拆分包", Mode.PARALLEL, 3, 3),
        ("集成验证", Mode.SERIAL, 4, 2),
        ("收尾", Mode.SERIAL, 4, 2),
    ]
    assert [_line(s.place) for s in plan.stages] == [10, 39, 70, 88]
    last = plan.stages[3].depends_on
    assert [(d.ref.kind, d.ref.name, d.ref.prefixed) for d in last] == [
        (RefKind.STAGE, "1", True),
        (RefKind.STAGE, "3", True),
    ]
    assert [_text(d.place) for d in last] == ["stage:1", "stage:3"]


def test_full_featured_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("valid-full-featured.plan.md", monkeypatch)

    tasks = [(t.key, t.on_failure, t.retry, _line(t.place)) for t in plan.tasks()]
    assert tasks[4:7] == [
        ("split-notify", Policy.CONTINUE, 0, 61),
        ("wire-up", Policy.STOP, 0, 73),
        ("contract-check", Policy.RETRY, 2, 81),
    ]
    notify = _task(plan, "split-notify")
    assert notify.title == "抽出 order-notify（短信、站内信、回调）"
    assert notify.title_place is not None and _line(notify.title_place) == 62
    assert notify.files == [
        "packages/order-notify/**/*.ts",
        "packages/order-notify/package.json",
    ]
    assert notify.excludes == ["packages/shared-types/", "**/*.snap"]
    assert [f.value for f in notify.verify] == ["npm test -w order-notify"]
    assert _task(plan, "split-query").files == [
        "packages/order-query/**/*.ts",
        "packages/order-query/package.json",
    ]


def test_depends_on_items_have_exact_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("valid-full-featured.plan.md", monkeypatch)

    deps = _task(plan, "contract-check").depends_on

    assert [d.ref.name for d in deps] == ["wire-up", "freeze-api"]
    assert [_text(d.place) for d in deps] == ["wire-up", "freeze-api"]
    assert [(d.place.start.line, d.place.start.column) for d in deps] == [
        (80, 43),
        (80, 52),
    ]


def test_depends_on_slips_keep_their_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("unknown-dependency.plan.md", monkeypatch)

    copy_users = _task(plan, "copy-users").depends_on
    copy_roles = _task(plan, "copy-roles").depends_on
    stage = plan.stages[1].depends_on

    assert [(d.ref.text, d.ref.empty) for d in copy_users] == [
        ("seed", False),
        ("", True),
    ]
    assert copy_users[1].place.span.start == copy_users[1].place.span.end
    assert [(d.ref.kind, d.ref.name, d.ref.prefixed) for d in copy_roles] == [
        (RefKind.TASK, "seed", True)
    ]
    assert [(d.ref.kind, d.ref.name) for d in stage] == [
        (RefKind.STAGE, "1"),
        (RefKind.TASK, "cleanup"),
    ]


def test_anonymous_tasks_get_derived_ids_and_titles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = _load("valid-anonymous-tasks.plan.md", monkeypatch)

    tasks = list(plan.tasks())

    assert [t.key for t in tasks] == ["s1.t1", "s2.t1", "s2.t2", "s2.t3", "s3.t1"]
    assert all(t.explicit_id is None for t in tasks)
    assert [t.title for t in tasks] == [
        "现有测试分类",
        "相册列表排序规则测试",
        "缩略图缓存淘汰测试",
        "回收站恢复流程测试",
        "全局审视与收尾",
    ]
    places = [t.title_place for t in tasks]
    assert [(_line(p), _text(p)) for p in places if p] == [
        (10, "现有测试分类"),
        (23, "相册列表排序规则测试"),
        (29, "缩略图缓存淘汰测试"),
        (36, "回收站恢复流程测试"),
        (46, "全局审视与收尾"),
    ]
    assert plan.stages[1].max_workers == 4 and plan.stages[1].mode is Mode.PARALLEL


def test_legacy_markers_split_tasks_and_look_alikes_stay_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = _load("legacy-task-markers.plan.md", monkeypatch)

    first, second = plan.stages
    assert [t.title for t in first.tasks] == [
        "盘点现有采集脚本",
        "统一日志输出格式",
        "补充日志轮转配置",
        "删除已废弃的采集脚本",
    ]
    (check,) = second.tasks
    assert _line(check.place) == 33
    assert _line(check.body[-1].place) == 46
    assert check.files == ["docs/ops/collectors.md"]


def test_header_counts_with_either_colon(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("header-count-mismatch.plan.md", monkeypatch)

    counts = [(c.what, c.value, _line(c.source.place)) for c in plan.counts]

    assert counts == [("stages", 3, 3), ("tasks", 7, 4)]
    assert [_text(Place(c.source.document, c.value_span)) for c in plan.counts] == [
        "3",
        "7",
    ]
    assert (len(plan.stages), len(list(plan.tasks()))) == (4, 8)
    assert [_line(pl.place) for pl in plan.header] == [1, 2, 3, 4, 5]


def test_invalid_stage_settings_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("invalid-mode-and-workers.plan.md", monkeypatch)

    got = [(s.name, s.mode, s.max_workers) for s in plan.stages]

    assert got == [
        ("收集", None, 3),
        ("分级", None, 4),
        ("修复 P0", Mode.SERIAL, 4),
        ("回归", Mode.SERIAL, 4),
        ("修复 P1", Mode.PARALLEL, 4),
        ("", Mode.PARALLEL, 4),
        (None, None, 2),
    ]


def test_tasks_before_any_stage_are_orphans(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("no-stage-markers.plan.md", monkeypatch)

    (orphan,) = plan.orphan_tasks

    assert plan.stages == []
    assert (orphan.key, orphan.title, _line(orphan.place)) == (
        "s0.t1",
        "合并三批诊断处方",
        25,
    )
    assert _line(orphan.body[-1].place) == 34
    assert len(plan.header) == 24


def test_crlf_plan_has_the_model_of_its_lf_twin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crlf = _load("crlf-line-endings.plan.md", monkeypatch)
    text, _ = decode((CORPUS / "crlf-line-endings.plan.md").read_bytes())
    lf = planlint.plan_from_text(text.replace("\r\n", "\n"))

    def shape(plan: Plan) -> list[tuple[object, ...]]:
        return [
            (t.key, t.title, t.files, [f.value for f in t.verify], _line(t.place))
            for t in plan.tasks()
        ]

    assert shape(crlf) == shape(lf)
    assert len(shape(crlf)) == 3


def test_bom_plan_keeps_its_first_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("utf8-bom.plan.md", monkeypatch)

    assert plan.stages[0].name == "清理"
    assert sum(len(s.tasks) for s in plan.stages) == 3
    assert plan.header == []
    assert plan.stages[0].place.start == Position(0, 0)
    assert plan.stages[0].place.span.start == 1  # after the BOM


def test_very_long_plan_has_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _load("very-long-plan.plan.md", monkeypatch)

    assert (len(plan.stages), len(list(plan.tasks()))) == (12, 300)
    assert [c.value for c in plan.counts] == [12, 300]


def test_seed_model() -> None:
    plan = planlint.load(SEED)

    assert [len(s.tasks) for s in plan.stages] == [2, 4, 4, 1]
    assert [(c.what, c.value) for c in plan.counts] == [("stages", 4), ("tasks", 10)]
    backup = _task(plan, "backup-prod")
    assert backup.title == "备份生产数据库（完整备份，包含表结构和数据）"
    assert [f.name for f in backup.fields] == ["verify"]
    assert plan.stages[1].max_workers == 4
    assert [d.ref.name for d in plan.stages[1].depends_on] == ["1"]


def test_lines_after_includes_come_in_file_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = _load("valid-full-featured.plan.md", monkeypatch)

    numbers = [pl.line.number for pl in plan.lines()]

    assert numbers == sorted(numbers)
    assert len(numbers) == len(plan.document.lines)


@pytest.mark.parametrize("tasks", [1, 45, 400])
def test_generated_plans_build_to_their_size_and_lint_clean(tasks: int) -> None:
    plan = planlint.plan_from_text(_generator().generate(tasks, seed=tasks))

    assert len(list(plan.tasks())) == tasks
    assert [c.value for c in plan.counts] == [len(plan.stages), tasks]
    assert all(10 <= len(s.tasks) <= 30 for s in plan.stages[:-1])
    problems = [d for d in planlint.check(plan) if d.severity is not Severity.INFO]
    assert problems == []
