"""Offsets, lines and columns: code points inside, UTF-16 and UTF-8 for clients."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planlint.syntax import LineIndex, Position, Span, parse
from planlint.syntax.positions import (
    column_from_utf8,
    column_from_utf16,
    utf8_column,
    utf16_column,
)

# Lines with CJK (BMP: one UTF-16 unit), emoji and CJK Extension B (astral:
# two units), a ZWJ family, a variation selector and a full-width colon.
LINES = [
    "验证: echo 😋😋 done",
    '## TASK ## id="𠮷野家" 备份 🗄️ 数据',
    "文件：src/👨‍👩‍👧/a.ts",
    "plain ascii",
    "",
]
MIXED = "\ufeff# 标题 😋\r\n文件: 𠮷.md\r\n\rlast 🎯 line"


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_the_documented_example_in_three_units() -> None:
    line = LINES[0]

    assert len(line) == 16
    assert utf16_column(line, 16) == 18
    assert utf8_column(line, 16) == 26


@pytest.mark.parametrize("line", LINES)
def test_every_column_converts_to_utf16_and_back(line: str) -> None:
    for column in range(len(line) + 1):
        units = utf16_column(line, column)

        assert units == _utf16(line[:column])
        assert column_from_utf16(line, units) == column


@pytest.mark.parametrize("line", LINES)
def test_every_column_converts_to_utf8_and_back(line: str) -> None:
    for column in range(len(line) + 1):
        units = utf8_column(line, column)

        assert units == len(line[:column].encode("utf-8"))
        assert column_from_utf8(line, units) == column


def test_a_utf16_offset_inside_a_surrogate_pair_lands_after_it() -> None:
    line = "a😋b"

    assert column_from_utf16(line, 2) == 2
    assert column_from_utf16(line, 99) == len(line)


def test_a_surrogate_escaped_bad_byte_counts_as_one_column() -> None:
    line = "a\udcffb"

    assert utf16_column(line, 3) == 3
    assert utf8_column(line, 2) == 4  # surrogatepass: three bytes
    assert column_from_utf8(line, 4) == 2


def test_line_index_splits_at_crlf_cr_and_lf_and_skips_the_bom() -> None:
    index = LineIndex(MIXED)

    assert index.line_count == 4
    assert [index.line_text(n) for n in range(4)] == [
        "# 标题 😋",
        "文件: 𠮷.md",
        "",
        "last 🎯 line",
    ]
    assert index.starts == [1, 9, 19, 20]


def test_line_index_positions_round_trip_through_offsets() -> None:
    index = LineIndex(MIXED)

    for offset in range(1, len(MIXED) + 1):
        position = index.position(offset)
        if position.column <= len(index.line_text(position.line)):
            assert index.offset(position) == offset


def test_line_index_positions_of_known_places() -> None:
    index = LineIndex(MIXED)

    assert index.position(0) == Position(0, 0)  # the BOM itself
    assert index.position(1) == Position(0, 0)
    assert index.position(MIXED.index("𠮷")) == Position(1, 4)
    assert index.position(MIXED.index("🎯")) == Position(3, 5)
    assert index.position(len(MIXED)) == Position(3, 11)


def test_line_index_clamps_positions_past_a_line_or_the_text() -> None:
    index = LineIndex(MIXED)

    assert index.offset(Position(0, 99)) == index.line_end(0) == 7
    assert index.offset(Position(2, 5)) == 19
    assert index.offset(Position(9, 0)) == len(MIXED)


def test_line_index_of_a_text_ending_in_a_newline_has_an_empty_last_line() -> None:
    index = LineIndex("a\n")

    assert index.line_count == 2
    assert index.line_text(1) == ""
    assert index.position(2) == Position(1, 0)


def test_parts_of_lines_compare_and_hash_by_value() -> None:
    first, second = (parse('## TASK ## id="a" id="a"\n').lines[0] for _ in range(2))
    assert first.marker is not None and second.marker is not None

    one, twice = first.marker.attrs

    assert first.marker == second.marker
    assert (one.key, one.value) == (twice.key, twice.value) and one != twice
    assert {one.span, twice.span, second.marker.attrs[0].span} == {
        Span(11, 17),
        Span(18, 24),
    }


# Pieces that make, split and join line breaks, with a BOM, CJK and emoji.
PIECES = ["\r\n", "\r", "\n", "\ufeff", "a", "文件", "😋", "𠮷\r", "\n\r", ""]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_an_edited_index_equals_a_fresh_one(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)), label="start")
    end = data.draw(st.integers(start, len(text)), label="end")
    inserted = data.draw(TEXTS, label="inserted")
    new = text[:start] + inserted + text[end:]

    edited = LineIndex(text).edited(start, end, new)

    assert edited.text == new
    assert edited.starts == LineIndex(new).starts


@pytest.mark.parametrize(
    ("text", "start", "end", "inserted"),
    [
        ("a\r\nb", 2, 2, "x"),  # splits a CRLF into CR and LF
        ("a\rb", 2, 2, "\n"),  # completes a CR into CRLF
        ("a\r", 2, 2, "\n"),  # at the very end
        ("\ufeff\nb", 1, 1, "\r"),  # right after the BOM
        ("x\ufeff\n", 0, 1, ""),  # the BOM becomes the first character
        (MIXED, 8, 20, "😋\r"),
    ],
)
def test_edits_across_line_breaks(
    text: str, start: int, end: int, inserted: str
) -> None:
    new = text[:start] + inserted + text[end:]

    assert LineIndex(text).edited(start, end, new).starts == LineIndex(new).starts
