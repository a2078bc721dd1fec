"""PL003 bad-attr-syntax: an attribute is not written as `key="value"`.

This module also tells the value rules (PL1xx) which attribute values can be
trusted: a value whose quoting is broken is reported here, once, and nowhere
else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.sections import Section
from planlint.model import Place, Plan, Stage, Task
from planlint.syntax import Attr, AttrProblem, Document, LineKind, Marker, Span

STAGE_ATTRS = ("name", "mode", "max_workers", "depends_on", "confirm")
TASK_ATTRS = ("id", "depends_on", "on_failure", "retry", "timeout", "confirm")

_KEY_AT_END = re.compile(r"(?:^|[ \t])[A-Za-z_][A-Za-z0-9_.-]*=$")
_ATTR_IN_TITLE = re.compile(rf"(?<![\w.-])({'|'.join(TASK_ATTRS)})=\"")
_HOW = {
    AttrProblem.UNQUOTED: "is not quoted",
    AttrProblem.SINGLE_QUOTED: "is in single quotes",
    AttrProblem.UNTERMINATED: 'has no closing `"`',
}
# Quotes a Chinese or Japanese keyboard types instead of `"`: opening to closing.
_TYPOGRAPHIC = {"“": "”", "‘": "’", "「": "」", "『": "』", "＂": "＂"}

Block = Stage | Task


def runaway(attr: Attr) -> bool:
    """The value ends in `key=`: its closing quote is missing (`id="a on_failure="`)."""
    value = attr.value
    if attr.problem is not None or not value or value[-1] != "=":
        return False
    return _KEY_AT_END.search(value) is not None


def trusted(block: Block, key: str) -> Attr | None:
    """The attribute `key` of `block` if PL003 has nothing to say about it.

    A value PL003 reports (broken quoting, no value, a runaway value) is
    reported there once; the value rules look at it after it is fixed.
    """
    attr = block.attrs.get(key)
    if attr is None or attr.problem is not None or runaway(attr):
        return None
    return attr


def _quoted(text: str, start: int, opening: str) -> tuple[str, int] | None:
    """The text between the typographic quote at `start` and its closing one.

    The closing quote may come after spaces (`name=“构建 工具”`), which end an
    unquoted value, so it is looked for on the rest of the line; returns the
    text and the offset after the closing quote.
    """
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    close = text.find(_TYPOGRAPHIC[opening], start + 1, line_end)
    if close < 0:
        return None
    return text[start + 1 : close], close + 1


def value_place(block: Block, attr: Attr) -> Place:
    """Where to point at a value: the value, or the attribute when it is empty."""
    span = attr.value_span
    if span is None or span.start == span.end:
        span = attr.span
    return Place(block.document, span)


def glued_rest(marker: Marker) -> bool:
    """Text with a quote right after the last attribute: a quoting slip."""
    if not marker.attrs or marker.rest is None or marker.rest_span is None:
        return False
    last = marker.attrs[-1]
    return marker.rest_span.start == last.span.end and '"' in marker.rest


def typographic_rest(marker: Marker) -> bool:
    """The text after the attributes ends a value opened by `“` (`name=“a b”`)."""
    if not marker.attrs or marker.rest is None:
        return False
    last = marker.attrs[-1]
    value = last.value or ""
    if last.problem is not AttrProblem.UNQUOTED or value[:1] not in _TYPOGRAPHIC:
        return False
    closing = _TYPOGRAPHIC[value[0]]
    return not value.endswith(closing) and closing in marker.rest


def blocks(plan: Plan) -> list[Block]:
    """Every marker block of the plan: stages, tasks outside stages, tasks."""
    return [*plan.stages, *plan.orphan_tasks, *plan.tasks()]


def _plain(attrs: tuple[Attr, ...]) -> bool:
    """A quick pass: no attribute is broken, runs away or touches the one before."""
    end = -1
    for attr in attrs:
        value = attr.value
        if attr.problem is not None or attr.span.start == end:
            return False
        if value and value[-1] == "=":
            return False
        end = attr.span.end
    return True


class BadAttrSyntax(BlockRule):
    code = "PL003"
    name = "bad-attr-syntax"
    severity = Severity.ERROR
    summary = 'an attribute is not written as `key="value"`'
    why = (
        'Attributes are `key="value"` pairs with double quotes, separated by'
        " spaces. A missing or single quote, or a missing value, changes what"
        ' the rest of the line means: `id="a on_failure="stop"` gives the'
        " task the id `a on_failure=` and no failure policy at all. Chinese"
        ' keyboards often type `“`/`”` instead of `"`: `name=“构建”` is an'
        " unquoted value `“构建”`, quotes included."
    )
    example = "## TASK ## id=seed depends_on='schema' retry="
    instead = '## TASK ## id="seed" depends_on="schema" retry="1"'
    fix_safety = (
        "Safe: quotes an unquoted value, turns single quotes and typographic"
        " quotes (`“”`, `‘’`, `「」`, `『』`, `＂＂`) into double quotes,"
        " and inserts a missing space between two attributes. Unsafe: adds a"
        " missing closing quote, at the end of the line or where the line"
        ' suggests one (`id="a on_failure="stop"`).'
    )

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        marker = block.marker.line.marker
        assert marker is not None
        plain = _plain(marker.attrs)
        if plain and marker.rest is None:
            return ()
        return self._found(block, marker, plain)

    def _found(self, block: Block, marker: Marker, plain: bool) -> Iterator[Diagnostic]:
        if not plain:
            yield from self._attrs(block.document, marker)
        if marker.rest is not None:
            yield from self._rest(block, marker)

    def _attrs(self, document: Document, marker: Marker) -> Iterator[Diagnostic]:
        for index, attr in enumerate(marker.attrs):
            if attr.problem is not None:
                yield self._problem(document, attr)
            elif runaway(attr):
                yield self._runaway(document, marker, attr)
            elif index + 1 < len(marker.attrs):
                following = marker.attrs[index + 1]
                if following.span.start == attr.span.end:
                    yield self._glued(document, attr, following)

    def _problem(self, document: Document, attr: Attr) -> Diagnostic:
        key, value = attr.key, (attr.value or "").rstrip()
        if attr.problem is AttrProblem.MISSING_VALUE or attr.value_span is None:
            message = f'`{key}=` has no value; write `{key}="…"`'
            return self.diagnostic(Place(document, attr.span), message)

        assert attr.problem is not None
        if attr.problem is AttrProblem.UNQUOTED and value[0] in _TYPOGRAPHIC:
            return self._typographic(document, attr)
        message = f'the value of `{key}` {_HOW[attr.problem]}; write `{key}="{value}"`'
        fix = None
        if '"' not in value and "=" not in value:
            safe = attr.problem is not AttrProblem.UNTERMINATED
            quoted = Place(document, attr.span)
            fix = replace(quoted, f'{key}="{value}"', "use double quotes", safe)
        return self.diagnostic(Place(document, attr.value_span), message, fix=fix)

    def _typographic(self, document: Document, attr: Attr) -> Diagnostic:
        """`key=“value”`: the quotes a Chinese keyboard types, spaces allowed."""
        assert attr.value is not None and attr.value_span is not None
        opening = attr.value[0]
        quoted = _quoted(document.text, attr.value_span.start, opening)
        key = attr.key
        if quoted is None:
            message = (
                f"the value of `{key}` opens with the typographic quote"
                f' `{opening}` and is not closed; write `{key}="{attr.value[1:]}"`'
            )
            return self.diagnostic(Place(document, attr.value_span), message)

        inner, end = quoted
        message = (
            f"the value of `{key}` is in typographic quotes"
            f' `{opening}{_TYPOGRAPHIC[opening]}`; write `{key}="{inner}"`'
        )
        fix = None
        if '"' not in inner:
            whole = Place(document, Span(attr.span.start, end))
            fix = replace(whole, f'{key}="{inner}"', "use double quotes")
        value = Place(document, Span(attr.value_span.start, end))
        return self.diagnostic(value, message, fix=fix)

    def _runaway(self, document: Document, marker: Marker, attr: Attr) -> Diagnostic:
        assert attr.value is not None and attr.value_span is not None
        head = _KEY_AT_END.sub("", attr.value).rstrip()
        swallowed = attr.value[len(head) :].strip()
        message = (
            f"the value of `{attr.key}` runs into `{swallowed}`: probably a missing"
            f' closing quote; write `{attr.key}="{head}"`'
        )
        fix = None
        if glued_rest(marker):
            point = attr.value_span.start + len(head)
            at = Place(document, Span(point, point))
            fix = replace(at, '"', f"close the value of `{attr.key}`", safe=False)
        return self.diagnostic(Place(document, attr.value_span), message, fix=fix)

    def _glued(self, document: Document, attr: Attr, following: Attr) -> Diagnostic:
        at = Place(document, Span(following.span.start, following.span.start))
        return self.diagnostic(
            Place(document, following.key_span),
            f"no space between `{attr.key}` and `{following.key}`; separate"
            " attributes with a space",
            fix=replace(at, " ", "insert a space"),
        )

    def _rest(self, block: Block, marker: Marker) -> Iterator[Diagnostic]:
        rest, span = marker.rest, marker.rest_span
        if rest is None or span is None:
            return

        if glued_rest(marker) and not runaway(marker.attrs[-1]):
            yield self.diagnostic(
                Place(block.document, span),
                f"text `{rest}` follows `{marker.attrs[-1].key}` without a space:"
                ' probably a quote too many or too few; write `key="value"` pairs',
            )
        elif block.marker.line.kind is LineKind.TASK:
            yield from self._attr_after_title(block.document, rest, span.start)

    def _attr_after_title(
        self, document: Document, title: str, start: int
    ) -> Iterator[Diagnostic]:
        found = _ATTR_IN_TITLE.search(title)
        if found:
            at = Span(start + found.start(), start + found.end(1))
            yield self.diagnostic(
                Place(document, at),
                f"`{found.group(1)}` comes after the title, so it is read as"
                " title text; move the attributes before the title",
            )
