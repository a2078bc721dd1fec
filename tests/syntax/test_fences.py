"""Fenced code blocks follow CommonMark: what opens one, and what closes it."""

from __future__ import annotations

import pytest

import planlint
from planlint.syntax import LineKind
from planlint.syntax.fences import hidden_markers, is_closed, opening_run


def _kinds(text: str) -> list[str]:
    return [line.kind.value for line in planlint.parse(text).lines]


def test_inline_code_at_line_start_is_text_not_a_fence() -> None:
    text = '## TASK ## id="build"\n```npm run build``` 之后检查\n## TASK ## id="t"\n'

    assert _kinds(text) == ["task", "text", "task"]


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("````md\n```\n## TASK ##\n````\n", True),
        ("````md\n```\n## TASK ##\n```\n", False),
        ("```\nx\n```bash\n", False),
        ("~~~\nx\n```\n", False),
        ("```\nx\n``` \t\n", True),
        ("~~~~~~\nx\n~~~~~\n", True),
    ],
)
def test_only_a_bare_run_of_the_same_kind_and_length_closes(
    text: str, closed: bool
) -> None:
    document = planlint.parse(text)
    fence = document.lines[0]

    assert fence.kind is LineKind.FENCE
    assert is_closed(fence.text) is closed
    assert fence.end_number == len(text.splitlines()) - 1
    assert document.to_text() == text


def test_marker_after_a_closed_longer_fence_is_a_marker_again() -> None:
    text = "````md\n```\n## TASK ## 里面\n````\n## TASK ## 外面\n"

    assert _kinds(text) == ["fence", "task"]


def test_opening_run_and_hidden_markers() -> None:
    fence = '  ~~~~text\n## STAGE ## name="a"\n## TASK ##\nx'

    assert opening_run(fence) == "~~~~"
    assert hidden_markers(fence) == 2
