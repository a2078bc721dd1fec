"""PL507 noop-verify: a `验证:` command that cannot fail."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.sections import Section, SectionKind

_ALWAYS = re.compile(r"(?:true|:|exit\s+0|echo|printf)(?:\s.*)?", re.DOTALL)
_NEVER = re.compile(r"(?:false|exit\s+[1-9]\d*)\s*", re.DOTALL)
_TOKEN = re.compile(
    r"""\\.|'[^']*'?|"(?:\\.|[^"\\])*"?|`[^`]*`?"""  # escapes, quoted words
    r"|[<>]&|&>|\$\(|\)|&&|\|\||[;&|\n#]"  # redirections, `$(`, operators
    r"""|[^\\'"`$()&|;\n#<>]+|.""",  # anything else
    re.DOTALL,
)
_SEPARATORS = {"&&", "||", ";", "&", "|", "\n"}
OK, FAILED = "ok", "failed"


def split_list(command: str) -> list[str]:
    """Commands and the top-level `&&`, `||`, `;`, `&`, `|` between them, in order."""
    parts: list[str] = []
    current: list[str] = []  # the tokens of the command being read, joined once
    depth = 0
    for token in _TOKEN.findall(command):
        if token == "#" and not depth and (not current or current[-1][-1] in " \t"):
            break  # an unquoted comment ends the command
        if token in _SEPARATORS and not depth:
            parts.extend(["".join(current).strip(), token])
            current = []
            continue
        depth += (token == "$(") - (token == ")" and depth > 0)
        current.append(token)
    return [*parts, "".join(current).strip()]


def outcomes(command: str) -> set[str]:
    """What the shell list may end with: {"ok"}, {"failed"} or both."""
    parts = split_list(command)
    steps: list[tuple[str, set[str]]] = [(";", _simple(parts[0]))]
    for operator, part in zip(parts[1::2], parts[2::2], strict=True):
        if operator == "|":  # without pipefail the last command of a pipe decides
            steps[-1] = (steps[-1][0], _simple(part))
        else:
            steps.append((operator, _simple(part)))
    state: set[str] = set()
    for operator, found in steps:
        if operator == "&&":
            state = (found if OK in state else set()) | (state & {FAILED})
        elif operator == "||":
            state = (found if FAILED in state else set()) | (state & {OK})
        else:
            state = found
    return state


def _simple(command: str) -> set[str]:
    negated = command.startswith("! ")
    text = command[2:].strip() if negated else command
    if _ALWAYS.fullmatch(text):
        found = {OK}
    elif _NEVER.fullmatch(text):
        found = {FAILED}
    else:
        found = {OK, FAILED}
    return {FAILED if o == OK else OK for o in found} if negated else found


class NoopVerify(BlockRule):
    code = "PL507"
    name = "noop-verify"
    severity = Severity.INFO
    summary = "a `验证:` command cannot fail (`echo …`, `true`, a fallback to `true`)"
    why = (
        "A verification passes when its command exits 0. `echo 完成` or"
        " `npm test || true` always does, so the task counts as verified even"
        " when its work is broken, and the tasks that depend on it run."
    )
    example = "## TASK ## 补测试\n验证: npm test || true"
    instead = "## TASK ## 补测试\n验证: npm test"
    fix_safety = "No fix: a real check has to be written."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task", "orphan"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        found: list[Diagnostic] = []
        for field in section.task.fields:
            if field.name != "verify":
                continue
            command = field.value.strip()
            if _may_be_noop(command) and FAILED not in outcomes(command):
                found.append(
                    self.diagnostic(
                        field.value_place,
                        f"`{_short(command)}` always succeeds, so it verifies"
                        " nothing; write a command that fails when the work is"
                        " not done, e.g. `test -s FILE` or the project's tests",
                    )
                )
        return found


def _may_be_noop(command: str) -> bool:
    """A cheap first test: a command that cannot fail names one of these."""
    if not command:
        return False
    return (
        "true" in command
        or ":" in command
        or "exit" in command
        or "echo" in command
        or "printf" in command
    )


def _short(command: str) -> str:
    return command if len(command) <= 40 else command[:39] + "…"
