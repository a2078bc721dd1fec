"""`planlint run --backend`: the local threads, or Dask, imported only if chosen.

The Dask extra is optional: nothing here imports it unless `--backend dask`
(or `--scheduler`) is given, so linting and local runs never pay for it.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from planlint.executor import Backend, Schedule

log = logging.getLogger(__name__)

INSTALL_HINT = 'pip install "planlint[dask]"'
WORKERS_PER_CPU = 4  # --dask-workers at most; each worker process is ~100 MB


class BackendError(Exception):
    """The chosen backend cannot run: what is wrong and what to do."""


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument_group("where tasks run").add_argument
    add(
        "--backend",
        choices=("local", "dask"),
        help="local: threads of this process (the default); dask: workers of a"
        " Dask cluster, a local one unless --scheduler is given"
        f" (needs {INSTALL_HINT})",
    )
    add(
        "--scheduler",
        type=_address,
        metavar="tcp://HOST:PORT",
        help="run on the Dask cluster of this scheduler (implies --backend dask);"
        " every worker needs the same working tree and planlint version",
    )
    add(
        "--dask-workers",
        type=_worker_count,
        metavar="N",
        help="worker processes of the local Dask cluster (implies --backend"
        " dask; default: enough for the widest stage, at most 4)",
    )


def check_backend_options(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> None:
    """Refuse combinations that cannot mean anything (argparse exits with 2)."""
    if args.backend == "local" and (args.scheduler or args.dask_workers):
        parser.error("--scheduler and --dask-workers need --backend dask")
    if args.scheduler and args.dask_workers:
        parser.error(
            "--dask-workers sizes a local cluster; with --scheduler the"
            " cluster's own workers run the tasks"
        )


def chosen(args: argparse.Namespace) -> str:
    """`local` or `dask`: --scheduler or --dask-workers alone means Dask."""
    implied = "dask" if args.scheduler or args.dask_workers else "local"
    return str(args.backend or implied)


@contextmanager
def backend_for(
    args: argparse.Namespace, schedule: Schedule, cwd: str
) -> Iterator[Backend | None]:
    """The backend to run on (None: the local one); BackendError if unusable."""
    if chosen(args) == "local":
        yield None
        return

    try:
        from planlint.executor.dask_backend import DaskBackend
        from planlint.executor.dask_cluster import (
            ClusterError,
            ClusterOptions,
            dask_client,
        )
    except ModuleNotFoundError as error:
        log.debug("cannot import the Dask backend", exc_info=error)
        raise BackendError(_missing(error)) from None

    peak = max((stage.limit for stage in schedule.stages if stage.tasks), default=1)
    options = ClusterOptions(args.scheduler, args.dask_workers, peak, cwd)
    try:
        with dask_client(options) as client:
            yield DaskBackend(client)
    except ClusterError as error:
        raise BackendError(str(error)) from None


def _missing(error: ModuleNotFoundError) -> str:
    name = error.name or "dask"
    return (
        f"--backend dask needs the Python package `{name}`, which is not"
        f" installed; install the Dask extra: {INSTALL_HINT}"
    )


def _address(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "expected the scheduler's address, such as tcp://10.0.0.5:8786"
        )
    return text.strip()


def _worker_count(text: str) -> int:
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    most = WORKERS_PER_CPU * (os.cpu_count() or 1)
    if value > most:
        raise argparse.ArgumentTypeError(
            f"{value} worker processes is more than this machine can use (at most"
            f" {most}, {WORKERS_PER_CPU} per CPU); each worker runs as many tasks"
            " at once as the widest stage needs, on threads, so a few are enough"
        )
    return value
