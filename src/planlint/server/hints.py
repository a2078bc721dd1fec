"""Inlay hints: the stage name after `stage:N`, the derived id of a task."""

from __future__ import annotations

from collections.abc import Iterator

from lsprotocol import types

from planlint.model import RefKind, Task
from planlint.model.graph import stage_of
from planlint.server.analysis import Block, View
from planlint.server.lookup import references_in


def inlay_hints(view: View, lines: range | None = None) -> list[types.InlayHint]:
    """Hints for the markers of the view's document (within `lines`)."""
    hints: list[types.InlayHint] = []
    for block in _blocks_here(view):
        if lines is not None and block.marker.line.number not in lines:
            continue
        hints.extend(_stage_names(view, block))
        if isinstance(block, Task) and block.explicit_id is None:
            hints.append(_derived_id(view, block))
    return hints


def _blocks_here(view: View) -> Iterator[Block]:
    plan = view.plan
    blocks: list[Block] = [*plan.orphan_tasks, *plan.stages, *plan.tasks()]
    for block in blocks:
        if view.owns(block.place):
            yield block


def _stage_names(view: View, block: Block) -> Iterator[types.InlayHint]:
    attr = block.attrs.get("depends_on")
    for ref in references_in(attr) if attr is not None else []:
        stage = stage_of(view.plan, ref) if ref.kind is RefKind.STAGE else None
        if stage is not None and stage.name:
            position = view.range(ref.span).end
            yield types.InlayHint(
                position=position,
                label=stage.name,
                kind=types.InlayHintKind.Type,
                padding_left=True,
                tooltip=f"stage {stage.number}: {stage.name}",
            )


def _derived_id(view: View, task: Task) -> types.InlayHint:
    marker = task.marker.line.marker
    assert marker is not None
    position = view.range(marker.mark_span).end
    return types.InlayHint(
        position=position,
        label=task.derived_id,
        kind=types.InlayHintKind.Type,
        padding_left=True,
        tooltip="the id of a task without `id`; it cannot be named in depends_on",
    )
