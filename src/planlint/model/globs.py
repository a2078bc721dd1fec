"""Glob patterns over `/`-separated paths, compared as sets of paths.

`meets(a, b)` asks whether some path matches both patterns and may say yes
when unsure; `inside(a, b)` asks whether every path `a` matches is matched by
`b` and says yes only when sure. Both work segment by segment, and inside a
segment character by character, on the same reading of `*`, `?` and `[...]`
as `fnmatch`. Every compiled pattern ends in `**`: a matched name may be a
directory, and then everything below it is matched too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

_MAX_CHAR = 0x10FFFF

CharSet = tuple[tuple[int, int], ...]  # sorted, merged, inclusive ranges
ANY: CharSet = ((0, _MAX_CHAR),)


@dataclass(frozen=True, slots=True)
class Atom:
    """One character of a segment pattern: a set of characters, or `*`."""

    chars: CharSet
    star: bool = False
    exact: bool = True  # False: `chars` is larger than what `[...]` matches


@dataclass(frozen=True, slots=True)
class Segment:
    """One `/`-separated part of a pattern; `deep` is the `**` segment."""

    text: str
    deep: bool = False
    literal: bool = False  # matches exactly the name `text`

    @property
    def atoms(self) -> tuple[Atom, ...]:
        return _atoms(self.text)


Pattern = tuple[Segment, ...]
T = TypeVar("T", Atom, Segment)
Meet = Callable[[T, T], bool]
_STAR = Atom(ANY, star=True)
_ONE = Atom(ANY)
_DEEP = Segment("**", deep=True)
_LITERAL = re.compile(r"[^*?\[]*")


def split_path(path: str) -> tuple[str, ...]:
    """The segments of a path: empty and `.` parts dropped (`./a//b/` is `a/b`)."""
    return tuple(part for part in path.strip().split("/") if part not in ("", "."))


@lru_cache(maxsize=65536)
def compile_pattern(pattern: str) -> Pattern:
    """Segments of `pattern`, ending in `**`, with runs of `**` collapsed."""
    segments: list[Segment] = []
    for part in (*split_path(pattern), "**"):
        segment = _segment(part)
        if not (segment.deep and segments and segments[-1].deep):
            segments.append(segment)
    return tuple(segments)


@lru_cache(maxsize=65536)
def _segment(part: str) -> Segment:
    if part == "**":
        return _DEEP
    return Segment(part, literal=_is_literal(part))


def _is_literal(text: str) -> bool:
    return _LITERAL.fullmatch(text) is not None


def literal_prefix(pattern: Pattern) -> tuple[str, ...]:
    """The leading segments that match exactly one name each."""
    prefix: list[str] = []
    for segment in pattern:
        if not segment.literal:
            break
        prefix.append(segment.text)
    return tuple(prefix)


@lru_cache(maxsize=65536)
def meets(a: Pattern, b: Pattern) -> bool:
    """Whether some path may match both `a` and `b` (True when unsure)."""
    return _reachable(a, b, _is_deep, _segments_meet)


@lru_cache(maxsize=65536)
def inside(a: Pattern, b: Pattern) -> bool:
    """Whether every path `a` matches is matched by `b` (False when unsure)."""
    return _contained(a, b, _is_deep, _segment_inside)


def _is_deep(segment: Segment) -> bool:
    return segment.deep


def _is_star(atom: Atom) -> bool:
    return atom.star


def _segments_meet(a: Segment, b: Segment) -> bool:
    """Whether one name may match both segments (`**` matches any name)."""
    if a.deep or b.deep:
        return True
    if a.literal and b.literal:
        return a.text == b.text
    return _reachable(a.atoms, b.atoms, _is_star, _atoms_meet)


def _segment_inside(a: Segment, b: Segment) -> bool:
    return _contained(a.atoms, b.atoms, _is_star, _atom_inside)


def _atoms_meet(a: Atom, b: Atom) -> bool:
    return _intersects(a.chars, b.chars)


def _atom_inside(a: Atom, b: Atom) -> bool:
    return b.exact and _subset(a.chars, b.chars)


def _reachable(
    a: Sequence[T], b: Sequence[T], star: Callable[[T], bool], meet: Meet[T]
) -> bool:
    """Whether some word matches both sequences of items (`star`: any run)."""
    seen: set[tuple[int, int]] = set()
    stack = [(0, 0)]
    while stack:
        i, j = state = stack.pop()
        if state == (len(a), len(b)):
            return True
        if state in seen:
            continue
        seen.add(state)
        if i < len(a) and star(a[i]):
            stack.append((i + 1, j))
        if j < len(b) and star(b[j]):
            stack.append((i, j + 1))
        if i < len(a) and j < len(b) and meet(a[i], b[j]):
            stack.append((i + (not star(a[i])), j + (not star(b[j]))))
    return False


def _contained(
    a: Sequence[T], b: Sequence[T], star: Callable[[T], bool], inner: Meet[T]
) -> bool:
    """Whether every word of `a` is a word of `b`; sound, not complete."""
    memo: dict[tuple[int, int], bool] = {}

    def walk(i: int, j: int) -> bool:
        if (i, j) not in memo:
            memo[i, j] = _contained_step(a, b, i, j, star, inner, walk)
        return memo[i, j]

    return walk(0, 0)


def _contained_step(
    a: Sequence[T],
    b: Sequence[T],
    i: int,
    j: int,
    star: Callable[[T], bool],
    inner: Meet[T],
    walk: Callable[[int, int], bool],
) -> bool:
    if j == len(b):
        return i == len(a)
    if star(b[j]):
        return walk(i, j + 1) or (i < len(a) and walk(i + 1, j))
    if i == len(a) or star(a[i]):
        return False
    return inner(a[i], b[j]) and walk(i + 1, j + 1)


@lru_cache(maxsize=8192)
def _atoms(text: str) -> tuple[Atom, ...]:
    atoms: list[Atom] = []
    i = 0
    while i < len(text):
        atom, i = _atom(text, i)
        if not (atom.star and atoms and atoms[-1].star):
            atoms.append(atom)
    return tuple(atoms)


def _atom(text: str, i: int) -> tuple[Atom, int]:
    char = text[i]
    if char == "*":
        return _STAR, i + 1
    if char == "?":
        return _ONE, i + 1
    if char == "[":
        end = _class_end(text, i)
        if end is not None:
            return _class(text[i + 1 : end]), end + 1
    return Atom(((ord(char), ord(char)),)), i + 1


def _class_end(text: str, start: int) -> int | None:
    """Where `[` at `start` closes, found as `fnmatch` finds it."""
    i = start + 1
    if i < len(text) and text[i] == "!":
        i += 1
    if i < len(text) and text[i] == "]":
        i += 1
    end = text.find("]", i)
    return end if end >= 0 else None


def _class(body: str) -> Atom:
    negated = body.startswith("!")
    inner = body[1:] if negated else body
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(inner):
        if i + 2 < len(inner) and inner[i + 1] == "-":
            low, high, i = ord(inner[i]), ord(inner[i + 2]), i + 3
        else:
            low, high, i = ord(inner[i]), ord(inner[i]), i + 1
        if low > high:  # fnmatch rewrites such ranges; do not guess how
            return Atom(ANY, exact=False)
        ranges.append((low, high))
    chars = _merge(ranges)
    return Atom(_complement(chars) if negated else chars)


def _merge(ranges: list[tuple[int, int]]) -> CharSet:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(chars: CharSet) -> CharSet:
    gaps: list[tuple[int, int]] = []
    start = 0
    for low, high in chars:
        if low > start:
            gaps.append((start, low - 1))
        start = high + 1
    if start <= _MAX_CHAR:
        gaps.append((start, _MAX_CHAR))
    return tuple(gaps)


def _intersects(a: CharSet, b: CharSet) -> bool:
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][1] < b[j][0]:
            i += 1
        elif b[j][1] < a[i][0]:
            j += 1
        else:
            return True
    return False


def _subset(a: CharSet, b: CharSet) -> bool:
    return all(any(lo <= low and high <= hi for lo, hi in b) for low, high in a)
