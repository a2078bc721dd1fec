"""PL508 verify-syntax: a `验证:` or `执行:` command the shell cannot parse."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.shell import ShellCommand, shell_fields, syntax_problems
from planlint.model import Plan


class VerifySyntax(Rule):
    code = "PL508"
    name = "verify-syntax"
    severity = Severity.ERROR
    summary = "a `验证:` or `执行:` command that the shell cannot parse"
    why = (
        "The executor hands each command to the shell. One the shell cannot"
        " parse fails every time, after the task's work is done, so the task"
        ' fails (or, under `on_failure="continue"`, its dependents are'
        " skipped) for a reason that has nothing to do with the work. Template"
        " slots such as `<report_file>` are the usual cause: the shell reads"
        " `<` and `>` as redirections. `bash -n` decides (it reads the command"
        " and runs nothing); the diagnostic points at the exact character"
        " bash stopped at."
    )
    example = "## TASK ## 写报告\n验证: test -f reports/<report_file>"
    instead = "## TASK ## 写报告\n验证: test -f reports/summary.md"
    fix_safety = "No fix: only the author knows what the command should say."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        problems = syntax_problems(plan)
        if not problems:
            return

        for field in shell_fields(plan):
            problem = problems.get(field.value)
            if problem is not None:
                command = ShellCommand.of(field)
                yield self.diagnostic(
                    command.place(problem.start, problem.end),
                    f"`{command.key}:` command: {problem.message}",
                )
