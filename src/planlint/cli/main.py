"""`planlint`: lint plans, or run one of its commands (format, run, rule, ...).

The first argument picks a command; anything else is the lint command's
arguments. Commands are imported only when used, so linting starts fast and
never loads the language-server stack.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from functools import partial
from typing import TextIO

from planlint.cli import EXIT_INTERNAL, EXIT_USAGE, report_internal_error

logger = logging.getLogger(__name__)

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what the shell shows for other tools
# Command name -> module under planlint.cli with `main(argv, stdout, stderr)`.
COMMANDS = {
    "format": "fmt",
    "run": "run",
    "graph": "graph",
    "lsp": "lsp",
    "rule": "rule",
    "config": "config",
}


def entry() -> None:
    """The `planlint` console script."""
    if sys.argv[1:2] != ["lsp"]:  # the server keeps stdout's descriptor as is
        buffer_stdout()
        tolerate_encoding()
    sys.exit(main())


def tolerate_encoding() -> None:
    """Let a stream whose encoding cannot hold CJK (PYTHONIOENCODING=ascii,
    latin-1) show `\\u4e2d` for it, instead of every report ending in an
    encoding error halfway through."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def buffer_stdout() -> None:
    """Give an unbuffered stdout (PYTHONUNBUFFERED, -u) a buffer again.

    Unbuffered, a text write goes to the file descriptor once, and when the
    reader quits half-way the kernel takes part of it and the rest is dropped
    without an error, so `planlint | head` would exit 1 having printed half a
    report. A buffered writer retries the rest and so meets the closed pipe.
    Line buffering keeps each line as prompt as before.
    """
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper):
        return
    if not isinstance(stream.buffer, io.RawIOBase):
        return

    encoding, errors = stream.encoding, stream.errors
    stream.flush()
    raw = stream.detach()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(raw), encoding, errors, line_buffering=True
    )


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    program: str = "planlint",
) -> int:
    """Run `planlint` with `argv` (default: the command line); the exit code.

    `program` names the console script in messages: `planfmt` runs
    `planlint format` under its own name.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    with _logging_to(err, _verbosity(args)):
        if args and args[0] in COMMANDS:
            command = partial(_command, args[0], args[1:], out, err)
            doing = _doing(args[0], program)
            return _guarded(command, out, err, doing, program)
        return _guarded(partial(_lint, args, out, err), out, err, "linting", program)


def _doing(command: str, program: str) -> str:
    """What a command does, as an internal error names it."""
    if program != "planlint":  # planfmt: its own name says what it runs
        return "formatting" if command == "format" else f"running {program}"
    return f"running planlint {command}"


def _lint(args: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from planlint.cli.lint import lint
    from planlint.cli.options import lint_options

    parsed = _parse(args, stdout, stderr)
    if isinstance(parsed, int):
        return parsed

    if parsed.show_settings is not None:
        from planlint.cli.config import show_settings

        return show_settings(parsed.show_settings, parsed, stdout, stderr)
    options = lint_options(parsed, stdout, os.environ)
    if parsed.stdin_filename and "-" not in options.paths:
        stderr.write("planlint: warning: --stdin-filename is ignored without `-`\n")
    return lint(options, stdout, stderr)


def _parse(args: list[str], stdout: TextIO, stderr: TextIO) -> argparse.Namespace | int:
    """The parsed options, or the exit code when argparse has already exited."""
    from planlint.cli.options import parser

    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            return parser().parse_args(args)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE


def _command(name: str, argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Import the command's module only now, and run its `main`."""
    module_name = f"planlint.cli.{COMMANDS[name]}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        logger.debug("cannot import %s", module_name, exc_info=error)
        if error.name is None or error.name.split(".")[0] == "planlint":
            stderr.write(f"planlint: planlint {name} is not available in this build\n")
        else:
            stderr.write(
                f"planlint: planlint {name} needs the Python package `{error.name}`,"
                " which is not installed; install it with `pip install"
                " 'planlint[lsp]'` or your distribution's package\n"
            )
        return EXIT_USAGE

    command: Callable[[list[str], TextIO, TextIO], int] = module.main
    return command(argv, stdout, stderr)


def _guarded(
    run: Callable[[], int],
    stdout: TextIO,
    stderr: TextIO,
    doing: str,
    program: str = "planlint",
) -> int:
    """`run()`, with our own bugs turned into a message and exit code 3."""
    try:
        status = run()
        stdout.flush()  # a reader that quit shows here, not at exit
        return status
    except KeyboardInterrupt:
        stderr.write(f"{program}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away, as in `planlint | head`
        _discard(stdout)
        return EXIT_BROKEN_PIPE
    except Exception as error:  # noqa: BLE001 - whatever our bug, say so
        report_internal_error(stderr, doing, error, program)
        return EXIT_INTERNAL


def _discard(stdout: TextIO) -> None:
    """Point a closed stdout at /dev/null, so exiting does not flush into it."""
    if stdout is not sys.stdout:
        return

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _verbosity(args: Sequence[str]) -> int:
    """How many -v flags come before `--`, for every command alike."""
    count = 0
    for arg in args:
        if arg == "--":
            break
        if arg == "--verbose":
            count += 1
        elif arg.startswith("-v") and set(arg[1:]) == {"v"}:
            count += len(arg) - 1
    return count


@contextmanager
def _logging_to(stderr: TextIO, verbosity: int) -> Iterator[None]:
    """Send planlint's log records to `stderr` while a command runs."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(stderr)
    handler.setFormatter(logging.Formatter("planlint: %(levelname)s: %(message)s"))
    root = logging.getLogger("planlint")
    saved = root.level
    root.addHandler(handler)
    root.setLevel(level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(saved)
