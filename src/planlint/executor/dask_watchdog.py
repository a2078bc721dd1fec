"""Ends a Dask worker's task process groups when the worker itself ends.

Each command of a task runs in its own session, so when a worker dies (killed,
out of memory, restarted by its nanny) nothing else would end what it started.
The worker starts this file once, as a script in a session of its own, and
writes `+PGID` when a command starts and `-PGID` when it has ended to the
script's stdin. The kernel closes that pipe however the worker ends; at end
of input every group still listed gets SIGTERM, then SIGKILL after the grace
period given as the only argument. Only the standard library is used, so the
script starts without importing planlint.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterable

_POLL_STEP = 0.05


def read_groups(lines: Iterable[bytes]) -> set[int]:
    """Fold `+PGID` and `-PGID` lines into the groups still running."""
    groups: set[int] = set()
    for line in lines:
        sign, number = line[:1], line[1:].strip()
        if not number.isdigit():
            continue
        if sign == b"+":
            groups.add(int(number))
        elif sign == b"-":
            groups.discard(int(number))
    return groups


def end_groups(groups: set[int], grace: float) -> None:
    """SIGTERM every group, then SIGKILL those still there after `grace`."""
    left = {pgid for pgid in groups if _signal(pgid, signal.SIGTERM)}
    deadline = time.monotonic() + grace
    while left and time.monotonic() < deadline:
        time.sleep(_POLL_STEP)
        left = {pgid for pgid in left if _signal(pgid, 0)}
    for pgid in left:
        _signal(pgid, signal.SIGKILL)


def _signal(pgid: int, sig: int) -> bool:
    """Send `sig` to the group; False when the group is gone."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    return True


def main(argv: list[str]) -> int:
    grace = float(argv[1]) if len(argv) > 1 else 3.0
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_groups(read_groups(sys.stdin.buffer), grace)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
