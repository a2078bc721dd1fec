"""STAGE and TASK marker lines in their canonical spelling."""

from __future__ import annotations

from planlint.format.attributes import canonical_attrs
from planlint.syntax import LineKind, Marker

STAGE_MARK = "## STAGE ##"
TASK_MARK = "## TASK ##"
_TRAILING = " \t"


def format_marker(marker: Marker) -> str:
    """`## TASK ## id="a" 标题`: canonical mark, attributes, then the rest.

    The rest (a TASK's inline title or a STAGE's stray text) is kept as
    written, trailing spaces removed; it stays after the attributes.
    """
    mark = STAGE_MARK if marker.kind is LineKind.STAGE else TASK_MARK
    parts = [mark, *canonical_attrs(marker.kind, marker.attrs)]
    rest = (marker.rest or "").rstrip(_TRAILING)
    if rest:
        parts.append(rest)
    return " ".join(parts)
