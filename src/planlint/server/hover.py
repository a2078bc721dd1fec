"""Hover: a card for the task, stage, attribute, field or include under the cursor."""

from __future__ import annotations

import re

from lsprotocol import types

from planlint.checks import rule_for
from planlint.checks.docs import rule_markdown
from planlint.model import Stage, Task
from planlint.model.graph import resolve, stage_of
from planlint.server.analysis import View
from planlint.server.lookup import Kind, Target, target_at
from planlint.server.vocabulary import FIELDS, attrs_for, describe_attr

_MAX_LISTED = 12


def hover(view: View, position: types.Position) -> types.Hover | None:
    """The hover card at `position`, or None where there is nothing to say."""
    target = target_at(view, view.offset(position))
    text = describe(view, target) if target is not None else None
    if target is None or not text:
        return None

    contents = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    return types.Hover(contents=contents, range=view.range(target.span))


def describe(view: View, target: Target) -> str | None:
    """Markdown for `target`."""
    if target.kind in (Kind.TASK_ID, Kind.MARKER) and isinstance(target.block, Task):
        return task_card(view, target.block)
    if target.kind is Kind.MARKER and isinstance(target.block, Stage):
        return stage_card(target.block)
    if target.kind is Kind.TASK_REF and target.ref is not None:
        tasks = resolve(view.plan, target.ref)
        if not tasks:
            return f"no task has the id `{target.ref.name}`"
        return "\n\n---\n\n".join(task_card(view, task) for task in tasks)
    if target.kind is Kind.STAGE_REF and target.ref is not None:
        stage = stage_of(view.plan, target.ref)
        return stage_card(stage) if stage else f"no stage `{target.ref.text}`"
    return _describe_syntax(view, target)


def _describe_syntax(view: View, target: Target) -> str | None:
    if target.kind in (Kind.ATTR_KEY, Kind.ATTR_VALUE) and target.attr is not None:
        return _attr_text(target)
    if target.kind is Kind.FIELD_KEY and target.field is not None:
        key = target.field.key
        return f"**`{key}:`** (task field)\n\n{FIELDS.get(key, '')}"
    if target.kind is Kind.RULE and target.name is not None:
        rule = rule_for(target.name)
        return rule_markdown(rule) if rule else f"no rule is named `{target.name}`"
    if target.kind is Kind.INCLUDE and target.include is not None:
        include = target.include
        where = str(include.resolved) if include.resolved else "not found"
        note = f" ({include.error})" if include.error else ""
        return f"**include** `{include.target}`\n\n{where}{note}"
    return None


def _attr_text(target: Target) -> str:
    assert target.attr is not None
    kind = target.marker_kind
    doc = attrs_for(kind).get(target.attr.key)
    if doc is None:
        return f"`{target.attr.key}` is not an attribute of a {kind.upper()} marker"
    text = describe_attr(doc, kind)
    value = target.attr.value
    meaning = doc.meaning(value) if value is not None else None
    if target.kind is Kind.ATTR_VALUE and meaning:
        text = f'`{doc.name}="{value}"`: {meaning}\n\n---\n\n{text}'
    return text


def task_card(view: View, task: Task) -> str:
    """Title, stage, policy, dependencies, dependents, scope and verification."""
    lines = [f"**task `{task.key}`**" + (f" · {task.title}" if task.title else "")]
    lines.append("")
    if task.stage is not None:
        lines.append(f"- **stage** {_stage_line(task.stage)}")
    policy = task.on_failure.value
    if task.retry:
        policy += f", {task.retry} more attempt(s)"
    lines.append(f"- **on failure** {policy}")
    needs = view.analysis.needs.get(task, [])
    dependents = view.analysis.dependents.get(task, [])
    lines.append(f"- **depends on** {_names(needs)}")
    lines.append(f"- **needed by** {_names(dependents)}")
    lines += _scope_lines(task)
    return "\n".join(lines)


def _scope_lines(task: Task) -> list[str]:
    lines: list[str] = []
    if task.files:
        lines.append(f"- **files** {_codes(task.files)}")
    if task.excludes:
        lines.append(f"- **excludes** {_codes(task.excludes)}")
    for verify in task.verify:
        lines.append(f"- **verify** {code(verify.value)}")
    for command in task.execute:
        lines.append(f"- **runs** {code(command.value)}")
    return lines


def stage_card(stage: Stage) -> str:
    """Name, mode, workers, dependencies and tasks of a stage."""
    lines = [f"**stage {stage.number}**" + (f" · {stage.name}" if stage.name else "")]
    lines.append("")
    lines.append(f"- **runs** {_mode(stage)}")
    deps = [dep.ref.text for dep in stage.depends_on if dep.ref.text]
    lines.append(f"- **depends on** {_codes(deps) if deps else 'nothing'}")
    lines.append(f"- **tasks** ({len(stage.tasks)}) {_names(stage.tasks)}")
    return "\n".join(lines)


def _stage_line(stage: Stage) -> str:
    name = f" {stage.name}" if stage.name else ""
    return f"{stage.number}{name} ({_mode(stage)})"


def _mode(stage: Stage) -> str:
    if stage.mode is None:
        return "in an unknown mode"
    if stage.mode.value == "parallel":
        return f"parallel, at most {stage.max_workers} at once"
    return "serial, in file order"


def _names(tasks: list[Task]) -> str:
    if not tasks:
        return "nothing"
    names = _codes([task.key for task in tasks[:_MAX_LISTED]])
    more = len(tasks) - _MAX_LISTED
    return names + (f" and {more} more" if more > 0 else "")


def _codes(items: list[str]) -> str:
    return ", ".join(code(item) for item in items)


def code(text: str) -> str:
    """`text` as Markdown inline code, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
