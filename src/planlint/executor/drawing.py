"""`planlint graph`: a plan's dependency graph as Mermaid, DOT or JSON.

Tasks are grouped by stage. An edge goes from what is needed to what needs
it. A task's own `depends_on` gives task edges; a stage's `depends_on` gives
an edge into the whole stage. The plan need not be valid: unknown ids are
left out and every edge on a cycle is marked, so a cycle can be seen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from planlint.executor.cycles import strongly_connected
from planlint.executor.textwidth import clip
from planlint.model import Plan, Reference, RefKind, Stage, Task
from planlint.model.graph import needs, resolve, stage_of

FORMATS = ("mermaid", "dot", "json")
_TITLE_CELLS = 40


@dataclass(frozen=True, slots=True)
class Edge:
    """`source` is needed by `target`; a stage stands for all its tasks."""

    source: Task | Stage
    target: Task | Stage
    cycle: bool = False


@dataclass(eq=False)
class Graph:
    """The drawable graph: stages with their tasks, edges, and the cycles."""

    plan: Plan
    edges: list[Edge] = field(default_factory=list)
    cycles: list[list[Task]] = field(default_factory=list)


def graph_of(plan: Plan) -> Graph:
    """Collect the edges of `plan` and mark those that lie on a cycle."""
    task_cycles = strongly_connected(needs(plan))
    stage_links = _stage_links(plan)
    stage_cycles = strongly_connected(stage_links)
    in_cycle = {node: i for i, group in enumerate(task_cycles) for node in group}
    in_stage_cycle = {s: i for i, group in enumerate(stage_cycles) for s in group}

    graph = Graph(plan, cycles=[sorted(c, key=_order(plan)) for c in task_cycles])
    for source, target in _edges(plan):
        graph.edges.append(
            Edge(
                source,
                target,
                _cyclic(
                    source,
                    target,
                    in_cycle if isinstance(target, Task) else in_stage_cycle,
                ),
            )
        )
    return graph


def _order(plan: Plan) -> Any:
    index = {task: i for i, task in enumerate(plan.tasks())}
    return lambda task: index.get(task, 0)


def _cyclic(source: object, target: object, groups: Mapping[Any, int]) -> bool:
    if source is target:
        return True
    return source in groups and groups.get(source) == groups.get(target)


def _edges(plan: Plan) -> Iterable[tuple[Task | Stage, Task | Stage]]:
    for task in all_tasks(plan):
        for dep in task.depends_on:
            for source in _unique(_resolve(plan, dep.ref)):
                yield source, task
    for stage in plan.stages:
        for dep in stage.depends_on:
            target = stage_of(plan, dep.ref)
            found: list[Task | Stage] = [target] if target else []
            yield from ((s, stage) for s in found or _resolve(plan, dep.ref))


def all_tasks(plan: Plan) -> list[Task]:
    """Tasks before the first stage (which never run, PL002), then the rest."""
    return [*plan.orphan_tasks, *plan.tasks()]


def _resolve(plan: Plan, ref: Reference) -> list[Task]:
    """The tasks `ref` names, tasks before the first stage included."""
    loose = [t for t in plan.orphan_tasks if ref.name and t.explicit_id == ref.name]
    return [*loose, *resolve(plan, ref)] if ref.kind is RefKind.TASK else []


def _unique(tasks: list[Task]) -> list[Task]:
    return list(dict.fromkeys(tasks))


def _stage_links(plan: Plan) -> dict[Stage, list[Stage]]:
    """Each stage and the stages it depends on (through `stage:N` or a task)."""
    links: dict[Stage, list[Stage]] = {stage: [] for stage in plan.stages}
    for stage in plan.stages:
        for dep in stage.depends_on:
            target = stage_of(plan, dep.ref)
            if dep.ref.kind is RefKind.STAGE and target is not None:
                links[stage].append(target)
    return links


def draw(plan: Plan, form: str) -> str:
    """The graph of `plan` in `form` (one of FORMATS)."""
    graph = graph_of(plan)
    if form == "mermaid":
        return mermaid(graph)
    if form == "dot":
        return dot(graph)
    if form == "json":
        return json.dumps(as_data(graph), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown graph format {form!r}; use one of {', '.join(FORMATS)}")


def _names(plan: Plan) -> dict[Task | Stage, str]:
    """Safe node names: t1, t2… for tasks and s1, s2… for stages, in plan order."""
    names: dict[Task | Stage, str] = {}
    for number, task in enumerate(all_tasks(plan), 1):
        names[task] = f"t{number}"
    for stage in plan.stages:
        names[stage] = f"s{stage.number}"
    return names


def _stage_label(stage: Stage) -> str:
    mode = stage.mode.value if stage.mode else "?"
    workers = f", {stage.max_workers} workers" if stage.mode == "parallel" else ""
    return f"{stage.number} · {stage.name or ''} ({mode}{workers})"


def _task_label(task: Task) -> tuple[str, str]:
    return task.key, clip(task.title or "", _TITLE_CELLS)


def mermaid(graph: Graph) -> str:
    """A Mermaid flowchart: one subgraph per stage; cycle edges drawn red."""
    names = _names(graph.plan)
    lines = ["flowchart LR"]
    lines.extend(f"  {_mermaid_node(task, names)}" for task in graph.plan.orphan_tasks)
    for stage in graph.plan.stages:
        lines.append(
            f'  subgraph {names[stage]}["{_mermaid_text(_stage_label(stage))}"]'
        )
        lines.append("    direction TB")
        lines.extend(f"    {_mermaid_node(task, names)}" for task in stage.tasks)
        lines.append("  end")
    for number, edge in enumerate(graph.edges):
        arrow = " -->|cycle| " if edge.cycle else " --> "
        lines.append(f"  {names[edge.source]}{arrow}{names[edge.target]}")
    cyclic = [str(i) for i, edge in enumerate(graph.edges) if edge.cycle]
    if cyclic:
        lines.append(f"  linkStyle {','.join(cyclic)} stroke:#d00,stroke-width:3px")
    return "\n".join(lines) + "\n"


def _mermaid_node(task: Task, names: Mapping[Task | Stage, str]) -> str:
    key, title = _task_label(task)
    label = _mermaid_text(key) + (f"<br/>{_mermaid_text(title)}" if title else "")
    return f'{names[task]}["{label}"]'


def _mermaid_text(text: str) -> str:
    entities = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;"}
    return "".join(entities.get(char, char) for char in text)


def dot(graph: Graph) -> str:
    """Graphviz DOT: one cluster per stage; cycle edges red and labelled."""
    names = _names(graph.plan)
    lines = [
        "digraph plan {",
        "  rankdir=LR;",
        "  compound=true;",
        '  node [shape=box, fontname="sans-serif"];',
    ]
    lines.extend(f"  {_dot_node(task, names)}" for task in graph.plan.orphan_tasks)
    for stage in graph.plan.stages:
        lines.append(f"  subgraph cluster_{stage.number} {{")
        lines.append(f"    label={_dot_text(_stage_label(stage))};")
        lines.append(f"    {names[stage]} [shape=point, style=invis];")
        lines.extend(f"    {_dot_node(task, names)}" for task in stage.tasks)
        lines.append("  }")
    lines.extend(_dot_edge(edge, names) for edge in graph.edges)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(task: Task, names: Mapping[Task | Stage, str]) -> str:
    key, title = _task_label(task)
    label = f"{key}\n{title}" if title else key
    return f"{names[task]} [label={_dot_text(label)}];"


def _dot_edge(edge: Edge, names: Mapping[Task | Stage, str]) -> str:
    attrs = []
    if isinstance(edge.source, Stage):
        attrs.append(f"ltail=cluster_{edge.source.number}")
    if isinstance(edge.target, Stage):
        attrs.append(f"lhead=cluster_{edge.target.number}")
    if edge.cycle:
        attrs.extend(["color=red", "penwidth=2", 'label="cycle"'])
    tail = f" [{', '.join(attrs)}]" if attrs else ""
    return f"  {names[edge.source]} -> {names[edge.target]}{tail};"


def _dot_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def as_data(graph: Graph) -> dict[str, Any]:
    """The graph as plain data: stages, tasks, edges (with `cycle`), cycles."""
    plan = graph.plan
    return {
        "plan": plan.path,
        "stages": [_stage_data(stage) for stage in plan.stages],
        "tasks": [
            {
                "id": t.key,
                "stage": t.stage.number if t.stage else None,
                "title": t.title,
            }
            for t in all_tasks(plan)
        ],
        "edges": [
            {"from": _ref(e.source), "to": _ref(e.target), "cycle": e.cycle}
            for e in graph.edges
        ],
        "cycles": [[task.key for task in cycle] for cycle in graph.cycles],
    }


def _stage_data(stage: Stage) -> dict[str, Any]:
    return {
        "number": stage.number,
        "name": stage.name,
        "mode": stage.mode.value if stage.mode else None,
        "max_workers": stage.max_workers if stage.mode == "parallel" else None,
        "tasks": [task.key for task in stage.tasks],
    }


def _ref(node: Task | Stage) -> str:
    return node.key if isinstance(node, Task) else f"stage:{node.number}"
