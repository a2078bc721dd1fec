"""Task file scopes (FORMAT.md §9) and whether two of them can touch one path.

A pattern is split at `/` into segments: `**` alone is any number of segments,
otherwise `*`, `?` and `[...]` work inside one segment as in `fnmatch`. Paths
are relative to the directory the plan runs in. A name a pattern matches may
be a directory, so every pattern also covers everything below what it matches:
`web/src/i18n/`, `web/src/i18n` and `web/src/i18n/**` mean the same. Matching
is case-sensitive. Where a question cannot be decided cheaply the answer errs
on the side of "they overlap".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache

from planlint.model.globs import (
    Pattern,
    compile_pattern,
    inside,
    literal_prefix,
    meets,
    split_path,
)
from planlint.model.plan import Task

__all__ = ["Conflict", "Scope", "conflicts", "overlap"]


@dataclass(frozen=True)
class Scope:
    """A task's effective file scope: the `文件:` items minus the `排除:` items."""

    includes: tuple[str, ...]
    excludes: tuple[str, ...] = ()

    @classmethod
    def of(cls, task: Task) -> Scope:
        return cls(tuple(task.files), tuple(task.excludes))

    @property
    def empty(self) -> bool:
        """No `文件:` at all: the task's files are unknown (PL601)."""
        return not self.includes

    def matches(self, path: str) -> bool:
        """Whether the concrete file or directory `path` is in this scope."""
        parts = split_path(path)
        included = any(_matches(compile_pattern(p), parts) for p in self.includes)
        return included and not any(
            _matches(compile_pattern(e), parts) for e in self.excludes
        )


@dataclass(frozen=True)
class Conflict:
    """Two scopes that overlap: their indexes, the patterns that meet, a witness."""

    first: int
    second: int
    first_pattern: str
    second_pattern: str
    witness: str


def overlap(a: Scope, b: Scope) -> str | None:
    """None when `a` and `b` provably share no path, else a short witness."""
    found = _overlap(a, b)
    return found[2] if found is not None else None


def conflicts(scopes: Sequence[Scope]) -> Iterator[Conflict]:
    """Every overlapping pair `first < second`, ordered by `second` then `first`.

    Two patterns can only meet when the literal segments they start with agree,
    so only pairs whose literal prefixes nest are compared.
    """
    for first, second in _candidates(scopes):
        found = _overlap(scopes[first], scopes[second])
        if found is not None:
            yield Conflict(first, second, *found)


def _overlap(a: Scope, b: Scope) -> tuple[str, str, str] | None:
    excludes = a.excludes + b.excludes
    for left in a.includes:
        for right in b.includes:
            witness = _witness(left, right, excludes)
            if witness is not None:
                return left, right, witness
    return None


@lru_cache(maxsize=65536)
def _witness(left: str, right: str, excludes: tuple[str, ...]) -> str | None:
    a, b = compile_pattern(left), compile_pattern(right)
    if not meets(a, b) or _excluded(a, b, excludes):
        return None

    if a == b:
        return f"`{right}`"
    if inside(b, a):
        return f"`{right}` is inside `{left}`"
    if inside(a, b):
        return f"`{left}` is inside `{right}`"
    return f"`{left}` and `{right}` can match the same paths"


def _excluded(a: Pattern, b: Pattern, excludes: tuple[str, ...]) -> bool:
    """Whether one exclude provably removes every path that `a` and `b` share."""
    for exclude in excludes:
        pattern = compile_pattern(exclude)
        if inside(a, pattern) or inside(b, pattern):
            return True
    return False


def _candidates(scopes: Sequence[Scope]) -> list[tuple[int, int]]:
    by_prefix: dict[tuple[str, ...], set[int]] = {}
    for index, scope in enumerate(scopes):
        for pattern in scope.includes:
            prefix = literal_prefix(compile_pattern(pattern))
            by_prefix.setdefault(prefix, set()).add(index)

    pairs: set[tuple[int, int]] = set()
    for prefix, owners in by_prefix.items():
        if len(owners) > 1:
            pairs.update(_pairs(owners, owners))
        for size in range(len(prefix)):
            above = by_prefix.get(prefix[:size])
            if above is not None:
                pairs.update(_pairs(owners, above))
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def _pairs(owners: set[int], others: set[int]) -> Iterator[tuple[int, int]]:
    for owner in owners:
        for other in others:
            if owner != other:
                yield min(owner, other), max(owner, other)


def _matches(pattern: Pattern, parts: tuple[str, ...]) -> bool:
    """Whether the concrete path `parts` is matched by `pattern` (fnmatch rules)."""
    reached = {0}
    for part in parts:
        reached = _close(pattern, reached)
        reached = {
            i + (not pattern[i].deep)
            for i in reached
            if i < len(pattern)
            and (pattern[i].deep or fnmatchcase(part, pattern[i].text))
        }
    return len(pattern) in _close(pattern, reached)


def _close(pattern: Pattern, reached: set[int]) -> set[int]:
    """Add the states reachable by letting `**` segments match nothing."""
    result = set(reached)
    for i in sorted(reached):
        while i < len(pattern) and pattern[i].deep:
            i += 1
            result.add(i)
    return result
