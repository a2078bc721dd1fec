"""PL110 retry-without-retry-policy: `retry` set, `on_failure` is not retry."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.rules.pl108_invalid_on_failure import POLICIES
from planlint.model import Plan
from planlint.model.values import parse_int


class RetryWithoutRetryPolicy(Rule):
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

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for task in [*plan.orphan_tasks, *plan.tasks()]:
            retry = trusted(task, "retry")
            policy = task.attr_value("on_failure") or "stop"
            if retry is None or parse_int(retry.value or "") is None:
                continue
            if policy == "retry" or policy not in POLICIES:
                continue  # an unknown policy is PL108's
            yield self.diagnostic(
                value_place(task, retry),
                f'`retry="{retry.value}"` has no effect with on_failure `{policy}`;'
                ' add `on_failure="retry"` or remove `retry`',
            )
