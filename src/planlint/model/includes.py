"""Resolving `@path` includes as FORMAT.md §6 says, with an injectable reader."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from planlint.syntax import read_text

# Reads a file for an include; raises OSError when it cannot. The language
# server passes one that prefers open, unsaved documents over the disk.
Reader = Callable[[Path], tuple[str, int | None]]


def read_from_disk(path: Path) -> tuple[str, int | None]:
    return read_text(path)


def candidates(target: str, including: str | None, top_level: bool) -> list[Path]:
    """Where `@target` may live: the includer's directory, then (top level) cwd."""
    base = Path(os.path.dirname(including)) if including else Path()
    paths = [Path(os.path.normpath(base / target))]
    if top_level:
        paths.append(Path(os.path.normpath(Path.cwd() / target)))
    return paths


def find(target: str, including: str | None, top_level: bool) -> Path | None:
    for path in candidates(target, including, top_level):
        if path.is_file():
            return path
    return None


def identity(path: Path) -> str:
    """A key that is equal for two spellings of the same file."""
    return os.path.realpath(path)
