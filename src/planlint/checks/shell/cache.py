"""A persistent cache of shell-tool results, keyed by the command's text.

One folder per tool and version under `$XDG_CACHE_HOME/planlint/` (else
`~/.cache/planlint/`), such as `shellcheck-0.9.0/`, holding SHARDS JSON files;
a command's results live in the file its text hashes to, and a check reads
only the files of the commands it meets, so a lint of a small plan does not
load every result the cache has gathered from large ones. A result depends on
the command alone, never on the plan around it, so a command checked once is
never checked again. Files are replaced atomically; one that cannot be read,
is not ours, or was written with other options is ignored and rebuilt.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 3  # bump when the meaning of stored results or their layout changes
SHARDS = 64  # files per tool and version
LIMIT = 200_000  # entries kept in all (LIMIT // SHARDS per file), those used first
CLEAN: tuple[()] = ()  # the result of every command without findings, shared
VERSIONS = "planlint-tool-versions"  # versions.json: executable -> stamp, version


def cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/planlint`, else `~/.cache/planlint`; None without either.

    A relative `XDG_CACHE_HOME` is ignored, as the XDG spec says; without a
    usable home the results live for this run only, rather than in whatever
    the current directory happens to be.
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "planlint"
    home = os.environ.get("HOME", os.path.expanduser("~"))
    return Path(home, ".cache", "planlint") if os.path.isabs(home) else None


def shard_of(command: str) -> int:
    """The number of the file that holds `command`'s results (stable across runs)."""
    return zlib.crc32(command.encode("utf-8", "surrogatepass")) % SHARDS


class _Shard:
    """The results of one file, as read, and what this run did with them."""

    def __init__(self, path: Path | None, options: str) -> None:
        self.path = path
        self.stamp = _stamp(path)
        self.entries: dict[str, Sequence[Any]] = _load(path, options) if path else {}
        self.used: set[str] = set()
        self.dirty = False


