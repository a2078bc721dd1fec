"""PL901 unused-suppression: a suppression comment that suppressed nothing."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Fix, Severity
from planlint.checks.registry import known_rule_names
from planlint.checks.rule import DirectiveRule, replace
from planlint.checks.suppressions import Directive
from planlint.model import Place
from planlint.syntax import Span


class UnusedSuppression(DirectiveRule):
    code = "PL901"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "a `# planlint: disable…` comment names a rule it did not suppress"
    why = (
        "A suppression that no longer matches anything hides nothing today but"
        " will silently hide a real problem later; remove it."
    )
    example = '# planlint: disable-next-line=PL601\n## TASK ## id="a"\n文件: a.ts'
    instead = '## TASK ## id="a"\n文件: a.ts'
    fix_safety = "Safe: removes the comment line when none of its rules was used."

    def check_directives(self, found: list[Directive]) -> Iterator[Diagnostic]:
        known = known_rule_names()
        for directive in found:
            if directive.kind == "enable":
                continue
            unused = [
                (rule, span)
                for rule, span in directive.rules
                if rule in known and rule not in directive.used
            ]
            for rule, span in unused:
                place = Place(directive.place.document, span)
                yield self.diagnostic(
                    place,
                    f"suppression of `{rule}` suppressed nothing here; remove it",
                    fix=self._fix(directive, len(unused)),
                )

    @staticmethod
    def _fix(directive: Directive, unused: int) -> Fix | None:
        if unused != len(directive.rules):
            return None
        line = directive.line
        whole = Span(line.span.start, line.span.end + len(line.eol))
        place = Place(directive.place.document, whole)
        return replace(place, "", "remove the unused suppression comment")
