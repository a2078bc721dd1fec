"""The executor's semantic tests, run again with every task on Dask workers.

Every test of the run modules (`test_run_*.py`, `test_corpus_runs.py`) that
takes the `ws` fixture is collected here a second time, with `ws` replaced
by a workspace whose runs pass `--scheduler` of this module's local cluster:
same plans, same assertions, the other backend. A run module added later is
picked up the same way. Tests that never reach a backend (dry runs, usage
errors, refusals) are left to their module.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from types import ModuleType

import pytest

from tests.executor.daskhelp import cluster, dask_ws, scheduler
from tests.executor.runhelp import Workspace


def _run_modules() -> tuple[ModuleType, ...]:
    here = Path(__file__).parent
    names = sorted(path.stem for path in here.glob("test_run_*.py"))
    return tuple(
        importlib.import_module(f"tests.executor.{name}")
        for name in [*names, "test_corpus_runs"]
    )


SEMANTIC = _run_modules()
NO_BACKEND = {
    "test_a_torn_journal_line_is_ignored",
    "test_the_state_file_is_compacted_while_the_run_goes_on",  # calls execute()
    "test_only_with_an_unknown_id_is_a_usage_error",
    "test_invalid_corpus_plans_are_refused",
    "test_cycle_refusal_names_the_cycle",
    "test_dry_run_of_the_full_featured_plan",
    "test_dry_run_of_the_very_long_plan_has_one_batch_per_parallel_stage",
    "test_dry_run_of_the_seed_shows_every_stage_and_command",
    "test_dry_run_shows_approval_points_and_changes_nothing",
    "test_usage_errors_exit_2",
    "test_a_report_in_a_missing_directory_is_refused_before_running",
    "test_a_missing_cwd_is_a_usage_error",
    "test_anonymous_tasks_get_derived_ids_and_titles",
    "test_legacy_markers_are_tasks_and_look_alikes_are_body_text",
}

__all__ = ["cluster", "dask_ws", "scheduler"]  # fixtures behind `ws`


def _collect() -> dict[str, object]:
    found: dict[str, object] = {}
    for module in SEMANTIC:
        for name, value in vars(module).items():
            if _runs_a_plan(name, value):
                assert name not in found, f"two run tests are called {name}"
                found[name] = value
    return found


def _runs_a_plan(name: str, value: object) -> bool:
    if not name.startswith("test_") or not callable(value) or name in NO_BACKEND:
        return False
    return "ws" in inspect.signature(value).parameters


globals().update(_collect())


@pytest.fixture
def ws(dask_ws: Workspace) -> Workspace:
    return dask_ws


def test_every_semantic_test_is_collected_here() -> None:
    names = set(_collect())

    assert len(names) >= 35
    assert {m.__name__.rsplit(".", 1)[1] for m in SEMANTIC} >= {
        "test_run_order",
        "test_run_policies",
        "test_run_state",
        "test_run_signals",
        "test_run_cli",
        "test_run_terminal",
        "test_corpus_runs",
    }
    assert "test_max_workers_is_reached_and_never_exceeded" in names
    assert "test_signal_ends_every_task_and_exits_130" in names
    assert "test_confirm_asks_on_a_terminal" in names
    assert not names & NO_BACKEND
