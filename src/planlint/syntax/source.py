"""Reading plan bytes losslessly: BOM, CRLF and even invalid UTF-8 survive."""

from __future__ import annotations

import re
from pathlib import Path

_BAD_BYTE = re.compile("[\udc80-\udcff]")


def decode(data: bytes) -> tuple[str, int | None]:
    """Decode UTF-8 keeping bad bytes as surrogates; also the first bad offset."""
    text = data.decode("utf-8", "surrogateescape")
    return text, first_bad_offset(text)


def first_bad_offset(text: str) -> int | None:
    """Offset of the first byte that was not valid UTF-8, if any."""
    bad = _BAD_BYTE.search(text)
    return bad.start() if bad else None


def encode(text: str) -> bytes:
    """Inverse of `decode`: gives back the original bytes."""
    return text.encode("utf-8", "surrogateescape")


def read_text(path: Path) -> tuple[str, int | None]:
    """Read a file as `decode` does; OSError propagates to the caller."""
    return decode(path.read_bytes())
