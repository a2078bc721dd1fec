"""Where in a command bash's syntax error is, and what to tell the author.

bash names the line of an error, never the column. The column is found by
asking bash again about prefixes of the command (it reads left to right, so
the shortest prefix that ends in the bad token and fails the same way shows
which of the token's occurrences it choked on), which stays exact where
quotes, `$( … )` and CJK text make a Python guess unreliable. Only commands
bash rejected get here, so the extra processes are few; their results are
cached with the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planlint.checks.shell.bash import Bash

TRIES = 12  # prefixes tried per error before falling back to the first match
_UNEXPECTED = re.compile(r"syntax error near unexpected token `(.+)'")
_UNMATCHED = re.compile(r"unexpected EOF while looking for matching `(.)'")
_END = "syntax error: unexpected end of file"
_QUOTED = re.compile(r"`([^']+)'")
_OPENERS = {")": "(", "}": "{", "]": "["}
_TRAILING = re.compile(r"(&&|\|\||\|)\s*$")


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A syntax error: code-point offsets into the command, and a message."""

    start: int
    end: int
    message: str

    def to_json(self) -> list[Any]:
        return [self.start, self.end, self.message]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> SyntaxProblem | None:
        if len(data) != 3 or not isinstance(data[2], str):
            return None
        start, end = data[0], data[1]
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        return cls(start, end, data[2])


def locate(bash: Bash, text: str, message: str) -> SyntaxProblem:
    """The place and an actionable message for bash's `message` about `text`."""
    if match := _UNEXPECTED.fullmatch(message):
        return _unexpected(bash, text, match.group(1), message)
    if match := _UNMATCHED.fullmatch(message):
        return _unmatched(bash, text, match.group(1))
    if message.startswith(_END):
        return _ends_early(text)
    return _other(text, message)


def _unexpected(bash: Bash, text: str, token: str, message: str) -> SyntaxProblem:
    if token == "newline":
        return _nothing_after(text)

    start = _token_start(bash, text, token, message)
    return SyntaxProblem(
        start,
        start + len(token),
        f"unexpected `{token}`: the shell cannot parse the command here;"
        " remove it, or quote it if it is meant as text",
    )


def _token_start(bash: Bash, text: str, token: str, message: str) -> int:
    spots = [m.start() for m in re.finditer(re.escape(token), text)]
    if len(spots) <= 1:
        return spots[0] if spots else 0

    for spot in spots[:TRIES]:
        errors = bash.errors(text[: spot + len(token)] + "\n")
        if errors and errors[0][1] == message:
            return spot
    return spots[0]


def _nothing_after(text: str) -> SyntaxProblem:
    end = len(text.rstrip())
    last = text[end - 1] if end else ""
    if last in "<>":
        why = (
            f"nothing follows the redirection `{last}`; give it a file name, or"
            " quote `<` and `>` when they are text, e.g. `'<name>'`"
        )
    else:
        why = f"the command ends where the shell needs more after `{last}`"
    return SyntaxProblem(max(end - 1, 0), end, why)


def _unmatched(bash: Bash, text: str, closer: str) -> SyntaxProblem:
    opener = _OPENERS.get(closer, closer)
    start = _opener_start(bash, text, opener, closer)
    if opener in "({" and start > 0 and text[start - 1] == "$":
        start -= 1
    shown = text[start : text.find(opener, start) + 1] or opener
    return SyntaxProblem(
        start,
        start + len(shown),
        f"{_named(shown)} is never closed: the command ends first; add the"
        f" closing {_named(closer)}, or escape it with `\\` if it is text",
    )


def _named(mark: str) -> str:
    return "backquote" if mark == "`" else f"`{mark}`"


def _opener_start(bash: Bash, text: str, opener: str, closer: str) -> int:
    """The rightmost `opener` with no unclosed `closer` error before it."""
    spots = [i for i, char in enumerate(text) if char == opener]
    if len(spots) <= 1:
        return spots[0] if spots else 0

    wanted = f"matching `{closer}'"
    for spot in reversed(spots[-TRIES:]):
        if not any(wanted in m for _, m in bash.errors(text[:spot] + "\n")):
            return spot
    return spots[0]


def _ends_early(text: str) -> SyntaxProblem:
    stripped = text.rstrip()
    if match := _TRAILING.search(stripped):
        operator = match.group(1)
        return SyntaxProblem(
            match.start(1),
            match.end(1),
            f"nothing follows `{operator}`: add the command it should lead to,"
            f" or remove the `{operator}`",
        )
    return SyntaxProblem(
        len(stripped),
        len(stripped),
        "the command ends before a compound command is closed (`if … fi`,"
        " `for … done`, `case … esac`, `( … )` or `{ …; }`); close it",
    )


def _other(text: str, message: str) -> SyntaxProblem:
    quoted = _QUOTED.search(message)
    token = quoted.group(1) if quoted else ""
    start = text.find(token) if token else -1
    if start < 0:
        return SyntaxProblem(0, len(text), f"the shell cannot parse this: {message}")
    end = start + len(token)
    return SyntaxProblem(start, end, f"the shell cannot parse this: {message}")
