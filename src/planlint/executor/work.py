"""What a task does: its commands (FORMAT.md §8) and the agent's prompt."""

from __future__ import annotations

from planlint.executor.options import PlanFiles, RunOptions
from planlint.executor.spec import Command, Role, TaskSpec
from planlint.model import Task


def commands(task: Task, agent: str | None) -> tuple[Command, ...]:
    """`执行:` commands, else the agent, else nothing; then every `验证:`."""
    work = [Command(Role.EXECUTE, f.value) for f in task.execute if f.value.strip()]
    if not work and agent:
        work = [Command(Role.AGENT, agent)]
    checks = [Command(Role.VERIFY, f.value) for f in task.verify if f.value.strip()]
    return (*work, *checks)


def task_spec(task: Task, options: RunOptions, files: PlanFiles) -> TaskSpec:
    """The runner's view of `task`: plain values only (`files` is absolute)."""
    steps = commands(task, options.agent)
    uses_agent = any(step.role is Role.AGENT for step in steps)
    timeout = task.timeout if task.timeout is not None else options.timeout
    return TaskSpec(
        task_id=task.key,
        stage=(task.stage.name or "") if task.stage else "",
        commands=steps,
        cwd=options.cwd,
        log_path=str(files.log(task.key)),
        plan_file=str(files.plan),
        timeout=timeout,
        prompt=prompt(task) if uses_agent else None,
        grace=options.grace,
    )


def prompt(task: Task) -> str:
    """The agent's stdin: stage, title, whole body, file scope, verification."""
    stage = task.stage
    parts = [f"# 阶段 Stage: {stage.name if stage else ''}"]
    description = (
        [pl.line.text for pl in stage.body if pl.line.text.strip()] if (stage) else []
    )
    if description:
        parts.append("\n".join(description))
    parts.append(f"## 任务 Task {task.key}: {task.title or ''}")
    parts.append("\n".join(pl.line.text for pl in task.body).strip("\n"))
    parts.append(_scope_text(task))
    verify = [f.value for f in task.verify]
    if verify:
        parts.append("## 验证 Verification\n" + "\n".join(verify))
    return "\n\n".join(part for part in parts if part) + "\n"


def _scope_text(task: Task) -> str:
    if not task.files:
        return ""
    lines = ["## 文件范围 File scope", *(f"- {path}" for path in task.files)]
    lines.extend(f"- 排除 exclude: {path}" for path in task.excludes)
    return "\n".join(lines)
