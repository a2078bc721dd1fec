"""The executor's semantic tests, run again with every task on Dask workers.

Each test of the modules below that runs a plan is collected here a second
time, with the `ws` fixture replaced by a workspace whose runs pass
`--scheduler` of this module's local cluster: same plans, same assertions,
the other backend. Tests that never reach a backend (dry runs, usage errors,
refusals, the journal's own format) are left to their module.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.executor import (
    test_corpus_runs,
    test_run_cli,
    test_run_order,
    test_run_policies,
    test_run_signals,
    test_run_state,
    test_run_terminal,
)
from tests.executor.daskhelp import cluster, dask_ws, scheduler
from tests.executor.runhelp import Workspace

SEMANTIC: tuple[ModuleType, ...] = (
    test_run_order,
    test_run_policies,
    test_run_state,
    test_run_signals,
    test_run_cli,
    test_run_terminal,
    test_corpus_runs,
)
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
            if name.startswith("test_") and callable(value) and name not in NO_BACKEND:
                found[name] = value
    return found


globals().update(_collect())


@pytest.fixture
def ws(dask_ws: Workspace) -> Workspace:
    return dask_ws


def test_every_semantic_test_is_collected_here() -> None:
    names = set(_collect())

    assert len(names) >= 30
    assert "test_max_workers_is_reached_and_never_exceeded" in names
    assert "test_signal_ends_every_task_and_exits_130" in names
    assert "test_confirm_asks_on_a_terminal" in names
    assert not names & NO_BACKEND
