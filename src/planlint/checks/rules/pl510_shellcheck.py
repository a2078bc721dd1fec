"""PL510 shellcheck: shellcheck's findings on `验证:` and `执行:` commands."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.shell import (
    Finding,
    ShellCommand,
    shell_fields,
    shellcheck_result,
    skip_reported_on,
    syntax_problems,
)
from planlint.model import Plan

LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.INFO,
}
# `$(date +%Y%m%d)` prints one word of digits and separators: quoting it
# changes nothing, so SC2046 on it is noise (formats that may print blanks,
# such as %c, %e or %k, are not in the list).
_ONE_WORD_DATE = re.compile(
    r"(?:\$\(|`)\s*date(?:\s+-u)?\s+(['\"]?)\+"
    r"(?:%[YmdHMSjuwVGgsyNFTDRz%]|[A-Za-z0-9_.:/-])*\1\s*(?:\)|`)"
)
INSTALL = "install shellcheck (`apt-get install shellcheck`, `brew install shellcheck`)"


class Shellcheck(Rule):
    code = "PL510"
    name = "shellcheck"
    severity = Severity.WARNING  # each finding carries shellcheck's own level
    summary = (
        "shellcheck's findings on a `验证:` or `执行:` command, at their place in"
        " the plan (severity per finding: error, warning, or info for info and"
        " style)"
    )
    why = (
        "Verification commands are where plans really break: an unquoted"
        " variable, a `[[` that `/bin/sh` does not have, a `cd` that fails"
        " silently. When shellcheck is installed, planlint runs it on every"
        " command as `sh` (the executor runs commands with `/bin/sh -c`) and"
        " reports each finding at its exact line and column in the plan,"
        " with its SC code. Results are cached by command text, so an"
        " unchanged command is never checked twice. Without shellcheck one"
        " info, on the first plan of the run, says the checks were skipped. Commands that bash cannot parse"
        " are left to PL508, and SC2046 is dropped on a `$(date +%Y%m%d)` that"
        " can only print one word (docs/shell-checks.md)."
    )
    example = "## TASK ## 清理\n验证: cd build; rm -f $TARGET"
    instead = '## TASK ## 清理\n验证: cd build && rm -f "$TARGET"'
    fix_safety = "No fix: apply shellcheck's suggestion by hand."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        first = next(shell_fields(plan), None)
        if first is None:
            return
        result = shellcheck_result(plan)
        if result.skipped is not None:
            if skip_reported_on(result.skipped, plan.path):
                yield self._skipped(ShellCommand.of(first), result.skipped)
            return
        if not result.findings:
            return

        broken = syntax_problems(plan)
        for field in shell_fields(plan):
            findings = result.findings.get(field.value)
            if findings and field.value not in broken:
                yield from self._report_all(ShellCommand.of(field), findings)

    def _report_all(
        self, command: ShellCommand, findings: Sequence[Finding]
    ) -> Iterator[Diagnostic]:
        for finding in findings:
            if not _is_noise(command, finding):
                yield self._report(command, finding)

    def _report(self, command: ShellCommand, finding: Finding) -> Diagnostic:
        start = command.offset_of(finding.line, finding.column)
        end = command.offset_of(finding.end_line, finding.end_column)
        message = f"SC{finding.code}: {finding.message}"
        diagnostic = self.diagnostic(command.place(start, end), message)
        level = LEVELS.get(finding.level, Severity.WARNING)
        return replace(diagnostic, severity=level)

    def _skipped(self, command: ShellCommand, reason: str) -> Diagnostic:
        advice = INSTALL if "not installed" in reason else "see the log (-v)"
        diagnostic = self.diagnostic(
            command.place(0, len(command.text)),
            f"shell checks were skipped: {reason}; {advice} to check the"
            " `验证:` and `执行:` commands of this plan",
        )
        return replace(diagnostic, severity=Severity.INFO)


def _is_noise(command: ShellCommand, finding: Finding) -> bool:
    """SC2046 on a `$(date +FORMAT)` that can only print one word."""
    if finding.code != 2046:
        return False
    start = command.offset_of(finding.line, finding.column)
    end = command.offset_of(finding.end_line, finding.end_column)
    return _ONE_WORD_DATE.fullmatch(command.text[start:end]) is not None
