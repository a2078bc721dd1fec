"""Marker lines and field lines split into parts with exact spans, as data."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planlint.syntax import AttrProblem, LineKind, MarkerStyle, Span, parse
from planlint.syntax.lines import field_syntax

# The field reading as a regular expression: the oracle for field_syntax.
FIELD_ORACLE = re.compile(r"(\S+?)([ \t]*)([:：])([ \t]*)(.*?)[ \t]*$")

P = AttrProblem

# marker line -> (style, [(key, value, problem, text at span, text at value_span)])
ATTRS: dict[
    str, tuple[MarkerStyle, list[tuple[str, str | None, P | None, str, str]]]
] = {
    '## STAGE ## name="构建" mode="parallel"': (
        MarkerStyle.CANONICAL,
        [
            ("name", "构建", None, 'name="构建"', "构建"),
            ("mode", "parallel", None, 'mode="parallel"', "parallel"),
        ],
    ),
    '## TASK ## id="a" depends_on="b, c"': (
        MarkerStyle.CANONICAL,
        [
            ("id", "a", None, 'id="a"', "a"),
            ("depends_on", "b, c", None, 'depends_on="b, c"', "b, c"),
        ],
    ),
    '## TASK ## id=""': (MarkerStyle.CANONICAL, [("id", "", None, 'id=""', "")]),
    "## TASK ## id=": (
        MarkerStyle.CANONICAL,
        [("id", None, P.MISSING_VALUE, "id=", "")],
    ),
    "## TASK ## id=a-1": (
        MarkerStyle.CANONICAL,
        [("id", "a-1", P.UNQUOTED, "id=a-1", "a-1")],
    ),
    "## TASK ## id='a'": (
        MarkerStyle.CANONICAL,
        [("id", "a", P.SINGLE_QUOTED, "id='a'", "a")],
    ),
    "## TASK ## id='a": (
        MarkerStyle.CANONICAL,
        [("id", "a", P.UNTERMINATED, "id='a", "a")],
    ),
    "## TASK ## id='": (
        MarkerStyle.CANONICAL,
        [("id", "", P.UNTERMINATED, "id='", "")],
    ),
    '## TASK ## id="备份 🗄️': (
        MarkerStyle.CANONICAL,
        [("id", "备份 🗄️", P.UNTERMINATED, 'id="备份 🗄️', "备份 🗄️")],
    ),
    '## TASK ## id="a"retry="2"': (
        MarkerStyle.CANONICAL,
        [("id", "a", None, 'id="a"', "a"), ("retry", "2", None, 'retry="2"', "2")],
    ),
    '## TASK:  on_failure="stop"\t': (
        MarkerStyle.LEGACY,
        [("on_failure", "stop", None, 'on_failure="stop"', "stop")],
    ),
    "## TASK ##:": (MarkerStyle.LEGACY, []),
    '## TASK## id="x"': (MarkerStyle.SPACING, [("id", "x", None, 'id="x"', "x")]),
    "## TASK##:": (MarkerStyle.LEGACY, []),
}

# marker line -> (rest, text at rest_span) or None when nothing follows
RESTS: dict[str, tuple[str, str] | None] = {
    "## TASK ## 重构模块 A": ("重构模块 A", "重构模块 A"),
    '## TASK ## id="a" 标题 😋 x="y"': ('标题 😋 x="y"', '标题 😋 x="y"'),
    '## STAGE ## name="a" mode="serial" 多余': ("多余", "多余"),
    '## STAGE ## "a" mode="serial"': ('"a" mode="serial"', '"a" mode="serial"'),
    '## TASK ## id="a"   ': None,
    "## TASK ##": None,
    "## TASK:统一日志": ("统一日志", "统一日志"),
    "## STAGE ##name": ("name", "name"),
}

# field line -> (key, colon, value, text at value_span)
FIELDS: dict[str, tuple[str, str, str, str]] = {
    "文件: a.ts, b/": ("文件", ":", "a.ts, b/", "a.ts, b/"),
    "排除：dist/": ("排除", "：", "dist/", "dist/"),
    "验证 ：  make test  \t": ("验证", "：", "make test", "make test"),
    "执行:": ("执行", ":", "", ""),
    "执行:   ": ("执行", ":", "", ""),
    "验证: echo 😋😋 done": ("验证", ":", "echo 😋😋 done", "echo 😋😋 done"),
    "文件:: x": ("文件", ":", ": x", ": x"),
    "文件: a.ts  # x": ("文件", ":", "a.ts  # x", "a.ts  # x"),
}


def _at(text: str, span: Span | None) -> str:
    return "" if span is None else text[span.start : span.end]


@pytest.mark.parametrize("text", ATTRS)
def test_marker_attributes_with_their_problems_and_spans(text: str) -> None:
    document = parse("x\n" + text + "\n")
    marker = document.lines[1].marker
    assert marker is not None

    text_at = document.text
    got = [
        (a.key, a.value, a.problem, _at(text_at, a.span), _at(text_at, a.value_span))
        for a in marker.attrs
    ]
    assert (marker.style, got) == ATTRS[text]
    assert all(_at(text_at, a.key_span) == a.key for a in marker.attrs)


@pytest.mark.parametrize("text", RESTS)
def test_text_after_the_attributes_is_the_rest(text: str) -> None:
    document = parse(text + "\r\n")
    marker = document.lines[0].marker
    assert marker is not None

    span = marker.rest_span
    got = None if span is None else (marker.rest, document.text[span.start : span.end])
    assert got == RESTS[text]


def test_marker_spelling_and_mark_span() -> None:
    document = parse('a\n## TASK##: id="a"\n')
    marker = document.lines[1].marker
    assert marker is not None

    assert (marker.kind, marker.spelling) == (LineKind.TASK, "## TASK##:")
    assert document.text[marker.mark_span.start : marker.mark_span.end] == "## TASK##:"


def test_a_missing_value_has_no_value_span() -> None:
    marker = parse("## TASK ## id= retry=2").lines[0].marker
    assert marker is not None

    assert [a.value_span is None for a in marker.attrs] == [True, False]


@pytest.mark.parametrize("text", FIELDS)
def test_field_lines_split_into_key_colon_and_value(text: str) -> None:
    document = parse("## TASK ##\n" + text)
    line = document.lines[1]
    field = line.field
    assert line.kind is LineKind.FIELD and field is not None

    value = _at(document.text, field.value_span)
    assert (field.key, field.colon, field.value, value) == FIELDS[text]
    key, colon = (
        _at(document.text, field.key_span),
        _at(document.text, field.colon_span),
    )
    assert (key, colon) == (field.key, field.colon)


@given(
    key=st.sampled_from(["文件", "排除", "验证", "执行"]),
    before=st.text(" \t", max_size=3),
    colon=st.sampled_from([":", "："]),
    rest=st.text(st.characters(exclude_characters="\r\n"), max_size=20),
    start=st.integers(0, 1000),
)
def test_field_syntax_reads_like_the_oracle(
    key: str, before: str, colon: str, rest: str, start: int
) -> None:
    text = key + before + colon + rest
    match = FIELD_ORACLE.match(text)
    assert match is not None

    field = field_syntax(text, start)

    assert (field.key, field.colon, field.value) == match.group(1, 3, 5)
    spans = [field.key_span, field.colon_span, field.value_span]
    assert [(s.start - start, s.end - start) for s in spans] == [
        match.span(1),
        match.span(3),
        match.span(5),
    ]
