"""Re-parsing only the touched blocks gives exactly the lines of a full parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planlint.server.incremental import Rescanned, reparse
from planlint.syntax import Document, parse
from tests.server.lsp import CORPUS, SEED

PIECES = st.sampled_from(
    ["a", " ", "名", "😀", "\n", "\r\n", "\r", "```\n", "~~~", "   ```", "\ufeff",
     "## STAGE ## ", "## TASK ## ", 'id="x" ', "文件: a\n", "@p\n", "#", "\x0c"]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=40).map("".join)
PLANS = sorted(CORPUS.glob("*.plan.md")) + [SEED]


def _same(document: Document, text: str) -> None:
    full = parse(text)
    assert document.text == text
    assert document.lines == full.lines
    assert document.bom == full.bom
    assert document.to_text() == text


@settings(max_examples=200)
@given(
    TEXTS,
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 60), TEXTS), max_size=4),
)
def test_random_edits(text: str, edits: list[tuple[int, int, str]]) -> None:
    document = parse(text)
    for where, length, new in edits:
        start = where % (len(text) + 1)
        text = text[:start] + new + text[start + length :]
        document = reparse(document, text)
        _same(document, text)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_typing_on_every_line_of_the_corpus(plan: Path) -> None:
    text = plan.read_text(encoding="utf-8")
    document = parse(text)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for start in starts[:: max(1, len(starts) // 60)]:
        typed = text[:start] + "## TASK ## 新" + text[start:]
        _same(reparse(document, typed), typed)


def test_an_edit_far_below_keeps_the_lines_above() -> None:
    text = (CORPUS / "very-long-plan.plan.md").read_text(encoding="utf-8")
    document = parse(text)
    at = text.index("## TASK ##", len(text) // 2)

    edited = reparse(document, text[:at] + "说明\n" + text[at:])

    assert isinstance(edited, Rescanned)
    kept = sum(1 for old, new in zip(document.lines, edited.lines) if old is new)
    assert kept > len(document.lines) // 3


def test_a_rescanned_document_has_the_attributes_of_a_parsed_one() -> None:
    text = SEED.read_text(encoding="utf-8")
    edited = reparse(parse(text), text.replace("备份生产数据库", "备份生产库"))

    assert isinstance(edited, Rescanned)
    assert set(vars(edited)) == set(vars(parse(text)))
