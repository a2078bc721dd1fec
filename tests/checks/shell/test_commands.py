"""The way back from a place inside a command to its place in the plan."""

from __future__ import annotations

import planlint
from planlint.checks.shell import ShellCommand, commands
from planlint.syntax import Document

PLAN = (
    "# 标题 🚀\r\n"
    '## STAGE ## name="阶段 😀" mode="serial"\r\n'
    "## TASK ## 任务 🎯\r\n"
    "说明 😀😀\r\n"
    "验证：  echo 😀 $x\t$y\r\n"
    "文件: a.txt\r\n"
    "执行:\ttest -f 报告.md && echo ok\r\n"
    "验证: \r\n"
)


def _command(text: str) -> ShellCommand:
    return ShellCommand(text, "验证", Document(text), 0)


def test_the_verify_and_execute_commands_are_found_in_plan_order() -> None:
    found = commands(planlint.plan_from_text(PLAN))

    assert [(c.key, c.text) for c in found] == [
        ("验证", "echo 😀 $x\t$y"),
        ("执行", "test -f 报告.md && echo ok"),
    ]


def test_a_command_starts_where_its_text_is_in_the_document() -> None:
    for command in commands(planlint.plan_from_text(PLAN)):
        start = command.offset
        assert command.document.text[start : start + len(command.text)] == command.text


def test_places_inside_a_command_are_places_in_the_plan() -> None:
    first = commands(planlint.plan_from_text(PLAN))[0]
    start = first.text.index("$y")

    place = first.place(start, start + 2)

    assert place.document.text[place.span.start : place.span.end] == "$y"
    assert (place.start.line, place.start.column) == (4, 15)


def test_columns_are_code_points_and_a_tab_is_one() -> None:
    command = _command("echo 😀 $x\t$y")

    assert command.offset_of(1, 8) == command.text.index("$x")
    assert command.offset_of(1, 11) == command.text.index("$y")


def test_lines_after_the_first_start_after_their_newline() -> None:
    command = _command("echo a\n日本 $x\nend")

    assert command.offset_of(2, 4) == command.text.index("$x")
    assert command.offset_of(3, 1) == command.text.index("end")


def test_positions_outside_the_command_are_clamped_to_it() -> None:
    command = _command("echo 😀\nls")

    assert command.offset_of(1, 99) == len("echo 😀")
    assert command.offset_of(9, 1) == len(command.text)
    assert command.offset_of(0, 5) == 0
    assert command.place(-3, 99).span.end == len(command.text)


def test_an_end_before_the_start_gives_an_empty_place() -> None:
    command = _command("echo ok")

    place = command.place(4, 2)

    assert place.span.start == place.span.end == 4
