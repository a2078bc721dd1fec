"""Where blank lines go: none at the start or end, no runs, one before markers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planlint.syntax import Line, LineKind

_MARKERS = (LineKind.STAGE, LineKind.TASK)


@dataclass(frozen=True, slots=True)
class Placement:
    """What becomes of one line: dropped, or kept with a blank line before it."""

    keep: bool
    blank_before: bool = False


_DROP = Placement(keep=False)
_KEEP = Placement(keep=True)
_SPACED = Placement(keep=True, blank_before=True)


def place_lines(lines: Sequence[Line]) -> list[Placement]:
    """One Placement per line, in one pass over the file's lines."""
    last_content = _last_content(lines)
    placements: list[Placement] = []
    seen_content = after_blank = False
    for index, line in enumerate(lines):
        if line.kind is LineKind.BLANK:
            keep = seen_content and not after_blank and index < last_content
            placements.append(_KEEP if keep else _DROP)
            after_blank = after_blank or keep
            continue

        spaced = line.kind in _MARKERS and seen_content and not after_blank
        placements.append(_SPACED if spaced else _KEEP)
        seen_content, after_blank = True, False
    return placements


def _last_content(lines: Sequence[Line]) -> int:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].kind is not LineKind.BLANK:
            return index
    return -1
