"""PL114 invalid-id: a task `id` outside `[A-Za-z0-9][A-Za-z0-9._-]*`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.sections import Section, SectionKind
from planlint.model.values import is_valid_id

_BAD_RUN = re.compile(r"[^A-Za-z0-9._-]+")


def _cleaned(value: str) -> str:
    """The id with spaces and other characters turned into `-`, if any is left."""
    return _BAD_RUN.sub("-", value.strip()).strip("-._")


class InvalidId(BlockRule):
    code = "PL114"
    name = "invalid-id"
    severity = Severity.ERROR
    summary = "a task `id` does not match `[A-Za-z0-9][A-Za-z0-9._-]*`"
    why = (
        "Ids name tasks in `depends_on`, state files, logs and the command line."
        " Spaces, commas or quotes in an id break `depends_on` lists, and other"
        " characters do not survive shells and file names."
    )
    example = '## TASK ## id="copy users"'
    instead = '## TASK ## id="copy-users"'
    fix_safety = "No fix: renaming an id also means renaming every reference to it."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task", "orphan"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        task = section.task
        attr = trusted(task, "id")
        if attr is None or is_valid_id(attr.value or ""):
            return ()
        message = _message(attr.value or "")
        return [self.diagnostic(value_place(task, attr), message)]


def _message(value: str) -> str:
    if not value.strip():
        return "`id` is empty; remove it to use the derived id, or name the task"
    message = (
        f"id `{value}` is not valid: use ASCII letters, digits, `.`, `_` and `-`,"
        " starting with a letter or digit"
    )
    cleaned = _cleaned(value)
    if cleaned and is_valid_id(cleaned):
        message += f", e.g. `{cleaned}`"
    return message
