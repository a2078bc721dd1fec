"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # lets test modules import `tests.conftest`
    sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data"
CORPUS = DATA / "corpus"
SEED = ROOT / "examples" / "data-migration.plan.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def corpus() -> Path:
    return CORPUS
