"""Line endings: every line keeps its own; an added one copies the line above.

A file with mixed endings stays mixed: planfmt cannot know which ending is
the wrong one, and a line's ending is part of the bytes it promises to keep.
Copying the ending of the line above (rather than, say, the file's first)
also keeps an added `\n` from fusing with a lone `\r` above it into one
CRLF break, which would lose the line that was added.
"""

from __future__ import annotations

DEFAULT = "\n"


def added(above: str) -> str:
    """The ending of a line planfmt adds below a line ending in `above`."""
    return above or DEFAULT
