"""Where the Dask backend runs: a local cluster, or an existing scheduler.

`dask_client` yields a connected `Client` and closes what it opened. A local
cluster has worker processes on this machine, sized so that the busiest stage
of the plan can run all its tasks at once; an existing cluster is used as it
is. Either way every worker must run this planlint version and see the run's
directory, which is checked before anything runs.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import resource_tracker
from typing import Any

from distributed import Client, LocalCluster
from distributed.comm.addressing import get_address_host_port
from distributed.comm.core import connect
from distributed.security import Security

from planlint import __version__
from planlint.executor.dask_worker import PLANLINT_DECIDES, worker_version

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler and see a worker
HANDSHAKE_TIMEOUT = 2.0  # more seconds for its first answer once connected
DEFAULT_MAX_WORKERS = 4  # worker processes of a local cluster, at most
DASK_LOGGERS = ("distributed", "tornado")  # quiet unless planlint logs at INFO
WORKER_SETUP = "planlint.executor.dask_worker"  # its dask_setup runs on each worker


class ClusterError(Exception):
    """No usable Dask cluster; the message says what is wrong and what to do."""


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """`--scheduler`, `--dask-workers`, and what the plan needs at most at once."""

    scheduler: str | None = None
    workers: int | None = None  # worker processes of a local cluster
    peak: int = 1  # the most tasks any stage may run at once
    cwd: str = "."


def local_shape(peak: int, workers: int | None = None) -> tuple[int, int]:
    """Worker processes and threads each, enough for `peak` tasks at once.

    Tasks are child processes, so a worker thread mostly waits: a few worker
    processes with several threads each serve a wide stage on a small machine.
    """
    cpus = os.cpu_count() or 1
    count = workers or max(1, min(peak, cpus, DEFAULT_MAX_WORKERS))
    threads = max(1, -(-peak // count))
    return count, threads


@contextmanager
def dask_client(options: ClusterOptions) -> Iterator[Client]:
    """A client of the chosen cluster, checked; closed (with its cluster) after."""
    with _dask_logs_quiet():
        cluster: LocalCluster | None = None
        try:
            if not options.scheduler:
                with _workers_start_deaf():  # a Ctrl-C meanwhile raises at its end
                    cluster = _local_cluster(options)
            client = _connect(options.scheduler, cluster)
        except BaseException:
            if cluster is not None:
                cluster.close()
            raise
        try:
            _checked(client, options)
            yield client
        finally:
            client.close()  # type: ignore[no-untyped-call]
            if cluster is not None:
                cluster.close()


@contextmanager
def _dask_logs_quiet() -> Iterator[None]:
    """Dask's own log records only with -v; planlint says what went wrong.

    A lost scheduler, say, makes Dask log several tracebacks to stderr, while
    each attempt it cost is reported as lost, with the reason, and the run
    goes on by the plan's failure policies.
    """
    if log.getEffectiveLevel() <= logging.INFO:
        yield
        return
    loggers = _dask_loggers()
    saved = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, saved, strict=True):
            logger.setLevel(level)


def _dask_loggers() -> list[logging.Logger]:
    """Dask's top loggers, and those below with a level of their own."""
    below = [
        logger
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
        and logger.level != logging.NOTSET
        and name.startswith(tuple(f"{top}." for top in DASK_LOGGERS))
    ]
    return [*(logging.getLogger(top) for top in DASK_LOGGERS), *below]


def _local_cluster(options: ClusterOptions) -> LocalCluster:
    count, threads = local_shape(options.peak, options.workers)
    log.info("starting a local Dask cluster: %s workers × %s threads", count, threads)
    return LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=count,
        threads_per_worker=threads,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # any free port
        silence_logs=logging.ERROR,
        preload=[WORKER_SETUP],
    )


@contextmanager
def _workers_start_deaf() -> Iterator[None]:
    """Workers started inside hold back Ctrl-C, hang-ups and SIGTERM at first.

    They share planlint's process group, so a Ctrl-C at the terminal would
    reach them too and kill them mid-task. The signals are blocked while the
    cluster starts: its event-loop thread, which spawns every worker (also
    those the nanny starts again later), keeps that mask, and each worker
    inherits it until its preload (`dask_setup`) installs a handler and lets
    them through. planlint itself gets what arrived meanwhile once the
    cluster is up, so a Ctrl-C typed during the start is not lost.

    The resource tracker is started first, from here: starting it unblocks
    SIGINT and SIGTERM in the thread that does (multiprocessing's own guard
    for that child), which would then spawn the workers with them unblocked.
    """
    resource_tracker.ensure_running()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, PLANLINT_DECIDES)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _connect(address: str | None, cluster: LocalCluster | None) -> Client:
    if cluster is not None:
        return Client(cluster)  # type: ignore[no-untyped-call]
    assert address is not None
    _probe(address)
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except OSError as error:
        raise ClusterError(_unreachable(address, error)) from None
    except Exception as error:  # noqa: BLE001 - it answered, not as a scheduler
        raise ClusterError(_not_a_scheduler(address, repr(error))) from None


