"""Keeping Python's cyclic garbage collector out of a big plan's edits.

A 10,000-task plan is half a million objects. Left to itself, the collector
walks all of them again and again while the next version is built, which made
every few edits seconds slower than the rest. So: a plan that is replaced has
its stage-task cycles broken and is freed by reference counting at once; what
an analysis built is frozen (the collector skips it); and one real collection
runs when the client has been quiet for a moment, or after many analyses.
Freeing a big replaced plan takes a while, so inside the server it happens
right after the current message is answered, not before.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

from planlint.server.analysis import Analysis

logger = logging.getLogger(__name__)

IDLE = 2.0  # seconds without edits before a full collection
EVERY = 40  # analyses between full collections while edits keep coming


def release(analysis: Analysis) -> None:
    """Break the cycles of a plan nobody uses any more (stages <-> tasks)."""
    plan = analysis.plan
    for stage in plan.stages:
        for task in stage.tasks:
            task.stage = None
        stage.tasks = []
    analysis._rows.clear()


class Collector:
    """Freezes what each analysis built; collects for real when idle."""

    def __init__(self, idle: float = IDLE, every: int = EVERY) -> None:
        self.idle = idle
        self.every = every
        self._since = 0
        self._timer: asyncio.TimerHandle | None = None
        self._retired: list[Analysis] = []

    def retire(self, analysis: Analysis) -> None:
        """Free a replaced analysis: after the current message, or at once."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            release(analysis)
            return
        if not self._retired:
            loop.call_soon(self.free_retired)
        self._retired.append(analysis)

    def free_retired(self) -> None:
        """Break the cycles of the retired analyses and let them go."""
        retired, self._retired = self._retired, []
        for analysis in retired:
            release(analysis)
        retired.clear()  # reference counting frees them here

    def settled(self) -> None:
        """An analysis was built: the collector need not walk it."""
        gc.freeze()
        self._since += 1
        if self._since >= self.every:
            self.collect()

    def activity(self) -> None:
        """The client did something: wait for quiet before collecting."""
        if self._timer is not None:
            self._timer.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(self.idle, self.collect)

    def collect(self) -> None:
        started = time.perf_counter()
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        self._since, self._timer = 0, None
        spent = (time.perf_counter() - started) * 1000
        logger.debug("collected %s objects in %.0f ms", found, spent)
