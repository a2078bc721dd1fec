"""What makes a syntax tree untrustworthy for formatting, found on the tree alone.

The formatter reorders attributes and rewrites lines by their kind, so it needs
every marker's attributes to be well delimited and unique, the text to be real
UTF-8, and every code fence to be closed (PL011: an unclosed fence turns the rest of
the file into code, hiding markers the author meant).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planlint.syntax import (
    Attr,
    AttrProblem,
    Document,
    Line,
    LineKind,
    Position,
    Span,
    first_bad_offset,
)
from planlint.syntax.fences import is_closed, opening_run

_NAMES = {
    "PL003": "bad-attr-syntax",
    "PL004": "duplicate-attr",
    "PL010": "invalid-encoding",
    "PL011": "unclosed-fence",
}
_FIRST_LINE = re.compile(r"[^\r\n]*")
_HOW = {
    AttrProblem.MISSING_VALUE: 'has no value; write {key}="…"',
    AttrProblem.UNQUOTED: 'has an unquoted value; write {key}="{value}"',
    AttrProblem.SINGLE_QUOTED: 'is single-quoted; write {key}="{value}"',
    AttrProblem.UNTERMINATED: 'has no closing quote; write {key}="{value}"',
}


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A reason not to format: rule code, rule name and place."""

    code: str
    name: str
    message: str
    span: Span
    start: Position  # 0-based line, code-point column
    line: int  # number of the tree Line it is on (`Line.number`)

    def describe(self, path: str) -> str:
        """`path:line:col: CODE message`, 1-based, as the linter prints it."""
        where = f"{path}:{self.start.line + 1}:{self.start.column + 1}"
        return f"{where}: {self.code} {self.message}"


class FormatError(Exception):
    """The text has syntax errors, so formatting it could change its meaning."""

    def __init__(self, problems: tuple[SyntaxProblem, ...]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(f"{len(problems)} syntax error(s), first: {first.message}")


def find_problems(document: Document) -> list[SyntaxProblem]:
    """Every reason, in file order, why `document` should not be formatted."""
    found = list(_encoding(document))
    for line in document.lines:
        if line.marker is not None:
            found.extend(_bad_attrs(document, line))
            found.extend(_duplicate_attrs(document, line))
        elif line.kind is LineKind.FENCE and not is_closed(line.text):
            found.append(_unclosed(document, line))
    return sorted(found, key=lambda p: (p.span.start, p.code))


def _problem(
    document: Document, line: Line, code: str, message: str, span: Span
) -> SyntaxProblem:
    start = document.index.position(span.start)
    return SyntaxProblem(code, _NAMES[code], message, span, start, line.number)


def _encoding(document: Document) -> Iterator[SyntaxProblem]:
    bad = first_bad_offset(document.text)
    if bad is None:
        return

    line = _line_of(document, bad)
    message = "the file is not valid UTF-8 (first bad byte here); re-save it as UTF-8"
    yield _problem(document, line, "PL010", message, Span(bad, bad + 1))


def _line_of(document: Document, offset: int) -> Line:
    for line in document.lines:
        if line.span.start <= offset <= line.span.end:
            return line
    return document.lines[-1]


def _bad_attrs(document: Document, line: Line) -> Iterator[SyntaxProblem]:
    assert line.marker is not None
    for attr in line.marker.attrs:
        if attr.problem is not None:
            how = _HOW[attr.problem].format(key=attr.key, value=attr.value or "")
            message = f"attribute `{attr.key}` {how}"
            yield _problem(document, line, "PL003", message, attr.span)


def _duplicate_attrs(document: Document, line: Line) -> Iterator[SyntaxProblem]:
    assert line.marker is not None
    first: dict[str, Attr] = {}
    for attr in line.marker.attrs:
        earlier = first.setdefault(attr.key, attr)
        if earlier is not attr:
            column = document.index.position(earlier.span.start).column + 1
            message = (
                f"attribute `{attr.key}` is set twice (first at column {column});"
                " keep one"
            )
            yield _problem(document, line, "PL004", message, attr.span)


def _unclosed(document: Document, line: Line) -> SyntaxProblem:
    opener = opening_run(line.text)
    message = (
        f"code fence {opener} is never closed, so every line after it is code"
        f" (markers there are ignored); close it with a {opener} line"
    )
    opening = _FIRST_LINE.match(line.text)
    width = opening.end() if opening else 0
    span = Span(line.span.start, line.span.start + width)
    return _problem(document, line, "PL011", message, span)
