"""The fix engine: safe fixes by default, repeated until stable, no overlaps."""

from __future__ import annotations

from pathlib import Path

import planlint
from planlint.checks import Diagnostic, Edit
from planlint.checks.fixes import apply_edits, fix_text
from planlint.syntax import Span, read_text
from tests.conftest import CORPUS


def _linter(path: str):  # type: ignore[no-untyped-def]
    def lint(text: str) -> list[Diagnostic]:
        return planlint.check(planlint.plan_from_text(text, path))

    return lint


def _fix(name: str, unsafe: bool = False) -> tuple[str, list[str]]:
    path = str(CORPUS / name)
    text, _ = read_text(Path(path))
    result = fix_text(text, path, _linter(path), unsafe=unsafe)
    return result.text, sorted({d.code for d in result.remaining})


def test_legacy_markers_are_rewritten_and_look_alikes_left_alone() -> None:
    fixed, remaining = _fix("legacy-task-markers.plan.md")

    assert "## TASK ## 统一日志输出格式\n" in fixed
    assert "## TASK:" not in fixed and "## TASK##" not in fixed
    assert "### TASK\n" in fixed and "## Task ##\n" in fixed
    assert remaining == ["PL006"]


def test_header_counts_are_corrected_keeping_the_fullwidth_colon() -> None:
    fixed, remaining = _fix("header-count-mismatch.plan.md")

    assert "# 总阶段数: 4\n" in fixed
    assert "# 预计任务数：8\n" in fixed
    assert remaining == []


def test_crlf_survives_fixing() -> None:
    path = CORPUS / "crlf-line-endings.plan.md"
    text, _ = read_text(path)
    broken = text.replace("## TASK ##", "## TASK##", 1)

    result = fix_text(broken, str(path), _linter(str(path)))

    assert result.text == text
    assert result.applied == 1


def test_unsafe_fixes_only_when_asked() -> None:
    safe, safe_left = _fix("unknown-dependency.plan.md")
    unsafe, unsafe_left = _fix("unknown-dependency.plan.md", unsafe=True)

    assert 'depends_on="shema"' in safe and "PL202" in safe_left
    assert 'depends_on="seed"' in safe  # PL207: the empty item is dropped
    assert 'depends_on="schema"' in unsafe
    assert "copy_users" in unsafe  # two close ids: no fix is offered
    assert "PL202" in unsafe_left


def test_apply_edits_keeps_text_between_edits() -> None:
    edits = [Edit("p", Span(4, 5), "😀"), Edit("p", Span(0, 1), "")]

    assert apply_edits("a文件b：c", edits) == "文件b😀c"
