"""Fixtures for the executor tests; the helpers live in runhelp.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.executor.runhelp import Workspace, kill_all


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


@pytest.fixture
def reaper() -> Iterator[list[int]]:
    """Pids a test may leave behind if it fails: killed with their groups after."""
    pids: list[int] = []
    yield pids
    kill_all(pids)
