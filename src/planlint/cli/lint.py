"""`planlint [PATH ...]`: lint plan files and print what is wrong with them.

Each plan is checked under the settings of its nearest configuration file
(or `--config`, or none with `--isolated`); `--fix` repairs what it safely
can and `--diff` shows that repair without writing it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from planlint.checks import Severity
from planlint.cli import EXIT_USAGE, no_collection_at_exit, shown_path
from planlint.cli.discover import STDIN, discover
from planlint.cli.output import OutputFormat
from planlint.cli.session import Session
from planlint.config import ConfigError, Resolver, Settings
from planlint.syntax.speed import paused_gc

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LintOptions:
    """What `planlint [PATH ...]` was asked to do."""

    paths: Sequence[str]
    output_format: OutputFormat = OutputFormat.FULL
    color: bool = False
    fail_on: Severity = Severity.ERROR
    stdin_filename: str | None = None
    config: Path | None = None
    isolated: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    statistics: bool = False
    output_file: str | None = None
    select: tuple[str, ...] | None = None  # --select: replaces the file's
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def settings(self, found: Settings) -> Settings:
        """A plan's settings with this command line's rule selection on top."""
        return found.overridden(self.select, self.extend_select, self.ignore)


def lint(options: LintOptions, stdout: TextIO, stderr: TextIO) -> int:
    """Lint every path, print the results, and return the exit code."""
    with paused_gc():  # the GC would walk every model built so far: ~40% of a run
        code = _lint_all(options, stdout, stderr)
    no_collection_at_exit()
    return code


def _lint_all(options: LintOptions, stdout: TextIO, stderr: TextIO) -> int:
    unreadable: list[tuple[str, OSError]] = []
    plans = _gather(options, stderr, unreadable)
    if isinstance(plans, int):
        return plans
    if not plans and not unreadable:
        where = ", ".join(options.paths)
        stderr.write(f"planlint: warning: no plan files found under {where}\n")

    session = Session(options, stdout, stderr)
    for name, error in unreadable:
        session.unreadable(name, error)
    for path, settings in plans:
        session.check(path, settings)
    return session.finish()


def _gather(
    options: LintOptions, stderr: TextIO, unreadable: list[tuple[str, OSError]]
) -> list[tuple[Path, Settings]] | int:
    """Each plan to lint with its settings, or the exit code of a bad config;
    paths that name nothing readable go to `unreadable`."""
    resolver = Resolver(options.config, options.isolated)
    try:
        files = discover(
            options.paths,
            lambda path, walked: resolver(path).excluded(path, walked),
            lambda name, error: unreadable.append((name, error)),
        )
        return [
            (path, options.settings(resolver(settings_key(path, options))))
            for path in files
        ]
    except ConfigError as error:
        return config_error(error, stderr)


def settings_key(path: Path, options: LintOptions) -> Path | None:
    """The path whose configuration applies: stdin's is its name, or none."""
    if str(path) != STDIN:
        return path
    return Path(options.stdin_filename) if options.stdin_filename else None


def config_error(error: ConfigError, stderr: TextIO) -> int:
    """Report an invalid configuration: what, where, and what is allowed."""
    where = shown_path(error.path)
    stderr.write(f"planlint: error: invalid configuration: {where}: {error.detail}\n")
    return EXIT_USAGE


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """`--color`: `auto` means a terminal, unless NO_COLOR or FORCE_COLOR say."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())
