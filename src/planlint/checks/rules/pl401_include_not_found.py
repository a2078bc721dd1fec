"""PL401 include-not-found: an `@path` include names no readable file."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path, PurePath

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.suggest import closest
from planlint.model import Include, Plan
from planlint.model.includes import candidates

logger = logging.getLogger(__name__)


class IncludeNotFound(Rule):
    code = "PL401"
    name = "include-not-found"
    severity = Severity.ERROR
    summary = "an `@path` line names a file that does not exist or cannot be read"
    why = (
        "An include pastes another file's tasks into the plan. When the file is"
        " missing, those tasks silently vanish: the stage may run with nothing"
        " in it and report success. A top-level include is looked up next to the"
        " plan, then in the current directory; a nested one next to the file"
        " that includes it."
    )
    example = '## STAGE ## name="汇总" mode="serial"\n@include-part/notes.md'
    instead = '## STAGE ## name="汇总" mode="serial"\n@include-parts/notes.md'
    fix_safety = "No fix: the right file may not exist yet."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for include in plan.includes:
            if include.error == "not-found":
                yield self._missing(include, plan)
            elif include.error is None and _is_binary(plan, include):
                yield self.diagnostic(
                    include.target_place,
                    f"included file `{include.target}` is a binary file (it holds"
                    " NUL bytes), not a plan fragment; include a text file",
                )
            elif include.error == "unreadable":
                yield self.diagnostic(
                    include.target_place,
                    f"included file `{include.target}` cannot be read; check"
                    " that it is a file you may read",
                )

    def _missing(self, include: Include, plan: Plan) -> Diagnostic:
        if _is_directory(plan, include):
            return self.diagnostic(
                include.target_place,
                f"`{include.target}` is a directory, not a file; include the"
                f" fragments in it one by one (`@{include.target.rstrip('/')}"
                "/NAME.md`)",
            )
        message = f"included file `{include.target}` does not exist"
        base = Path(os.path.dirname(include.source.document.path or ""))
        suggestion = _suggest(include.target, base)
        if suggestion:
            message += f"; did you mean `{suggestion}`?"
        else:
            message += "; fix the path or create the file"
        return self.diagnostic(include.target_place, message)


def _is_directory(plan: Plan, include: Include) -> bool:
    top_level = include.source.document is plan.document
    found = candidates(include.target, include.source.document.path, top_level)
    return any(path.is_dir() for path in found)


def _is_binary(plan: Plan, include: Include) -> bool:
    """Plan text never holds NUL; executables, images and archives do."""
    document = plan.documents.get(str(include.resolved))
    return document is not None and "\x00" in document.text


def _suggest(target: str, base: Path) -> str | None:
    """The corrected target up to its first missing part, if one is close."""
    parts = PurePath(target).parts
    here = base
    for index, part in enumerate(parts):
        if (here / part).exists():
            here = here / part
            continue

        last = index == len(parts) - 1
        found = closest(part, _names(here, directories=not last), cutoff=0.85)
        if not found:
            return None
        fixed = PurePath(*parts[:index], found[0]).as_posix()
        return fixed if last else fixed + "/"
    return None


def _names(directory: Path, directories: bool) -> list[str]:
    try:
        entries = list(directory.iterdir())
    except OSError as error:
        logger.debug("cannot list %s: %s", directory, error)
        return []
    return [e.name for e in entries if e.is_dir() == directories]
