"""`planlint lsp`: the language server, over stdio (or TCP for debugging).

Over stdio, stdout carries the protocol and nothing else: the protocol gets
its own copy of the stdout file descriptor, and everything else that writes
to stdout (a stray print, a child process) lands on stderr instead.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import BinaryIO, TextIO

from planlint.cli import EXIT_CLEAN, EXIT_USAGE

logger = logging.getLogger(__name__)

_FORMAT = "%(asctime)s planlint %(levelname)s %(name)s: %(message)s"


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Serve LSP until the client says exit or closes the connection."""
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    args = _parse(list(sys.argv[2:] if argv is None else argv), out, err)
    if isinstance(args, int):
        return args

    _log_to(args.log_file, err, args.verbose)
    try:
        from planlint.server.server import create_server  # pygls, only now
    except ModuleNotFoundError as error:
        if (error.name or "planlint").split(".")[0] == "planlint":
            raise
        err.write(
            f"planlint lsp: needs `{error.name}`, which is not installed;"
            " install the server's extra: pip install 'planlint[lsp]'\n"
        )
        return EXIT_USAGE

    server = create_server()
    _tune_gc()
    if args.tcp is not None:
        host, port = args.tcp
        logger.warning("serving LSP on %s:%s (one client)", host, port)
        server.start_tcp(host, port)
        return EXIT_CLEAN

    server.start_io(sys.stdin.buffer, _protocol_stream(out))
    return EXIT_CLEAN


def _tune_gc() -> None:
    """Fewer, cheaper collections for a process that keeps big plans around.

    The server's own code and pygls' large type modules never become garbage:
    frozen, full collections skip them. Plans are mostly freed by reference
    counting; the cyclic GC then runs every 50,000 allocations, not 700.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 50)


def _parse(args: list[str], stdout: TextIO, stderr: TextIO) -> argparse.Namespace | int:
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            return _parser().parse_args(args)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planlint lsp",
        description="The planlint language server (LSP 3.17) on stdio.",
        epilog="Editors start it as `planlint lsp`; see docs/editors.md.",
    )
    parser.add_argument(
        "--stdio", action="store_true", help="talk over stdin/stdout (the default)"
    )
    parser.add_argument(
        "--tcp",
        metavar="HOST:PORT",
        type=_host_port,
        help="listen on a TCP port instead, for one client (for debugging)",
    )
    parser.add_argument(
        "--log-file", metavar="PATH", help="write the log there instead of stderr"
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log more (-vv: debug)"
    )
    parser.add_argument(
        "--clientProcessId", help=argparse.SUPPRESS
    )  # sent by some clients; the server ends when stdin closes anyway
    return parser


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host or "127.0.0.1", int(port)


def _log_to(path: str | None, stderr: TextIO, verbosity: int) -> None:
    """Log to `path` or stderr; pygls' per-message logs only at -vv."""
    handler: logging.Handler
    handler = (
        logging.FileHandler(path, encoding="utf-8")
        if path
        else (logging.StreamHandler(stderr))
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    for name in ("planlint", "pygls"):
        log = logging.getLogger(name)
        log.handlers = [handler]
        log.propagate = False
        log.setLevel(level if name == "planlint" or verbosity > 1 else logging.WARNING)


def _protocol_stream(stdout: TextIO) -> BinaryIO:
    """A private binary stream for the protocol; fd 1 then points at stderr."""
    if stdout is not sys.__stdout__ or not _has_fd(stdout):
        return stdout.buffer
    stdout.flush()
    protocol = os.fdopen(os.dup(stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), stdout.fileno())
    sys.stdout = sys.stderr
    return protocol


def _has_fd(stream: TextIO) -> bool:
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    return True
