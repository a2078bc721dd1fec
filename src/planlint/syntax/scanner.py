"""The fast path to a Document's lines: plan.lark's lexer, replayed with `re`.

The grammar in `grammar/plan.lark` is regular: every line is one token chosen
among the line-start terminals (a marker line goes on with attribute tokens),
then a line break. Lark's contextual LALR parser spends about 13 µs per line on
that; this module matches the very same terminal patterns, in the order Lark's
contextual lexer tries them, with one `finditer` over the whole text that
yields one match per line, and builds the `Line`s directly (about 2.5 µs a
line on the generated 10,000-task plan, and no import of lark). `tests/syntax/test_scanner.py` checks that the
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
# What the scanner reads in a line beyond its kind and text, by terminal, and
# the terminal's pattern with that part in groups (numbered from the text's):
# FIELD and FENCE match what the terminal matches; a marker goes on to the line
# break, its mark (what the terminal matches) in a group.
_FIELD, _MARKER, _FENCE = 1, 2, 3
_GROUPED = {
    # the colon, then the value with any blanks after it
    "FIELD": (_FIELD, f"{_FIELD_KEY}[ \t]*([:：])[ \t]*([^\r\n]*)"),
    # the mark, then the attributes and stray text up to the break
    "TASK_MARK": (_MARKER, "({})[^\r\n]*"),
    "STAGE_MARK": (_MARKER, "({})[^\r\n]*"),
    "FENCE": (_FENCE, "{}"),
}


_Row = tuple[LineKind, int, int, int]


def _line_pattern() -> tuple[re.Pattern[str], list[_Row]]:
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
    parts = [
        f"(?P<text{i}>{grouped.format(p)})(?P<eol{i}>(?:{NL})?)"
        for i, (_, _, grouped, p) in enumerate(alternatives)
    ]
    last = len(parts)
    parts += [
        f"(?P<text{last}>)(?P<eol{last}>{NL})",
        f"(?P<text{last + 1}>)(?P<eol{last + 1}>)",
    ]
    kinds = [(kind, more) for kind, more, _, _ in alternatives]
    kinds += [(LineKind.BLANK, 0)] * 2
    pattern = re.compile("|".join(parts))
    rows: list[_Row] = [(LineKind.BLANK, 0, 0, 0)] * (pattern.groups + 1)
    for i, (kind, more) in enumerate(kinds):
        eol = pattern.groupindex[f"eol{i}"]
        rows[eol] = (kind, pattern.groupindex[f"text{i}"], eol, more)
    return pattern, rows


_LINE, _ROWS = _line_pattern()

# After a mark: each attribute token or the stray text, with the blanks
# before it (WS tokens carry nothing the lines keep). The matches are
# contiguous up to trailing blanks, so offsets add up from the mark's end.
# A well-formed attribute (ATTR) comes as its key and its value.
_TAIL = re.compile(
    f'([ \t]*)(?:({_KEY})="({_VALUE})"'
    f"|({MARKER_TERMINALS['ATTR_BAD']})|({MARKER_TERMINALS['REST']}))"
)
_BREAKS = re.compile(NL)
_STYLES = {  # every spelling that TASK_MARK and STAGE_MARK match
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
