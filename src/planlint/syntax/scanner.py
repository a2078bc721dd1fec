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
    Line,
    LineKind,
    Marker,
    attr,
    field_syntax,
    marker_style,
)
from planlint.syntax.positions import Span
from planlint.syntax.speed import tuple_maker


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
_VALUE = '[^"\r\n]*'


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
    "ATTR": f'{_KEY}="{_VALUE}"',
    "ATTR_BAD": f"{_KEY}=(?:\"{_VALUE}|'[^'\r\n]*'?|[^ \t\r\n\"']*)",
    "WS": "[ \t]+",
    "REST": "[^ \t\r\n][^\r\n]*",
}
NL = "\r\n|\r|\n"

# What follows a mark: every attribute token and the stray text, to the break.
_REST_OF_LINE = "[^\r\n]*"
_MARKS = ("TASK_MARK", "STAGE_MARK")
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


def _line_pattern() -> tuple[str, list[tuple[LineKind, int, int, int]]]:
    """One alternative per line-start terminal, each a whole line and its break.

    Returns the pattern and, for each `lastindex` a match can have, the line's
    kind, the group of its text, the group of its break, and what else to
    read: 1 a field, 2 a marker (its mark is the group after the text's), 3 a
    fenced block. A line with just a break, and the empty text at the very
    end, have an empty text group of their own.
    """
    parts: list[str] = []
    rows: list[tuple[LineKind, int, int, int]] = [(LineKind.BLANK, 0, 0, 0)]
    kinds = {"FENCE": 3, "FIELD": 1, **dict.fromkeys(_MARKS, 2)}
    for (name, pattern), kind in zip(LINE_TERMINALS.items(), _KINDS, strict=True):
        group = len(rows)
        if name in _MARKS:
            parts.append(f"(({pattern}){_REST_OF_LINE})({NL})?")
            rows += [(kind, group, group + 2, 2)] * 3
        else:
            parts.append(f"({pattern})({NL})?")
            rows += [(kind, group, group + 1, kinds.get(name, 0))] * 2
    group = len(rows)
    parts += [f"()({NL})", "()"]
    rows += [(LineKind.BLANK, group, group + 1, 0)] * 2
    rows.append((LineKind.BLANK, group + 2, group + 2, 0))
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
_span = tuple_maker(Span)
_attr = tuple_maker(Attr)
_marker = tuple_maker(Marker)


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
        line = Line(kind, _span((start, start + len(token))), token, eol or "", number)
        append(line)
        number += 1
        if more == 1:
            line.field = field_syntax(token, start)
        elif more == 2:
            line.marker = _marker_of(kind, token, found.group(group + 1), start)
        elif more == 3:
            number += len(_BREAKS.findall(token))
    if len(lines) > 1:
        del lines[-1]  # the empty match at the end of the text: not a line
    return lines


def _marker_of(kind: LineKind, text: str, mark: str, start: int) -> Marker:
    """The Marker of a marker line's `text` at `start`, whose mark is `mark`."""
    span, make_attr = _span, _attr
    offset = start + len(mark)
    attrs: list[Attr] = []
    for blanks, key, value, bad, stray in _TAIL.findall(text, len(mark)):
        offset += len(blanks)
        if key:
            key_end = offset + len(key)
            end = key_end + len(value) + 3
            attrs.append(
                make_attr(
                    (
                        key,
                        value,
                        span((offset, end)),
                        span((offset, key_end)),
                        span((key_end + 2, end - 1)),
                        None,
                    )
                )
            )
            offset = end
        elif bad:
            attrs.append(attr(bad, offset, False))
            offset += len(bad)
        else:
            stray_span = span((offset, offset + len(stray)))
            return _marker(
                (kind, mark, _STYLES[mark], span((start, start + len(mark))))
                + (tuple(attrs), stray, stray_span)
            )
    mark_span = span((start, start + len(mark)))
    return _marker((kind, mark, _STYLES[mark], mark_span, tuple(attrs), None, None))
