"""Builds the semantic model from syntax trees, expanding includes on the way."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
from planlint.syntax import Document, LineKind, Span, parse

_COUNT = re.compile(r"#\s*(总阶段数|预计任务数)\s*[:：]\s*(\d+)")
_MODES = {"serial": Mode.SERIAL, "sequential": Mode.SERIAL, "parallel": Mode.PARALLEL}
_DEFAULT_MAX_WORKERS = 4


def build(
    document: Document,
    reader: includes.Reader = includes.read_from_disk,
    encoding_error: int | None = None,
) -> Plan:
    """The Plan of `document`; included files are read through `reader`."""
    plan = Plan(document)
    plan.documents[document.path or "-"] = document
    if encoding_error is not None:
        plan.encoding_errors[document.path or "-"] = encoding_error

    lines = _Expander(plan, reader).expand(document, ())
    _group(plan, lines)

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

    def expand(self, document: Document, chain: tuple[Path, ...]) -> Iterator[PlanLine]:
        for line in document.lines:
            if line.kind is LineKind.INCLUDE:
                yield from self._include(PlanLine(document, line), chain)
            else:
                yield PlanLine(document, line)

    def _include(self, source: PlanLine, chain: tuple[Path, ...]) -> Iterator[PlanLine]:
        target = source.line.text[1:].strip()
        top_level = source.document is self.plan.document
        path = includes.find(target, source.document.path, top_level)
        if path is None:
            self.plan.includes.append(Include(source, target, None, "not-found"))
            return

        here = Path(source.document.path or "-")
        chain = chain or (here,)
        on_chain = {includes.identity(p) for p in chain}
        if includes.identity(path) in on_chain:
            error = Include(source, target, path, "cycle", (*chain, path))
            self.plan.includes.append(error)
            return

        document = self._load(path)
        if document is None:
            self.plan.includes.append(Include(source, target, path, "unreadable"))
            return
        self.plan.includes.append(Include(source, target, path, None, (*chain, path)))
        yield from self.expand(document, (*chain, path))

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


def _group(plan: Plan, lines: Iterator[PlanLine]) -> None:
    stage: Stage | None = None
    task: Task | None = None
    for planline in lines:
        kind = planline.line.kind
        if kind is LineKind.STAGE:
            stage = Stage(len(plan.stages) + 1, planline)
            plan.stages.append(stage)
            task = None
        elif kind is LineKind.TASK:
            siblings = stage.tasks if stage is not None else plan.orphan_tasks
            task = Task(stage, len(siblings) + 1, planline)
            siblings.append(task)
        elif task is not None:
            task.body.append(planline)
        elif stage is not None:
            stage.body.append(planline)
        else:
            plan.header.append(planline)


def _collect_attrs(block: Stage | Task) -> None:
    marker = block.marker.line.marker
    assert marker is not None
    for attr in marker.attrs:
        block.attrs.setdefault(attr.key, attr)
    depends = block.attrs.get("depends_on")
    if depends is not None and depends.value and depends.value_span is not None:
        refs = split_references(depends.value, depends.value_span.start)
        block.depends_on = [Dependency(ref, block.document) for ref in refs]
    block.confirm = parse_bool(block.attr_value("confirm") or "") is True


def _fill_stage(stage: Stage) -> None:
    _collect_attrs(stage)
    stage.name = stage.attr_value("name")
    stage.mode = _MODES.get(stage.attr_value("mode") or "")
    workers = parse_int(stage.attr_value("max_workers") or "")
    stage.max_workers = workers if workers and workers >= 1 else _DEFAULT_MAX_WORKERS


def _fill_task(task: Task) -> None:
    _collect_attrs(task)
    task.explicit_id = task.attr_value("id") or None
    policy = task.attr_value("on_failure")
    if policy in Policy.__members__.values():
        task.on_failure = Policy(policy)
    retry = parse_int(task.attr_value("retry") or "")
    task.retry = retry if retry is not None and retry >= 0 else 0
    task.timeout = parse_duration(task.attr_value("timeout") or "")
    _fill_title(task)
    task.fields = [_field(pl) for pl in task.body if pl.line.kind is LineKind.FIELD]


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
