"""Run state: an append-only journal, compacted into `<plan>.state.json`.

Every change is one JSON line written with a single write(2) as the
scheduler handles it (an attempt's end before anything it lets start), so
killing planlint (even with SIGKILL) loses nothing the journal has seen; fdatasync runs at most every `SYNC_EVERY` seconds and
at compaction, which bounds what a power cut can lose. Compaction writes the
whole state to a temporary file, fsyncs it and renames it over the state
file, then empties the journal. Loading reads the state file and replays the
journal on top, so a crash between those two steps is harmless. The journal
is held with flock(2): the kernel drops the lock when its owner dies, so a
killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planlint.executor.options import PlanFiles

log = logging.getLogger(__name__)

VERSION = 1
SYNC_EVERY = 0.2  # seconds between fdatasync calls while running

Event = dict[str, Any]


class JournalBusyError(RuntimeError):
    """Another run holds the plan's journal."""


@dataclass(slots=True)
class TaskRecord:
    """What the state remembers of one task."""

    digest: str
    status: str
    attempts: int = 0
    exit_code: int | None = None
    started: float | None = None
    ended: float | None = None
    reason: str | None = None
    approved_by: str | None = None  # "--yes", "--approve" or "terminal (user)"

    def done(self, digest: str) -> bool:
        """Succeeded in this run or an earlier one, for a task of this text."""
        return self.status in _DONE and self.digest == digest


# "up-to-date" is recorded when a rerun skips a task that had succeeded.
_DONE = ("succeeded", "up-to-date")

State = dict[str, TaskRecord]
_FIELDS = tuple(TaskRecord.__dataclass_fields__)


def load_state(files: PlanFiles) -> State:
    """The state file with the journal replayed on top; empty if neither exists."""
    state = _read_state_file(files.state)
    for event in _read_journal(files.journal):
        apply(state, event)
    return state


def apply(state: State, event: Event) -> None:
    """Fold one journal event into `state`."""
    kind, task = event.get("event"), event.get("task")
    if kind == "reset":
        forget = event.get("tasks")
        if isinstance(forget, list):  # --restart with --only: just those
            for key in forget:
                state.pop(str(key), None)
        else:
            state.clear()
        return
    if kind not in ("start", "end", "status", "approval") or not isinstance(task, str):
        return
    if "digest" not in event:
        return

    record = state.get(task)
    if record is None or record.digest != event["digest"]:
        record = state[task] = TaskRecord(str(event["digest"]), "pending")
    if kind == "approval":
        record.approved_by = _approver(event)
    elif kind == "start":
        record.status, record.attempts = "running", int(event.get("attempt", 1))
        record.started, record.ended, record.reason = event.get("time"), None, None
    elif kind in ("end", "status"):
        record.status = str(event.get("status", "failed"))
        record.exit_code = event.get("exit_code", record.exit_code)
        record.ended = event.get("time", record.ended)
        record.reason = event.get("reason")


def _approver(event: Event) -> str | None:
    if not event.get("approved"):
        return None
    user = event.get("user")
    return f"{event.get('by')} ({user})" if user else str(event.get("by"))


def write_state(path: Path, state: Mapping[str, TaskRecord], plan: str) -> None:
    """Replace the state file atomically: temporary file, fsync, rename."""
    text = state_text(state, plan)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, path)
    _sync_directory(path.parent)


def state_text(state: Mapping[str, TaskRecord], plan: str) -> str:
    """The state file's JSON: one line per task, so it reads and diffs well.

    Each line goes through json's C encoder; `indent` would select the pure
    Python one, a tenth of a second for a thousand tasks at every compaction.
    """
    head = json.dumps(
        {"plan": plan, "updated": time.time(), "version": VERSION},
        ensure_ascii=False,
    )
    lines = [
        f"\n {_encode(key)}: {_encode(_as_dict(state[key]))}" for key in sorted(state)
    ]
    tasks = ",".join(lines) + ("\n" if lines else "")
    return f'{head[:-1]}, "tasks": {{{tasks}}}}}\n'


def _encode(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _as_dict(record: TaskRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in _FIELDS}


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_state_file(path: Path) -> State:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("ignoring unreadable state file %s: %s", path, error)
        return {}
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if data.get("version") != VERSION or not isinstance(tasks, dict):
        log.warning("ignoring state file %s: not version %s", path, VERSION)
        return {}
    return {k: _record(v) for k, v in tasks.items() if isinstance(v, dict)}


def _record(data: dict[str, Any]) -> TaskRecord:
    return TaskRecord(**{k: v for k, v in data.items() if k in _FIELDS})


def _read_journal(path: Path) -> Iterable[Event]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return
    for line in raw.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue  # a line torn by a crash: the event never happened
        if isinstance(event, dict):
            yield event


class Journal:
    """The plan's journal, opened for appending and locked for this run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise JournalBusyError(str(path)) from None
        self._synced = time.monotonic()
        self._dirty = False
        self._waiting: list[bytes] = []  # lines that may wait for the next write
        self._end_line()

    def _end_line(self) -> None:
        """Start on a fresh line if a crash left the last one unfinished."""
        size = os.fstat(self.fd).st_size
        if size and os.pread(self.fd, 1, size - 1) != b"\n":
            os.write(self.fd, b"\n")

    def append(self, event: Event, now: bool = True) -> None:
        """Write one line, with the lines waiting before it, in one write(2).

        `now=False` lets the line wait for the next one written now, or for
        the next sync: for news that a crash may lose without harm (a task
        started), so that each change costs one write and one release of the
        GIL, not two.
        """
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n"
        self._waiting.append(line.encode("utf-8", "surrogateescape"))
        if now:
            self._write()

    def _write(self) -> None:
        if self._waiting:
            os.write(self.fd, b"".join(self._waiting))
            self._waiting.clear()
            self._dirty = True

    def due(self) -> float | None:
        """When `sync` has work to do (monotonic time), or None if it has none."""
        if self._dirty or self._waiting:
            return self._synced + SYNC_EVERY
        return None

    def sync(self, force: bool = False) -> None:
        """fdatasync if there is news and `SYNC_EVERY` has passed (or `force`)."""
        now = time.monotonic()
        if (self._dirty or self._waiting) and (
            force or now - self._synced >= SYNC_EVERY
        ):
            self._write()
            os.fdatasync(self.fd)
            self._synced, self._dirty = now, False

    def compact(
        self, state: Mapping[str, TaskRecord], plan: str, files: PlanFiles
    ) -> None:
        """Write the state file, then empty the journal (replay is idempotent)."""
        self.sync(force=True)
        write_state(files.state, state, plan)
        os.ftruncate(self.fd, 0)
        log.debug("journal compacted into %s", files.state)

    def close(self, remove: bool = False) -> None:
        """Release the lock; `remove` deletes the (compacted, empty) journal."""
        if self.fd < 0:
            return
        if remove:
            self.path.unlink(missing_ok=True)
        else:
            self._write()
        os.close(self.fd)
        self.fd = -1
