"""One lint run: check plans one at a time, then print and pick the exit code."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from os.path import realpath
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from planlint.checks import Diagnostic
from planlint.cli import (
    EXIT_CLEAN,
    EXIT_INTERNAL,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    report_internal_error,
)
from planlint.cli.discover import STDIN
from planlint.cli.fixing import Checker, unified_diff, write_in_place
from planlint.cli.output import FileReport, write
from planlint.config import Settings
from planlint.syntax import decode, encode, read_text

if TYPE_CHECKING:
    from planlint.cli.lint import LintOptions

logger = logging.getLogger(__name__)

_Key = tuple[str, int, int, int, int, str, str]


class Session:
    """The reports, fixes and exit status gathered over one run."""

    def __init__(self, options: LintOptions, stdout: TextIO, stderr: TextIO) -> None:
        self.options = options
        self.stdout, self.stderr = stdout, stderr
        self.reports: list[FileReport] = []
        self.status = EXIT_CLEAN
        self.unchecked = 0  # files that could not be read or checked
        self.fixed = 0  # fixes applied (or, with --diff, that would be)
        self.changed = 0  # files that fixing changed
        self.printed_plan = False  # --fix on stdin: stdout carries the plan
        self.diffs: list[str] = []  # --diff: printed at the end, as the report
        self.fixed_keys: set[_Key] = set()  # what fixes repaired (or would)
        self._real: dict[str, str] = {}

    @property
    def fixing(self) -> bool:
        return self.options.fix or self.options.diff

    def check(self, path: Path, settings: Settings) -> None:
        """Lint (and with --fix, repair) the plan at `path`."""
        stdin = str(path) == STDIN
        name = (self.options.stdin_filename or STDIN) if stdin else str(path)
        text = self._read(path, name)
        if text is None:
            return

        started = time.perf_counter()
        checker = Checker(self.options.stdin_filename if stdin else name, settings)
        after = self._lint(checker, text, name)
        logger.debug("%s: checked in %.1f ms", name, _elapsed_ms(started))
        if after is not None and after != text:
            self._save(path, name, text, after)
        elif after is not None and stdin and self.options.fix:
            self._emit(text)  # --fix on stdin always prints the plan

    def unreadable(self, name: str, error: OSError) -> None:
        """Report a path that could not be read, and count it."""
        self._fail(f"cannot read {name}: {error.strerror or error}", EXIT_USAGE)

    def _read(self, path: Path, name: str) -> str | None:
        logger.info("linting %s", name)
        try:
            return _read_stdin() if str(path) == STDIN else read_text(path)[0]
        except OSError as error:
            self.unreadable(name, error)
            return None

    def _lint(self, checker: Checker, text: str, name: str) -> str | None:
        """Check `text`, keep its report; the fixed text, or None after our bug."""
        try:
            if self.fixing:
                result = checker.fix(text, self.options.unsafe_fixes)
                self.fixed += result.applied
                self.fixed_keys.update(self._key(d) for d in checker.repaired)
                diagnostics, after = result.remaining, result.text
            else:
                diagnostics, after = checker(text), text
        except Exception as error:  # noqa: BLE001 - a bug of ours: lint the others
            report_internal_error(self.stderr, f"checking {name}", error)
            self.unchecked += 1
            self.status = max(self.status, EXIT_INTERNAL)
            return None

        assert checker.plan is not None
        self.reports.append(FileReport(name, diagnostics, checker.plan.documents))
        return after

    def _save(self, path: Path, name: str, before: str, after: str) -> None:
        self.changed += 1
        if self.options.diff:
            self.diffs.append(unified_diff(name, before, after))
        elif str(path) == STDIN:
            self._emit(after)
        else:
            try:
                write_in_place(path, after)
            except OSError as error:
                self._fail(
                    f"cannot write {name}: {error.strerror or error}", EXIT_USAGE
                )

    def _emit(self, text: str) -> None:
        """Print a plan's text on stdout, as bytes when the stream has them."""
        self.printed_plan = True
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is None:
            self.stdout.write(text)
            return

        self.stdout.flush()
        buffer.write(encode(text))
        buffer.flush()

    def _fail(self, message: str, status: int) -> None:
        self.stderr.write(f"planlint: error: {message}\n")
        self.unchecked += 1
        self.status = max(self.status, status)

    def finish(self) -> int:
        """Print what was found (or the diff's summary); the exit code."""
        self.reports = self._unique()
        remaining = sum(len(report.diagnostics) for report in self.reports)
        if self.options.diff:
            return self._finish_diff(remaining)

        with self._destination() as stream:
            if stream is None:
                return max(self.status, EXIT_USAGE)
            self._print(stream)
            if self.options.fix:
                fixed = f"Fixed {_problems(self.fixed)} ({remaining} remaining).\n"
                people = self.options.output_format.for_people and stream is self.stdout
                (stream if people else self.stderr).write(fixed)
        return max(self.status, self._verdict())

    def _finish_diff(self, remaining: int) -> int:
        """--diff: the diffs to stdout or `-o FILE`, the count to stderr."""
        with self._destination() as stream:
            if stream is None:
                return max(self.status, EXIT_USAGE)
            stream.writelines(self.diffs)
        self.stderr.write(
            f"Would fix {_problems(self.fixed)} ({remaining} remaining).\n"
        )
        return max(self.status, EXIT_PROBLEMS if self.changed else EXIT_CLEAN)

    def _unique(self) -> list[FileReport]:
        """The reports with each diagnostic once over the run, at its first report.

        A plan that another plan includes is checked with each: their findings
        in it would show twice. One that a fix repaired in its own run is gone
        from the others' too, whichever was checked first, so `--fix` and
        `--diff` count alike.
        """
        seen = set(self.fixed_keys)
        unique = []
        for report in self.reports:
            kept = []
            for diagnostic in report.diagnostics:
                key = self._key(diagnostic)
                if key not in seen:
                    seen.add(key)
                    kept.append(diagnostic)
            unique.append(replace(report, diagnostics=kept))
        return unique

    def _key(self, diagnostic: Diagnostic) -> _Key:
        """What makes two diagnostics the same: the file (however named), the
        span, the rule and the message."""
        location = diagnostic.location
        path = self._real.get(location.path)
        if path is None:
            path = location.path if location.path == STDIN else realpath(location.path)
            self._real[location.path] = path
        start, end = location.start, location.end
        place = (start.line, start.column, end.line, end.column)
        return (path, *place, diagnostic.code, diagnostic.message)

    def _print(self, stream: TextIO) -> None:
        if not self.options.statistics:
            form, color = self.options.output_format, self.options.color
            write(
                self.reports,
                form,
                stream,
                color and stream is self.stdout,
                self.unchecked,
            )
            return

        from planlint.cli.output import statistics

        as_data = not self.options.output_format.for_people
        stream.write(statistics.render(self.reports, as_data))

    @contextmanager
    def _destination(self) -> Iterator[TextIO | None]:
        """Where the report goes: `-o FILE`, stderr for `--fix -`, else stdout."""
        target = self.options.output_file
        if target is None:
            yield self.stderr if self.printed_plan else self.stdout
            return

        try:
            stream = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as error:
            self._fail(f"cannot write {target}: {error.strerror or error}", EXIT_USAGE)
            yield None
            return
        with stream:
            yield stream

    def _verdict(self) -> int:
        fail_on = self.options.fail_on
        for report in self.reports:
            if any(d.severity.rank >= fail_on.rank for d in report.diagnostics):
                return EXIT_PROBLEMS
        return EXIT_CLEAN


def _problems(count: int) -> str:
    return f"{count} problem{'' if count == 1 else 's'}"


def _read_stdin() -> str:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream, as some test harnesses give
        return sys.stdin.read()
    return decode(buffer.read())[0]


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
