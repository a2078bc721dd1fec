"""The lossless syntax tree of one plan file, as typed lines over Lark tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from lark import Token, Tree

from planlint.syntax.parser import parse_tree
from planlint.syntax.positions import LineIndex, Span

_BREAKS = re.compile(r"\r\n|\r|\n")
_FIELD = re.compile(r"(\S+?)([ \t]*)([:：])([ \t]*)(.*?)[ \t]*$")


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


@dataclass(frozen=True, slots=True)
class Attr:
    """One `key="value"` item of a marker line, well formed or not."""

    key: str
    value: str | None
    span: Span
    key_span: Span
    value_span: Span | None
    problem: AttrProblem | None = None


@dataclass(frozen=True, slots=True)
class Marker:
    """A STAGE or TASK marker line split into its parts."""

    kind: LineKind
    spelling: str
    style: MarkerStyle
    mark_span: Span
    attrs: tuple[Attr, ...]
    rest: str | None
    rest_span: Span | None


@dataclass(frozen=True, slots=True)
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


_SIMPLE_KINDS = {
    "FENCE": LineKind.FENCE,
    "FIELD": LineKind.FIELD,
    "INCLUDE": LineKind.INCLUDE,
    "COMMENT": LineKind.COMMENT,
    "BLANK": LineKind.BLANK,
    "TEXT": LineKind.TEXT,
}


class Document:
    """A parsed plan file: the Lark tree, its lines, and position lookups."""

    def __init__(self, text: str, path: str | None = None) -> None:
        self.text = text
        self.path = path
        self.tree: Tree[Token] = parse_tree(text)
        self.bom = text.startswith("\ufeff")
        self.lines: list[Line] = _lines(self.tree)

    @cached_property
    def index(self) -> LineIndex:
        return LineIndex(self.text)

    def to_text(self) -> str:
        """Print the tree back: always equal to the text it was parsed from."""
        parts: list[str] = []
        for child in self.tree.children:
            if isinstance(child, Tree):
                parts.extend(child.children)  # type: ignore[arg-type]
            else:
                parts.append(child)
        return "".join(parts)

    def line_at(self, number: int) -> Line | None:
        """The Line that covers physical line `number` (0-based)."""
        for line in self.lines:
            if line.number <= number <= line.end_number:
                return line
        return None


def parse(text: str, path: str | None = None) -> Document:
    """Parse plan text into a lossless Document; never raises on any input."""
    return Document(text, path)


def _lines(tree: Tree[Token]) -> list[Line]:
    lines: list[Line] = []
    number = 0
    pending: Line | None = None
    for child in tree.children:
        if isinstance(child, Tree):
            line = _marker_line(child, number)
            lines.append(line)
            number += 1
            continue
        kind = child.type
        if kind == "NL":
            if pending is None:
                start = child.start_pos or 0
                pending = Line(LineKind.BLANK, Span(start, start), "", "", number)
            pending.eol = child.value
            lines.append(pending)
            number = pending.end_number + 1
            pending = None
        elif kind != "BOM":
            pending = _simple_line(child, number)
    return lines


def _simple_line(token: Token, number: int) -> Line:
    start = token.start_pos or 0
    span = Span(start, start + len(token.value))
    line = Line(_SIMPLE_KINDS[token.type], span, token.value, "", number)
    if line.kind is LineKind.FIELD:
        line.field = _field(token.value, start)
    return line


def _field(text: str, start: int) -> FieldSyntax:
    match = _FIELD.match(text)
    assert match is not None  # the FIELD terminal guarantees key and colon
    return FieldSyntax(
        key=match.group(1),
        key_span=Span(start + match.start(1), start + match.end(1)),
        colon=match.group(3),
        colon_span=Span(start + match.start(3), start + match.end(3)),
        value=match.group(5),
        value_span=Span(start + match.start(5), start + match.end(5)),
    )


def _marker_line(tree: Tree[Token], number: int) -> Line:
    tokens: list[Token] = tree.children  # type: ignore[assignment]
    mark, newline = tokens[0], tokens[-1]
    start = mark.start_pos or 0
    end = newline.start_pos if newline.start_pos is not None else start
    kind = LineKind.STAGE if mark.type == "STAGE_MARK" else LineKind.TASK
    attrs: list[Attr] = []
    rest: Token | None = None
    for token in tokens[1:-1]:
        if token.type in ("ATTR", "ATTR_BAD"):
            attrs.append(_attr(token))
        elif token.type == "REST":
            rest = token
    rest_start = rest.start_pos or 0 if rest is not None else 0
    marker = Marker(
        kind=kind,
        spelling=mark.value,
        style=_style(mark.value),
        mark_span=Span(start, start + len(mark.value)),
        attrs=tuple(attrs),
        rest=rest.value if rest is not None else None,
        rest_span=Span(rest_start, rest_start + len(rest)) if rest else None,
    )
    text = "".join(tokens[:-1])
    return Line(kind, Span(start, end), text, newline.value, number, marker)


def _style(spelling: str) -> MarkerStyle:
    if spelling.endswith(":"):
        return MarkerStyle.LEGACY
    if spelling.endswith("K##"):
        return MarkerStyle.SPACING
    return MarkerStyle.CANONICAL


def _attr(token: Token) -> Attr:
    start = token.start_pos or 0
    key, _, raw = token.value.partition("=")
    key_span = Span(start, start + len(key))
    value_start = key_span.end + 1
    end = start + len(token.value)
    problem: AttrProblem | None = None
    if token.type == "ATTR":
        value, value_span = raw[1:-1], Span(value_start + 1, end - 1)
    elif not raw:
        value, value_span, problem = None, None, AttrProblem.MISSING_VALUE
    elif raw.startswith('"'):
        value, value_span = raw[1:], Span(value_start + 1, end)
        problem = AttrProblem.UNTERMINATED
    elif raw.startswith("'"):
        closed = len(raw) > 1 and raw.endswith("'")
        inner_end = end - 1 if closed else end
        value, value_span = raw[1 : len(raw) - closed], Span(value_start + 1, inner_end)
        problem = AttrProblem.SINGLE_QUOTED if closed else AttrProblem.UNTERMINATED
    else:
        value, value_span = raw, Span(value_start, end)
        problem = AttrProblem.UNQUOTED
    return Attr(key, value, Span(start, end), key_span, value_span, problem)
