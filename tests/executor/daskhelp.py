"""Fixtures for the Dask backend's tests: one local cluster per test module.

Two worker processes with four threads each, on 127.0.0.1 only, so that the
widest stage of the semantic tests (four tasks at once) fits. A test that
kills a worker leaves the nanny to start another; the `scheduler` fixture
waits until both are back, so every test starts on the same cluster shape.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from tests.executor.runhelp import Workspace

WORKERS, THREADS = 2, 4


def local_cluster() -> LocalCluster:
    """Two worker processes on 127.0.0.1; no port but the scheduler's is fixed."""
    return LocalCluster(
        n_workers=WORKERS,
        threads_per_worker=THREADS,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with local_cluster() as started:
        yield started


@pytest.fixture
def scheduler(cluster: LocalCluster) -> str:
    """The cluster's address, once all its workers are up."""
    end = time.monotonic() + 60
    while len(cluster.scheduler_info.get("workers", {})) < WORKERS:
        if time.monotonic() > end:
            raise TimeoutError("the Dask workers did not come back")
        time.sleep(0.05)
    return str(cluster.scheduler_address)


@pytest.fixture
def client(scheduler: str) -> Iterator[Client]:
    with Client(scheduler) as connected:
        yield connected


@pytest.fixture
def dask_ws(tmp_path: Path, scheduler: str) -> Workspace:
    """A workspace whose runs go to the module's cluster."""
    return Workspace(tmp_path, backend=("--scheduler", scheduler))
