"""Parsing attribute values: dependency lists, durations, integers, booleans."""

from __future__ import annotations

import re
from enum import StrEnum

from planlint.syntax import Span
from planlint.syntax.speed import value_class

_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_INT = re.compile(r"[+-]?\d+")
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class RefKind(StrEnum):
    TASK = "task"
    STAGE = "stage"


@value_class
class Reference:
    """One item of a `depends_on` list, with its place in the marker line."""

    text: str  # the item as written, spaces around it removed
    name: str  # the id (or stage number text) without its `task:`/`stage:` prefix
    kind: RefKind
    prefixed: bool  # written with a `task:` or `stage:` prefix
    span: Span  # the item text; an empty item has an empty span

    @property
    def empty(self) -> bool:
        return not self.text


_PREFIXES = {"task": RefKind.TASK, "stage": RefKind.STAGE}


def split_references(value: str, value_start: int) -> list[Reference]:
    """Split a comma list; each item keeps the offsets of its text."""
    refs: list[Reference] = []
    offset = value_start
    for raw in value.split(","):
        text = raw.strip()
        lead = 0 if len(text) == len(raw) else len(raw) - len(raw.lstrip())
        span = Span(offset + lead, offset + lead + len(text))
        if ":" in text:
            refs.append(_prefixed(text, span))
        else:
            refs.append(Reference(text, text, RefKind.TASK, False, span))
        offset += len(raw) + 1
    return refs


def _prefixed(text: str, span: Span) -> Reference:
    """The Reference of an item with a colon: `task:` or `stage:` is a prefix."""
    prefix, _, rest = text.partition(":")
    if prefix in _PREFIXES:
        return Reference(text, rest.strip(), _PREFIXES[prefix], True, span)
    return Reference(text, text, RefKind.TASK, False, span)


def parse_duration(text: str) -> float | None:
    """Seconds in `90s`, `20m`, `2h` or `1h30m`; None when not a duration."""
    match = _DURATION.fullmatch(text.strip())
    if not text.strip() or match is None or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


def parse_int(text: str) -> int | None:
    text = text.strip()
    return int(text) if _INT.fullmatch(text) else None


def parse_bool(text: str) -> bool | None:
    return {"true": True, "false": False}.get(text)


def is_valid_id(text: str) -> bool:
    return ID_PATTERN.fullmatch(text) is not None
