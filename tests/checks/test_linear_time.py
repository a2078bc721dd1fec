"""Rules take time in proportion to what they read: regression tests.

Each test times the same work on an input and on one eight times longer, and
allows a ratio of 24 (a linear pass gives about 8, a quadratic one about 64),
so the test does not depend on the machine's speed; times are the process's
CPU time, which other processes on a loaded machine barely change. The work runs under a no-op profile hook, as under coverage
or a debugger: CPython then gives up the in-place `str +=` that hides a
quadratic build-up of strings in plain runs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import planlint
from planlint.checks import rule_for
from planlint.checks.rules.pl507_noop_verify import split_list

LONGER = 8
ALLOWED_RATIO = 24.0


@contextmanager
def _profiled() -> Iterator[None]:
    previous = sys.getprofile()
    sys.setprofile(lambda *args: None)
    try:
        yield
    finally:
        sys.setprofile(previous)


def _seconds(work: Callable[[], object], runs: int = 3) -> float:
    """The fastest of a few runs of `work`."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        with _profiled():
            work()
        best = min(best, time.process_time() - started)
    return best


def _ratio(
    make: Callable[[int], str], work: Callable[[str], object], size: int
) -> float:
    short, long = make(size), make(size * LONGER)
    return _seconds(lambda: work(long)) / _seconds(lambda: work(short))


def _verify_line(body: str) -> Callable[[int], str]:
    """A command of about `size` characters made by repeating `body`."""
    return lambda size: "echo " + body * (size // len(body))


def test_split_list_is_linear_in_a_200k_character_command() -> None:
    # A 200,000-character `验证:` line took 15 s while its tokens were added
    # to one growing string; `中$` makes every character a token of its own.
    ratio = _ratio(_verify_line("中$"), split_list, 25_000)
    assert ratio < ALLOWED_RATIO, f"8x longer command took {ratio:.0f}x as long"


def test_noop_verify_rule_is_linear_in_the_command_length() -> None:
    rule = rule_for("PL507")
    assert rule is not None

    def plan_text(size: int) -> str:
        command = _verify_line("true;")(size)
        return f'## STAGE ## name="验证" mode="serial"\n\n## TASK ##\n检查\n验证: {command}\n'

    def check(text: str) -> object:
        return list(rule.check(planlint.plan_from_text(text, "long.plan.md")))

    ratio = _ratio(plan_text, check, 25_000)
    assert ratio < ALLOWED_RATIO, f"8x longer command took {ratio:.0f}x as long"
