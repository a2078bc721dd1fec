"""What each attribute and field of the format means (FORMAT.md §3 to §5).

Hover shows these texts and completion offers these names and values, so the
two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AttrDoc:
    """One marker attribute: meaning, allowed values and their meanings."""

    name: str
    summary: str
    values: tuple[tuple[str, str], ...] = ()
    default: str | None = None
    required: bool = False
    placeholder: str = ""

    @property
    def allowed(self) -> list[str]:
        return [value for value, _ in self.values]

    def meaning(self, value: str) -> str | None:
        return dict(self.values).get(value)


_DEPENDS = "comma list of tasks (and, on a STAGE, `stage:N`) that must succeed first"
_CONFIRM = (
    ("true", "ask for approval before running"),
    ("false", "run without asking"),
)

STAGE_ATTRS: dict[str, AttrDoc] = {
    doc.name: doc
    for doc in (
        AttrDoc("name", "the stage's name, shown in logs; unique", required=True),
        AttrDoc(
            "mode",
            "how the stage runs its tasks",
            (
                ("serial", "tasks run one after another, in file order"),
                ("parallel", "tasks run together, at most `max_workers` at once"),
            ),
            required=True,
        ),
        AttrDoc(
            "max_workers",
            "how many tasks of a parallel stage may run at once (integer >= 1)",
            default="4",
            placeholder="4",
        ),
        AttrDoc(
            "depends_on",
            "`stage:N` (an earlier stage) and `task:ID` items: every task of this"
            " stage needs them",
            default='"" (none)',
            placeholder="stage:1",
        ),
        AttrDoc("confirm", "every task of the stage needs approval", _CONFIRM, "false"),
    )
}

TASK_ATTRS: dict[str, AttrDoc] = {
    doc.name: doc
    for doc in (
        AttrDoc(
            "id",
            "the task's id, `[A-Za-z0-9][A-Za-z0-9._-]*`, unique in the plan;"
            " without one the task is `s<stage>.t<task>` and cannot be named",
            default="derived",
        ),
        AttrDoc("depends_on", _DEPENDS, default='"" (none)'),
        AttrDoc(
            "on_failure",
            "what happens when the task fails",
            (
                ("stop", "end the run: running tasks finish, nothing new starts"),
                ("continue", "record the failure and go on; dependents are skipped"),
                ("retry", "try again up to `retry` more times, then stop"),
            ),
            default="stop",
        ),
        AttrDoc(
            "retry",
            'extra attempts (integer >= 0), only with `on_failure="retry"`',
            default="0",
            placeholder="1",
        ),
        AttrDoc(
            "timeout",
            "kill the task after this long: `90s`, `20m`, `2h`, `1h30m`",
            default="none",
            placeholder="30m",
        ),
        AttrDoc("confirm", "ask before running the task", _CONFIRM, "false"),
    )
}

FIELDS: dict[str, str] = {
    "文件": "file scope: globs, paths or directories (`dir/` is all under it);"
    " comma-separated, repeatable",
    "排除": "paths removed from the file scope; same syntax; repeatable",
    "验证": "verification command, run by the shell after the task's work;"
    " the task succeeds when it exits 0",
    "执行": "the task's own shell command(s), run before verification",
}


def attrs_for(kind: str) -> dict[str, AttrDoc]:
    """The attributes of a `stage` or `task` marker."""
    return STAGE_ATTRS if kind == "stage" else TASK_ATTRS


def describe_attr(doc: AttrDoc, kind: str) -> str:
    """Markdown: the attribute, what it means, its values and default."""
    lines = [
        f"**`{doc.name}`** ({kind} attribute{', required' if doc.required else ''})"
    ]
    lines += ["", doc.summary]
    if doc.values:
        lines.append("")
        lines += [f"- `{value}`: {meaning}" for value, meaning in doc.values]
    if doc.default is not None:
        lines += ["", f"default: `{doc.default}`"]
    return "\n".join(lines)
