"""Semantic tokens: markers, attributes, ids, references, fields, comments."""

from __future__ import annotations

from collections.abc import Iterator

from lsprotocol import types

from planlint.model import RefKind
from planlint.server.lookup import references_in
from planlint.server.positions import Encoding, to_units
from planlint.syntax import Attr, Document, Line, LineKind, MarkerStyle, Span

TOKEN_TYPES = [
    "keyword",
    "property",
    "string",
    "variable",
    "namespace",
    "enumMember",
    "number",
    "comment",
    "macro",
]
TOKEN_MODIFIERS = ["declaration", "deprecated"]
LEGEND = types.SemanticTokensLegend(
    token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS
)
_TYPE = {name: index for index, name in enumerate(TOKEN_TYPES)}
_DECLARATION, _DEPRECATED = 1, 2
_ENUMS = {"mode", "on_failure", "confirm"}
_NUMBERS = {"max_workers", "retry", "timeout"}

Token = tuple[Span, str, int]  # span, type, modifier bits


def semantic_tokens(
    document: Document,
    encoding: Encoding = Encoding.UTF16,
    lines: range | None = None,
) -> types.SemanticTokens:
    """The tokens of a document (or of the physical `lines`), LSP-encoded."""
    data: list[int] = []
    last_line = last_start = 0
    index = document.index
    for line in document.lines:
        if lines is not None and line.number not in lines:
            continue
        text = index.line_text(line.number)
        base = index.starts[line.number]
        for span, kind, modifiers in line_tokens(line):
            start = to_units(text, span.start - base, encoding)
            end = to_units(text, span.end - base, encoding)
            delta = line.number - last_line
            data += [delta, start - (last_start if delta == 0 else 0), end - start]
            data += [_TYPE[kind], modifiers]
            last_line, last_start = line.number, start
    return types.SemanticTokens(data=data)


def line_tokens(line: Line) -> Iterator[Token]:
    """The tokens of one line, in order, none longer than the line."""
    if line.kind is LineKind.COMMENT:
        yield line.span, "comment", 0
    elif line.kind is LineKind.INCLUDE:
        yield line.span, "macro", 0
    elif line.field is not None:
        yield Span(line.field.key_span.start, line.field.colon_span.end), "property", 0
    elif line.marker is not None:
        marker = line.marker
        old = marker.style is not MarkerStyle.CANONICAL
        yield marker.mark_span, "keyword", _DEPRECATED if old else 0
        for attr in marker.attrs:
            yield attr.key_span, "property", 0
            yield from _value_tokens(attr, line.kind)


def _value_tokens(attr: Attr, kind: LineKind) -> Iterator[Token]:
    span = attr.value_span
    if span is None or span.start == span.end:
        return
    if attr.key == "depends_on":
        for ref in references_in(attr):
            if ref.text:
                stage = ref.kind is RefKind.STAGE
                yield ref.span, "namespace" if stage else "variable", 0
    elif attr.key == "id" and kind is LineKind.TASK:
        yield span, "variable", _DECLARATION
    elif attr.key in _ENUMS:
        yield span, "enumMember", 0
    elif attr.key in _NUMBERS:
        yield span, "number", 0
    else:
        yield span, "string", 0
