"""PL110 retry-without-retry-policy: `retry` set, `on_failure` is not retry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.rules.pl108_invalid_on_failure import POLICIES
from planlint.checks.sections import Section, SectionKind
from planlint.model.values import parse_int


class RetryWithoutRetryPolicy(BlockRule):
    code = "PL110"
    name = "retry-without-retry-policy"
    severity = Severity.WARNING
    summary = '`retry` is set but `on_failure` is not `"retry"`'
    why = (
        'Attempts are only repeated when `on_failure="retry"`. With the default'
        " `stop` (or `continue`) the count is ignored and the task runs once."
    )
    example = '## TASK ## id="copy" retry="2"'
    instead = '## TASK ## id="copy" on_failure="retry" retry="2"'
    fix_safety = "No fix: either the policy or the count is wrong."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task", "orphan"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        task = section.task
        retry = trusted(task, "retry")
        policy = task.attr_value("on_failure") or "stop"
        if retry is None or parse_int(retry.value or "") is None:
            return ()
        if policy == "retry" or policy not in POLICIES:
            return ()  # an unknown policy is PL108's
        return [
            self.diagnostic(
                value_place(task, retry),
                f'`retry="{retry.value}"` has no effect with on_failure `{policy}`;'
                ' add `on_failure="retry"` or remove `retry`',
            )
        ]
