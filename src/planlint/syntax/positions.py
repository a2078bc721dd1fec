"""Offsets, line/column positions and the UTF-16 conversions that LSP needs."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from planlint.syntax.speed import quick_init, value_class

_LINE_END = re.compile(r"\r\n|\r|\n")


@value_class
class Span:
    """A half-open range of code-point offsets into one document's text."""

    start: int
    end: int


@quick_init
@dataclass(frozen=True, slots=True)
class Position:
    """A 0-based line and a 0-based column counted in code points."""

    line: int
    column: int


class LineIndex:
    """Maps offsets to positions; lines end at CRLF, CR or LF only, as in LSP.

    A leading BOM is not a character of line 1 (editors hide it), so the first
    line starts after it and the BOM itself is at column 0.
    """

    def __init__(self, text: str, starts: list[int] | None = None) -> None:
        self.text = text
        if starts is None:
            first = 1 if text.startswith("\ufeff") else 0
            starts = [first] + [m.end() for m in _LINE_END.finditer(text)]
        self.starts = starts

    def edited(self, start: int, end: int, text: str) -> LineIndex:
        """The index of `text`: this one's text with [start, end) replaced.

        Equal to `LineIndex(text)`, built from this index: a line starts after
        a line break, which depends on the two characters around it, so only
        the starts from `start` to the end of the inserted text are searched
        again; those before are kept and those after moved.
        """
        inserted_end = len(text) - (len(self.text) - end)
        if not 0 < start <= end <= len(self.text) or inserted_end < start:
            return LineIndex(text)  # at the start a BOM may come or go

        starts = self.starts
        kept = bisect_left(starts, start, 1)
        after = bisect_right(starts, end, kept)
        found = _LINE_END.finditer(text, start - 1, min(inserted_end + 1, len(text)))
        middle = [m.end() for m in found if m.end() <= inserted_end]
        delta = inserted_end - end
        moved = [s + delta for s in starts[after:]] if delta else starts[after:]
        return LineIndex(text, [*starts[:kept], *middle, *moved])

    def position(self, offset: int) -> Position:
        line = max(bisect_right(self.starts, offset) - 1, 0)
        return Position(line, max(offset - self.starts[line], 0))

    def offset(self, position: Position) -> int:
        """The offset of `position`, clamped to its line's content."""
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        return min(start + position.column, self.line_end(position.line))

    def line_end(self, line: int) -> int:
        """Offset of the end of `line`'s content, before its line break."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1]
        text = self.text
        if text[end - 1] == "\n" and end >= 2 and text[end - 2] == "\r":
            return end - 2
        return end - 1

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self.line_end(line)]

    @property
    def line_count(self) -> int:
        return len(self.starts)


def utf16_column(line_text: str, column: int) -> int:
    """Column in UTF-16 code units of code-point `column` in `line_text`."""
    prefix = line_text[:column]
    return column + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def column_from_utf16(line_text: str, units: int) -> int:
    """Code-point column of UTF-16 offset `units` (inside a pair: after it)."""
    count = 0
    for column, ch in enumerate(line_text):
        if count >= units:
            return column
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(line_text)


def utf8_column(line_text: str, column: int) -> int:
    """Column in UTF-8 bytes of code-point `column` in `line_text`."""
    return len(line_text[:column].encode("utf-8", "surrogatepass"))


def column_from_utf8(line_text: str, units: int) -> int:
    """Code-point column of UTF-8 byte offset `units`."""
    count = 0
    for column, ch in enumerate(line_text):
        if count >= units:
            return column
        count += len(ch.encode("utf-8", "surrogatepass"))
    return len(line_text)
