"""Every shell-check test gets its own empty result cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from planlint.checks.shell import forget_reports


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`$XDG_CACHE_HOME` in the test's own directory; the cache goes under it."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def fresh_reports() -> None:
    """Each test starts as a new process: a missing tool is said again."""
    forget_reports()
