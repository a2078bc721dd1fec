"""`planlint run PLAN`: run a valid plan (FORMAT.md §7-§9), or show its schedule."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, TextIO

from planlint.api import check, load
from planlint.checks import Diagnostic, Rule, Severity
from planlint.cli import no_collection_at_exit, shown_path
from planlint.cli.run_backend import (
    BackendError,
    add_backend_options,
    backend_for,
    check_backend_options,
)
from planlint.executor import (
    ExitCode,
    FailFast,
    JournalBusyError,
    RunOptions,
    RunResult,
    Schedule,
    UnknownTaskError,
    execute,
    make_schedule,
)
from planlint.executor.approval import Ask, terminal_ask
from planlint.executor.dryrun import render
from planlint.executor.options import PlanFiles
from planlint.executor.state import load_state
from planlint.executor.words import counted
from planlint.model import Plan
from planlint.model.values import parse_duration

log = logging.getLogger(__name__)

_EPILOG = """\
exit status: 0 every task succeeded, 1 a task failed or was blocked,
2 the plan is invalid or the command line is wrong, 130 interrupted.
Beside PLAN the run keeps PLAN.state.json (what succeeded, for resuming),
PLAN.logs/ (one log per task) and, while running, PLAN.journal.
Each command runs in its own process group, ended with the command; if
planlint itself is killed with SIGKILL, running commands are not signalled
and run again next time. --jobs, --timeout and --agent default to the
`[run]` table of the plan's configuration file (planlint.toml and the like).
Details: docs/executor.md."""


def main(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Parse `argv`, then run the plan (or describe it with --dry-run)."""
    args = _parse(list(argv), stdout, stderr)
    if isinstance(args, int):
        return args

    with _plan_frozen():
        prepared = _prepare(args, stderr)
    try:
        if isinstance(prepared, int):
            return prepared
        schedule, options = prepared
        if args.dry_run:
            state = load_state(PlanFiles(Path(schedule.plan.path)))
            stdout.writelines(line + "\n" for line in render(schedule, options, state))
            return ExitCode.OK
        return _run(schedule, options, args, stdout, stderr)
    finally:
        gc.unfreeze()
        no_collection_at_exit()


@contextmanager
def _plan_frozen() -> Iterator[None]:
    """Build the plan without cyclic collections, then freeze what exists.

    Every young-generation pass would walk the growing plan, and the first
    pass after a pause would walk all of it; frozen (until `main` ends), the
    plan is skipped by the collections that run while tasks run.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _prepare(
    args: argparse.Namespace, stderr: TextIO
) -> tuple[Schedule, RunOptions] | int:
    """The schedule and options of a valid plan, or the exit status."""
    defaults = _configured(args.plan, stderr)
    if defaults is None:
        return ExitCode.INVALID
    plan = _load(args.plan, stderr)
    if plan is None:
        return ExitCode.INVALID
    if _refused(plan, stderr):
        return ExitCode.INVALID
    try:
        options = _options(args, defaults)
        return make_schedule(plan, options.only, options.jobs), options
    except (UnknownTaskError, ValueError) as error:
        stderr.write(f"planlint run: {error}\n")
        return ExitCode.INVALID


def _run(
    schedule: Schedule,
    options: RunOptions,
    args: argparse.Namespace,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    if not os.path.isdir(options.cwd):
        stderr.write(f"planlint run: --cwd {options.cwd}: no such directory\n")
        return ExitCode.INVALID
    for flag, path in (("--report", args.report), ("--junit", args.junit)):
        if path and not Path(path).absolute().parent.is_dir():
            stderr.write(f"planlint run: {flag} {path}: its directory does not exist\n")
            return ExitCode.INVALID
    try:
        with backend_for(args, schedule, os.path.abspath(options.cwd)) as backend:
            ask, live = _ask(stdout), _is_tty(stdout)
            result = execute(schedule, options, stdout, ask, live, backend)
    except BackendError as error:
        stderr.write(f"planlint run: {error}\n")
        return ExitCode.INVALID
    except JournalBusyError as error:
        stderr.write(
            f"planlint run: another run of this plan holds {error}; wait for"
            " it to end, or stop it\n"
        )
        return ExitCode.INVALID
    if args.report or args.junit:
        _write_reports(result, args)
    return int(result.exit_code)


def _write_reports(result: RunResult, args: argparse.Namespace) -> None:
    # Imported here: xml.etree costs start-up time that most runs do not need.
    from planlint.executor.report import write_json, write_junit

    if args.report:
        write_json(result, Path(args.report))
    if args.junit:
        write_junit(result, Path(args.junit))


def _load(path: str, stderr: TextIO) -> Plan | None:
    try:
        return load(path)
    except OSError as error:
        stderr.write(f"planlint run: cannot read {path}: {error.strerror or error}\n")
        return None


def _refused(plan: Plan, stderr: TextIO) -> bool:
    """Print the errors that keep the plan from running; True if there are any."""
    found = [
        d for d in check(plan, enabled=_may_refuse) if d.severity is Severity.ERROR
    ]
    if not found:
        return False
    stderr.writelines(_diagnostic_line(diagnostic) + "\n" for diagnostic in found)
    which, each = ("it", "it") if len(found) == 1 else ("them", "each")
    stderr.write(
        f"planlint run: not running {plan.path}: {counted(len(found), 'error')};"
        f" fix {which} first (`planlint {plan.path}` shows {each} in context)\n"
    )
    return True


def _may_refuse(rule: Rule) -> bool:
    """Only errors keep a plan from running: rules that never report one are
    skipped (PL510 reports each shellcheck finding at shellcheck's level)."""
    return rule.severity is Severity.ERROR or rule.code in _LEVEL_PER_FINDING


_LEVEL_PER_FINDING = frozenset({"PL510"})


def _diagnostic_line(diagnostic: Diagnostic) -> str:
    from planlint.cli.output.concise import header

    return header(diagnostic)


def _configured(plan: str, stderr: TextIO) -> Mapping[str, Any] | None:
    """The `[run]` table of the plan's configuration; None if it is invalid."""
    from planlint.config import ConfigError, resolve_settings

    try:
        return resolve_settings(Path(plan)).run
    except ConfigError as error:
        stderr.write(
            f"planlint run: invalid configuration: {shown_path(error.path)}:"
            f" {error.detail}\n"
        )
        return None


def _options(args: argparse.Namespace, defaults: Mapping[str, Any]) -> RunOptions:
    """The command line's choices; `[run]` of the configuration fills the rest."""
    timeout = defaults.get("timeout")
    return RunOptions(
        cwd=args.cwd,
        jobs=args.jobs or defaults.get("jobs"),
        restart=args.restart,
        only=tuple(_ids(args.only)),
        fail_fast=FailFast(args.fail_fast),
        timeout=args.timeout or (parse_duration(timeout) if timeout else None),
        yes=args.yes,
        approve=frozenset(_ids(args.approve)),
        agent=args.agent or defaults.get("agent"),
        retry_delay=args.retry_delay,
    )


def _ids(values: list[str] | None) -> list[str]:
    """Ids from repeated, comma-separated options, in order, without repeats."""
    found: dict[str, None] = {}
    for value in values or ():
        for item in value.split(","):
            if item.strip():
                found.setdefault(item.strip(), None)
    return list(found)


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _ask(stdout: TextIO) -> Ask | None:
    """A terminal prompt, when a person can answer one; None otherwise."""
    if not (_is_tty(sys.stdin) and _is_tty(stdout)):
        return None

    def read(question: str) -> str:
        stdout.write(question)
        stdout.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line

    return terminal_ask(read)


def _parse(argv: list[str], stdout: TextIO, stderr: TextIO) -> argparse.Namespace | int:
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            parser = _parser()
            args = parser.parse_args(argv)
            check_backend_options(parser, args)
            return args
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else ExitCode.INVALID


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planlint run",
        description="Run a plan: stages in order, tasks by their dependencies,"
        " limits, file scopes and failure policies (FORMAT.md sections 7-9).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file to run")
    _add_schedule_options(parser)
    _add_task_options(parser)
    add_backend_options(parser)
    _add_output_options(parser)
    return parser


