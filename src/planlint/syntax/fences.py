"""Fenced code blocks: the opening run and whether the block was closed."""

from __future__ import annotations

import re

_OPENING = re.compile(r" {0,3}(`{3,}|~{3,})")
_LAST_LINE = re.compile(r"(?:\r\n|\r|\n)([^\r\n]*)\Z")
_CLOSING = re.compile(r" {0,3}(`+|~+)[ \t]*")
_MARKER = re.compile(r"^## (?:STAGE ##|TASK)", re.MULTILINE)

# The grammar tells runs of 3, 4, and 5 or more apart; a longer opening run is
# closed by any run of 5 or more (plan.lark, FENCE).
_LONGEST_RUN = 5


def opening_run(fence: str) -> str:
    """The backticks or tildes that open the fenced block `fence`."""
    found = _OPENING.match(fence)
    return found.group(1) if found else ""


def is_closed(fence: str) -> bool:
    """Whether the block ends with a closing line of its own kind and length."""
    run = opening_run(fence)
    last = _LAST_LINE.search(fence)
    closing = _CLOSING.fullmatch(last.group(1)) if last else None
    if not run or closing is None:
        return False
    needed = min(len(run), _LONGEST_RUN)
    return closing.group(1)[0] == run[0] and len(closing.group(1)) >= needed


def hidden_markers(fence: str) -> int:
    """How many lines inside the block would be markers outside it."""
    return len(_MARKER.findall(fence))
