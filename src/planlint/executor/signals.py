"""Signals during a run: delivered to the scheduler's queue, never raised.

While a run is going, SIGINT, SIGTERM and SIGHUP only enqueue an interrupt;
the scheduler then ends the tasks' process groups itself. Only a terminal
prompt lets Ctrl-C raise, so that waiting for an answer can be interrupted.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextmanager
def handling_signals(deliver: Callable[[int], None]) -> Iterator[None]:
    """Call `deliver(signum)` for SIGINT, SIGTERM and SIGHUP while inside."""

    def handle(signum: int, frame: FrameType | None) -> None:
        deliver(signum)

    try:
        previous = {signum: signal.signal(signum, handle) for signum in SIGNALS}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def interruptible() -> Iterator[None]:
    """Let Ctrl-C raise KeyboardInterrupt while inside (for a prompt)."""
    try:
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
