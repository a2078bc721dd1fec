"""Line kinds, line ends and line numbers of the syntax layer, as data."""

from __future__ import annotations

import pytest

from planlint.syntax import LineKind, Span, parse

K = LineKind

# text -> the (kind, text, eol) of each Line
KINDS: dict[str, list[tuple[LineKind, str, str]]] = {
    '## STAGE ## name="a" mode="serial"\n': [
        (K.STAGE, '## STAGE ## name="a" mode="serial"', "\n")
    ],
    "## TASK ## 标题\n": [(K.TASK, "## TASK ## 标题", "\n")],
    "## TASK:\n": [(K.TASK, "## TASK:", "\n")],
    "## TASK ##:\n": [(K.TASK, "## TASK ##:", "\n")],
    "## TASK##\n": [(K.TASK, "## TASK##", "\n")],
    "## TASK##:\n": [(K.TASK, "## TASK##:", "\n")],
    "### TASK\n": [(K.COMMENT, "### TASK", "\n")],
    "## Task ##\n": [(K.COMMENT, "## Task ##", "\n")],
    "## STAGE 3 execute\n": [(K.COMMENT, "## STAGE 3 execute", "\n")],
    " ## STAGE ##\n": [(K.TEXT, " ## STAGE ##", "\n")],
    "# 总阶段数: 4\n": [(K.COMMENT, "# 总阶段数: 4", "\n")],
    "文件: a.ts\n": [(K.FIELD, "文件: a.ts", "\n")],
    "排除：b/\n": [(K.FIELD, "排除：b/", "\n")],
    "验证 : make\n": [(K.FIELD, "验证 : make", "\n")],
    "执行:\n": [(K.FIELD, "执行:", "\n")],
    "依赖: 任务A\n": [(K.TEXT, "依赖: 任务A", "\n")],
    "mode: serial\n": [(K.TEXT, "mode: serial", "\n")],
    "@parts/a.md\n": [(K.INCLUDE, "@parts/a.md", "\n")],
    "@ parts/a.md\n": [(K.TEXT, "@ parts/a.md", "\n")],
    " \t \n": [(K.BLANK, " \t ", "\n")],
    "\n": [(K.BLANK, "", "\n")],
    "> **项目宏观目标**：\n": [(K.TEXT, "> **项目宏观目标**：", "\n")],
    "- [ ] 完成 ✅\n": [(K.TEXT, "- [ ] 完成 ✅", "\n")],
}

# text -> the (kind, number, end_number) of each Line
FENCES: dict[str, list[tuple[LineKind, int, int]]] = {
    "```\n## STAGE ##\n文件: x\n```\nafter\n": [(K.FENCE, 0, 3), (K.TEXT, 4, 4)],
    "~~~sh\n@inc\n~~~\n": [(K.FENCE, 0, 2)],
    "   ```\nx\n   ```\n": [(K.FENCE, 0, 2)],
    "    ```\nx\n": [(K.TEXT, 0, 0), (K.TEXT, 1, 1)],
    "```\n~~~\n## TASK ##\n": [(K.FENCE, 0, 2)],  # ~~~ does not close ```
    "```\nnever closed\n# c": [(K.FENCE, 0, 2)],
    "a\r\n```\r\nb\r```\r\nc": [
        (K.TEXT, 0, 0),
        (K.FENCE, 1, 3),
        (K.TEXT, 4, 4),
    ],
}

# text -> the (text, eol) of each Line: every line end survives as it was
ENDINGS: dict[str, list[tuple[str, str]]] = {
    "": [("", "")],
    "a": [("a", "")],
    "a\n": [("a", "\n")],
    "a\r\nb\rc\n": [("a", "\r\n"), ("b", "\r"), ("c", "\n")],
    "\r\r\n\n": [("", "\r"), ("", "\r\n"), ("", "\n")],
    "a\n\n": [("a", "\n"), ("", "\n")],
    "x\u2028y\x0cz\x85\n": [("x\u2028y\x0cz\x85", "\n")],
    "\ufeff": [("", "")],
    "\ufeff# a\r\n": [("# a", "\r\n")],
    "\ufeff\ufeff\n": [("\ufeff", "\n")],
    # an unclosed fence leaves the final line break to its line (regression:
    # it used to swallow it, leaving the last line without its eol)
    "```\n": [("```", "\n")],
    "```\r\nx\r\n": [("```\r\nx", "\r\n")],
    "~~~\nx\n\n": [("~~~\nx\n", "\n")],
    "```\nx\r\n```\r\n": [("```\nx\r\n```", "\r\n")],
}


@pytest.mark.parametrize("text", KINDS)
def test_each_line_gets_its_kind(text: str) -> None:
    lines = parse(text).lines

    assert [(line.kind, line.text, line.eol) for line in lines] == KINDS[text]


@pytest.mark.parametrize("text", FENCES)
def test_a_fence_is_one_line_over_many(text: str) -> None:
    lines = parse(text).lines

    assert [(ln.kind, ln.number, ln.end_number) for ln in lines] == FENCES[text]


@pytest.mark.parametrize("text", ENDINGS)
def test_line_ends_are_kept_as_written(text: str) -> None:
    document = parse(text)

    assert [(line.text, line.eol) for line in document.lines] == ENDINGS[text]
    assert document.to_text() == text


@pytest.mark.parametrize("text", [*KINDS, *FENCES, *ENDINGS])
def test_lines_tile_the_text(text: str) -> None:
    document = parse(text)

    offset = 1 if document.bom else 0
    for line in document.lines:
        assert line.span.start == offset
        assert text[line.span.start : line.span.end] == line.text
        offset = line.span.end + len(line.eol)
    assert offset == len(text)


def test_bom_is_no_line_content() -> None:
    document = parse('\ufeff## STAGE ## name="清理" mode="serial"\n')

    assert document.bom
    assert document.lines[0].kind is K.STAGE
    assert document.lines[0].span == Span(1, 36)


def test_line_at_finds_the_line_over_a_physical_line() -> None:
    document = parse("a\n```\nb\n```\nc\n")

    found = [document.line_at(n) for n in range(6)]

    assert [line.text[:3] if line else None for line in found] == [
        "a",
        "```",
        "```",
        "```",
        "c",
        None,
    ]
