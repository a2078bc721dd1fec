"""Column conversions for LSP, checked against Python's own codecs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from planlint.server.positions import (
    Encoding,
    from_units,
    lsp_position,
    our_position,
    span_range,
    to_units,
)
from planlint.syntax import LineIndex, Position, Span

LINE = "名前 😀 x 🇨🇳 é\u0301 y"
CHARS = st.sampled_from(list("ab 名前😀🚀é\u0301\t") + ["\U0001f1e8", "\U0001f1f3"])


def _oracle(line: str, column: int, encoding: Encoding) -> int:
    prefix = line[:column]
    if encoding is Encoding.UTF16:
        return len(prefix.encode("utf-16-le")) // 2
    if encoding is Encoding.UTF8:
        return len(prefix.encode("utf-8"))
    return len(prefix)


@pytest.mark.parametrize("encoding", list(Encoding))
def test_every_column_converts_like_the_codecs(encoding: Encoding) -> None:
    for column in range(len(LINE) + 1):
        units = to_units(LINE, column, encoding)

        assert units == _oracle(LINE, column, encoding)
        assert from_units(LINE, units, encoding) == column


@given(st.text(CHARS, max_size=30), st.data())
def test_round_trip(line: str, data: st.DataObject) -> None:
    column = data.draw(st.integers(0, len(line)))
    for encoding in Encoding:
        assert from_units(line, to_units(line, column, encoding), encoding) == column


def test_a_position_inside_a_surrogate_pair_moves_after_it() -> None:
    line = "a😀b"

    assert from_units(line, 2, Encoding.UTF16) == 2  # inside 😀: after it
    assert from_units(line, 3, Encoding.UTF8) == 2  # inside its 4 bytes


def test_positions_past_the_end_clamp() -> None:
    index = LineIndex("名前\nab😀\n")

    assert our_position(
        index, types.Position(line=1, character=99), Encoding.UTF16
    ) == Position(1, 3)
    assert our_position(
        index, types.Position(line=9, character=0), Encoding.UTF16
    ) == Position(2, 0)
    assert lsp_position(index, Position(7, 0), Encoding.UTF16) == types.Position(
        line=2, character=0
    )


def test_crlf_and_cr_end_lines_but_form_feed_does_not() -> None:
    index = LineIndex("a\r\nb\rc\x0cd\u2028e\n😀")
    span = Span(index.text.index("😀"), len(index.text))

    found = span_range(index, span, Encoding.UTF16)

    assert (found.start.line, found.start.character, found.end.character) == (3, 0, 2)


def test_a_bom_is_not_a_character_of_the_first_line() -> None:
    index = LineIndex("\ufeff名x")

    found = span_range(index, Span(2, 3), Encoding.UTF16)

    assert (found.start.character, found.end.character) == (1, 2)
