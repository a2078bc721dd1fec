"""Go to definition, find references and rename, over task ids and stages."""

from __future__ import annotations

from collections.abc import Iterator

from lsprotocol import types

from planlint.model import Dependency, Place, RefKind, Stage, Task
from planlint.model.graph import resolve, stage_of
from planlint.model.values import is_valid_id
from planlint.server.analysis import View
from planlint.server.lookup import Kind, Target, name_span, target_at


class RenameError(Exception):
    """A rename that cannot be done; the message tells the user why."""


def definition(view: View, position: types.Position) -> list[types.Location]:
    """Where the task, stage or file under the cursor is defined."""
    target = target_at(view, view.offset(position))
    if target is None:
        return []

    if target.kind is Kind.TASK_REF and target.ref is not None:
        tasks = resolve(view.plan, target.ref)
        return [view.location(id_place(task)) for task in tasks]
    if target.kind is Kind.TASK_ID and isinstance(target.block, Task):
        return [view.location(id_place(target.block))]
    if target.kind is Kind.STAGE_REF and target.ref is not None:
        stage = stage_of(view.plan, target.ref)
        return [view.location(stage_place(stage))] if stage else []
    return _include_definition(view, target)


def _include_definition(view: View, target: Target) -> list[types.Location]:
    include = target.include
    if target.kind is not Kind.INCLUDE or include is None or include.resolved is None:
        return []
    uri = view.analysis.uri_of(str(include.resolved))
    start = types.Position(line=0, character=0)
    return [types.Location(uri=uri, range=types.Range(start=start, end=start))]


def id_place(task: Task) -> Place:
    """The task's `id` value, or its marker when it has no id."""
    attr = task.attrs.get("id")
    if attr is not None and attr.value_span is not None:
        return Place(task.document, attr.value_span)
    return task.attr_place("id")


def stage_place(stage: Stage) -> Place:
    """The stage's `name` value, or its marker when it has no name."""
    return stage.attr_place("name")


def references(
    view: View, position: types.Position, include_declaration: bool = True
) -> list[types.Location]:
    """Every `depends_on` item that names the task or stage under the cursor."""
    target = target_at(view, view.offset(position))
    task_id = _task_id(target)
    if task_id is not None:
        places = list(_task_mentions(view, task_id, include_declaration))
        return [view.location(place) for place in places]

    stage = _stage(view, target)
    if stage is None:
        return []
    places = [dep.place for dep in _dependencies(view) if _names_stage(dep, stage)]
    if include_declaration:
        places.insert(0, stage_place(stage))
    return [view.location(place) for place in places]


def _task_id(target: Target | None) -> str | None:
    if target is None:
        return None
    if target.kind is Kind.TASK_ID and target.attr is not None:
        return target.attr.value or None
    if target.kind is Kind.MARKER and isinstance(target.block, Task):
        return target.block.explicit_id
    if target.kind is Kind.TASK_REF and target.ref is not None:
        return target.ref.name or None
    return None


def _stage(view: View, target: Target | None) -> Stage | None:
    if target is None:
        return None
    if target.kind is Kind.MARKER and isinstance(target.block, Stage):
        return target.block
    if target.kind is Kind.STAGE_REF and target.ref is not None:
        return stage_of(view.plan, target.ref)
    return None


def _task_mentions(view: View, task_id: str, declarations: bool) -> Iterator[Place]:
    if declarations:
        for task in view.plan.tasks_by_id.get(task_id, ()):
            yield id_place(task)
    for dep in _dependencies(view):
        if dep.ref.kind is RefKind.TASK and dep.ref.name == task_id:
            yield Place(dep.document, name_span(dep.ref))


def _dependencies(view: View) -> Iterator[Dependency]:
    plan = view.plan
    for block in [*plan.stages, *plan.orphan_tasks, *plan.tasks()]:
        yield from block.depends_on


def _names_stage(dep: Dependency, stage: Stage) -> bool:
    ref = dep.ref
    return ref.kind is RefKind.STAGE and ref.name.strip() == str(stage.number)


def prepare_rename(view: View, position: types.Position) -> types.Range | None:
    """The id under the cursor, if it can be renamed; else why not."""
    target = target_at(view, view.offset(position))
    task_id = _task_id(target)
    if target is None or task_id is None or target.kind is Kind.MARKER:
        return None

    if not view.plan.tasks_by_id.get(task_id):
        raise RenameError(f"no task has the id `{task_id}`; fix the reference first")
    return view.range(target.span)


def rename(
    view: View, position: types.Position, new_name: str
) -> types.WorkspaceEdit | None:
    """Rename a task id in its `id` and in every `depends_on` that names it."""
    if prepare_rename(view, position) is None:
        return None

    target = target_at(view, view.offset(position))
    old = _task_id(target)
    assert old is not None
    _check_new_id(view, old, new_name)
    changes: dict[str, list[types.TextEdit]] = {}
    for place in _task_mentions(view, old, declarations=True):
        location = view.location(place)
        edit = types.TextEdit(range=location.range, new_text=new_name)
        changes.setdefault(location.uri, []).append(edit)
    return types.WorkspaceEdit(changes=changes)


def _check_new_id(view: View, old: str, new: str) -> None:
    if not is_valid_id(new):
        raise RenameError(
            f"`{new}` is not a valid task id: start with a letter or digit, then"
            " use letters, digits, `.`, `_` or `-`"
        )
    taken = view.plan.tasks_by_id.get(new)
    if taken and new != old:
        line = taken[0].place.start.line + 1
        raise RenameError(f"`{new}` is already the id of the task at line {line}")
