"""The typed lines of a plan file and how each is built from its token text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from planlint.syntax.positions import Span
from planlint.syntax.speed import value_class

_BREAKS = re.compile(r"\r\n|\r|\n")


class LineKind(StrEnum):
    STAGE = "stage"
    TASK = "task"
    FENCE = "fence"
    FIELD = "field"
    INCLUDE = "include"
    COMMENT = "comment"
    BLANK = "blank"
    TEXT = "text"


class MarkerStyle(StrEnum):
    CANONICAL = "canonical"  # ## STAGE ## / ## TASK ##
    LEGACY = "legacy"  # ## TASK: / ## TASK ##:
    SPACING = "spacing"  # ## TASK##


class AttrProblem(StrEnum):
    MISSING_VALUE = "missing-value"  # id=
    UNQUOTED = "unquoted"  # id=a
    SINGLE_QUOTED = "single-quoted"  # id='a'
    UNTERMINATED = "unterminated"  # id="a


@value_class
class Attr:
    """One `key="value"` item of a marker line, well formed or not."""

    key: str
    value: str | None
    span: Span
    key_span: Span
    value_span: Span | None
    problem: AttrProblem | None = None


@value_class
class Marker:
    """A STAGE or TASK marker line split into its parts."""

    kind: LineKind
    spelling: str
    style: MarkerStyle
    mark_span: Span
    attrs: tuple[Attr, ...]
    rest: str | None
    rest_span: Span | None


@value_class
class FieldSyntax:
    """A `key: value` field line (`文件: a.ts`), ASCII or full-width colon."""

    key: str
    key_span: Span
    colon: str
    colon_span: Span
    value: str
    value_span: Span


@dataclass(slots=True)
class Line:
    """One line of the file; a fenced block is one Line over several lines."""

    kind: LineKind
    span: Span
    text: str
    eol: str
    number: int
    marker: Marker | None = None
    field: FieldSyntax | None = None

    @property
    def end_number(self) -> int:
        if self.kind is not LineKind.FENCE:
            return self.number
        return self.number + len(_BREAKS.findall(self.text))


def field_syntax(text: str, start: int) -> FieldSyntax:
    """Split a FIELD token (`验证： make test`) into key, colon and value."""
    after_key = text[2:].lstrip(" \t")  # the FIELD terminal: a 2-char key, a colon
    colon = len(text) - len(after_key)
    after_colon = after_key[1:].lstrip(" \t")
    value_start = start + len(text) - len(after_colon)
    value = after_colon.rstrip(" \t")
    return FieldSyntax(
        text[:2],
        Span(start, start + 2),
        text[colon],
        Span(start + colon, start + colon + 1),
        value,
        Span(value_start, value_start + len(value)),
    )


def marker_style(spelling: str) -> MarkerStyle:
    if spelling.endswith(":"):
        return MarkerStyle.LEGACY
    if spelling.endswith("K##"):
        return MarkerStyle.SPACING
    return MarkerStyle.CANONICAL


def attr(text: str, start: int, well_formed: bool) -> Attr:
    """The Attr of an ATTR (`well_formed`) or ATTR_BAD token at `start`."""
    key, _, raw = text.partition("=")
    key_end = start + len(key)
    end = start + len(text)
    if well_formed:
        spans = Span(start, end), Span(start, key_end), Span(key_end + 2, end - 1)
        return Attr(key, raw[1:-1], *spans)
    return _bad_attr(key, raw, Span(start, key_end), end)


def _bad_attr(key: str, raw: str, key_span: Span, end: int) -> Attr:
    value_start = key_span.end + 1
    span = Span(key_span.start, end)
    if not raw:
        return Attr(key, None, span, key_span, None, AttrProblem.MISSING_VALUE)
    if raw[0] == '"':
        inner = Span(value_start + 1, end)
        return Attr(key, raw[1:], span, key_span, inner, AttrProblem.UNTERMINATED)
    if raw[0] == "'":
        closed = len(raw) > 1 and raw.endswith("'")
        inner = Span(value_start + 1, end - 1 if closed else end)
        problem = AttrProblem.SINGLE_QUOTED if closed else AttrProblem.UNTERMINATED
        return Attr(key, raw[1 : len(raw) - closed], span, key_span, inner, problem)
    value_span = Span(value_start, end)
    return Attr(key, raw, span, key_span, value_span, AttrProblem.UNQUOTED)
