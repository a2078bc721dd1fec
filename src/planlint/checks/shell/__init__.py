"""Checks on the shell commands inside plans (`验证:` and `执行:`).

`commands` finds them and maps places inside a command back to the plan;
`bash` and `problems` find and place syntax errors (PL508); `shellcheck`
runs shellcheck on them (PL510); `cache` keeps both tools' results between
runs; `analysis` computes them once per plan for the two rules.
"""

from planlint.checks.shell.analysis import (
    ShellcheckResult,
    forget_reports,
    shellcheck_result,
    skip_reported_on,
    syntax_problems,
)
from planlint.checks.shell.commands import ShellCommand, commands, shell_fields
from planlint.checks.shell.problems import SyntaxProblem
from planlint.checks.shell.shellcheck import Finding

__all__ = [
    "Finding",
    "ShellCommand",
    "ShellcheckResult",
    "SyntaxProblem",
    "commands",
    "forget_reports",
    "shell_fields",
    "shellcheck_result",
    "skip_reported_on",
    "syntax_problems",
]
