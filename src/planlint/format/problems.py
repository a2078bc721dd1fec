"""What makes a syntax tree untrustworthy for formatting.

The formatter reorders attributes and rewrites lines by their kind, so it needs
every marker's attributes to be well delimited and unique, the text to be real
UTF-8, and every code fence to be closed (an unclosed fence turns the rest of
the file into code, hiding markers the author meant). The formatter runs the
linter's rules for these (PL003, PL004, PL010, PL011), so both tools report a
problem with the same words at the same place, and planfmt formats only what
planlint reads without a syntax error: rewriting a slip such as
`mode="parallel""2"` would turn an error into something that runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planlint.checks import Diagnostic, Rule, rule_for
from planlint.model import build
from planlint.syntax import Document, Position, first_bad_offset

BLOCKING = ("PL003", "PL004", "PL010", "PL011")


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A reason not to format: rule code, rule name, message and place."""

    code: str
    name: str
    message: str
    start: Position  # 0-based line, code-point column
    line: int  # number of the tree Line it is on (`Line.number`)

    def describe(self, path: str) -> str:
        """`path:line:col: CODE [rule] message`, 1-based, as planlint's concise
        output prints it."""
        where = f"{path}:{self.start.line + 1}:{self.start.column + 1}"
        return f"{where}: {self.code} [{self.name}] {self.message}"


class FormatError(Exception):
    """The text has syntax errors, so formatting it could change its meaning."""

    def __init__(self, problems: tuple[SyntaxProblem, ...]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(f"{len(problems)} syntax error(s), first: {first.message}")


def find_problems(document: Document) -> list[SyntaxProblem]:
    """Every reason, in file order, why `document` should not be formatted.

    Suppression comments do not apply: a suppressed syntax error is still one.
    """
    plan = build(document, _no_includes, first_bad_offset(document.text))
    path = document.path or "-"
    found = [
        _problem(diagnostic)
        for rule in _blocking_rules()
        for diagnostic in rule.check(plan)
        if diagnostic.location.path == path
    ]
    return sorted(found, key=lambda p: (p.start.line, p.start.column, p.code))


def _blocking_rules() -> list[Rule]:
    rules = [rule_for(code) for code in BLOCKING]
    return [rule for rule in rules if rule is not None]


def _no_includes(path: Path) -> tuple[str, int | None]:
    """Formatting looks at one file: an include is never read."""
    raise FileNotFoundError(path)


def _problem(diagnostic: Diagnostic) -> SyntaxProblem:
    start = diagnostic.location.start
    return SyntaxProblem(
        diagnostic.code, diagnostic.rule, diagnostic.message, start, start.line
    )
