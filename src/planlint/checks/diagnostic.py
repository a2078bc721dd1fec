"""Diagnostics: what a check found, where, and how it may be fixed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from planlint.model import Place
from planlint.syntax import Position, Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A file and a range in it: 0-based lines, columns in code points."""

    path: str
    start: Position
    end: Position

    @classmethod
    def of(cls, place: Place) -> Location:
        return cls(place.path, place.start, place.end)


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a diagnostic points at, such as a first definition."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `span` of the file at `path` with `text`."""

    path: str
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that repair a diagnostic; unsafe ones may change meaning."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    rule: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Related, ...] = field(default=())
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        start = self.location.start
        return (self.location.path, start.line, start.column, self.code)
