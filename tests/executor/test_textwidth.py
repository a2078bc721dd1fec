"""Plain tables line up by terminal cells, with CJK text and emoji."""

from __future__ import annotations

from planlint.executor.textwidth import clip, table, width


def test_width_counts_wide_characters_twice() -> None:
    assert width("abc") == 3
    assert width("数据备份") == 8
    assert width("完成 🎯") == 7
    assert width("e\u0301") == 1  # a combining accent takes no cell


def test_table_columns_start_at_the_same_cell() -> None:
    rows = [["stage", "tasks"], ["1 数据备份", "2"], ["2 🎯 emoji", "10"], ["3 x", "1"]]

    lines = table(rows)

    starts = {width(line[: line.rindex(" ") + 1]) for line in lines}
    assert len(starts) == 1


def test_clip_keeps_within_the_cells_and_marks_the_cut() -> None:
    text = "在本地起 mock 服务，用 SDK 跑一遍"

    cut = clip(text, 12)

    assert width(cut) <= 12
    assert cut.endswith("…")
    assert clip("短", 12) == "短"
