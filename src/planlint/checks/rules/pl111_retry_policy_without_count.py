"""PL111 retry-policy-without-count: `on_failure="retry"` without a count."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules.pl003_bad_attr_syntax import trusted, value_place
from planlint.checks.sections import Section, SectionKind
from planlint.model.values import parse_int


class RetryPolicyWithoutCount(BlockRule):
    code = "PL111"
    name = "retry-policy-without-count"
    severity = Severity.WARNING
    summary = '`on_failure="retry"` with `retry` absent or 0'
    why = (
        "`retry` counts the extra attempts and defaults to 0, so"
        ' `on_failure="retry"` alone never retries: the task fails once and'
        " the run stops, as with `stop`."
    )
    example = '## TASK ## id="backfill" on_failure="retry"'
    instead = '## TASK ## id="backfill" on_failure="retry" retry="2"'
    fix_safety = "No fix: the number of attempts is the author's choice."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"task", "orphan"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        task = section.task
        policy = trusted(task, "on_failure")
        if policy is None or policy.value != "retry":
            return ()
        if "retry" in task.attrs and trusted(task, "retry") is None:
            return ()  # a broken count is PL003's
        written = task.attr_value("retry")
        count = 0 if written is None else parse_int(written)
        if count is None or count != 0:
            return ()  # a bad or negative count is PL106's or PL107's
        how = "is 0" if "retry" in task.attrs else "is not set"
        return [
            self.diagnostic(
                value_place(task, policy),
                f'`on_failure="retry"` never retries because `retry` {how};'
                ' add `retry="2"` (extra attempts)',
            )
        ]
