"""Formatting a document or a range through planlint's formatter."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from planlint.server.documents import OpenDocument
from planlint.server.positions import Encoding, offset_at, span_range
from planlint.syntax import Span

if TYPE_CHECKING:
    from planlint.format import FormatError

logger = logging.getLogger(__name__)


class FormattingError(Exception):
    """The document cannot be formatted; the message says why and where."""


def format_document(
    document: OpenDocument,
    wanted: types.Range | None = None,
    encoding: Encoding = Encoding.UTF16,
) -> list[types.TextEdit]:
    """The formatter's edits for the whole document or the lines of `wanted`."""
    from planlint.format import FormatError, format_edits  # only when used

    span = _span(document, wanted, encoding) if wanted is not None else None
    try:
        edits = format_edits(document.text, span)
    except FormatError as error:
        raise FormattingError(_explain(document, error)) from error

    index = document.index
    return [
        types.TextEdit(range=span_range(index, edit.span, encoding), new_text=edit.text)
        for edit in edits
    ]


def _span(document: OpenDocument, wanted: types.Range, encoding: Encoding) -> Span:
    start = offset_at(document.index, wanted.start, encoding)
    end = offset_at(document.index, wanted.end, encoding)
    return Span(start, max(start, end))


def _explain(document: OpenDocument, error: FormatError) -> str:
    """What keeps the document from being formatted, with its first place."""
    problem = error.problems[0]
    where = f"line {problem.start.line + 1}, column {problem.start.column + 1}"
    more = len(error.problems) - 1
    extra = f" (and {more} more)" if more else ""
    return (
        f"not formatted: {where}: {problem.message}{extra}; fix the syntax errors first"
    )
