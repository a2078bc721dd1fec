"""A unified diff of a file before and after formatting, line ends kept."""

from __future__ import annotations

import difflib
import re

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_NO_NEWLINE = "\\ No newline at end of file\n"


def split_lines(text: str) -> list[str]:
    """Lines with their endings, breaking at CRLF, CR and LF only."""
    return _LINE.findall(text)


def unified_diff(old: str, new: str, name: str) -> str:
    """`--- name (original)` / `+++ name (formatted)` hunks; empty if equal."""
    hunks = difflib.unified_diff(
        split_lines(old),
        split_lines(new),
        fromfile=f"{name}\t(original)",
        tofile=f"{name}\t(formatted)",
    )
    return "".join(_terminated(line) for line in hunks)


def _terminated(line: str) -> str:
    """A diff line that lacks a line end is the file's unterminated last line."""
    if line.endswith(("\n", "\r")):
        return line
    return f"{line}\n{_NO_NEWLINE}"
