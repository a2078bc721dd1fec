"""Finding plan files: named paths as given, directories searched recursively.

A directory walk yields `*.plan`, `*.plan.md`, `*.plan.txt` and `dag.md` files,
sorted, and skips `.git/` and whatever the `.gitignore` files on the way ignore,
as git reads them: nested files refine their parents, and inside a repository
the `.gitignore` files above the named directory count too; a plan that the
configuration's `exclude` names is skipped as well. A file or directory named
on the command line is always kept, ignored or not: a named directory is
walked, and what is inside it follows the patterns as they name it (`build/`
names the directory `build`, not the files in it).
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planlint.config.settings import ignore_verdict

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

logger = logging.getLogger(__name__)

PLAN_SUFFIXES = (".plan", ".plan.md", ".plan.txt")
PLAN_NAMES = frozenset({"dag.md"})
STDIN = "-"


@dataclass(frozen=True, slots=True)
class _Ignore:
    """The patterns of one `.gitignore` and the absolute directory it sits in."""

    base: str
    spec: GitIgnoreSpec


def is_plan_file(name: str) -> bool:
    """Whether a file name is one a directory walk picks up."""
    return name.endswith(PLAN_SUFFIXES) or name in PLAN_NAMES


def path_argument(text: str) -> str:
    """A PATH argument as argparse's `type`: an empty one names nothing."""
    if not text:
        raise argparse.ArgumentTypeError(
            "an empty path names no file; give `.` for the current directory"
        )
    return text


def discover(
    paths: Sequence[str],
    excluded: Callable[[Path, Path], bool] | None = None,
    unreadable: Callable[[str, OSError], None] | None = None,
) -> list[Path]:
    """The files to lint for `paths`: `-` and files as given, directories walked.

    A path that does not exist is kept, so that reading it reports why; each
    file appears once, at its first mention. `excluded` drops files that a
    walk found (the configuration's `exclude`), never files named directly;
    it is given the file and the directory walked. A path that ends in a
    separator but is not a directory (`a.plan/`) goes to `unreadable` with
    the system's reason, as `Path` would drop the separator and read the file.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        error = _not_a_directory(raw) if unreadable is not None else None
        if error is not None and unreadable is not None:
            unreadable(raw, error)
            continue
        path = Path(raw)
        if raw != STDIN and str(path) == STDIN:  # ./- is a file named "-"
            path = Path(os.path.abspath(raw))
        expanded = _walk(path, excluded) if raw != STDIN and path.is_dir() else [path]
        found.update(dict.fromkeys(expanded))
    return list(found)


def _not_a_directory(raw: str) -> OSError | None:
    """Why `raw`, which ends in a separator, names no directory; None if it does."""
    separators = tuple(sep for sep in (os.sep, os.altsep) if sep)
    if not raw.endswith(separators):
        return None
    try:
        os.stat(raw)
    except OSError as error:
        return error if not isinstance(error, FileNotFoundError) else None
    return None


def _walk(root: Path, excluded: Callable[[Path, Path], bool] | None) -> list[Path]:
    found: list[Path] = []
    _visit(root, os.path.abspath(root), _inherited(root), found)
    if excluded is not None:
        kept = [path for path in found if not excluded(path, root)]
        logger.debug("exclude skipped %s plan files", len(found) - len(kept))
        found = kept
    logger.info("found %s plan files under %s", len(found), root)
    return sorted(found)


def _visit(
    directory: Path, absolute: str, rules: list[_Ignore], found: list[Path]
) -> None:
    rules = rules + _own(absolute)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        logger.warning("cannot list %s: %s; skipped", directory, exc.strerror)
        return

    for entry in entries:
        is_dir = entry.is_dir(follow_symlinks=False)
        entry_absolute = os.path.join(absolute, entry.name)
        if entry.name == ".git" or _ignored(entry_absolute, is_dir, rules):
            logger.debug("skipping ignored %s", entry.path)
        elif is_dir:
            _visit(Path(entry.path), entry_absolute, rules, found)
        elif is_plan_file(entry.name) and _is_file(entry):
            found.append(Path(entry.path))


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether `entry` is a file, or a link that cannot be followed (a loop...).

    A link whose target is missing is no file and is skipped; one that cannot
    be resolved for another reason is kept, so that reading it says why.
    """
    try:
        return entry.is_file()
    except OSError as error:
        logger.debug("cannot stat %s: %s", entry.path, error.strerror)
        return True


def _ignored(absolute: str, is_dir: bool, rules: list[_Ignore]) -> bool:
    """The verdict of the deepest `.gitignore` that has one, as in git."""
    for rule in reversed(rules):
        relative = os.path.relpath(absolute, rule.base).replace(os.sep, "/")
        verdict = ignore_verdict(rule.spec, relative, is_dir)
        if verdict is not None:
            return verdict
    return False


def _own(directory: str) -> list[_Ignore]:
    """The `.gitignore` of `directory`, if it has a readable one."""
    path = os.path.join(directory, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []

    from pathspec import GitIgnoreSpec  # only walks need it

    return [_Ignore(directory, GitIgnoreSpec.from_lines(lines))]


def _inherited(root: Path) -> list[_Ignore]:
    """The `.gitignore` files above `root` up to its repository's top, if any."""
    absolute = Path(os.path.abspath(root))
    if (absolute / ".git").exists():
        return []

    above: list[Path] = []
    for parent in absolute.parents:
        above.append(parent)
        if (parent / ".git").exists():
            return [rule for p in reversed(above) for rule in _own(str(p))]
    return []
