"""Applying fixes: non-overlapping edits, repeated until nothing changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from planlint.checks.diagnostic import Diagnostic, Edit

MAX_PASSES = 10


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: int  # fixes applied over all passes
    remaining: list[Diagnostic]  # what the last lint still found


def select_fixes(
    diagnostics: Iterable[Diagnostic], path: str, unsafe: bool = False
) -> list[tuple[Diagnostic, tuple[Edit, ...]]]:
    """Fixes whose edits all touch `path`, safe ones only unless `unsafe`."""
    chosen = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or (not fix.safe and not unsafe):
            continue
        if all(edit.path == path for edit in fix.edits):
            chosen.append((diagnostic, fix.edits))
    return chosen


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits given in offsets of `text`; they must not overlap."""
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    parts: list[str] = []
    cursor = 0
    for edit in ordered:
        parts.append(text[cursor : edit.span.start])
        parts.append(edit.text)
        cursor = edit.span.end
    parts.append(text[cursor:])
    return "".join(parts)


def _non_overlapping(
    fixes: list[tuple[Diagnostic, tuple[Edit, ...]]],
) -> list[tuple[Edit, ...]]:
    """Whole fixes whose edits overlap no edit already taken."""
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[Edit, ...]] = []
    for _, edits in fixes:
        spans = [(e.span.start, e.span.end) for e in edits]
        if any(_overlaps(s, t) for s in spans for t in taken):
            continue
        taken.extend(spans)
        chosen.append(edits)
    return chosen


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a == b:
        return True
    return a[0] < b[1] and b[0] < a[1]


def fix_text(
    text: str,
    path: str,
    lint: Callable[[str], list[Diagnostic]],
    unsafe: bool = False,
) -> FixResult:
    """Lint, apply every applicable fix, and lint again until stable."""
    applied = 0
    diagnostics = lint(text)
    for _ in range(MAX_PASSES):
        chosen = _non_overlapping(select_fixes(diagnostics, path, unsafe))
        if not chosen:
            break
        text = apply_edits(text, [edit for edits in chosen for edit in edits])
        applied += len(chosen)
        diagnostics = lint(text)
    return FixResult(text, applied, diagnostics)
