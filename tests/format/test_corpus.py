"""The formatter on real plans: the seed, every corpus file, generated plans."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from planlint.format import apply_edits, format_edits, format_text
from planlint.syntax import encode, parse
from tests.conftest import CORPUS, SEED
from tests.format.equivalence import meaning, visible
from tests.format.plans import generator, mess, read, real_plans, to_crlf

PLANS = real_plans()


def _check_invariants(text: str) -> str:
    out = format_text(text)

    assert format_text(out) == out, "formatting twice differs from once"
    assert meaning(out) == meaning(text), "meaning changed"
    assert visible(out) == visible(text), "a visible character was lost or moved"
    assert apply_edits(text, format_edits(text)) == out
    return out


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_real_plan_keeps_its_meaning_and_is_stable(path: Path) -> None:
    _check_invariants(read(path))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_crlf_stays_crlf(path: Path) -> None:
    text = read(path)

    out = _check_invariants(to_crlf(text))

    assert "\n" not in out.replace("\r\n", "")
    assert out == to_crlf(format_text(text))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_messed_up_spelling_formats_back(path: Path) -> None:
    canonical = format_text(read(path))
    for seed in range(5):
        messy = mess(canonical, random.Random(seed))

        assert _check_invariants(messy) == canonical, f"seed {seed}"


def test_seed_is_already_canonical() -> None:
    text = read(SEED)

    assert format_text(text) == text
    assert format_edits(text) == []


def test_crlf_corpus_file_passes_check_unchanged() -> None:
    data = (CORPUS / "crlf-line-endings.plan.md").read_bytes()

    assert data.count(b"\r\n") > 10
    assert encode(format_text(read(CORPUS / "crlf-line-endings.plan.md"))) == data


def test_legacy_markers_rewritten_and_look_alikes_kept() -> None:
    """The corpus README: L6, L14, L20, L26 rewritten; L38 and L43 untouched."""
    before = read(CORPUS / "legacy-task-markers.plan.md").split("\n")
    after = format_text("\n".join(before)).split("\n")

    assert [after[n - 1] for n in (6, 14, 20, 26)] == [
        "## TASK ##",
        "## TASK ## 统一日志输出格式",
        "## TASK ##",
        "## TASK ##",
    ]
    assert [after[n - 1] for n in (38, 43)] == [before[37], before[42]]
    assert len(after) == len(before)


def test_bom_is_removed_and_nothing_else_changes() -> None:
    text = read(CORPUS / "utf8-bom.plan.md")

    assert text.startswith("\ufeff")
    assert format_text(text) == text[1:]


@pytest.mark.parametrize("tasks", [1, 37, 400])
def test_generated_plans(tasks: int) -> None:
    text = generator().generate(tasks, seed=tasks)

    out = _check_invariants(text)

    assert len(parse(out).lines) <= len(parse(text).lines)
    assert mess(out, random.Random(tasks)) != out
    assert _check_invariants(mess(out, random.Random(tasks))) == out
