"""A persistent cache of shell-tool results, keyed by the command's text.

One JSON file per tool and version under `$XDG_CACHE_HOME/planlint/` (else
`~/.cache/planlint/`), such as `shellcheck-0.9.0.json`. A result depends on
the command alone, never on the plan around it, so a command checked once is
never checked again. The file is replaced atomically; a file that cannot be
read, is not ours, or was written with other options is ignored and rebuilt.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 2  # bump when the meaning of stored results changes
LIMIT = 200_000  # entries kept; the ones this run used are always kept
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


class ResultCache:
    """Results by command text, loaded from and saved to one JSON file.

    `for_tool` shares one instance per file within a process (a language
    server, or a lint of many plans, reads the file once) and reads it again
    only when another process has replaced it.
    """

    def __init__(self, path: Path | None, options: str) -> None:
        self.path = path  # None: kept in memory for this run only
        self.options = options  # how the tool ran; a file made otherwise is stale
        self.stamp = _stamp(path)
        self.entries: dict[str, Sequence[Any]] = _load(path, options) if path else {}
        self.used: set[str] = set()
        self.dirty = False
        self.lock = threading.Lock()

    @classmethod
    def for_tool(cls, tool: str, version: str, options: str) -> ResultCache:
        safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in version)
        folder = cache_dir()
        path = folder / f"{tool}-{safe}.json" if folder else None
        with _shared_lock:
            cache = _shared.get((path, options))
            if cache is None or cache.stamp != _stamp(path):
                cache = _shared[path, options] = cls(path, options)
            return cache

    def get(self, command: str) -> Sequence[Any] | None:
        """The stored result (read-only: empty ones are one shared tuple)."""
        found = self.entries.get(command)
        if found is not None:
            self.used.add(command)
        return found

    def put(self, command: str, result: Sequence[Any]) -> None:
        with self.lock:
            self.entries[command] = result or CLEAN
            self.used.add(command)
            self.dirty = True

    def save(self) -> None:
        """Write the file atomically if anything was added; failures are logged."""
        if not self.dirty or self.path is None:
            return

        with self.lock:
            self._save(self.path)

    def _save(self, path: Path) -> None:
        kept = _trimmed(self.entries, self.used)
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
            log.warning("cannot write the shell-check cache %s: %s", path, error)
            return
        self.dirty = False
        self.stamp = _stamp(path)


def remembered_version(
    executable: str, stamp: tuple[int, int], ask: Callable[[], str]
) -> str:
    """The version of the tool at `executable`, asked with `ask` only when the
    cache directory has none recorded for it as it is now (`stamp`: its
    modification time and size): every lint would otherwise start the tool
    once just to learn which results file to read."""
    folder = cache_dir()
    path = folder / "versions.json" if folder else None
    known = _versions(path) if path else {}
    record = known.get(executable)
    if isinstance(record, list) and record[:-1] == list(stamp) and record[-1]:
        return str(record[-1])

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
        data = json.loads(path.read_text(encoding="utf-8"))
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
        data = json.loads(path.read_text(encoding="utf-8"))
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
    entries: dict[str, Sequence[Any]], used: set[str]
) -> dict[str, Sequence[Any]]:
    """At most LIMIT entries: all used this run, then the newest of the rest."""
    if len(entries) <= LIMIT:
        return entries
    room = max(LIMIT - len(used), 0)
    rest = [k for k in entries if k not in used]
    keep = used | set(rest[len(rest) - room :] if room else [])
    return {k: v for k, v in entries.items() if k in keep}


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
