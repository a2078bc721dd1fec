"""`planfmt` (and `planlint format`): rewrite plan files in their canonical form.

stdout carries the result of the mode: the files reformatted (or that would
be, with `--check`), the diff (`--diff`) or the formatted text (`-`); the
summary, syntax errors and logs go to stderr.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO, NoReturn, TextIO

from planlint.cli import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, shown_path
from planlint.cli.discover import STDIN, discover, path_argument
from planlint.config import ConfigError, Resolver
from planlint.format import FormatError, format_text
from planlint.format.diff import unified_diff
from planlint.format.line_endings import convert
from planlint.syntax import decode, encode

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Rewrite plan files in the canonical form of docs/formatting.md. Directories are
searched for plan files as the linter searches them; `-` formats stdin to stdout.
A file with syntax errors (PL003, PL004, PL010, an unclosed code fence) is left
untouched and the exit status is 2, unless --force formats the lines around them.
Exit status: 0 done, 1 files would change (--check, --diff), 2 errors."""


class Outcome(Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Streams:
    """Where results, reports and stdin input go; injected by tests."""

    out: TextIO
    err: TextIO
    stdin: BinaryIO | None


class _UsageError(Exception):
    """A bad command line; argparse would otherwise exit the process."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, and prints to our streams."""

    def __init__(self, stdout: TextIO) -> None:
        super().__init__(prog="planfmt", description=DESCRIPTION)
        self.stdout = stdout

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise _UsageError(message or "", status)

    def _print_message(self, message: str, file: object = None) -> None:
        self.stdout.write(message)


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Run planfmt with `argv`; returns the exit status instead of exiting."""
    streams = Streams(stdout or sys.stdout, stderr or sys.stderr, stdin)
    try:
        options = _arguments(streams.out).parse_args(argv)
    except _UsageError as exc:
        if exc.status != EXIT_CLEAN:
            streams.err.write(f"planfmt: {exc}\n")
        return exc.status

    with _logging(streams.err, options.verbose):
        return _run(options, streams)


def entry() -> None:
    """The `planfmt` console script: `planlint format`, with its guards.

    planlint's main turns our own bugs into a message and exit status 3, and
    a closed stdout (`planfmt --diff | head`) into a quiet exit.
    """
    from planlint.cli.main import buffer_stdout
    from planlint.cli.main import main as planlint_main

    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="surrogateescape")
    buffer_stdout()
    sys.exit(planlint_main(["format", *sys.argv[1:]], program="planfmt"))


def _arguments(stdout: TextIO) -> _Parser:
    parser = _Parser(stdout)
    parser.add_argument(
        "paths", nargs="*", type=path_argument, metavar="PATH", help="files, dirs or -"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if any would"
    )
    parser.add_argument(
        "--diff", action="store_true", help="print a unified diff; exit 1 if any"
    )
    parser.add_argument(
        "--force", action="store_true", help="format around syntax errors"
    )
    parser.add_argument(
        "--stdin-filename", metavar="NAME", help="the name of stdin in messages"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log more (-vv: debug)"
    )
    return parser


@contextmanager
def _logging(stream: TextIO, verbose: int) -> Iterator[None]:
    """Log to stderr with -v/-vv, unless `planlint format` already does."""
    root = logging.getLogger("planlint")
    if root.handlers:
        yield
        return

    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("planfmt: %(levelname)s: %(message)s"))
    saved = root.level
    root.addHandler(handler)
    root.setLevel([logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)])
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(saved)


def _run(options: argparse.Namespace, streams: Streams) -> int:
    paths: list[str] = options.paths
    if not paths and options.stdin_filename:
        paths = [STDIN]
    if not paths:
        streams.err.write("planfmt: no path given; name files, directories or -\n")
        return EXIT_USAGE
    if STDIN in paths and len(paths) > 1:
        streams.err.write("planfmt: `-` (stdin) cannot be mixed with paths\n")
        return EXIT_USAGE

    unreadable: list[Outcome] = []
    endings = _line_endings(paths, options.stdin_filename, streams.err, unreadable)
    if isinstance(endings, int):
        return endings
    if paths == [STDIN]:
        stdin_ending = endings[Path(STDIN)]
        return _exit_status([_format_stdin(options, streams, stdin_ending)], options)
    outcomes = [_format_file(p, options, streams, e) for p, e in endings.items()]
    outcomes = unreadable + outcomes
    if not options.quiet:
        streams.err.write(_summary(outcomes, options.check or options.diff) + "\n")
    return _exit_status(outcomes, options)


def _line_endings(
    paths: list[str], stdin_filename: str | None, err: TextIO, failed: list[Outcome]
) -> dict[Path, str] | int:
    """`[format] line-ending` of each plan's configuration, or exit status 2.

    Plans that the configuration's `exclude` names are left out of walks; a
    path that names nothing readable is reported and counted in `failed`.
    """

    def unreadable(name: str, error: OSError) -> None:
        err.write(f"planfmt: cannot read {name}: {error.strerror or error}\n")
        failed.append(Outcome.FAILED)

    resolver = Resolver()

    def ending(path: Path) -> str:
        if str(path) == STDIN:  # stdin: the configuration of its given name
            path = Path(stdin_filename) if stdin_filename else Path.cwd()
        return str(resolver(path).format.get("line-ending", "keep"))

    try:
        found = discover(
            paths,
            lambda path, walked: resolver(path).excluded(path, walked),
            unreadable,
        )
        if not found and not failed:
            where = ", ".join(paths)
            err.write(f"planfmt: warning: no plan files found under {where}\n")
        return {path: ending(path) for path in found}
    except ConfigError as error:
        where = shown_path(error.path)
        err.write(f"planfmt: invalid configuration: {where}: {error.detail}\n")
        return EXIT_USAGE


def _exit_status(outcomes: list[Outcome], options: argparse.Namespace) -> int:
    if Outcome.FAILED in outcomes:
        return EXIT_USAGE
    if (options.check or options.diff) and Outcome.CHANGED in outcomes:
        return EXIT_PROBLEMS
    return EXIT_CLEAN


def _format_stdin(
    options: argparse.Namespace, streams: Streams, line_ending: str
) -> Outcome:
    name = options.stdin_filename or STDIN  # as planlint names it
    data = (streams.stdin or sys.stdin.buffer).read()
    text, _ = decode(data)
    new = _formatted(text, name, options.force, streams.err, line_ending)

    if options.check or options.diff:
        if options.diff and new is not None:
            streams.out.write(unified_diff(text, new, name))
    else:  # a filter: on refusal, give the input back unchanged
        _write_text(streams.out, text if new is None else new)
    return _outcome(text, new)


def _format_file(
    path: Path, options: argparse.Namespace, streams: Streams, line_ending: str
) -> Outcome:
    try:
        text, _ = decode(path.read_bytes())
    except OSError as exc:
        streams.err.write(f"planfmt: cannot read {path}: {exc.strerror}\n")
        return Outcome.FAILED

    new = _formatted(text, str(path), options.force, streams.err, line_ending)
    if new is None or new == text:
        return _outcome(text, new)
    if options.diff:
        streams.out.write(unified_diff(text, new, str(path)))
    if options.check and not options.diff:
        streams.out.write(f"would reformat {path}\n")
    if not (options.check or options.diff):
        return _save(path, new, streams)
    return Outcome.CHANGED


def _formatted(
    text: str, name: str, force: bool, err: TextIO, line_ending: str = "keep"
) -> str | None:
    """The formatted text, or None after reporting why it cannot be formatted."""
    try:
        return convert(format_text(text, force=force), line_ending)
    except FormatError as exc:
        err.writelines(problem.describe(name) + "\n" for problem in exc.problems)
        count = len(exc.problems)
        err.write(
            f"planfmt: {name} not formatted: {count} syntax error"
            f"{'s' if count > 1 else ''}; fix {'them' if count > 1 else 'it'}"
            " or use --force to format the other lines\n"
        )
        return None


def _outcome(text: str, new: str | None) -> Outcome:
    if new is None:
        return Outcome.FAILED
    return Outcome.UNCHANGED if new == text else Outcome.CHANGED


def _save(path: Path, text: str, streams: Streams) -> Outcome:
    try:
        _replace(path.resolve(), encode(text))
    except OSError as exc:
        streams.err.write(f"planfmt: cannot write {path}: {exc.strerror}\n")
        return Outcome.FAILED
    streams.out.write(f"reformatted {path}\n")
    return Outcome.CHANGED


def _replace(target: Path, data: bytes) -> None:
    """Write atomically beside the file, keeping its permission bits."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".planfmt-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _write_text(stream: TextIO, text: str) -> None:
    """Exact bytes to a real stdout (no newline translation); str otherwise."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return

    stream.flush()
    buffer.write(encode(text))
    buffer.flush()


def _summary(outcomes: list[Outcome], dry: bool) -> str:
    changed = outcomes.count(Outcome.CHANGED)
    unchanged = outcomes.count(Outcome.UNCHANGED)
    failed = outcomes.count(Outcome.FAILED)
    verb = "would be reformatted" if dry else "reformatted"
    kept = "already formatted" if dry else "left unchanged"
    parts = [f"{_files(changed)} {verb}", f"{unchanged} {kept}"]
    if failed:
        parts.append(f"{failed} not formatted (errors)")
    return ", ".join(parts)


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"
