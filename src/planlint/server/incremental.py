"""Re-parsing only the blocks an edit touched.

Markers start at column 1, so the text from one marker line to the next can
be scanned on its own. After an edit, the lines before the changed stretch
are kept as they are, the stretch is scanned again from the start of its line
up to the first marker line after it (where the old and the new text agree
again), and the lines after that are the old ones, moved by the edit's length.
The result equals `parse(new_text)`; tests compare the two on random edits.
"""

from __future__ import annotations

import logging
from bisect import bisect_right

from planlint.syntax import Attr, Document, FieldSyntax, Line, LineKind, Marker, Span
from planlint.syntax.scanner import scan
from planlint.syntax.speed import paused_gc

logger = logging.getLogger(__name__)

_FEFF = "\ufeff"


class Rescanned(Document):
    """A Document whose lines were put together from a previous parse."""

    def __init__(self, text: str, path: str | None, lines: list[Line]) -> None:
        self.text = text
        self.path = path
        self.bom = text.startswith(_FEFF)
        self.lines = lines


def reparse(old: Document, text: str) -> Document:
    """The Document of `text`, reusing what `old` parsed outside the edit."""
    if old.text == text:
        return old
    with paused_gc():
        lines = _relined(old, text)
    if lines is None:
        return Document(text, old.path)
    return Rescanned(text, old.path, lines)


def _relined(old: Document, text: str) -> list[Line] | None:
    """The new lines, or None when a full scan is as good (edit at the top)."""
    prefix, suffix = _common_ends(old.text, text)
    lines = old.lines
    first = _line_index(lines, prefix - 1)
    start = lines[first].span.start if first > 0 else 0
    if start <= 1 or text[start] == _FEFF:
        return None

    delta = len(text) - len(old.text)
    tail = _next_marker(lines, first + 1, len(old.text) - suffix)
    stop = lines[tail].span.start + delta if tail is not None else len(text)
    middle = _scan_between(text, start, stop, lines[first].number)
    if middle is None:
        return None
    if tail is None:
        return [*lines[:first], *middle]
    shift = _line_after(middle) - lines[tail].number
    moved = [_moved(line, delta, shift) for line in lines[tail:]]
    return [*lines[:first], *middle, *moved]


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix (not overlapping)."""
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:  # the longest prefix, compared in halves at C speed
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    prefix = low
    low, high = 0, limit - prefix
    while low < high:
        middle = (low + high + 1) // 2
        if (
            old[len(old) - middle : len(old) - low]
            == new[len(new) - middle : len(new) - low]
        ):
            low = middle
        else:
            high = middle - 1
    return prefix, low


def _line_index(lines: list[Line], offset: int) -> int:
    """The index of the line that holds `offset` (a fence holds all its lines)."""
    found = bisect_right(lines, offset, key=lambda line: line.span.start) - 1
    return max(found, 0)


def _next_marker(lines: list[Line], begin: int, after: int) -> int | None:
    """The first marker line at or after index `begin` that starts past `after`."""
    index = _line_index(lines, after) + 1
    for at in range(max(index, begin), len(lines)):
        if lines[at].marker is not None and lines[at].span.start > after:
            return at
    return None


def _scan_between(text: str, start: int, stop: int, number: int) -> list[Line] | None:
    """Scan text[start:stop] as lines of the whole text; None if it spills over."""
    piece = text[start:stop]
    found = scan(piece)
    if not found or piece.startswith(_FEFF):
        return None
    last = found[-1]
    ends_clean = last.span.end + len(last.eol) == len(piece)
    if stop < len(text) and (not ends_clean or last.kind is LineKind.FENCE):
        return None  # a fence may run on past the next marker: scan it all
    return [_moved(line, start, number) for line in found]


def _line_after(lines: list[Line]) -> int:
    last = lines[-1]
    return last.end_number + 1


def _moved(line: Line, delta: int, lines: int) -> Line:
    """`line` with its offsets moved by `delta` and its number by `lines`."""
    if delta == 0 and lines == 0:
        return line
    span = line.span
    moved = Line(
        line.kind,
        Span(span.start + delta, span.end + delta),
        line.text,
        line.eol,
        line.number + lines,
    )
    if line.marker is not None:
        moved.marker = _marker(line.marker, delta)
    elif line.field is not None:
        moved.field = _field(line.field, delta)
    return moved


def _span(span: Span, delta: int) -> Span:
    return Span(span.start + delta, span.end + delta)


def _marker(marker: Marker, delta: int) -> Marker:
    rest = _span(marker.rest_span, delta) if marker.rest_span is not None else None
    return Marker(
        marker.kind,
        marker.spelling,
        marker.style,
        _span(marker.mark_span, delta),
        tuple(_attr(attr, delta) for attr in marker.attrs),
        marker.rest,
        rest,
    )


def _attr(attr: Attr, delta: int) -> Attr:
    value = _span(attr.value_span, delta) if attr.value_span is not None else None
    return Attr(
        attr.key,
        attr.value,
        _span(attr.span, delta),
        _span(attr.key_span, delta),
        value,
        attr.problem,
    )


def _field(field: FieldSyntax, delta: int) -> FieldSyntax:
    return FieldSyntax(
        field.key,
        _span(field.key_span, delta),
        field.colon,
        _span(field.colon_span, delta),
        field.value,
        _span(field.value_span, delta),
    )
