"""The fast path to a Document's lines: plan.lark's lexer, replayed with `re`.

The grammar in `grammar/plan.lark` is regular: every line is one token chosen
among the line-start terminals (a marker line goes on with attribute tokens),
then a line break. Lark's contextual LALR parser spends about 13 µs per line on
that; this module matches the very same terminal patterns, in the order Lark's
contextual lexer tries them, and builds the `Line`s directly (about 2 µs per
line, and no import of lark). `tests/syntax/test_scanner.py` checks that the
patterns are the grammar's and that both paths give the same lines on every
corpus file and on random text.
"""

from __future__ import annotations

import re

from planlint.syntax.lines import (
    Attr,
    Line,
    LineKind,
    Marker,
    attr,
    field_syntax,
    marker_style,
)
from planlint.syntax.positions import Span


def _fence(run: str, closer: str, info: str) -> str:
    """One FENCE alternative: opening run, body lines, optional closing line."""
    close = f" {{0,3}}{closer}[ \t]*(?=[\r\n]|\\Z)"
    body = f"(?:(?:\r\n|\r(?!\n)|\n)(?!\\Z|{close})[^\r\n]*)*"
    return f" {{0,3}}{run}{info}{body}(?:(?:\r\n|\r|\n){close})?"


_TICK_INFO = "[^`\r\n]*(?=[\r\n]|\\Z)"
_TILDE_INFO = "[^\r\n]*(?=[\r\n]|\\Z)"
_FENCES = (
    _fence("`{5,}", "`{5,}", _TICK_INFO),
    _fence("~{5,}", "~{5,}", _TILDE_INFO),
    _fence("````(?!`)", "`{4,}", _TICK_INFO),
    _fence("~~~~(?!~)", "~{4,}", _TILDE_INFO),
    _fence("```(?!`)", "`{3,}", _TICK_INFO),
    _fence("~~~(?!~)", "~{3,}", _TILDE_INFO),
)


# Terminals as Lark compiles them (`TerminalDef.pattern.to_regexp()`: escapes
# such as \r are real characters there, so these are not raw strings), in the
# order its contextual lexer tries them at the start of a line and after a
# marker: priority, then width, then pattern length.
LINE_TERMINALS = {
    "TASK_MARK": "## TASK(?: ##:?|##:?|:)",
    "STAGE_MARK": r"\#\#\ STAGE\ \#\#",
    "FENCE": "(?:" + "|".join(_FENCES) + ")",
    "FIELD": "(?:文件|排除|验证|执行)[ \t]*[:：][^\r\n]*",
    "INCLUDE": "@[^ \t\r\n][^\r\n]*",
    "COMMENT": "#[^\r\n]*",
    "BLANK": "[ \t]+(?=[\r\n]|$)",
    "TEXT": "[^\r\n]+",
}
MARKER_TERMINALS = {
    "ATTR": '[A-Za-z_][A-Za-z0-9_.-]*="[^"\r\n]*"',
    "ATTR_BAD": (
        "[A-Za-z_][A-Za-z0-9_.-]*=(?:\"[^\"\r\n]*|'[^'\r\n]*'?|[^ \t\r\n\"']*)"
    ),
    "WS": "[ \t]+",
    "REST": "[^ \t\r\n][^\r\n]*",
}
NL = "\r\n|\r|\n"

# One match per line: the line-start token and, unless it is a marker, its
# line break. Alternative i puts its token in group 2i+1 and its break in 2i+2.
_LINE = re.compile(
    "|".join(f"({p})({NL})?" for p in LINE_TERMINALS.values()) + f"|({NL})|"
)
# After a marker: each attribute token or the stray text, with the blanks
# before it (WS tokens carry nothing the lines keep). The matches are
# contiguous up to trailing blanks, so offsets add up from the marker's end.
_TAIL = re.compile(
    "([ \t]*)(?:"
    + "|".join(f"({MARKER_TERMINALS[n]})" for n in ("ATTR", "ATTR_BAD", "REST"))
    + ")"
)
_LINE_END = re.compile(f"[^\r\n]*({NL})?")
_NL = re.compile(NL)
_KINDS = (
    LineKind.TASK,
    LineKind.STAGE,
    LineKind.FENCE,
    LineKind.FIELD,
    LineKind.INCLUDE,
    LineKind.COMMENT,
    LineKind.BLANK,
    LineKind.TEXT,
)
_EMPTY_LINE = 2 * len(_KINDS) + 1
_BLANK, _FENCE, _FIELD = LineKind.BLANK, LineKind.FENCE, LineKind.FIELD


def scan(text: str) -> list[Line]:
    """The lines of `text`, exactly as `lines_from_tree(parse_tree(text))`."""
    lines: list[Line] = []
    append = lines.append
    match = _LINE.match
    size = len(text)
    pos = 1 if text.startswith("\ufeff") else 0
    number = 0
    while True:
        found = match(text, pos)
        assert found is not None  # the last alternative matches the empty string
        group = found.lastindex or _EMPTY_LINE
        if group > 4:
            line = _body_line(found, group, number)
        else:
            line = _marker_line(text, found, number)
        append(line)
        pos = line.span.end + len(line.eol)
        if pos >= size:
            return lines
        number = line.number + 1 if line.kind is not _FENCE else line.end_number + 1


def _body_line(found: re.Match[str], group: int, number: int) -> Line:
    if group == _EMPTY_LINE:
        start = found.start()
        return Line(_BLANK, Span(start, start), "", found.group(), number)

    group = (group - 1) | 1  # the token's group, whether its break matched or not
    start, end = found.span(group)
    token = found.group(group)
    kind = _KINDS[group >> 1]
    line = Line(kind, Span(start, end), token, found.group(group + 1) or "", number)
    if kind is _FIELD:
        line.field = field_syntax(token, start)
    return line


def _marker_line(text: str, found: re.Match[str], number: int) -> Line:
    start = found.start()
    spelling = found.group(1) or found.group(3)
    pos = start + len(spelling)
    tail = _LINE_END.match(text, pos)
    assert tail is not None  # every part of the pattern is optional
    end = tail.start(1) if tail.lastindex else tail.end()
    attrs, rest, rest_span = _tail(text[pos:end], pos)
    kind = LineKind.TASK if found.group(1) else LineKind.STAGE
    mark_span = Span(start, pos)
    style = marker_style(spelling)
    marker = Marker(kind, spelling, style, mark_span, attrs, rest, rest_span)
    eol = tail.group(1) or ""
    return Line(kind, Span(start, end), text[start:end], eol, number, marker)


def _tail(text: str, offset: int) -> tuple[tuple[Attr, ...], str | None, Span | None]:
    """The attributes and stray text of a marker line's `text` after the mark."""
    attrs: list[Attr] = []
    for blanks, good, bad, rest in _TAIL.findall(text):
        offset += len(blanks)
        if rest:
            return tuple(attrs), rest, Span(offset, offset + len(rest))
        token = good or bad
        attrs.append(attr(token, offset, bool(good)))
        offset += len(token)
    return tuple(attrs), None, None