def _add_schedule_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add(
        "--dry-run",
        action="store_true",
        help="show the schedule (stages, batches, conflicts, commands, approval"
        " points) and run nothing",
    )
    add(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="run at most N tasks at once, whatever the stages allow",
    )
    add(
        "--only",
        action="append",
        metavar="ID[,ID]",
        help="run only these tasks and what they need (repeatable)",
    )
    add(
        "--restart",
        action="store_true",
        help="forget what earlier runs finished and run every task",
    )
    add(
        "--fail-fast",
        choices=("soon", "now"),
        default="soon",
        help="when a task fails under `stop`: let running tasks finish (soon,"
        " the default) or end them at once (now)",
    )


def _add_task_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add(
        "--timeout",
        type=_duration,
        metavar="DURATION",
        help="time limit per task attempt without its own `timeout` (90s, 20m, 1h30m)",
    )
    add(
        "--agent",
        metavar="CMD",
        help="for tasks without `执行:`, run CMD with the task's prompt on stdin",
    )
    add(
        "--cwd",
        default=".",
        metavar="DIR",
        help="directory the commands run in (default: the current one)",
    )
    add(
        "-y",
        "--yes",
        action="store_true",
        help="approve every task that needs confirmation",
    )
    add(
        "--approve",
        action="append",
        metavar="ID[,ID]",
        help="approve these tasks that need confirmation (repeatable)",
    )
    add(
        "--retry-delay",
        type=_seconds,
        default=0.5,
        metavar="SECONDS",
        help="wait before the first retry; it doubles each time, up to 8s"
        " (default: 0.5)",
    )


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--report", metavar="FILE.json", help="write a JSON report of the run")
    add("--junit", metavar="FILE.xml", help="write a JUnit XML report of the run")
    add(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log what planlint does to stderr (-vv: debug)",
    )


def _positive(text: str) -> int:
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _duration(text: str) -> float:
    seconds = parse_duration(text)
    if seconds is None:
        try:
            seconds = float(text)
        except ValueError:
            seconds = None
    if seconds is None or seconds <= 0:
        raise argparse.ArgumentTypeError(
            f"expected a duration such as 90s or 20m, got {text!r}"
        )
    return seconds


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected seconds >= 0, got {text!r}")
    return value
