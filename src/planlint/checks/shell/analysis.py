"""Shell results for a plan, computed once per plan and shared by PL508 and PL510.

Results come from the persistent cache when the command was seen before, and
from bash or shellcheck otherwise; new results are written back at once. The
tools' versions are asked once per executable, and kept in the cache
directory until the executable changes. That a tool is missing or broken is
said once per process: one log line, and one PL510 info on the first plan
that met it (on that plan each time it is checked again, so
a language server's results do not depend on the order of checks).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from planlint.checks.shell.bash import Bash, BashError, bad_commands
from planlint.checks.shell.cache import ResultCache, remembered_version
from planlint.checks.shell.commands import command_texts
from planlint.checks.shell.problems import SyntaxProblem, locate
from planlint.checks.shell.shellcheck import (
    OPTIONS,
    Finding,
    Shellcheck,
    ShellcheckError,
)
from planlint.model import Plan
from planlint.syntax.speed import paused_gc

log = logging.getLogger(__name__)

BASH_OPTIONS = "bash -n, located by prefixes"  # a new locating method: new results
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ShellcheckResult:
    """shellcheck's findings by command text (commands with some), or why it
    did not run."""

    findings: dict[str, Sequence[Finding]] = field(default_factory=dict)
    skipped: str | None = None


_lock = threading.Lock()
_syntax_memo: WeakKeyDictionary[Plan, dict[str, SyntaxProblem]] = WeakKeyDictionary()
_shellcheck_memo: WeakKeyDictionary[Plan, ShellcheckResult] = WeakKeyDictionary()
_logged: set[str] = set()
_skip_owners: dict[str, str] = {}  # why shellcheck was skipped -> the plan told


def skip_reported_on(reason: str, path: str) -> bool:
    """Whether the plan at `path` is the one that says shellcheck was skipped."""
    with _lock:
        return _skip_owners.setdefault(reason, path) == path


def forget_reports() -> None:
    """Start over as a new process would: warn and report skips again."""
    with _lock:
        _logged.clear()
        _skip_owners.clear()


def _warn_once(message: str, *args: object) -> None:
    text = message % args
    with _lock:
        if text in _logged:
            return
        _logged.add(text)
    log.warning("%s", text)


def syntax_problems(plan: Plan) -> dict[str, SyntaxProblem]:
    """The commands of `plan` that bash cannot parse, by text (cached per plan)."""
    return _memo(_syntax_memo, plan, lambda: check_syntax(command_texts(plan)))


def shellcheck_result(plan: Plan) -> ShellcheckResult:
    """shellcheck's findings on the commands of `plan` (cached per plan)."""
    return _memo(_shellcheck_memo, plan, lambda: run_shellcheck(command_texts(plan)))


def _memo(memo: WeakKeyDictionary[Plan, _T], plan: Plan, work: Callable[[], _T]) -> _T:
    with _lock:
        if plan in memo:
            return memo[plan]
    with paused_gc():  # a pass over a large plan's objects costs more than the work
        result = work()
    with _lock:
        memo[plan] = result
    return result


def check_syntax(texts: list[str]) -> dict[str, SyntaxProblem]:
    """The commands bash cannot parse; without bash, none (and a log line)."""
    executable = shutil.which("bash")
    if executable is None or not texts:
        if texts:
            _warn_once("bash is not on PATH: PL508 cannot check the commands")
        return {}

    bash = Bash(executable)
    try:
        version = _version(Bash, executable, _stamp(executable))
        results = ResultCache.for_tool("bash", version, BASH_OPTIONS)
        return _syntax_with(bash, results, texts)
    except BashError as error:
        _warn_once("PL508 cannot check the commands: %s", error)
        return {}


def _syntax_with(
    bash: Bash, results: ResultCache, texts: list[str]
) -> dict[str, SyntaxProblem]:
    found: dict[str, SyntaxProblem] = {}
    missing = []
    for text in texts:
        cached = _cached_problem(results.get(text))
        if cached is None:
            missing.append(text)
        elif cached:
            found[text] = cached[0]

    bad = bad_commands(bash, missing)
    for text in missing:
        problem = locate(bash, text, bad[text]) if text in bad else None
        results.put(text, problem.to_json() if problem else [])
        if problem is not None:
            found[text] = problem
    results.save()
    return found


def _cached_problem(entry: Sequence[Any] | None) -> list[SyntaxProblem] | None:
    """[] for a command that parses, [problem] for one that does not, None: unknown."""
    if not entry:
        return None if entry is None else []
    problem = SyntaxProblem.from_json(entry)
    return [problem] if problem is not None else None


def run_shellcheck(texts: list[str]) -> ShellcheckResult:
    """shellcheck's findings on `texts`, or why it could not run."""
    executable = shutil.which("shellcheck")
    if executable is None:
        return ShellcheckResult(skipped="shellcheck is not installed")

    tool = Shellcheck(executable)
    try:
        version = _version(Shellcheck, executable, _stamp(executable))
        results = ResultCache.for_tool("shellcheck", version, " ".join(OPTIONS))
        return ShellcheckResult(_findings_with(tool, results, texts))
    except ShellcheckError as error:
        _warn_once("shellcheck failed: %s", error)
        return ShellcheckResult(skipped=str(error))


def _findings_with(
    tool: Shellcheck, results: ResultCache, texts: list[str]
) -> dict[str, Sequence[Finding]]:
    found: dict[str, Sequence[Finding]] = {}
    missing = []
    for text in texts:
        cached = _cached_findings(results.get(text))
        if cached is None:
            missing.append(text)
        elif cached:
            found[text] = cached

    log.debug(
        "shellcheck: %d commands cached, %d to check",
        len(texts) - len(missing),
        len(missing),
    )
    for text, findings in tool.check(missing).items():
        results.put(text, [f.to_json() for f in findings])
        if findings:
            found[text] = findings
    results.save()
    return found


def _cached_findings(entry: Sequence[Any] | None) -> Sequence[Finding] | None:
    """The cached findings of a command; None if unknown or damaged."""
    if entry is None or not entry:
        return entry  # unknown, or shared and empty: nothing to build
    findings = [Finding.from_json(item) for item in entry]
    if any(f is None for f in findings):
        return None
    return [f for f in findings if f is not None]


def _stamp(executable: str) -> tuple[int, ...]:
    """Changes when the executable is replaced, so its version is asked again:
    a new file has a new inode or change time even with the old size and
    modification time (`touch -d`, a package that keeps dates)."""
    try:
        status = os.stat(executable)
    except OSError:  # gone since `which` found it: running it will say so
        return (0, 0, 0, 0)
    return status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns


@cache
def _version(
    kind: type[Bash | Shellcheck], executable: str, stamp: tuple[int, ...]
) -> str:
    return remembered_version(executable, stamp, kind(executable).version)
