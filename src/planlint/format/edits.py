"""Text edits for editors: the changed stretches of a formatting, made minimal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from planlint.syntax import Span


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the original text (`span`) and what formatting makes of it."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace `span` (code-point offsets into the original text) with `text`."""

    span: Span
    text: str


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """`text` with non-overlapping `edits` applied (any order)."""
    out: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: e.span.start):
        out.append(text[position : edit.span.start])
        out.append(edit.text)
        position = edit.span.end
    out.append(text[position:])
    return "".join(out)


def diff_pieces(original: str, pieces: Iterable[Piece]) -> Iterator[TextEdit]:
    """One edit per run of adjacent changed pieces, trimmed to what differs."""
    start: int | None = None
    end = 0
    new: list[str] = []
    for piece in pieces:
        if original[piece.span.start : piece.span.end] == piece.text:
            if start is not None:
                yield _trimmed(original, Span(start, end), "".join(new))
            start, new = None, []
            continue

        start = piece.span.start if start is None else start
        end = piece.span.end
        new.append(piece.text)
    if start is not None:
        yield _trimmed(original, Span(start, end), "".join(new))


def _trimmed(original: str, span: Span, text: str) -> TextEdit:
    """Drop the common prefix and suffix, never splitting a CRLF pair."""
    old = original[span.start : span.end]
    head = _common_prefix(old, text)
    if _splits_crlf(old, head):
        head -= 1
    tail = _common_suffix(old, text, min(len(old), len(text)) - head)
    if _splits_crlf(old, len(old) - tail):
        tail -= 1

    new = text[head : len(text) - tail]
    return TextEdit(Span(span.start + head, span.end - tail), new)


def _splits_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"


def _common_prefix(a: str, b: str) -> int:
    bound = min(len(a), len(b))
    count = 0
    while count < bound and a[count] == b[count]:
        count += 1
    return count


def _common_suffix(a: str, b: str, bound: int) -> int:
    count = 0
    while count < bound and a[-1 - count] == b[-1 - count]:
        count += 1
    return count
