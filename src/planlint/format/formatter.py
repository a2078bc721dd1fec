"""Formatting a document line by line over its lossless tree, never from the model."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from planlint.format import line_endings
from planlint.format.blank_lines import place_lines
from planlint.format.edits import Piece, TextEdit, diff_pieces
from planlint.format.lines import format_line
from planlint.format.problems import FormatError, find_problems
from planlint.syntax import Document, Span, parse
from planlint.syntax.speed import paused_gc

logger = logging.getLogger(__name__)


def format_text(text: str, *, force: bool = False) -> str:
    """The canonical form of plan `text`.

    Raises FormatError when the text has syntax errors; with `force`, the
    lines that hold them are left as they are and the rest is formatted.
    """
    return "".join(piece.text for piece in _pieces(parse(text), force))


def format_edits(
    text: str, span: Span | None = None, *, force: bool = False
) -> list[TextEdit]:
    """Minimal edits that format `text`, or only the lines `span` touches."""
    pieces = _pieces(parse(text), force)
    if span is not None:
        pieces = [p for p in pieces if _touches(p.span, span, len(text))]
    return list(diff_pieces(text, pieces))


def format_document(document: Document, *, force: bool = False) -> str:
    """`format_text` for a document that is already parsed."""
    return "".join(piece.text for piece in _pieces(document, force))


def _pieces(document: Document, force: bool) -> list[Piece]:
    problems = find_problems(document)
    if problems and not force:
        raise FormatError(tuple(problems))

    kept = {problem.line for problem in problems}
    if kept:
        logger.info("formatting around %s line(s) with errors", len(kept))
    with paused_gc():  # young-generation passes would walk the whole document
        pieces = list(_line_pieces(document, kept))
    if document.bom:
        pieces.insert(0, Piece(Span(0, 1), ""))
    return pieces


def _line_pieces(document: Document, kept: set[int]) -> Iterator[Piece]:
    """One piece per line: the line and its ending, and what replaces them.

    A line kept for its errors (with `force`) stays byte for byte, ending too.
    """
    lines = document.lines
    above = ""  # the ending of the last line written
    for line, placement in zip(lines, place_lines(lines), strict=True):
        span = Span(line.span.start, line.span.end + len(line.eol))
        if not placement.keep:
            yield Piece(span, "")
            continue

        if placement.blank_before:
            yield Piece(Span(span.start, span.start), line_endings.added(above))
        if line.number in kept:
            content, ending = line.text, line.eol
        else:
            content, ending = format_line(line), line.eol or line_endings.added(above)
        yield Piece(span, content + ending)
        above = ending


def _touches(piece: Span, selection: Span, length: int) -> bool:
    """Whether a line is in a selection; an empty one is the cursor's line.

    An empty piece (a blank line added before a marker) and the file's last
    line reach one past their end, so a selection starting there has them.
    """
    end = piece.end
    if end == piece.start or end == length:
        end += 1
    return piece.start < max(selection.end, selection.start + 1) and (
        selection.start < end
    )
