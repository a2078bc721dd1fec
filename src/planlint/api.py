"""The public API that every face (cli, server, executor, scripts) shares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planlint.checks import Diagnostic, Rule, check_plan
from planlint.model import Plan, Reader, build, read_from_disk
from planlint.syntax import decode, first_bad_offset, parse

__all__ = ["check", "load", "parse", "plan_from_text"]


def plan_from_text(
    text: str, path: str | None = None, reader: Reader = read_from_disk
) -> Plan:
    """Build the Plan of `text`; `path` names it and anchors its includes."""
    bad = first_bad_offset(text)
    return build(parse(text, path), reader, bad)


def load(path: str | Path, reader: Reader = read_from_disk) -> Plan:
    """Read and build the plan at `path` (OSError if it cannot be read)."""
    text, _ = reader(Path(path))
    return plan_from_text(text, str(path), reader)


def check(
    source: str | bytes | Plan,
    path: str | None = None,
    reader: Reader = read_from_disk,
    enabled: Callable[[Rule], bool] | None = None,
) -> list[Diagnostic]:
    """Lint plan text, bytes or a built Plan; diagnostics sorted by place."""
    if isinstance(source, bytes):
        source, _ = decode(source)
    plan = source if isinstance(source, Plan) else plan_from_text(source, path, reader)
    return check_plan(plan, enabled)
