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
from planlint.syntax import Attr, Document, Line, LineKind, Span, parse
from planlint.syntax.speed import paused_gc

_COUNT = re.compile(r"#\s*(总阶段数|预计任务数)\s*[:：]\s*(\d+)")
_MODES = {"serial": Mode.SERIAL, "sequential": Mode.SERIAL, "parallel": Mode.PARALLEL}
_DEFAULT_MAX_WORKERS = 4
_POLICIES = {policy.value: policy for policy in Policy}
_STAGE, _TASK, _FIELD = LineKind.STAGE, LineKind.TASK, LineKind.FIELD
_INCLUDE, _TEXT, _COMMENT = LineKind.INCLUDE, LineKind.TEXT, LineKind.COMMENT


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

    _Builder(plan, reader).walk(document, ())

    plan.counts = _header_counts(plan.header)
    return plan


class _Builder:
    """Walks the lines in plan order, an include giving the lines it names.

    Blocks start at their marker lines; a task's fields and title come from
    its body lines as they go by, so each line is looked at once.
    """

    def __init__(self, plan: Plan, reader: includes.Reader) -> None:
        self.plan = plan
        self.reader = reader
        self.parsed: dict[str, Document] = {}
        self.stage: Stage | None = None
        self.task: Task | None = None  # whose fields and title come next
        self.body = plan.header  # where the next body line goes

    def walk(self, document: Document, chain: tuple[Path, ...]) -> None:
        """Group the lines of `document`, included from the files in `chain`."""
        body, task = self.body, self.task
        for line in document.lines:
            planline = PlanLine(document, line)
            kind = line.kind
            if kind is _STAGE:
                body = self._stage(planline).body
                task = None
            elif kind is _TASK:
                task = self._task(planline)
                body = task.body
            elif kind is _INCLUDE:
                self.body, self.task = body, task
                self._include(planline, chain)
                body, task = self.body, self.task
            else:
                body.append(planline)
                if task is None:
                    continue
                if kind is _FIELD:
                    task.fields.append(_field_of(planline))
                elif kind is _TEXT and task.title is None:
                    task.title = line.text.strip()
                    task.title_place = Place(document, line.span)
        self.body, self.task = body, task

    def _include(self, source: PlanLine, chain: tuple[Path, ...]) -> None:
        """Walk the lines of the file that `source` includes, if it can."""
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
        self.walk(document, (*chain, path))

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

    def _stage(self, planline: PlanLine) -> Stage:
        stages = self.plan.stages
        stage = self.stage = Stage(len(stages) + 1, planline)
        stages.append(stage)
        attrs = _collect_attrs(stage, planline.line)
        name = attrs.get("name")
        stage.name = name.value if name is not None else None
        mode = attrs.get("mode")
        stage.mode = _MODES.get(mode.value or "") if mode is not None else None
        workers = attrs.get("max_workers")
        count = parse_int(workers.value or "") if workers is not None else None
        stage.max_workers = count if count and count >= 1 else _DEFAULT_MAX_WORKERS
        return stage

    def _task(self, planline: PlanLine) -> Task:
        stage = self.stage
        siblings = stage.tasks if stage is not None else self.plan.orphan_tasks
        task = Task(stage, len(siblings) + 1, planline)
        siblings.append(task)
        attrs = _collect_attrs(task, planline.line)
        explicit = attrs.get("id")
        task.explicit_id = explicit.value or None if explicit is not None else None
        policy = attrs.get("on_failure")
        if policy is not None and policy.value in _POLICIES:
            task.on_failure = _POLICIES[policy.value]
        if "retry" in attrs:
            retry = parse_int(attrs["retry"].value or "")
            task.retry = retry if retry is not None and retry >= 0 else 0
        if "timeout" in attrs:
            task.timeout = parse_duration(attrs["timeout"].value or "")
        _marker_title(task, planline)
        return task


def _collect_attrs(block: Stage | Task, line: Line) -> dict[str, Attr]:
    """The block's attributes, the first of each key; its dependencies, confirm."""
    marker = line.marker
    assert marker is not None
    attrs = {attr.key: attr for attr in marker.attrs}
    if len(attrs) < len(marker.attrs):  # a key given twice: the first one counts
        attrs = {}
        for attr in marker.attrs:
            attrs.setdefault(attr.key, attr)
    block.attrs = attrs
    depends = attrs.get("depends_on")
    if depends is not None and depends.value and depends.value_span is not None:
        refs = split_references(depends.value, depends.value_span.start)
        document = block.marker.document
        block.depends_on = [Dependency(ref, document) for ref in refs]
    if "confirm" in attrs:
        block.confirm = parse_bool(attrs["confirm"].value or "") is True
    return attrs


def _marker_title(task: Task, planline: PlanLine) -> None:
    """The title written on the marker line; else the first text line gives it."""
    marker = planline.line.marker
    assert marker is not None
    rest = marker.rest
    title = rest.strip() if rest else None
    if title and marker.rest_span is not None:
        task.title = title
        start = marker.rest_span.start
        task.title_place = Place(planline.document, Span(start, start + len(title)))


def _field_of(planline: PlanLine) -> Field:
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