def _probe(address: str) -> None:
    """Check that something speaking Dask answers at `address`, in bounded time.

    Dask's connect bounds the TCP connection but not the handshake after it:
    a server of another kind (a dashboard, any HTTP server) can keep it
    waiting for ever, or answer bytes that read as a frame of absurd size.
    """
    try:
        get_address_host_port(address)
    except ValueError as error:
        raise ClusterError(
            f"--scheduler {address}: {error}; give the address `dask scheduler`"
            " prints, such as tcp://10.0.0.5:8786"
        ) from None
    limit = CONNECT_TIMEOUT + HANDSHAKE_TIMEOUT
    try:
        asyncio.run(asyncio.wait_for(_handshake(address), limit))
    except TimeoutError:
        why = f"no Dask handshake within {limit:g} s"
        raise ClusterError(_not_a_scheduler(address, why)) from None
    except OSError as error:
        raise ClusterError(_unreachable(address, error)) from None
    except Exception as error:  # noqa: BLE001 - whatever it sent, it is not Dask
        raise ClusterError(_not_a_scheduler(address, repr(error))) from None


async def _handshake(address: str) -> None:
    """Connect as a client would (with Dask's configured security), then leave."""
    security: Any = Security()  # type: ignore[no-untyped-call]
    arguments = security.get_connection_args("client")
    dial: Any = connect
    comm = await dial(address, timeout=CONNECT_TIMEOUT, **arguments)
    await comm.close()


def _unreachable(address: str, error: OSError) -> str:
    return (
        f"cannot reach the Dask scheduler at {address}: {error}; start one with"
        f" `dask scheduler` and workers with `dask worker {address}`, or leave"
        " out --scheduler to run on a local cluster"
    )


def _not_a_scheduler(address: str, why: str) -> str:
    return (
        f"the server at {address} is not a Dask scheduler ({why}); give the"
        " address `dask scheduler` prints after 'Scheduler at:' (port 8786"
        " unless it was started with another), not the dashboard's or a worker's"
    )


def _checked(client: Client, options: ClusterOptions) -> None:
    """`_check_workers`, with a connection lost meanwhile said plainly."""
    try:
        _check_workers(client, options)
    except OSError as error:
        where = options.scheduler or "the local cluster"
        raise ClusterError(
            f"lost the connection to the Dask scheduler at {where} while checking"
            f" its workers: {error}; nothing ran"
        ) from None


def _check_workers(client: Client, options: ClusterOptions) -> None:
    """Every worker runs this planlint and sees the run's directory."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except TimeoutError:
        address = options.scheduler or "ADDRESS"
        raise ClusterError(
            f"the Dask scheduler at {address} has no workers; start one with"
            f" `dask worker {address}`"
        ) from None
    versions = client.run(worker_version, on_error="return")
    wrong = {w: v for w, v in versions.items() if v != __version__}
    if wrong:
        raise ClusterError(_version_problem(wrong))
    trees = client.run(os.path.isdir, options.cwd, on_error="return")
    missing = sorted(w for w, found in trees.items() if found is not True)
    if missing:
        raise ClusterError(
            f"directory {options.cwd} does not exist on Dask workers"
            f" {', '.join(missing)}; every worker needs the plan's working tree at"
            " the same path (a shared file system, or one checkout per worker)"
        )


def _version_problem(wrong: dict[str, object]) -> str:
    shown = ", ".join(
        f"{worker} ({_describe(found)})" for worker, found in sorted(wrong.items())
    )
    return (
        f"these Dask workers do not run planlint {__version__}: {shown}; install"
        f" the same version on every worker (pip install planlint=={__version__})"
    )


def _describe(found: object) -> str:
    if isinstance(found, str):
        return f"planlint {found}"
    return f"cannot run planlint: {type(found).__name__}: {found}"
