"""Edits for editors: minimal, in code points, whole document or a range."""

from __future__ import annotations

from planlint.format import TextEdit, apply_edits, format_edits, format_text
from planlint.syntax import LineIndex, Position, Span
from planlint.syntax.positions import utf16_column

PLAN = (
    "# 计划 🎯\n"
    '## STAGE ## mode="serial" name="一"\n'
    "## TASK:   标题 🐛\n"
    "文件：a.ts\n"
    "\n"
    "\n"
    '## TASK ## depends_on="a , b"\n'
)


def _line_span(text: str, line: int) -> Span:
    index = LineIndex(text)
    return Span(index.starts[line], index.line_end(line))


def test_whole_document_edits_are_minimal() -> None:
    edits = format_edits(PLAN)

    assert apply_edits(PLAN, edits) == format_text(PLAN)
    assert [(PLAN[e.span.start : e.span.end], e.text) for e in edits] == [
        ("", "\n"),  # a blank line before the STAGE marker
        ('mode="serial" name="一', 'name="一" mode="serial'),
        ("", "\n"),  # a blank line before the TASK marker
        (":  ", " ##"),
        ("：", ": "),
        ("\n", ""),  # the second blank line of a run
        (" , ", ","),
    ]


def test_range_starting_at_a_marker_adds_its_blank_line() -> None:
    edits = format_edits(PLAN, _line_span(PLAN, 1))

    assert [(e.span.start, e.text) for e in edits] == [
        (PLAN.index("## STAGE"), "\n"),
        (PLAN.index("mode="), 'name="一" mode="serial'),
    ]


def test_offsets_are_code_points_after_emoji() -> None:
    edits = format_edits(PLAN)
    index = LineIndex(PLAN)

    start = index.position(edits[4].span.start)

    assert start == Position(3, 2)  # `文件` is two code points
    line = index.line_text(2)
    assert utf16_column(line, len(line)) == len(line) + 1  # 🐛 is two UTF-16 units


def test_range_formats_only_the_lines_it_touches() -> None:
    edits = format_edits(PLAN, _line_span(PLAN, 3))

    assert edits == [TextEdit(Span(PLAN.index("："), PLAN.index("：") + 1), ": ")]


def test_cursor_formats_its_line() -> None:
    cursor = PLAN.index("a , b") + 1

    edits = format_edits(PLAN, Span(cursor, cursor))

    assert [e.text for e in edits] == [","]


def test_range_over_a_blank_run_removes_the_extra_line() -> None:
    start = _line_span(PLAN, 4).start
    end = _line_span(PLAN, 6).start

    out = apply_edits(PLAN, format_edits(PLAN, Span(start, end)))

    assert out.count("\n\n\n") == 0
    assert "文件：a.ts" in out  # outside the range: untouched


def test_crlf_pairs_are_never_split() -> None:
    text = '## STAGE ## name="一" mode="serial"\r\n## TASK ##   \r\n'

    edits = format_edits(text)

    for edit in edits:
        for offset in (edit.span.start, edit.span.end):
            assert text[offset - 1 : offset + 1] != "\r\n"
    assert apply_edits(text, edits) == format_text(text)


def test_bom_removal_is_an_edit_at_offset_zero() -> None:
    text = '\ufeff## STAGE ## name="一" mode="serial"\n'

    assert format_edits(text) == [TextEdit(Span(0, 1), "")]


def test_formatted_text_has_no_edits() -> None:
    assert format_edits(format_text(PLAN)) == []
