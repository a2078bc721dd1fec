"""PL902 unknown-rule-in-suppression: a suppression names no rule."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.registry import known_rule_names
from planlint.checks.rule import DirectiveRule
from planlint.checks.suggest import did_you_mean
from planlint.checks.suppressions import Directive
from planlint.model import Place


class UnknownRuleInSuppression(DirectiveRule):
    code = "PL902"
    name = "unknown-rule-in-suppression"
    severity = Severity.WARNING
    summary = "a suppression comment names no rule, or a rule that does not exist"
    why = (
        "A misspelt code suppresses nothing, so the finding it was meant to"
        " silence still shows, or worse, the comment outlives its purpose."
    )
    example = "# planlint: disable-next-line=PL6001"
    instead = "# planlint: disable-next-line=PL601 -- scope is checked by review"

    def check_directives(self, found: list[Directive]) -> Iterator[Diagnostic]:
        known = known_rule_names()
        for directive in found:
            if not directive.rules:
                yield self.diagnostic(
                    directive.place,
                    f"`{directive.kind}` names no rule; write"
                    f" `{directive.kind}=CODE` (for example `=PL601`)",
                )
            for rule, span in directive.rules:
                if rule not in known:
                    yield self.diagnostic(
                        Place(directive.place.document, span),
                        f"no rule is called `{rule}`" + did_you_mean(rule, known),
                    )
