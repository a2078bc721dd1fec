"""PL901 unused-suppression: a suppression comment that suppressed nothing."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Edit, Fix, Severity
from planlint.checks.registry import known_rule_names
from planlint.checks.rule import DirectiveRule
from planlint.checks.suppressions import Directive, known_selectors
from planlint.model import Place
from planlint.syntax import Span


class UnusedSuppression(DirectiveRule):
    code = "PL901"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "a `# planlint: disable…` comment names a rule it did not suppress"
    why = (
        "A suppression that no longer matches anything hides nothing today but"
        " will silently hide a real problem later; remove it. An `enable` that"
        " closes no `disable` above it does nothing either."
    )
    example = '# planlint: disable-next-line=PL601\n## TASK ## id="a"\n文件: a.ts'
    instead = '## TASK ## id="a"\n文件: a.ts'
    fix_safety = (
        "Safe: removes the unused rules from the comment, the whole comment line"
        " when none of its rules was used, and with a `disable` the same rules"
        " from the `enable` that closes it; removes an `enable` that closes"
        " nothing."
    )

    def check_directives(self, found: list[Directive]) -> Iterator[Diagnostic]:
        known = known_selectors(known_rule_names())
        for directive in found:
            if directive.kind == "enable":
                yield from self._orphans(directive)
            elif directive.kind != "unknown":
                yield from self._unused(directive, known)

    def _unused(
        self, directive: Directive, known: frozenset[str]
    ) -> Iterator[Diagnostic]:
        unused = [
            (rule, span)
            for rule, span in directive.rules
            if rule in known and rule not in directive.used
        ]
        if not unused:
            return
        fix = _fix(directive, {rule for rule, _ in unused})
        for rule, span in unused:
            yield self.diagnostic(
                Place(directive.place.document, span),
                f"suppression of `{rule}` suppressed nothing here; remove it",
                fix=fix,
            )

    def _orphans(self, enable: Directive) -> Iterator[Diagnostic]:
        orphans = set(enable.orphans)
        edits = _removal(enable, orphans)
        fix = Fix("remove the `enable` that closes nothing", edits)
        for rule, span in enable.rules:
            if rule in orphans:
                yield self.diagnostic(
                    Place(enable.place.document, span),
                    f"`enable={rule}` closes no `disable={rule}` above it in this"
                    " file; remove it",
                    fix=fix,
                )


def _fix(directive: Directive, unused: set[str]) -> Fix:
    edits = list(_removal(directive, unused))
    closing: dict[int, tuple[Directive, set[str]]] = {}
    for rule, enable in directive.enables.items():
        if rule in unused:
            closing.setdefault(id(enable), (enable, set()))[1].add(rule)
    for enable, rules in closing.values():
        edits.extend(_removal(enable, rules))
    title = "remove the unused suppression"
    return Fix(title, tuple(sorted(edits, key=lambda e: e.span.start)))


def _removal(directive: Directive, rules: set[str]) -> tuple[Edit, ...]:
    """Remove `rules` from the directive's list, or its line when none is left."""
    path = directive.place.path
    kept = [rule for rule, _ in directive.rules if rule not in rules]
    if not kept:
        line = directive.line
        whole = Span(line.span.start, line.span.end + len(line.eol))
        return (Edit(path, whole, ""),)
    first, last = directive.rules[0][1], directive.rules[-1][1]
    return (Edit(path, Span(first.start, last.end), ",".join(kept)),)
