"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CORPUS = DATA / "corpus"
SEED = ROOT / "examples" / "data-migration.plan.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def corpus() -> Path:
    return CORPUS
