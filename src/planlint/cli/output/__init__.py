"""Printing lint results: code frames, lines, and the formats CI tools read.

Each format lives in its own module and is imported only when chosen, so the
lint path pays for rich only when it prints a code frame (its cell widths;
its console only for a frame in colour).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TextIO

from planlint.checks import Diagnostic, Location, Severity
from planlint.syntax import Document, Position

# C0 controls but tab, DEL, C1 controls (U+009B is an escape to some
# terminals) and the lone surrogates of bytes that were not UTF-8
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\udc80-\udcff]")
_SURROGATE = str.maketrans({code: "\ufffd" for code in range(0xDC80, 0xDD00)})


class OutputFormat(StrEnum):
    FULL = "full"
    CONCISE = "concise"
    JSON = "json"
    JSON_LINES = "json-lines"
    SARIF = "sarif"
    GITHUB = "github"
    JUNIT = "junit"
    GITLAB = "gitlab"

    @property
    def for_people(self) -> bool:
        """Whether the format is text for a person, not data for a program."""
        return self in (OutputFormat.FULL, OutputFormat.CONCISE)


# Formats that are data: the module under planlint.cli.output that renders each.
_RENDERERS = {
    OutputFormat.JSON: "json_format",
    OutputFormat.JSON_LINES: "json_lines",
    OutputFormat.SARIF: "sarif",
    OutputFormat.GITHUB: "github",
    OutputFormat.JUNIT: "junit",
    OutputFormat.GITLAB: "gitlab",
}


@dataclass(frozen=True, slots=True)
class FileReport:
    """The diagnostics of one linted plan and the documents they point into."""

    path: str
    diagnostics: Sequence[Diagnostic]
    documents: Mapping[str, Document]

    def line_text(self, path: str, line: int) -> str | None:
        """Text of 0-based `line` of the document at `path`, if it is known."""
        document = self.documents.get(path)
        if document is None or line >= document.index.line_count:
            return None
        return document.index.line_text(line)

    def position(self, path: str, offset: int) -> Position | None:
        document = self.documents.get(path)
        return document.index.position(offset) if document is not None else None


def write(
    reports: Sequence[FileReport],
    form: OutputFormat,
    stream: TextIO,
    color: bool,
    unchecked: int = 0,
) -> None:
    """Print `reports` to `stream`; `unchecked` files could not be linted."""
    if form in _RENDERERS:
        module = importlib.import_module(f"planlint.cli.output.{_RENDERERS[form]}")
        stream.write(module.render(reports))
    elif form is OutputFormat.CONCISE or not any(r.diagnostics for r in reports):
        from planlint.cli.output import concise

        stream.write(concise.render(reports, unchecked, color))
    else:
        from planlint.cli.output import frame

        frame.write(reports, stream, color, unchecked)


def where(location: Location) -> str:
    """`path:line:column` of where `location` starts, 1-based, for people."""
    start = location.start
    return f"{location.path}:{start.line + 1}:{start.column + 1}"


def printable(text: str) -> str:
    """`text` safe for a terminal: control characters shown as symbols.

    Bytes that were not UTF-8 (kept as lone surrogates) become U+FFFD, and
    every replacement is one code point, so columns stay where they were.
    """
    return _UNPRINTABLE.sub(_symbol, text)


def without_surrogates(text: str) -> str:
    """`text` with bytes that were not UTF-8 (lone surrogates) as U+FFFD."""
    return text.translate(_SURROGATE)


def from_here(path: str) -> str:
    """An absolute `path` inside the current directory made relative to it.

    CI services resolve report paths against the checkout (the directory the
    job runs in), so `/builds/x/plans/a.plan` must become `plans/a.plan`;
    paths elsewhere, and relative ones, stay as they are.
    """
    if not os.path.isabs(path):
        return path
    try:
        here = os.getcwd()
    except OSError:  # the directory was removed under us
        return path
    for base in (here, os.path.realpath(here)):
        relative = os.path.relpath(path, base)
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            return relative.replace(os.sep, "/")
    return path


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def summary(reports: Sequence[FileReport], unchecked: int = 0) -> str:
    """One closing line: counts by severity, files checked, files not checked."""
    counts = {severity: 0 for severity in Severity}
    for report in reports:
        for diagnostic in report.diagnostics:
            counts[diagnostic.severity] += 1
    files = sum(1 for r in reports if r.diagnostics)
    failed = f"; {_count(unchecked, 'file')} could not be checked" if unchecked else ""
    if files:
        parts = [_count(n, s.value) for s, n in counts.items() if n]
        return f"Found {', '.join(parts)} in {_count(files, 'file')}{failed}."
    if unchecked and not reports:
        return f"{_count(unchecked, 'file')} could not be checked."
    if unchecked:
        return f"No problems in {_count(len(reports), 'checked file')}{failed}."
    return f"All checks passed: {_count(len(reports), 'file')}."


def _count(number: int, noun: str) -> str:
    plural = "" if number == 1 or noun == "info" else "s"
    return f"{number} {noun}{plural}"
