"""What formatting must keep: a plan's meaning and its visible characters.

An oracle written independently of planlint.format: it reads both texts
through the semantic model (includes not expanded, as planfmt formats each
file on its own) and compares what the executor and the linter would see.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from planlint.model import PlanLine, Stage, Task, build
from planlint.syntax import LineKind, parse


def _no_includes(path: object) -> tuple[str, int | None]:
    raise OSError("includes are not expanded when formatting")


def meaning(text: str) -> dict[str, Any]:
    """Header, stages, tasks, attributes, fields and bodies of a plan text."""
    plan = build(parse(text, "plan"), reader=_no_includes)
    return {
        "header": _body(plan.header),
        "orphans": [_task(task) for task in plan.orphan_tasks],
        "stages": [_stage(stage) for stage in plan.stages],
        "includes": [include.target for include in plan.includes],
    }


def visible(text: str) -> str:
    """Non-whitespace characters outside marker lines and field keys, in order."""
    parts: list[str] = []
    for line in parse(text).lines:
        if line.marker is not None:
            continue
        parts.append(line.field.value if line.field is not None else line.text)
    return "".join(ch for ch in "".join(parts) if not ch.isspace())


def _stage(stage: Stage) -> tuple[object, ...]:
    tasks = [_task(task) for task in stage.tasks]
    return (_attrs(stage), _rest(stage), _body(stage.body), tasks)


def _task(task: Task) -> tuple[object, ...]:
    fields = [(field.name, field.value) for field in task.fields]
    return (_attrs(task), task.title, task.key, fields, _body(task.body))


def _rest(block: Stage | Task) -> str:
    marker = block.marker.line.marker
    assert marker is not None
    return (marker.rest or "").strip()


def _attrs(block: Stage | Task) -> tuple[object, ...]:
    """Attributes as a set, with `depends_on` as its distinct references."""
    plain = sorted((k, a.value) for k, a in block.attrs.items() if k != "depends_on")
    refs: dict[tuple[str, str], None] = {}
    for dep in block.depends_on:
        if not dep.ref.empty:
            refs.setdefault((dep.ref.kind.value, dep.ref.name), None)
    return (plain, "depends_on" in block.attrs, list(refs))


def _body(lines: Iterable[PlanLine]) -> list[tuple[str, ...]]:
    """Body lines that carry meaning: blank lines and trailing blanks do not."""
    kept: list[tuple[str, ...]] = []
    for planline in lines:
        line = planline.line
        if line.kind is LineKind.BLANK:
            continue
        if line.field is not None:
            kept.append(("field", line.field.key, line.field.value))
        elif line.kind in (LineKind.COMMENT, LineKind.INCLUDE):
            kept.append((line.kind.value, line.text.rstrip(" \t")))
        else:
            kept.append((line.kind.value, line.text))
    return kept
