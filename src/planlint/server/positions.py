"""Our code-point positions to LSP positions in the negotiated encoding, and back.

This is the one place where columns change units: the rest of planlint counts
code points, LSP counts UTF-16 code units by default, or UTF-8 bytes or code
points when client and server agreed on them during `initialize`.
"""

from __future__ import annotations

from enum import StrEnum

from lsprotocol import types

from planlint.syntax import LineIndex, Position, Span
from planlint.syntax.positions import (
    column_from_utf8,
    column_from_utf16,
    utf8_column,
    utf16_column,
)


class Encoding(StrEnum):
    UTF8 = "utf-8"
    UTF16 = "utf-16"
    UTF32 = "utf-32"


def encoding_of(kind: str | None) -> Encoding:
    """The Encoding named by a `positionEncoding`; UTF-16, LSP's default, else."""
    try:
        return Encoding(str(kind))
    except ValueError:
        return Encoding.UTF16


def to_units(line_text: str, column: int, encoding: Encoding) -> int:
    """Code-point `column` of `line_text` in the units of `encoding`."""
    column = min(max(column, 0), len(line_text))
    if encoding is Encoding.UTF16:
        return utf16_column(line_text, column)
    if encoding is Encoding.UTF8:
        return utf8_column(line_text, column)
    return column


def from_units(line_text: str, units: int, encoding: Encoding) -> int:
    """Code-point column of `units` in `line_text`, clamped to the line."""
    units = max(units, 0)
    if encoding is Encoding.UTF16:
        return column_from_utf16(line_text, units)
    if encoding is Encoding.UTF8:
        return column_from_utf8(line_text, units)
    return min(units, len(line_text))


def lsp_position(
    index: LineIndex, position: Position, encoding: Encoding
) -> types.Position:
    """An LSP position for our `position` in the text `index` covers."""
    if position.line >= index.line_count:
        return end_position(index, encoding)
    line_text = index.line_text(position.line)
    units = to_units(line_text, position.column, encoding)
    return types.Position(line=position.line, character=units)


def end_position(index: LineIndex, encoding: Encoding) -> types.Position:
    """The LSP position just after the last character of the text."""
    last = index.line_count - 1
    line_text = index.line_text(last)
    units = to_units(line_text, len(line_text), encoding)
    return types.Position(line=last, character=units)


def lsp_range(
    index: LineIndex, start: Position, end: Position, encoding: Encoding
) -> types.Range:
    return types.Range(
        start=lsp_position(index, start, encoding),
        end=lsp_position(index, end, encoding),
    )


def span_range(index: LineIndex, span: Span, encoding: Encoding) -> types.Range:
    """The LSP range of a span of code-point offsets."""
    start = index.position(span.start)
    end = index.position(span.end)
    return lsp_range(index, start, end, encoding)


def our_position(
    index: LineIndex, position: types.Position, encoding: Encoding
) -> Position:
    """Our position for an LSP one; past the end of a line or file it clamps."""
    if position.line >= index.line_count:
        last = index.line_count - 1
        return Position(last, len(index.line_text(last)))
    line_text = index.line_text(max(position.line, 0))
    column = from_units(line_text, position.character, encoding)
    return Position(max(position.line, 0), column)


def offset_at(index: LineIndex, position: types.Position, encoding: Encoding) -> int:
    """The code-point offset into the text of an LSP position."""
    return index.offset(our_position(index, position, encoding))


def length_in_units(text: str, encoding: Encoding) -> int:
    """How long `text` (one line) is in the client's units."""
    return to_units(text, len(text), encoding)
