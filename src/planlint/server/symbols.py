"""Document symbols (stages holding tasks), workspace symbols and folding."""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from planlint.model import Place, Stage, Task
from planlint.server.analysis import Analysis, View
from planlint.server.navigation import id_place, stage_place
from planlint.server.positions import Encoding
from planlint.syntax import Document, Line, LineKind, Span

_MAX_WORKSPACE_SYMBOLS = 500


def document_symbols(view: View) -> list[types.DocumentSymbol]:
    """Stages with their tasks, as far as their markers are in this document."""
    symbols: list[types.DocumentSymbol] = []
    for task in view.plan.orphan_tasks:
        if view.owns(task.place):
            symbols.append(_task_symbol(view, task))
    for stage in view.plan.stages:
        tasks = [_task_symbol(view, t) for t in stage.tasks if view.owns(t.place)]
        if view.owns(stage.place):
            symbols.append(_stage_symbol(view, stage, tasks))
        else:
            symbols.extend(tasks)  # a file included into a stage
    return symbols


def _stage_symbol(
    view: View, stage: Stage, tasks: list[types.DocumentSymbol]
) -> types.DocumentSymbol:
    name = stage.name or "(unnamed)"
    return types.DocumentSymbol(
        name=f"{stage.number} {name}",
        detail=stage.mode.value if stage.mode else "",
        kind=types.SymbolKind.Namespace,
        range=_block_range(view, stage, tasks),
        selection_range=view.range(stage_place(stage).span),
        children=tasks,
    )


def _task_symbol(view: View, task: Task) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=task.key,
        detail=task.title or "",
        kind=types.SymbolKind.Function,
        range=_block_range(view, task, []),
        selection_range=view.range(id_place(task).span),
    )


def _block_range(
    view: View, block: Stage | Task, children: list[types.DocumentSymbol]
) -> types.Range:
    """From the marker to the last line of the block that is in this document."""
    lines = [pl.line for pl in (block.marker, *block.body) if view.owns(pl.place)]
    last = _last_content(lines) or block.marker.line
    whole = view.range(Span(block.marker.line.span.start, last.span.end))
    if children and _after(children[-1].range.end, whole.end):
        whole.end = children[-1].range.end
    return whole


def _after(a: types.Position, b: types.Position) -> bool:
    return (a.line, a.character) > (b.line, b.character)


def _last_content(lines: list[Line]) -> Line | None:
    for line in reversed(lines):
        if line.kind is not LineKind.BLANK:
            return line
    return None


def workspace_symbols(
    analyses: Iterable[Analysis], query: str, encoding: Encoding = Encoding.UTF16
) -> list[types.WorkspaceSymbol]:
    """Stages and tasks of the open plans whose name contains `query`."""
    wanted = query.casefold()
    found: dict[tuple[str, str, int, int], types.WorkspaceSymbol] = {}
    for analysis in analyses:
        for name, detail, kind, place in _named_places(analysis):
            if wanted not in name.casefold() and wanted not in detail.casefold():
                continue
            location = View(analysis, place.document, encoding).location(place)
            start = location.range.start
            key = (name, location.uri, start.line, start.character)
            found[key] = types.WorkspaceSymbol(
                name=name, kind=kind, location=location, container_name=detail or None
            )
            if len(found) >= _MAX_WORKSPACE_SYMBOLS:
                return list(found.values())
    return list(found.values())


def _named_places(
    analysis: Analysis,
) -> Iterable[tuple[str, str, types.SymbolKind, Place]]:
    for stage in analysis.plan.stages:
        name = f"stage {stage.number} {stage.name or ''}".rstrip()
        yield name, "", types.SymbolKind.Namespace, stage_place(stage)
        for task in stage.tasks:
            yield task.key, task.title or "", types.SymbolKind.Function, id_place(task)


def folding_ranges(document: Document) -> list[types.FoldingRange]:
    """Header, stages, tasks and fenced code of one file (lines only)."""
    ranges: list[types.FoldingRange] = []
    markers = [line for line in document.lines if line.marker is not None]
    ends = _block_ends(document.lines)
    if markers and markers[0].number > 0:
        _add(ranges, 0, _last_before(document.lines, markers[0].number), "comment")
    for line in markers:
        _add(ranges, line.number, ends[line.number], "region")
    for line in document.lines:
        if line.kind is LineKind.FENCE:
            _add(ranges, line.number, line.end_number, "region")
    return ranges


def _block_ends(lines: list[Line]) -> dict[int, int]:
    """For each marker line, the last non-blank line of its block."""
    ends: dict[int, int] = {}
    open_stage: int | None = None
    open_task: int | None = None
    last = 0
    for line in lines:
        if line.marker is not None and line.kind is LineKind.STAGE:
            for start in (open_task, open_stage):
                if start is not None:
                    ends[start] = last
            open_stage, open_task = line.number, None
        elif line.marker is not None:
            if open_task is not None:
                ends[open_task] = last
            open_task = line.number
        if line.kind is not LineKind.BLANK:
            last = line.end_number
    for start in (open_task, open_stage):
        if start is not None:
            ends[start] = last
    return ends


def _last_before(lines: list[Line], number: int) -> int:
    last = 0
    for line in lines:
        if line.number >= number:
            break
        if line.kind is not LineKind.BLANK:
            last = line.end_number
    return last


def _add(ranges: list[types.FoldingRange], start: int, end: int, kind: str) -> None:
    if end > start:
        ranges.append(
            types.FoldingRange(
                start_line=start, end_line=end, kind=types.FoldingRangeKind(kind)
            )
        )
