"""Approval of `confirm` tasks: a terminal prompt, `--yes` or `--approve ID`.

Without a terminal the run fails closed: a task that needs approval and was
not approved on the command line is blocked, and the run stops before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planlint.model import Task

# Asks a person; returns their answer, or None when nobody can be asked.
Ask = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a task may run, and who said so (recorded in the journal)."""

    approved: bool
    by: str


def needs_approval(task: Task) -> bool:
    return task.confirm or (task.stage is not None and task.stage.confirm)


class Approver:
    """Decides for each `confirm` task, in the order of FORMAT.md §8."""

    def __init__(self, yes: bool, approved: frozenset[str], ask: Ask | None) -> None:
        self.yes = yes
        self.approved = approved
        self.ask = ask

    def decide(self, task: Task) -> Decision:
        if task.key in self.approved:
            return Decision(True, "--approve")
        if self.yes:
            return Decision(True, "--yes")
        if self.ask is None:
            return Decision(False, "no terminal")

        answer = self.ask(_question(task))
        if answer is None:
            return Decision(False, "no answer")
        return Decision(answer.strip().lower() in ("y", "yes"), "terminal")


def _question(task: Task) -> str:
    title = f" ({task.title})" if task.title else ""
    return f"run task `{task.key}`{title}? [y/N] "


def terminal_ask(read: Callable[[str], str]) -> Ask:
    """An `Ask` over `read` (such as `input`); end of input counts as no."""

    def ask(question: str) -> str | None:
        try:
            return read(question)
        except EOFError:
            return None

    return ask
