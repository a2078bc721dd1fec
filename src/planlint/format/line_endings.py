"""Line endings: every line keeps its own; an added one copies the line above.

A file with mixed endings stays mixed: planfmt cannot know which ending is
the wrong one, and a line's ending is part of the bytes it promises to keep.
Copying the ending of the line above (rather than, say, the file's first)
also keeps an added `\n` from fusing with a lone `\r` above it into one
CRLF break, which would lose the line that was added.
"""

from __future__ import annotations

import re

DEFAULT = "\n"
# `[format] line-ending` of the configuration: the break each style writes.
STYLES = {"lf": "\n", "crlf": "\r\n"}
_BREAK = re.compile(r"\r\n|\r|\n")


def added(above: str) -> str:
    """The ending of a line planfmt adds below a line ending in `above`."""
    return above or DEFAULT


def convert(text: str, style: str) -> str:
    """`text` with every line break written as `style` (`keep`, `lf`, `crlf`)."""
    if style == "keep":
        return text
    return _BREAK.sub(STYLES[style], text)
