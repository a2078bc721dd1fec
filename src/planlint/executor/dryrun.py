"""`planlint run --dry-run`: the schedule in words; nothing runs, nothing is written.

Per stage: its mode and limit, the batches of tasks that may run together,
the pairs kept apart by overlapping file scopes, and per task what it needs,
its failure policy, its commands, whether it needs approval and whether an
earlier run already did it.
"""

from __future__ import annotations

from planlint.executor.approval import needs_approval
from planlint.executor.options import RunOptions
from planlint.executor.schedule import Schedule, StagePlan
from planlint.executor.spec import Role
from planlint.executor.state import State
from planlint.executor.words import counted, duration_text
from planlint.executor.work import commands
from planlint.model import Policy, Task


def render(schedule: Schedule, options: RunOptions, state: State) -> list[str]:
    """The dry-run report, line by line."""
    plan = schedule.plan
    tasks = list(schedule.tasks())
    total = sum(len(stage.tasks) for stage in plan.stages)
    picked = counted(total, "task")
    if options.only:
        picked = f"{len(tasks)} of {picked}"
    stages = counted(len(plan.stages), "stage")
    lines = [f"plan {plan.path}: {stages}, {picked}; dry run, nothing runs"]
    for stage_plan in schedule.stages:
        if stage_plan.tasks:
            lines.extend(_stage(schedule, stage_plan, options, state))
    lines.extend(_approval_points(tasks, options))
    return lines


def _stage(
    schedule: Schedule, stage_plan: StagePlan, options: RunOptions, state: State
) -> list[str]:
    stage = stage_plan.stage
    total = len(schedule.plan.stages)
    mode = (
        f"parallel, up to {stage_plan.limit} at once"
        if stage_plan.parallel
        else "serial, one at a time in file order"
    )
    lines = ["", f"stage {stage.number}/{total} {stage.name} · {mode}"]
    if stage.depends_on:
        lines.append("  depends on: " + ", ".join(d.ref.text for d in stage.depends_on))
    if stage_plan.parallel:
        lines.extend(_batches(schedule, stage_plan))
    for task in stage_plan.tasks:
        lines.extend(_task(task, options, state))
    return lines


def _batches(schedule: Schedule, stage_plan: StagePlan) -> list[str]:
    batches = schedule.batches(stage_plan)
    lines = ["  may run together:"]
    for number, batch in enumerate(batches, 1):
        lines.append(f"    batch {number}: " + ", ".join(t.key for t in batch))
    pairs = list(stage_plan.pairs())
    if pairs:
        lines.append("  kept apart (overlapping file scopes):")
        for a, b in pairs:
            witness = stage_plan.witnesses.get((a, b), "")
            lines.append(f"    {a.key} ↔ {b.key}: {witness}".rstrip(": "))
    return lines


def _task(task: Task, options: RunOptions, state: State) -> list[str]:
    place = task.place
    where = f"{place.path}:{place.start.line + 1}"
    lines = [f"  - {task.key}  {task.title or ''}".rstrip() + f"  ({where})"]
    own = [dep.ref.text for dep in task.depends_on if dep.ref.text]
    if own:
        lines.append("      needs: " + ", ".join(own))
    policy = _policy(task, options)
    if policy:
        lines.append("      " + policy)
    lines.extend(_commands(task, options))
    if needs_approval(task):
        lines.append("      approval: " + _approval(task, options))
    record = state.get(task.key)
    if record and record.done(task.digest) and not options.restart:
        lines.append("      up to date: succeeded before, text unchanged; skipped")
    return lines


def _policy(task: Task, options: RunOptions) -> str:
    """The failure policy and timeout, or "" for the default (stop, none)."""
    parts = []
    if task.on_failure is not Policy.STOP:
        parts.append(f"on failure: {task.on_failure.value}")
    if task.on_failure is Policy.RETRY:
        more = counted(task.retry, "more attempt")
        parts[-1] += f" (up to {more}, then stop)"
    timeout = task.timeout if task.timeout is not None else options.timeout
    if timeout is not None:
        parts.append(f"timeout {duration_text(timeout)}")
    return "; ".join(parts)


def _commands(task: Task, options: RunOptions) -> list[str]:
    steps = commands(task, options.agent)
    if not any(step.role is not Role.VERIFY for step in steps):
        lines = ["      work: none (no 执行: and no --agent)"]
    else:
        lines = []
    for step in steps:
        if step.role is Role.AGENT:
            lines.append(f"      agent: {step.text}  (task prompt on stdin)")
        else:
            lines.append(f"      {step.role.value}: {step.text}")
    return lines


def _approval(task: Task, options: RunOptions) -> str:
    if task.key in options.approve:
        return "needed; given by --approve"
    if options.yes:
        return "needed; given by --yes"
    return f"needed; asked on a terminal, else pass --yes or --approve {task.key}"


def _approval_points(tasks: list[Task], options: RunOptions) -> list[str]:
    points = [task for task in tasks if needs_approval(task)]
    if not points:
        return ["", "approval points: none"]
    lines = ["", "approval points (the run stops before each unless approved):"]
    lines.extend(f"  {task.key}: {_approval(task, options)}" for task in points)
    return lines
