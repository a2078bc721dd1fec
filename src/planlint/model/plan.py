"""The semantic model: a plan's stages, tasks, fields and references."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from planlint.model.values import Reference
from planlint.syntax import Attr, Document, Line, Position, Span
from planlint.syntax.speed import quick_init, value_class

FIELD_KEYS = {"文件": "files", "排除": "exclude", "验证": "verify", "执行": "execute"}


class Mode(StrEnum):
    SERIAL = "serial"
    PARALLEL = "parallel"


class Policy(StrEnum):
    STOP = "stop"
    CONTINUE = "continue"
    RETRY = "retry"


@value_class
class Place:
    """Where a piece of text really is: a document and a span in it."""

    document: Document
    span: Span

    @property
    def path(self) -> str:
        return self.document.path or "-"

    @property
    def start(self) -> Position:
        return self.document.index.position(self.span.start)

    @property
    def end(self) -> Position:
        return self.document.index.position(self.span.end)


@value_class
class PlanLine:
    """A line of the plan after includes, with the document it comes from."""

    document: Document
    line: Line

    @property
    def place(self) -> Place:
        return Place(self.document, self.line.span)


@value_class
class Field:
    """A field line of a task (`文件:`, `排除:`, `验证:`, `执行:`)."""

    key: str  # the key as written, e.g. 文件
    name: str  # files, exclude, verify or execute
    value: str
    source: PlanLine

    @property
    def value_place(self) -> Place:
        assert self.source.line.field is not None
        return Place(self.source.document, self.source.line.field.value_span)

    @property
    def items(self) -> list[str]:
        """Comma-separated items, for scope fields."""
        return [item.strip() for item in self.value.split(",") if item.strip()]


@value_class
class Dependency:
    """A `depends_on` item and the document it was written in."""

    ref: Reference
    document: Document

    @property
    def place(self) -> Place:
        return Place(self.document, self.ref.span)


@quick_init
@dataclass(frozen=True, slots=True)
class HeaderCount:
    """`# 总阶段数: N` or `# 预计任务数: M` in the header."""

    what: str  # "stages" or "tasks"
    value: int
    source: PlanLine
    value_span: Span


@quick_init
@dataclass(frozen=True, slots=True)
class Include:
    """An `@path` line and what it resolved to."""

    source: PlanLine
    target: str
    resolved: Path | None
    error: str | None = None  # "not-found", "cycle" or "unreadable"
    chain: tuple[Path, ...] = ()

    @property
    def target_place(self) -> Place:
        span = self.source.line.span
        return Place(self.source.document, Span(span.start + 1, span.end))


class _Block:
    """What stages and tasks share: a marker line, its attributes, its body."""

    def __init__(self, marker: PlanLine) -> None:
        self.marker = marker
        self.attrs: dict[str, Attr] = {}
        self.body: list[PlanLine] = []
        self.depends_on: list[Dependency] = []
        self.confirm = False

    @property
    def document(self) -> Document:
        return self.marker.document

    @property
    def place(self) -> Place:
        return self.marker.place

    def attr_value(self, key: str) -> str | None:
        attr = self.attrs.get(key)
        return attr.value if attr is not None else None

    def attr_place(self, key: str) -> Place:
        """The value of `key` if present, else the whole attribute or marker."""
        attr = self.attrs.get(key)
        if attr is None:
            return Place(self.document, self.marker.line.marker.mark_span)  # type: ignore[union-attr]
        return Place(self.document, attr.value_span or attr.span)


class Stage(_Block):
    """A `## STAGE ##` block: its settings, description lines and tasks."""

    def __init__(self, number: int, marker: PlanLine) -> None:
        super().__init__(marker)
        self.number = number
        self.name: str | None = None
        self.mode: Mode | None = None
        self.max_workers = 4
        self.tasks: list[Task] = []

    def __repr__(self) -> str:
        return f"Stage({self.number}, {self.name!r})"

    @property
    def label(self) -> str:
        return f"stage {self.number}" + (f" ({self.name})" if self.name else "")


class Task(_Block):
    """A `## TASK ##` block with its id, title, policy, fields and commands."""

    def __init__(self, stage: Stage | None, number: int, marker: PlanLine) -> None:
        super().__init__(marker)
        self.stage = stage
        self.number = number
        self.explicit_id: str | None = None
        self.title: str | None = None
        self.title_place: Place | None = None
        self.on_failure = Policy.STOP
        self.retry = 0
        self.timeout: float | None = None
        self.fields: list[Field] = []

    def __repr__(self) -> str:
        return f"Task({self.key!r})"

    @property
    def derived_id(self) -> str:
        stage = self.stage.number if self.stage is not None else 0
        return f"s{stage}.t{self.number}"

    @property
    def key(self) -> str:
        """The id used in messages, state and reports."""
        return self.explicit_id or self.derived_id

    def field_values(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name]

    @property
    def files(self) -> list[str]:
        return [item for f in self.field_values("files") for item in f.items]

    @property
    def excludes(self) -> list[str]:
        return [item for f in self.field_values("exclude") for item in f.items]

    @property
    def verify(self) -> list[Field]:
        return self.field_values("verify")

    @property
    def execute(self) -> list[Field]:
        return self.field_values("execute")

    @property
    def text(self) -> str:
        """The task's marker and body text, as the plan spells it."""
        lines = [self.marker, *self.body]
        return "\n".join(pl.line.text for pl in lines)

    @cached_property
    def digest(self) -> str:
        """A hash of the task's text and its stage's settings, for resume."""
        import hashlib  # only the executor needs it; keep it off the lint path

        stage = self.stage.marker.line.text if self.stage else ""
        data = f"{stage}\n{self.text}".encode("utf-8", "surrogateescape")
        return hashlib.sha256(data).hexdigest()[:16]


@dataclass(eq=False)
class Plan:
    """A whole plan after includes: header, stages, tasks and where each is."""

    document: Document
    documents: dict[str, Document] = field(default_factory=dict)
    header: list[PlanLine] = field(default_factory=list)
    counts: list[HeaderCount] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    orphan_tasks: list[Task] = field(default_factory=list)  # before any STAGE
    includes: list[Include] = field(default_factory=list)
    encoding_errors: dict[str, int] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.document.path or "-"

    def tasks(self) -> Iterator[Task]:
        for stage in self.stages:
            yield from stage.tasks

    def lines(self) -> Iterator[PlanLine]:
        """Every line after includes, in plan order."""
        yield from self.header
        for task in self.orphan_tasks:
            yield task.marker
            yield from task.body
        for stage in self.stages:
            yield stage.marker
            yield from stage.body
            for task in stage.tasks:
                yield task.marker
                yield from task.body

    @cached_property
    def tasks_by_id(self) -> dict[str, list[Task]]:
        """Explicit ids to the tasks that carry them (more than one: PL201)."""
        found: dict[str, list[Task]] = {}
        for task in self.tasks():
            if task.explicit_id is not None:
                found.setdefault(task.explicit_id, []).append(task)
        return found