class ResultCache:
    """Results by command text, loaded from and saved to the files of a folder.

    `for_tool` shares one instance per folder within a process (a language
    server, or a lint of many plans, reads each file once); after each
    `for_tool`, a file is read again when another process has replaced it.
    """

    def __init__(self, path: Path | None, options: str) -> None:
        self.path = path  # the folder; None: kept in memory for this run only
        self.options = options  # how the tool ran; a file made otherwise is stale
        self.lock = threading.Lock()
        self._shards: dict[int, _Shard] = {}
        self._looked_at: set[int] = set()  # files compared with the disk
        self._numbers: dict[str, int] = {}
        # every result this process got or put, across files: a language
        # server looks up each command of a plan at every edit. A command's
        # result never changes, so a file read again does not change these;
        # they are dropped then only so that each stays in its file's `used`.
        self._known: dict[str, Sequence[Any]] = {}

    @classmethod
    def for_tool(cls, tool: str, version: str, options: str) -> ResultCache:
        safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in version)
        folder = cache_dir()
        path = folder / f"{tool}-{safe}" if folder else None
        with _shared_lock:
            cache = _shared.get((path, options))
            if cache is None:
                cache = _shared[path, options] = cls(path, options)
            cache._looked_at = set()  # another process may have saved since
            return cache

    def file_of(self, command: str) -> Path | None:
        """The file that holds (or will hold) `command`'s results."""
        return self._file(shard_of(command))

    def get(self, command: str) -> Sequence[Any] | None:
        """The stored result (read-only: empty ones are one shared tuple)."""
        found = self._known.get(command)
        if found is not None:
            return found

        shard = self._shard(command)
        found = shard.entries.get(command)
        if found is not None:
            shard.used.add(command)
            self._remember(command, found)
        return found

    def put(self, command: str, result: Sequence[Any]) -> None:
        shard = self._shard(command)
        with self.lock:
            shard.entries[command] = result or CLEAN
            shard.used.add(command)
            shard.dirty = True
            self._remember(command, result or CLEAN)

    def save(self) -> None:
        """Write each file that got new results, atomically; failures are logged."""
        if self.path is None:
            return

        failed: list[OSError] = []
        with self.lock:
            for shard in self._shards.values():
                if shard.dirty and shard.path is not None:
                    failed += self._save(shard, shard.path)
        if failed:  # one line, not one per file: they fail alike (a read-only folder)
            log.warning(
                "cannot write the shell-check cache %s (%d of its files): %s;"
                " results are kept for this run only: make the folder writable"
                " or point XDG_CACHE_HOME elsewhere",
                self.path,
                len(failed),
                failed[0],
            )

    def _shard(self, command: str) -> _Shard:
        number = self._numbers.get(command)
        if number is None:
            if len(self._numbers) >= LIMIT:  # a long-lived server sees many
                self._numbers.clear()
            number = self._numbers[command] = shard_of(command)
        shard = self._shards.get(number)
        if shard is not None and number in self._looked_at:
            return shard

        with self.lock:
            shard = self._shards.get(number)
            if shard is None or (not shard.dirty and shard.stamp != _stamp(shard.path)):
                if shard is not None:
                    self._known.clear()
                shard = self._shards[number] = _Shard(self._file(number), self.options)
            self._looked_at.add(number)
            return shard

    def _remember(self, command: str, result: Sequence[Any]) -> None:
        if len(self._known) >= LIMIT:  # a long-lived server sees many
            self._known.clear()
        self._known[command] = result

    def _file(self, number: int) -> Path | None:
        return self.path / f"{number:02x}.json" if self.path else None

    def _save(self, shard: _Shard, path: Path) -> list[OSError]:
        kept = _trimmed(shard.entries, shard.used, max(LIMIT // SHARDS, 1))
        data = {
            "planlint-cache": FORMAT,
            "options": self.options,
            "clean": [k for k, v in kept.items() if not v],
            "results": {k: v for k, v in kept.items() if v},
        }
        try:
            # ASCII escapes keep lone surrogates (undecodable plan bytes) valid JSON
            _write_atomically(path, json.dumps(data))
        except OSError as error:
            return [error]
        shard.dirty = False
        shard.stamp = _stamp(path)
        _forget_single_file(path.parent)
        return []


def remembered_version(
    executable: str, stamp: tuple[int, ...], ask: Callable[[], str]
) -> str:
    """The version of the tool at `executable`, asked with `ask` only when the
    cache directory has none recorded for it as it is now (`stamp`: its
    modification time, size, inode and change time): every lint would
    otherwise start the tool once just to learn which results file to read."""
    folder = cache_dir()
    path = folder / "versions.json" if folder else None
    known = _versions(path) if path else {}
    record = known.get(executable)
    if isinstance(record, list) and record[:-1] == list(stamp):
        version = record[-1]
        if isinstance(version, str) and version:
            return version

    version = ask()
    if path is not None:
        known[executable] = [*stamp, version]
        try:
            _write_atomically(path, json.dumps({VERSIONS: known}))
        except OSError as error:
            log.info("cannot record the version of %s: %s", executable, error)
    return version


def _versions(path: Path) -> dict[str, Any]:
    try:
        data = _read_json(path)
    except (OSError, ValueError):
        return {}
    found = data.get(VERSIONS) if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


_shared: dict[tuple[Path | None, str], ResultCache] = {}
_shared_lock = threading.Lock()


def _stamp(path: Path | None) -> tuple[int, int] | None:
    """When and how big the file was: another process's save changes it."""
    try:
        status = path.stat() if path is not None else None
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size) if status is not None else None


def _load(path: Path, options: str) -> dict[str, Sequence[Any]]:
    """The file's entries; commands without findings are stored as a plain list
    of texts, which loads without one container per command."""
    try:
        data = _read_json(path)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.info("ignoring the unreadable cache %s: %s", path, error)
        return {}

    if not _is_ours(data, options):
        log.info("ignoring the cache %s: other format or options", path)
        return {}
    entries: dict[str, Sequence[Any]] = dict.fromkeys(data["clean"], CLEAN)
    results: dict[str, Any] = data["results"]
    entries.update((k, v) for k, v in results.items() if isinstance(v, list) and v)
    return entries


def _read_json(path: Path) -> Any:
    """The JSON data of the file; OSError, or ValueError for what is not JSON
    that we can read (json meets deep nesting with RecursionError)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except RecursionError as error:
        raise ValueError(f"nested too deeply for json: {path}") from error


def _is_ours(data: object, options: str) -> bool:
    return (
        isinstance(data, dict)
        and data.get("planlint-cache") == FORMAT
        and data.get("options") == options
        and isinstance(data.get("results"), dict)
        and isinstance(data.get("clean"), list)
        and all(isinstance(text, str) for text in data["clean"])
    )


def _trimmed(
    entries: dict[str, Sequence[Any]], used: set[str], limit: int
) -> dict[str, Sequence[Any]]:
    """At most `limit` entries: all used this run, then the newest of the rest."""
    if len(entries) <= limit:
        return entries
    room = max(limit - len(used), 0)
    rest = [k for k in entries if k not in used]
    keep = used | set(rest[len(rest) - room :] if room else [])
    return {k: v for k, v in entries.items() if k in keep}


def _forget_single_file(folder: Path) -> None:
    """Remove `shellcheck-0.9.0.json`, the one file in which earlier versions
    kept all the results `shellcheck-0.9.0/` now holds, read whole by every lint."""
    try:
        folder.with_name(folder.name + ".json").unlink(missing_ok=True)
    except OSError:
        pass


def _write_atomically(path: Path, text: str) -> None:
    import tempfile  # here: a lint that found every result cached writes nothing

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=path.name, suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
