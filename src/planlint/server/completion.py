"""Completion: attribute names and values, dependency ids, fields and blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lsprotocol import types

from planlint.model import Stage, Task
from planlint.server.analysis import Block, View
from planlint.server.lookup import references_in
from planlint.server.vocabulary import FIELDS, AttrDoc, attrs_for
from planlint.syntax import Attr, AttrProblem, Marker, Span

TRIGGERS = ['"', ",", " ", ":", "#"]
_WORD_BEFORE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*$")
_LINE_START = re.compile(r"|#[# A-Za-z]{0,11}|[A-Za-z]{1,8}|文件?|排除?|验证?|执行?")
_ITEM = types.CompletionItemKind
_SNIPPET = types.InsertTextFormat.Snippet
_PLAIN = types.InsertTextFormat.PlainText

_BLOCKS = (
    (
        "## STAGE ##",
        "new stage",
        '## STAGE ## name="${1:name}" mode="${2|serial,parallel|}"\n$0',
        '## STAGE ## name="" mode="serial"\n',
    ),
    (
        "## TASK ##",
        "new task",
        '## TASK ## id="${1:task-id}"\n${2:title}\n\n文件: ${3:path}\n验证: ${0:command}',
        '## TASK ## id=""\n',
    ),
)


def completion(
    view: View, position: types.Position, snippets: bool = True
) -> types.CompletionList | None:
    """What may be typed at `position`; None where nothing fits."""
    offset = view.offset(position)
    line, block = view.analysis.row(view.document, position.line)
    if line is not None and line.marker is not None:
        items = list(_on_marker(view, line.marker, block, offset, snippets))
    else:
        items = list(_at_line_start(view, block, offset, snippets))
    if not items:
        return None
    return types.CompletionList(is_incomplete=False, items=items)


def _on_marker(
    view: View, marker: Marker, block: Block | None, offset: int, snippets: bool
) -> Iterator[types.CompletionItem]:
    for attr in marker.attrs:
        value = attr.value_span
        if value is not None and value.start <= offset <= value.end:
            yield from _values(view, attr, block, offset)
            return
        if attr.problem is AttrProblem.MISSING_VALUE and offset == attr.span.end:
            yield from _quoted_values(view, attr, block, offset)
            return
    yield from _attr_names(view, marker, offset, snippets)


def _attr_names(
    view: View, marker: Marker, offset: int, snippets: bool
) -> Iterator[types.CompletionItem]:
    before = view.document.text[marker.mark_span.end : offset]
    word = _WORD_BEFORE.search(before)
    typed = word.group(0) if word else ""
    start = offset - len(typed)
    in_title = marker.rest_span is not None and marker.rest_span.start < start
    if in_title or not before[: len(before) - len(typed)].endswith((" ", "\t")):
        return

    present = {attr.key for attr in marker.attrs if attr.key_span.end != offset}
    for doc in attrs_for(marker.kind.value).values():
        if doc.name not in present:
            yield _attr_item(view, doc, Span(start, offset), snippets)


def _attr_item(
    view: View, doc: AttrDoc, span: Span, snippets: bool
) -> types.CompletionItem:
    if snippets and doc.values:
        choices = ",".join(doc.allowed)
        text, form = f'{doc.name}="${{1|{choices}|}}"', _SNIPPET
    elif snippets:
        text, form = f'{doc.name}="${{1:{doc.placeholder}}}"', _SNIPPET
    else:
        text, form = f'{doc.name}=""', _PLAIN
    return types.CompletionItem(
        label=doc.name,
        kind=_ITEM.Property,
        detail=doc.summary,
        text_edit=types.TextEdit(range=view.range(span), new_text=text),
        insert_text_format=form,
        sort_text=f"{0 if doc.required else 1}{doc.name}",
    )


def _values(
    view: View, attr: Attr, block: Block | None, offset: int
) -> Iterator[types.CompletionItem]:
    assert attr.value_span is not None
    if attr.key == "depends_on":
        span = _item_span(view.document.text, attr.value_span, offset)
        for label, detail in dependency_choices(view, block, attr, span):
            yield _value_item(view, label, detail, span, _ITEM.Reference)
        return

    doc = attrs_for(_kind_of(block)).get(attr.key)
    for value, meaning in doc.values if doc else ():
        yield _value_item(view, value, meaning, attr.value_span, _ITEM.EnumMember)


def _quoted_values(
    view: View, attr: Attr, block: Block | None, offset: int
) -> Iterator[types.CompletionItem]:
    span = Span(offset, offset)
    if attr.key == "depends_on":
        for label, detail in dependency_choices(view, block, attr):
            yield _value_item(view, f'"{label}"', detail, span, _ITEM.Reference)
        return
    doc = attrs_for(_kind_of(block)).get(attr.key)
    for value, meaning in doc.values if doc else ():
        yield _value_item(view, f'"{value}"', meaning, span, _ITEM.EnumMember)


def _value_item(
    view: View, label: str, detail: str, span: Span, kind: types.CompletionItemKind
) -> types.CompletionItem:
    edit = types.TextEdit(range=view.range(span), new_text=label)
    return types.CompletionItem(
        label=label, kind=kind, detail=detail, text_edit=edit, filter_text=label
    )


def _item_span(text: str, value: Span, offset: int) -> Span:
    """The comma-separated item of a value that the cursor is in."""
    start = text.rfind(",", value.start, offset) + 1 or value.start
    while start < offset and text[start] in " \t":
        start += 1
    end = text.find(",", offset, value.end)
    end = value.end if end < 0 else end
    while end > offset and text[end - 1] in " \t":
        end -= 1
    return Span(start, end)


def _kind_of(block: Block | None) -> str:
    return "stage" if isinstance(block, Stage) else "task"


def dependency_choices(
    view: View, block: Block | None, attr: Attr, editing: Span | None = None
) -> list[tuple[str, str]]:
    """(label, detail) of what this `depends_on` may name, but does not yet.

    The item being typed (`editing`) does not count as named.
    """
    named = {
        ref.name
        for ref in references_in(attr)
        if editing is None or ref.span.start != editing.start
    }
    if isinstance(block, Stage):
        choices = _stage_choices(block, view.plan.stages)
    elif isinstance(block, Task):
        choices = [(t.key, t.title or "") for t in _earlier_tasks(view, block)]
    else:
        choices = []
    return [(label, detail) for label, detail in choices if _bare(label) not in named]


def _bare(label: str) -> str:
    return label.partition(":")[2] if label.startswith(("stage:", "task:")) else label


def _stage_choices(stage: Stage, stages: list[Stage]) -> list[tuple[str, str]]:
    earlier = stages[: stage.number - 1]
    choices = [(f"stage:{s.number}", s.name or "") for s in earlier]
    for other in earlier:
        for task in other.tasks:
            if task.explicit_id:
                choices.append((f"task:{task.explicit_id}", task.title or ""))
    return choices


def _earlier_tasks(view: View, task: Task) -> list[Task]:
    """Tasks with an id that may run before `task` without making a cycle."""
    found: list[Task] = []
    waiting = _needing(view, task)
    for other in view.plan.tasks():
        if other.stage is task.stage and not _may_precede(other, task, waiting):
            continue
        if other.stage is not task.stage and _stage_number(other) > _stage_number(task):
            continue
        if other.explicit_id and other.explicit_id not in {t.key for t in found}:
            found.append(other)
    return found


def _may_precede(other: Task, task: Task, waiting: set[Task]) -> bool:
    if other is task or other in waiting:
        return False
    stage = task.stage
    if stage is not None and stage.mode is not None and stage.mode.value == "serial":
        return other.number < task.number
    return True


def _needing(view: View, task: Task) -> set[Task]:
    """Every task that needs `task`, directly or not."""
    found: set[Task] = set()
    todo = [task]
    while todo:
        for dependent in view.analysis.dependents.get(todo.pop(), []):
            if dependent not in found:
                found.add(dependent)
                todo.append(dependent)
    return found


def _stage_number(task: Task) -> int:
    return task.stage.number if task.stage is not None else 0


def _at_line_start(
    view: View, block: Block | None, offset: int, snippets: bool
) -> Iterator[types.CompletionItem]:
    position = view.position(offset)
    before = view.document.index.line_text(position.line)[: position.column]
    if _LINE_START.fullmatch(before) is None:
        return

    span = view.range(Span(offset - len(before), offset))
    if isinstance(block, Task):
        yield from _field_keys(span)
    for label, detail, snippet, plain in _BLOCKS:
        edit = types.TextEdit(range=span, new_text=snippet if snippets else plain)
        yield types.CompletionItem(
            label=label,
            kind=_ITEM.Snippet,
            detail=detail,
            text_edit=edit,
            insert_text_format=_SNIPPET if snippets else _PLAIN,
        )


def _field_keys(span: types.Range) -> Iterator[types.CompletionItem]:
    for key, meaning in FIELDS.items():
        edit = types.TextEdit(range=span, new_text=f"{key}: ")
        yield types.CompletionItem(
            label=f"{key}:", kind=_ITEM.Field, detail=meaning, text_edit=edit
        )
