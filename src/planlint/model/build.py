"""Builds the semantic model from syntax trees, expanding includes on the way."""

from __future__ import annotations

import re
from pathlib import Path

from planlint.model import includes
from planlint.model.plan import (
    FIELD_KEYS,
    Dependency,
    Field,
    HeaderCount,
    Include,
    Mode,
    Place,
    Plan,
    PlanLine,
    Policy,
    Stage,
    Task,
)
from planlint.model.values import (
    parse_bool,
    parse_duration,
    parse_int,
    split_references,
)
from planlint.syntax import Attr, Document, LineKind, Span, parse
from planlint.syntax.speed import paused_gc

_COUNT = re.compile(r"#\s*(总阶段数|预计任务数)\s*[:：]\s*(\d+)")
_MODES = {"serial": Mode.SERIAL, "sequential": Mode.SERIAL, "parallel": Mode.PARALLEL}
_DEFAULT_MAX_WORKERS = 4
_POLICIES = {policy.value: policy for policy in Policy}
_STAGE, _TASK, _FIELD = LineKind.STAGE, LineKind.TASK, LineKind.FIELD
_INCLUDE = LineKind.INCLUDE


def build(
    document: Document,
    reader: includes.Reader = includes.read_from_disk,
    encoding_error: int | None = None,
) -> Plan:
    """The Plan of `document`; included files are read through `reader`."""
    with paused_gc():
        return _build(document, reader, encoding_error)


def _build(
    document: Document, reader: includes.Reader, encoding_error: int | None
) -> Plan:
    plan = Plan(document)
    plan.documents[document.path or "-"] = document
    if encoding_error is not None:
        plan.encoding_errors[document.path or "-"] = encoding_error

    _group(plan, _Expander(plan, reader).expand(document, ()))

    for stage in plan.stages:
        _fill_stage(stage)
    for task in [*plan.orphan_tasks, *plan.tasks()]:
        _fill_task(task)
    plan.counts = _header_counts(plan.header)
    return plan


class _Expander:
    """Yields a document's lines with each include replaced by its lines."""

    def __init__(self, plan: Plan, reader: includes.Reader) -> None:
        self.plan = plan
        self.reader = reader
        self.parsed: dict[str, Document] = {}

    def expand(self, document: Document, chain: tuple[Path, ...]) -> list[PlanLine]:
        found: list[PlanLine] = []
        append = found.append
        for line in document.lines:
            if line.kind is _INCLUDE:
                found.extend(self._include(PlanLine(document, line), chain))
            else:
                append(PlanLine(document, line))
        return found

    def _include(self, source: PlanLine, chain: tuple[Path, ...]) -> list[PlanLine]:
        target = source.line.text[1:].strip()
        top_level = source.document is self.plan.document
        path = includes.find(target, source.document.path, top_level)
        if path is None:
            self.plan.includes.append(Include(source, target, None, "not-found"))
            return []

        here = Path(source.document.path or "-")
        chain = chain or (here,)
        on_chain = {includes.identity(p) for p in chain}
        if includes.identity(path) in on_chain:
            error = Include(source, target, path, "cycle", (*chain, path))
            self.plan.includes.append(error)
            return []

        document = self._load(path)
        if document is None:
            self.plan.includes.append(Include(source, target, path, "unreadable"))
            return []
        self.plan.includes.append(Include(source, target, path, None, (*chain, path)))
        return self.expand(document, (*chain, path))

    def _load(self, path: Path) -> Document | None:
        key = str(path)
        if key not in self.parsed:
            try:
                text, bad = self.reader(path)
            except OSError:
                return None
            self.parsed[key] = parse(text, key)
            self.plan.documents[key] = self.parsed[key]
            if bad is not None:
                self.plan.encoding_errors[key] = bad
        return self.parsed[key]


def _group(plan: Plan, lines: list[PlanLine]) -> None:
    stage: Stage | None = None
    body = plan.header
    for planline in lines:
        kind = planline.line.kind
        if kind is _STAGE:
            stage = Stage(len(plan.stages) + 1, planline)
            plan.stages.append(stage)
            body = stage.body
        elif kind is _TASK:
            siblings = stage.tasks if stage is not None else plan.orphan_tasks
            task = Task(stage, len(siblings) + 1, planline)
            siblings.append(task)
            body = task.body
        else:
            body.append(planline)


def _collect_attrs(block: Stage | Task) -> dict[str, Attr]:
    marker = block.marker.line.marker
    assert marker is not None
    attrs = block.attrs
    for attr in marker.attrs:
        if attr.key not in attrs:
            attrs[attr.key] = attr
    depends = attrs.get("depends_on")
    if depends is not None and depends.value and depends.value_span is not None:
        refs = split_references(depends.value, depends.value_span.start)
        block.depends_on = [Dependency(ref, block.document) for ref in refs]
    if "confirm" in attrs:
        block.confirm = parse_bool(attrs["confirm"].value or "") is True
    return attrs


def _value(attrs: dict[str, Attr], key: str) -> str:
    attr = attrs.get(key)
    return attr.value or "" if attr is not None else ""


def _fill_stage(stage: Stage) -> None:
    attrs = _collect_attrs(stage)
    stage.name = attrs["name"].value if "name" in attrs else None
    stage.mode = _MODES.get(_value(attrs, "mode"))
    workers = parse_int(_value(attrs, "max_workers"))
    stage.max_workers = workers if workers and workers >= 1 else _DEFAULT_MAX_WORKERS


def _fill_task(task: Task) -> None:
    attrs = _collect_attrs(task)
    task.explicit_id = _value(attrs, "id") or None
    policy = _value(attrs, "on_failure")
    if policy in _POLICIES:
        task.on_failure = _POLICIES[policy]
    retry = parse_int(_value(attrs, "retry")) if "retry" in attrs else None
    task.retry = retry if retry is not None and retry >= 0 else 0
    task.timeout = (
        parse_duration(_value(attrs, "timeout")) if "timeout" in attrs else None
    )
    _fill_title(task)
    task.fields = [_field(pl) for pl in task.body if pl.line.kind is _FIELD]


def _fill_title(task: Task) -> None:
    marker = task.marker.line.marker
    assert marker is not None
    if marker.rest and marker.rest.strip() and marker.rest_span is not None:
        task.title = marker.rest.strip()
        start = marker.rest_span.start
        task.title_place = Place(task.document, Span(start, start + len(task.title)))
        return

    for planline in task.body:
        if planline.line.kind is LineKind.TEXT:
            task.title = planline.line.text.strip()
            task.title_place = planline.place
            return


def _field(planline: PlanLine) -> Field:
    syntax = planline.line.field
    assert syntax is not None
    return Field(syntax.key, FIELD_KEYS[syntax.key], syntax.value, planline)


def _header_counts(header: list[PlanLine]) -> list[HeaderCount]:
    counts: list[HeaderCount] = []
    for planline in header:
        if planline.line.kind is not LineKind.COMMENT:
            continue
        match = _COUNT.match(planline.line.text)
        if match:
            what = "stages" if match.group(1) == "总阶段数" else "tasks"
            start = planline.line.span.start
            span = Span(start + match.start(2), start + match.end(2))
            counts.append(HeaderCount(what, int(match.group(2)), planline, span))
    return counts
