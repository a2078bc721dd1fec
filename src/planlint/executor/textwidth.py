"""Terminal cell widths, so plain tables line up with CJK text and emoji."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or char in "\u200b\u200d\ufe0e\ufe0f":
        return 0
    if unicodedata.category(char) in ("Cc", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Cells `text` takes in a terminal (wide characters count two)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def pad(text: str, cells: int) -> str:
    """`text` followed by spaces up to `cells` cells."""
    return text + " " * max(cells - width(text), 0)


def clip(text: str, cells: int) -> str:
    """`text` cut to at most `cells` cells, marked with `…` when cut."""
    if width(text) <= cells:
        return text
    out, used = [], 0
    for char in text:
        used += _char_width(char)
        if used > cells - 1:
            break
        out.append(char)
    return "".join(out) + "…"


def table(rows: list[list[str]], gap: str = "  ") -> list[str]:
    """Rows of cells as aligned lines; the first row is the heading."""
    if not rows:
        return []
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [pad(cell, widths[i]) for i, cell in enumerate(row)]
        lines.append(gap.join(cells).rstrip())
    return lines
