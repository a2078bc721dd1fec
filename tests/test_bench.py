"""Every benchmark script still starts: its imports of the others and of planlint hold.

The benchmarks are not run in the suite (their figures go to docs/performance.md),
so a script that a change left broken would otherwise go unnoticed until the next
measurement, as bench_format.py once did.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("script", sorted(BENCH.glob("bench_*.py")), ids=str)
def test_the_script_starts(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=BENCH,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
