"""The shell commands of a plan and the way back from their text to the plan.

A command is the value of a `验证:` or `执行:` field, exactly as the executor
hands it to `/bin/sh -c`. Shell tools report places inside that text; `place`
turns them into places in the plan's own document, so CJK text, emoji,
full-width colons or CRLF line ends before the command never shift a column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planlint.model import Field, Place, Plan
from planlint.syntax import Document, Span

SHELL_FIELDS = ("verify", "execute")
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ShellCommand:
    """One command: its text, the field key that holds it, and where it starts."""

    text: str
    key: str  # the field key as written: 验证 or 执行
    document: Document
    offset: int  # code-point offset of the command's first character

    @classmethod
    def of(cls, field: Field) -> ShellCommand:
        syntax = field.source.line.field
        assert syntax is not None  # a Field is always made from a field line
        return cls(
            field.value, field.key, field.source.document, syntax.value_span.start
        )

    def place(self, start: int, end: int) -> Place:
        """The plan place of the command's code points `start` to `end`."""
        start, end = _clamp(start, len(self.text)), _clamp(end, len(self.text))
        span = Span(self.offset + start, self.offset + max(start, end))
        return Place(self.document, span)

    def offset_of(self, line: int, column: int) -> int:
        """The code-point offset of a 1-based line and column in the command.

        Tools count columns in code points (shellcheck's json1 counts a tab
        as one); a position past a line's end stops at that end.
        """
        lines = self.text.split("\n")
        if line < 1:
            return 0
        if line > len(lines):
            return len(self.text)
        before = sum(len(text) + 1 for text in lines[: line - 1])
        return before + _clamp(column - 1, len(lines[line - 1]))


def shell_fields(plan: Plan) -> Iterator[Field]:
    """Every non-blank `验证:` and `执行:` field of the plan, in plan order."""
    for task in [*plan.orphan_tasks, *plan.tasks()]:
        for field in task.fields:
            if field.name in SHELL_FIELDS and field.value.strip():
                yield field


def commands(plan: Plan) -> list[ShellCommand]:
    """Every shell command of the plan, in plan order."""
    return [ShellCommand.of(field) for field in shell_fields(plan)]


def command_texts(plan: Plan) -> list[str]:
    """The distinct texts of the plan's commands: what the tools must judge."""
    return list(dict.fromkeys(field.value for field in shell_fields(plan)))


def tool_bytes(text: str) -> bytes:
    """The UTF-8 that bash and shellcheck read. A NUL or a lone surrogate (an
    undecodable byte of the plan) becomes `_`, a character that means nothing
    to either tool, one for one, so columns hold."""
    return _UNWRITABLE.sub("_", text).encode("utf-8")


def _clamp(value: int, limit: int) -> int:
    return min(max(value, 0), limit)
