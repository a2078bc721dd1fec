"""A parsed plan file: its typed lines, and its Lark tree on demand."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from planlint.syntax.lines import (
    Attr,
    AttrProblem,
    FieldSyntax,
    Line,
    LineKind,
    Marker,
    MarkerStyle,
    attr,
    field_syntax,
    marker_style,
)
from planlint.syntax.positions import LineIndex, Span
from planlint.syntax.scanner import scan
from planlint.syntax.speed import paused_gc

if TYPE_CHECKING:
    from lark import Token, Tree

__all__ = [
    "Attr",
    "AttrProblem",
    "Document",
    "FieldSyntax",
    "Line",
    "LineKind",
    "Marker",
    "MarkerStyle",
    "lines_from_tree",
    "parse",
]

_SIMPLE_KINDS = {
    "FENCE": LineKind.FENCE,
    "FIELD": LineKind.FIELD,
    "INCLUDE": LineKind.INCLUDE,
    "COMMENT": LineKind.COMMENT,
    "BLANK": LineKind.BLANK,
    "TEXT": LineKind.TEXT,
}


class Document:
    """A parsed plan file: its lines, position lookups and the Lark tree.

    The lines come from `scanner.scan`, which replays the grammar's lexer in
    pure Python; `tree` runs the Lark parser itself, only when someone asks.
    Both give the same lines (`lines_from_tree(document.tree)`).
    """

    def __init__(self, text: str, path: str | None = None) -> None:
        self.text = text
        self.path = path
        self.bom = text.startswith("\ufeff")
        with paused_gc():
            self.lines: list[Line] = scan(text)

    @cached_property
    def tree(self) -> Tree[Token]:
        from planlint.syntax.parser import parse_tree

        return parse_tree(self.text)

    @cached_property
    def index(self) -> LineIndex:
        return LineIndex(self.text)

    def to_text(self) -> str:
        """Print the lines back: always equal to the text they were parsed from."""
        parts = ["\ufeff"] if self.bom else []
        for line in self.lines:
            parts.append(line.text)
            parts.append(line.eol)
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


def lines_from_tree(tree: Tree[Token]) -> list[Line]:
    """The typed lines of a Lark tree of `plan.lark` (the reference path)."""
    from lark import Tree

    lines: list[Line] = []
    number = 0
    pending: Line | None = None
    for child in tree.children:
        if isinstance(child, Tree):
            lines.append(_marker_line(child, number))
            number += 1
        elif child.type == "NL":
            if pending is None:
                start = child.start_pos or 0
                pending = Line(LineKind.BLANK, Span(start, start), "", "", number)
            pending.eol = child.value
            lines.append(pending)
            number = pending.end_number + 1
            pending = None
        elif child.type != "BOM":
            pending = _simple_line(child, number)
    return lines


def _simple_line(token: Token, number: int) -> Line:
    start = token.start_pos or 0
    span = Span(start, start + len(token.value))
    line = Line(_SIMPLE_KINDS[token.type], span, token.value, "", number)
    if line.kind is LineKind.FIELD:
        line.field = field_syntax(token.value, start)
    return line


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
            attrs.append(attr(token.value, token.start_pos or 0, token.type == "ATTR"))
        elif token.type == "REST":
            rest = token
    rest_span = _span_of(rest) if rest is not None else None
    marker = Marker(
        kind=kind,
        spelling=mark.value,
        style=marker_style(mark.value),
        mark_span=Span(start, start + len(mark.value)),
        attrs=tuple(attrs),
        rest=rest.value if rest is not None else None,
        rest_span=rest_span,
    )
    text = "".join(tokens[:-1])
    return Line(kind, Span(start, end), text, newline.value, number, marker)


def _span_of(token: Token) -> Span:
    start = token.start_pos or 0
    return Span(start, start + len(token.value))
