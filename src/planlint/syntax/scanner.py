"""The fast path to a Document's lines: plan.lark's lexer, replayed with `re`.

The grammar in `grammar/plan.lark` is regular: every line is one token chosen
among the line-start terminals (a marker line goes on with attribute tokens),
then a line break. Lark's contextual LALR parser spends about 13 µs per line on
that; this module matches the very same terminal patterns, in the order Lark's
contextual lexer tries them, with one `finditer` over the whole text that
yields one match per line, and builds the `Line`s directly (well under 2 µs a
line, and no import of lark). `tests/syntax/test_scanner.py` checks that the
patterns are the grammar's and that both paths give the same lines on every
corpus file and on random text.
"""

from __future__ import annotations

import re

from planlint.syntax.lines import (
    Attr,
    FieldSyntax,
    Line,
    LineKind,
    Marker,
    attr,
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
_KEY = "[A-Za-z_][A-Za-z0-9_.-]*"
_FIELD_KEY = "(?:文件|排除|验证|执行)"
_VALUE = '[^"\r\n]*'


# Terminals as Lark compiles them (`TerminalDef.pattern.to_regexp()`: escapes
# such as \r are real characters there, so these are not raw strings), in the
# order its contextual lexer tries them at the start of a line and after a
# marker: priority, then width, then pattern length.
LINE_TERMINALS = {
    "TASK_MARK": "## TASK(?: ##:?|##:?|:)",
    "STAGE_MARK": r"\#\#\ STAGE\ \#\#",
    "FENCE": "(?:" + "|".join(_FENCES) + ")",
    "FIELD": f"{_FIELD_KEY}[ \t]*[:：][^\r\n]*",
    "INCLUDE": "@[^ \t\r\n][^\r\n]*",
    "COMMENT": "#[^\r\n]*",
    "BLANK": "[ \t]+(?=[\r\n]|$)",
    "TEXT": "[^\r\n]+",
}
MARKER_TERMINALS = {
    "ATTR": f'{_KEY}="{_VALUE}"',
    "ATTR_BAD": f"{_KEY}=(?:\"{_VALUE}|'[^'\r\n]*'?|[^ \t\r\n\"']*)",
    "WS": "[ \t]+",
    "REST": "[^ \t\r\n][^\r\n]*",
}
NL = "\r\n|\r|\n"

_KINDS = (
    LineKind.TASK,
    LineKind.STAGE,
    LineKind.FENCE,
    LineKind.FIELD,
    LineKind.INCLUDE,
    LineKind.COMMENT,
    LineKind.BLANK,
    LineKind.TEXT,
)  # of LINE_TERMINALS, in order
# How the scanner reads a line's text beyond its kind, by terminal: as its
# parts, with the groups that _line_pattern gives them.
_FIELD, _MARKER, _FENCE = 1, 2, 3
_GROUPED = {
    # FIELD's own language: the text, then the colon and the value (and the
    # blanks after it) as groups 1 and 2
    "FIELD": (_FIELD, f"{_FIELD_KEY}[ \t]*([:：])[ \t]*([^\r\n]*)"),
    # the mark as group 1, then the attributes and stray text up to the break
    "TASK_MARK": (_MARKER, "({})[^\r\n]*"),
    "STAGE_MARK": (_MARKER, "({})[^\r\n]*"),
    "FENCE": (_FENCE, "{}"),
}


def _line_pattern() -> tuple[str, list[tuple[LineKind, int, int, int]]]:
    """One alternative per line-start terminal, each a whole line and its break.

    Every alternative is `(text)(break)`, the break group matching "" at the
    end of the text, so a match's `lastindex` is its break's group. Returns
    the pattern and, by `lastindex`, the line's kind, the group of its text,
    that of its break, and what else to read (`_FIELD`, `_MARKER`, `_FENCE`
    or 0; their parts are the groups after the text's). A line that is just
    a break, and the empty text at the very end, have an empty text group.
    """
    alternatives = [
        (kind, *_GROUPED.get(name, (0, "{}")), pattern)
        for (name, pattern), kind in zip(LINE_TERMINALS.items(), _KINDS, strict=True)
    ]
    parts = [f"({grouped.format(p)})((?:{NL})?)" for _, _, grouped, p in alternatives]
    parts += [f"()({NL})", "()()"]
    more = [m for _, m, _, _ in alternatives] + [0, 0]
    kinds = [k for k, _, _, _ in alternatives] + [LineKind.BLANK] * 2
    rows = [(LineKind.BLANK, 0, 0, 0)]  # lastindex 0 does not occur
    for part, kind, read in zip(parts, kinds, more, strict=True):
        text = len(rows)
        eol = text + re.compile(part).groups - 1
        rows += [(LineKind.BLANK, 0, 0, 0)] * (eol - text) + [(kind, text, eol, read)]
    return "|".join(parts), rows


_LINE_SOURCE, _ROWS = _line_pattern()
_LINE = re.compile(_LINE_SOURCE)

# After a mark: each attribute token or the stray text, with the blanks
# before it (WS tokens carry nothing the lines keep). The matches are
# contiguous up to trailing blanks, so offsets add up from the mark's end.
# A well-formed attribute (ATTR) comes as its key and its value.
_TAIL = re.compile(
    f'([ \t]*)(?:({_KEY})="({_VALUE})"'
    f"|({MARKER_TERMINALS['ATTR_BAD']})|({MARKER_TERMINALS['REST']}))"
)
_BREAKS = re.compile(NL)
_STYLES = {
    spelling: marker_style(spelling)
    for spelling in ("## STAGE ##", "## TASK ##", "## TASK ##:", "## TASK##")
    + ("## TASK##:", "## TASK:")
}


def scan(text: str) -> list[Line]:
    """The lines of `text`, exactly as `lines_from_tree(parse_tree(text))`."""
    lines: list[Line] = []
    append = lines.append
    rows = _ROWS
    number = 0
    for found in _LINE.finditer(text, 1 if text.startswith("\ufeff") else 0):
        kind, group, eol_group, more = rows[found.lastindex]  # type: ignore[index]
        token, eol = found.group(group, eol_group)
        start = found.start()
        line = Line(kind, Span(start, start + len(token)), token, eol, number)
        append(line)
        number += 1
        if not more:
            continue
        if more == _FIELD:  # as lines.field_syntax, from the groups
            colon, value_start = found.start(group + 1), found.start(group + 2)
            value = found.group(group + 2).rstrip(" \t")
            line.field = FieldSyntax(
                token[:2],
                Span(start, start + 2),
                token[colon - start],
                Span(colon, colon + 1),
                value,
                Span(value_start, value_start + len(value)),
            )
        elif more == _MARKER:
            line.marker = _marker_of(kind, token, found.group(group + 1), start)
        else:
            number += len(_BREAKS.findall(token))
    if len(lines) > 1:
        del lines[-1]  # the empty match at the end of the text: not a line
    return lines


def _marker_of(kind: LineKind, text: str, mark: str, start: int) -> Marker:
    """The Marker of a marker line's `text` at `start`, whose mark is `mark`."""
    offset = start + len(mark)
    attrs: list[Attr] = []
    rest: str | None = None
    rest_span: Span | None = None
    for blanks, key, value, bad, stray in _TAIL.findall(text, len(mark)):
        offset += len(blanks)
        if key:
            key_end = offset + len(key)
            end = key_end + len(value) + 3
            spans = Span(offset, end), Span(offset, key_end), Span(key_end + 2, end - 1)
            attrs.append(Attr(key, value, *spans))
            offset = end
        elif bad:
            attrs.append(attr(bad, offset, False))
            offset += len(bad)
        else:
            rest, rest_span = stray, Span(offset, offset + len(stray))
    mark_span = Span(start, start + len(mark))
    style = _STYLES[mark]
    return Marker(kind, mark, style, mark_span, tuple(attrs), rest, rest_span)
