"""Where blank lines go: none at the start or end, no runs, one before markers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planlint.syntax import Line, LineKind

_MARKERS = (LineKind.STAGE, LineKind.TASK)
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Placement:
    """What becomes of one line: dropped, or kept with a blank line before it."""

    keep: bool
    blank_before: bool = False


_DROP = Placement(keep=False)
_KEEP = Placement(keep=True)
_SPACED = Placement(keep=True, blank_before=True)


def place_lines(lines: Sequence[Line]) -> list[Placement]:
    """One Placement per line, in one pass over the file's lines.

    A line that starts with U+FEFF (a stray BOM, as concatenated files have)
    is text; it never becomes the file's first line, where it would be read
    as the BOM and the line as something else (`\\ufeff## STAGE ##` is text,
    `## STAGE ##` a marker). One blank line stays or goes in front of it.
    """
    first, last = _content_bounds(lines)
    guarded = 0 <= first and lines[first].text.startswith(_BOM)
    placements: list[Placement] = []
    after_blank = False
    for index, line in enumerate(lines):
        if line.kind is LineKind.BLANK:
            inside = (index > first or guarded) and index < last
            keep = inside and not after_blank
            placements.append(_KEEP if keep else _DROP)
            after_blank = after_blank or keep
            continue

        marker = line.kind in _MARKERS and index > first
        spaced = not after_blank and (marker or (guarded and index == first))
        placements.append(_SPACED if spaced else _KEEP)
        after_blank = False
    return placements


def _content_bounds(lines: Sequence[Line]) -> tuple[int, int]:
    """Indexes of the first and last non-blank lines; (-1, -1) if none."""
    content = [line.kind is not LineKind.BLANK for line in lines]
    if True not in content:
        return -1, -1
    return content.index(True), len(content) - 1 - content[::-1].index(True)
