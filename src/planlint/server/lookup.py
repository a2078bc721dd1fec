"""What is at a place in a plan: a task id, a dependency, an attribute, ..."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planlint.checks.suppressions import directives
from planlint.model import Include, Reference, RefKind
from planlint.model.values import split_references
from planlint.server.analysis import Block, View
from planlint.syntax import Attr, FieldSyntax, Line, LineKind, Marker, Span

_DIRECTIVE = "planlint:"


class Kind(StrEnum):
    MARKER = "marker"  # `## STAGE ##` or `## TASK ##`
    TASK_ID = "task-id"  # the value of a task's `id`
    TASK_REF = "task-ref"  # a `depends_on` item naming a task
    STAGE_REF = "stage-ref"  # a `stage:N` item
    ATTR_KEY = "attr-key"
    ATTR_VALUE = "attr-value"
    FIELD_KEY = "field-key"
    INCLUDE = "include"
    RULE = "rule"  # a rule named in a `# planlint: disable...` comment


@dataclass(frozen=True, slots=True)
class Target:
    """The thing at a place, the span it covers and the block it belongs to."""

    kind: Kind
    span: Span
    block: Block | None
    marker: Marker | None = None
    attr: Attr | None = None
    ref: Reference | None = None
    field: FieldSyntax | None = None
    include: Include | None = None
    name: str | None = None

    @property
    def marker_kind(self) -> str:
        """`stage` or `task`: which marker the target sits on."""
        return self.marker.kind.value if self.marker is not None else ""


def target_at(view: View, offset: int) -> Target | None:
    """The target at `offset` of the view's document, if any."""
    position = view.position(offset)
    line, block = view.analysis.row(view.document, position.line)
    if line is None:
        return None

    if line.marker is not None:
        return _on_marker(line.marker, block, offset)
    if line.field is not None and _within(line.field.key_span, offset):
        span = Span(line.field.key_span.start, line.field.colon_span.end)
        return Target(Kind.FIELD_KEY, span, block, field=line.field)
    if line.kind is LineKind.INCLUDE:
        return Target(Kind.INCLUDE, line.span, block, include=_include(view, line))
    if line.kind is LineKind.COMMENT and _DIRECTIVE in line.text:
        return _rule_in_comment(view, line, block, offset)
    return None


def name_span(ref: Reference) -> Span:
    """The span of a reference's name, without its `task:`/`stage:` prefix."""
    return Span(ref.span.end - len(ref.name), ref.span.end)


def references_in(attr: Attr) -> list[Reference]:
    """The items of a `depends_on` attribute, with their spans."""
    if attr.value is None or attr.value_span is None:
        return []
    return split_references(attr.value, attr.value_span.start)


def _on_marker(marker: Marker, block: Block | None, offset: int) -> Target | None:
    if _within(marker.mark_span, offset):
        return Target(Kind.MARKER, marker.mark_span, block, marker)
    for attr in marker.attrs:
        if _within(attr.key_span, offset):
            return Target(Kind.ATTR_KEY, attr.key_span, block, marker, attr)
        if attr.value_span is not None and _within(attr.value_span, offset):
            return _on_value(marker, attr, block, offset)
    return None


def _on_value(marker: Marker, attr: Attr, block: Block | None, offset: int) -> Target:
    span = attr.value_span or attr.span
    if attr.key == "id" and marker.kind is LineKind.TASK:
        return Target(Kind.TASK_ID, span, block, marker, attr)
    if attr.key == "depends_on":
        for ref in references_in(attr):
            if ref.text and _within(ref.span, offset):
                kind = Kind.STAGE_REF if ref.kind is RefKind.STAGE else Kind.TASK_REF
                return Target(kind, name_span(ref), block, marker, attr, ref)
    return Target(Kind.ATTR_VALUE, span, block, marker, attr)


def _include(view: View, line: Line) -> Include | None:
    for include in view.plan.includes:
        source = include.source
        if source.document is view.document and source.line is line:
            return include
    return None


def _rule_in_comment(
    view: View, line: Line, block: Block | None, offset: int
) -> Target | None:
    for directive in directives(view.plan):
        if directive.line is not line or directive.place.document is not view.document:
            continue
        for name, span in directive.rules:
            if _within(span, offset):
                return Target(Kind.RULE, span, block, name=name)
    return None


def _within(span: Span, offset: int) -> bool:
    """`offset` is in `span` or just after it (where a cursor after a word is)."""
    return span.start <= offset <= span.end
