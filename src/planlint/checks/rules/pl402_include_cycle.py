"""PL402 include-cycle: an include chain returns to a file already on it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.model import Include, Place, Plan
from planlint.model.includes import identity


class IncludeCycle(Rule):
    code = "PL402"
    name = "include-cycle"
    severity = Severity.ERROR
    summary = "an `@path` include leads back to a file that is already being included"
    why = (
        "Pasting a file into itself, directly or through other files, never"
        " ends. planlint stops at the include that closes the loop and leaves it"
        " out. Including the same file twice side by side (a diamond) is fine."
    )
    example = "loop-a.md:  @loop-b.md\nloop-b.md:  @loop-a.md"
    instead = "loop-a.md:  @loop-b.md\nloop-b.md:  (no include of loop-a.md)"
    fix_safety = "No fix: which include to drop is the author's call."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for include in plan.includes:
            if include.error == "cycle" and include.resolved is not None:
                yield self._report(plan, include)

    def _report(self, plan: Plan, include: Include) -> Diagnostic:
        loop = _loop(include.chain)
        base = os.path.dirname(include.chain[0]) or os.curdir
        names = " -> ".join(f"`{_shown(path, base)}`" for path in loop)
        related = [
            (place, f"`{_shown(a, base)}` includes `{_shown(b, base)}` here")
            for a, b, place in _steps(plan, loop[:-1])
        ]
        return self.diagnostic(
            include.target_place,
            f"include cycle {names}; remove this include or the one that leads"
            " back here",
            related=related,
        )


def _loop(chain: tuple[Path, ...]) -> list[Path]:
    """The part of the chain from the first visit of the repeated file on."""
    keys = [identity(path) for path in chain]
    start = keys.index(keys[-1])
    return list(chain[start:])


def _steps(plan: Plan, loop: list[Path]) -> Iterator[tuple[Path, Path, Place]]:
    """Each include line that leads from one file of the loop to the next."""
    for a, b in pairwise(loop):
        for include in plan.includes:
            source = include.source.document.path or ""
            if include.resolved == b and identity(Path(source)) == identity(a):
                yield a, b, include.target_place
                break


def _shown(path: Path, base: str) -> str:
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()
