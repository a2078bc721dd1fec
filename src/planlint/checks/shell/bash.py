"""The parser wrapper: which commands `bash -n` cannot parse, and its messages.

bash is the judge, not a Python imitation of it: `bash -n` only reads a
script and runs nothing, and no Python shell parser accepts everything bash
does (bashlex rejects `[[ … ]]`, arrays, `$(( … ))`, `case` and `time`). To
pay for one process per many commands, commands go to bash in batches, each
wrapped in `{` … `}` on lines of its own; a batch that fails is split around
the command bash names, and a command is only ever reported after bash has
rejected it on its own. A quote left open in one command could pair up with
one in a later command of the batch, so commands whose quotes do not balance
by a simple count are checked on their own from the start.
"""

from __future__ import annotations

import logging
import os
import re
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planlint.checks.shell.commands import tool_bytes

if TYPE_CHECKING:
    import subprocess

log = logging.getLogger(__name__)

BATCH = 2000  # commands per bash process
TIMEOUT = 60.0  # seconds for one bash process
_ENV = {"LC_ALL": "C", "PATH": os.defpath}  # English messages; no BASH_ENV


class BashError(Exception):
    """bash could not be run at all (missing, killed or timed out)."""


class Bash:
    """Runs `bash -n` on scripts and returns its syntax errors, in order."""

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def version(self) -> str:
        """`5.2.15(1)-release`: the cache keeps results per bash version."""
        done = self._run(["--version"])
        first = done.stdout.decode("utf-8", "replace").partition("\n")[0]
        match = re.search(r"version (\S+)", first)
        return match.group(1) if match else first.strip() or "unknown"

    def errors(self, script: str) -> list[tuple[int, str]]:
        """Each syntax error of `script` as (1-based line, message); [] if it parses."""
        import tempfile  # here: a lint whose commands are all cached runs no bash

        with tempfile.TemporaryDirectory(prefix="planlint-bash-") as folder:
            path = Path(folder) / "commands.sh"
            path.write_bytes(tool_bytes(script))
            done = self._run(["--norc", "--noprofile", "-n", str(path)])
        prefix = re.compile(re.escape(str(path)) + r": line (\d+): (.*)")
        found = []
        for line in done.stderr.decode("utf-8", "replace").splitlines():
            match = prefix.fullmatch(line)
            if match and _is_error(match.group(2)):
                found.append((int(match.group(1)), match.group(2)))
        return found

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[bytes]:
        import subprocess

        try:
            return subprocess.run(
                [self.executable, *args],
                capture_output=True,
                stdin=subprocess.DEVNULL,
                env=_ENV,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise BashError(f"cannot run {self.executable}: {error}") from error


def _is_error(message: str) -> bool:
    """bash echoes the bad line in backquotes after the error; warnings pass."""
    return not message.startswith(("`", "warning:"))


def bad_commands(bash: Bash, texts: Sequence[str]) -> dict[str, str]:
    """The commands among `texts` that bash cannot parse, with its first message."""
    found: dict[str, str] = {}
    suspect = [t for t in texts if not quotes_balance(t)]
    for text in suspect:
        _check(bash, [text], found)
    plain = [t for t in texts if quotes_balance(t)]
    for start in range(0, len(plain), BATCH):
        _check(bash, plain[start : start + BATCH], found)
    return found


def _check(bash: Bash, texts: Sequence[str], found: dict[str, str]) -> None:
    """Find the bad commands of `texts`: split around each error bash names."""
    if not texts:
        return
    script, starts = wrap(texts)
    errors = bash.errors(script if len(texts) > 1 else texts[0] + "\n")
    if not errors:
        return
    if len(texts) == 1:
        found[texts[0]] = errors[0][1]
        return

    named = min(max(bisect_right(starts, errors[0][0]) - 1, 0), len(texts) - 1)
    alone = bash.errors(texts[named] + "\n")
    if alone:
        found[texts[named]] = alone[0][1]
        _check(bash, texts[:named], found)
        _check(bash, texts[named + 1 :], found)
        return
    middle = len(texts) // 2  # an open quote ran on into later commands
    _check(bash, texts[:middle], found)
    _check(bash, texts[middle:], found)


def wrap(texts: Sequence[str]) -> tuple[str, list[int]]:
    """One script of `{` command `}` groups, and each command's first line."""
    parts: list[str] = []
    starts: list[int] = []
    line = 1
    for text in texts:
        starts.append(line + 1)
        parts.append("{\n" + text + "\n}\n")
        line += text.count("\n") + 3
    return "".join(parts), starts


def quotes_balance(text: str) -> bool:
    """Whether the quotes of `text` close by a plain count (a cheap pre-check)."""
    quote = ""
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"`":
            quote = char
    return not quote and not escaped
