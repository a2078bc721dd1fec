"""Line endings: every line keeps its own; new ones copy the file's first.

A file with mixed endings stays mixed: planfmt cannot know which ending is
the wrong one, and a line's ending is part of the bytes it promises to keep.
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"\r\n|\r|\n")
DEFAULT = "\n"


def preferred(text: str) -> str:
    """The ending for lines planfmt adds: the file's first, else `\\n`."""
    found = _BREAK.search(text)
    return found.group() if found else DEFAULT
