"""The shellcheck runner: many commands per process, processes in parallel.

Each command is written to a file of its own and a batch of files goes to one
shellcheck process, so a finding depends on its command alone (one script
holding many commands would let variables of one command hide or cause
findings in another) and results can be cached by command text. shellcheck
runs with `--shell=sh` because the executor runs commands with `/bin/sh -c`,
with `--norc` and without `SHELLCHECK_OPTS`, so the findings are the same on
every machine; it reads the files and never runs them.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planlint.checks.shell.commands import tool_bytes

if TYPE_CHECKING:  # imported where a command is checked: cached ones run nothing
    import subprocess

log = logging.getLogger(__name__)

SHELL = "sh"  # the dialect of /bin/sh -c, which the executor uses
EXCLUDED = ("SC1090", "SC1091")  # "cannot follow a sourced file": not the command's
OPTIONS = (
    "--norc",
    f"--shell={SHELL}",
    "--format=json1",
    "--exclude=" + ",".join(EXCLUDED),
)
BATCH = 200  # files per shellcheck process
TIMEOUT = 300.0  # seconds for one shellcheck process
_FINE = (0, 1)  # exit statuses: no findings, findings


class ShellcheckError(Exception):
    """shellcheck could not be run, or did not answer in its documented format."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One shellcheck comment, with its 1-based positions inside the command."""

    line: int
    column: int
    end_line: int
    end_column: int
    level: str  # error, warning, info or style
    code: int  # 2086 for SC2086
    message: str

    def to_json(self) -> list[Any]:
        return [self.line, self.column, self.end_line, self.end_column,
                self.level, self.code, self.message]  # fmt: skip

    @classmethod
    def from_json(cls, data: Any) -> Finding | None:
        """A Finding from its cached list, or None if the entry is damaged."""
        if not isinstance(data, list) or len(data) != 7:
            return None
        line, column, end_line, end_column, level, code, message = data
        if not all(isinstance(n, int) for n in data[:4] + [code]):
            return None
        if not isinstance(level, str) or not isinstance(message, str):
            return None
        return cls(line, column, end_line, end_column, level, code, message)


class Shellcheck:
    """One shellcheck executable: its version, and findings for commands."""

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def version(self) -> str:
        """`0.9.0`: the cache keeps results per shellcheck version."""
        done = self._run(["--version"], None)
        text = done.stdout.decode("utf-8", "replace")
        match = re.search(r"^version:\s*(\S+)", text, re.MULTILINE)
        if match is None:
            raise ShellcheckError(f"{self.executable} --version printed no version")
        return match.group(1)

    def check(self, texts: Sequence[str], workers: int = 0) -> dict[str, list[Finding]]:
        """Findings for every command of `texts`, batches run in parallel."""
        batches = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]
        if len(batches) <= 1:
            return self.check_batch(batches[0]) if batches else {}

        from concurrent.futures import ThreadPoolExecutor  # a cold cache only

        workers = workers or min(len(batches), os.cpu_count() or 1, 8)
        found: dict[str, list[Finding]] = {}
        with ThreadPoolExecutor(workers, thread_name_prefix="shellcheck") as pool:
            for part in pool.map(self.check_batch, batches):
                found.update(part)
        return found

    def check_batch(self, texts: Sequence[str]) -> dict[str, list[Finding]]:
        """Findings for one batch of commands: one file each, one process."""
        import tempfile

        names = [f"c{number:05d}.sh" for number in range(len(texts))]
        with tempfile.TemporaryDirectory(prefix="planlint-shellcheck-") as folder:
            for name, text in zip(names, texts, strict=True):
                (Path(folder) / name).write_bytes(tool_bytes(text + "\n"))
            done = self._run([*OPTIONS, *names], folder)
        found: dict[str, list[Finding]] = {text: [] for text in texts}
        by_name = dict(zip(names, texts, strict=True))
        for comment in _comments(done):
            owner = by_name.get(str(comment.get("file")))
            finding = _finding(comment)
            if owner is not None and finding is not None:
                found[owner].append(finding)
        return found

    def _run(
        self, args: list[str], cwd: str | None
    ) -> subprocess.CompletedProcess[bytes]:
        import subprocess

        env = {k: v for k, v in os.environ.items() if k != "SHELLCHECK_OPTS"}
        try:
            done = subprocess.run(
                [self.executable, *args],
                capture_output=True,
                stdin=subprocess.DEVNULL,
                cwd=cwd,
                env=env,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ShellcheckError(f"cannot run {self.executable}: {error}") from error
        if done.returncode not in _FINE and not done.stdout.strip():
            error_text = done.stderr.decode("utf-8", "replace").strip()
            raise ShellcheckError(f"{self.executable} failed: {error_text[:200]}")
        return done


def _comments(done: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError as error:
        raise ShellcheckError(f"shellcheck printed no json1: {error}") from error
    comments = data.get("comments") if isinstance(data, dict) else None
    if not isinstance(comments, list):
        raise ShellcheckError("shellcheck's json1 output has no `comments` list")
    return [c for c in comments if isinstance(c, dict)]


def _finding(comment: dict[str, Any]) -> Finding | None:
    keys = ("line", "column", "endLine", "endColumn", "level", "code", "message")
    return Finding.from_json([comment.get(key) for key in keys])
