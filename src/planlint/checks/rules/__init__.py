"""The rule modules, one per code, and small helpers that several of them share."""

from __future__ import annotations

from planlint.model import Place, Reference, RefKind
from planlint.syntax import Attr, Span


def where(place: Place, origin: Place) -> str:
    """`line 8`, or `path:8` when `place` is in another file than `origin`."""
    line = place.start.line + 1
    if place.document is origin.document:
        return f"line {line}"
    return f"{place.path}:{line}"


def stage_number(ref: Reference) -> int | None:
    """N of a `stage:N` item when N is written in ASCII digits, else None."""
    if ref.kind is not RefKind.STAGE or not (ref.name.isascii() and ref.name.isdigit()):
        return None
    return int(ref.name)


def blank(ref: Reference) -> bool:
    """An item that names nothing: empty, or a bare `task:` prefix."""
    return ref.empty or (ref.kind is RefKind.TASK and ref.prefixed and not ref.name)


def item_removal(attr: Attr, refs: list[Reference], index: int) -> Span:
    """What to delete so item `index` leaves the `depends_on` list cleanly.

    Items after the first kept one take the comma before them, the others the
    comma after them, so removing several items never edits one comma twice.
    """
    spans = _raw_items(attr)
    kept = [i for i, ref in enumerate(refs) if not blank(ref)]
    span = spans[index]
    if kept and index > kept[0]:
        return Span(span.start - 1, span.end)
    if index + 1 < len(spans):
        return Span(span.start, span.end + 1)
    return span


def _raw_items(attr: Attr) -> list[Span]:
    """The spans between the commas of the attribute value, spaces included."""
    assert attr.value is not None and attr.value_span is not None
    spans: list[Span] = []
    start = attr.value_span.start
    for raw in attr.value.split(","):
        spans.append(Span(start, start + len(raw)))
        start += len(raw) + 1
    return spans
