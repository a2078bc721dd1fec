"""Text edits for editors: the changed stretches of a formatting, made minimal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from planlint.syntax import Span
from planlint.syntax.speed import quick_init


@quick_init
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
    """One edit per changed piece, trimmed to what differs; touching ones merged.

    Edits stay as small as lines: an editor keeps cursors, marks and folds on
    every line that formatting does not touch. Edits that touch are merged,
    as clients may reject an insertion at the very start of another edit.
    """
    pending: TextEdit | None = None
    for piece in pieces:
        if original[piece.span.start : piece.span.end] == piece.text:
            continue

        edit = _trimmed(original, piece.span, piece.text)
        if pending is not None and pending.span.end == edit.span.start:
            edit = TextEdit(
                Span(pending.span.start, edit.span.end), pending.text + edit.text
            )
        elif pending is not None:
            yield pending
        pending = edit
    if pending is not None:
        yield pending


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
    """Length of the common prefix, by bisection on C-level slice compares."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, bound: int) -> int:
    """Length of the common suffix, at most `bound`, by bisection."""
    low, high = 0, bound
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low
