"""The canonical content of one line, by its kind; text and fences untouched."""

from __future__ import annotations

from planlint.format.fields import format_field
from planlint.format.markers import format_marker
from planlint.syntax import Line, LineKind

_TRAILING = " \t"


def format_line(line: Line) -> str:
    """The line's new content without its line ending."""
    kind = line.kind
    if line.marker is not None:
        return format_marker(line.marker)
    if line.field is not None:
        return format_field(line.field)
    if kind is LineKind.COMMENT or kind is LineKind.INCLUDE:
        return line.text.rstrip(_TRAILING)
    if kind is LineKind.BLANK:
        return ""
    return line.text  # body text and fences: byte for byte
