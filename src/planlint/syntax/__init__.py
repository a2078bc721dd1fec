"""Syntax layer: the lossless tree of one plan file and position helpers."""

from planlint.syntax.document import (
    Attr,
    AttrProblem,
    Document,
    FieldSyntax,
    Line,
    LineKind,
    Marker,
    MarkerStyle,
    parse,
)
from planlint.syntax.positions import LineIndex, Position, Span
from planlint.syntax.source import decode, encode, first_bad_offset, read_text

__all__ = [
    "Attr",
    "AttrProblem",
    "Document",
    "FieldSyntax",
    "Line",
    "LineIndex",
    "LineKind",
    "Marker",
    "MarkerStyle",
    "Position",
    "Span",
    "decode",
    "encode",
    "first_bad_offset",
    "parse",
    "read_text",
]
