"""PL902 unknown-rule-in-suppression: a suppression names no rule."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.registry import known_rule_names
from planlint.checks.rule import DirectiveRule
from planlint.checks.suggest import did_you_mean
from planlint.checks.suppressions import KINDS, Directive, known_selectors
from planlint.model import Place

_CODE = re.compile(r"[A-Za-z]{2}\d+")
# Names are suggested only when close: a shared `-rule` suffix is no match.
_NAME_CUTOFF = 0.8


class UnknownRuleInSuppression(DirectiveRule):
    code = "PL902"
    name = "unknown-rule-in-suppression"
    severity = Severity.WARNING
    summary = "a suppression comment names no rule, or a rule that does not exist"
    why = (
        "A misspelt code or directive suppresses nothing, so the finding it was"
        " meant to silence still shows, or worse, the comment outlives its"
        " purpose. A suppression names rules as the configuration does: a code"
        " (`PL601`), a name, a code prefix (`PL6`) or `ALL`."
    )
    example = "# planlint: disable-next-line=PL6001"
    instead = "# planlint: disable-next-line=PL601 -- scope is checked by review"
    fix_safety = (
        "No fix: the suggested code or directive is a guess, and only the author"
        " knows which finding the comment was meant to silence."
    )

    def check_directives(self, found: list[Directive]) -> Iterator[Diagnostic]:
        known = known_selectors(known_rule_names())
        for directive in found:
            if directive.kind == "unknown":
                yield self._unknown_kind(directive)
                continue
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
                        f"no rule is called `{rule}`" + _suggestion(rule, known),
                    )

    def _unknown_kind(self, directive: Directive) -> Diagnostic:
        assert directive.kind_span is not None
        spelled = directive.place.document.text[
            directive.kind_span.start : directive.kind_span.end
        ]
        kinds = ", ".join(f"`{k}`" for k in KINDS)
        hint = did_you_mean(spelled, KINDS) or f"; use one of {kinds}"
        return self.diagnostic(
            Place(directive.place.document, directive.kind_span),
            f"`{spelled}` is not a planlint directive, so this comment suppresses"
            f" nothing{hint}",
        )


def _suggestion(rule: str, known: Iterable[str]) -> str:
    """Did you mean a code one typo away, or a name that is close?"""
    if _CODE.fullmatch(rule):
        wanted = rule.upper()
        close = [c for c in known if _CODE.fullmatch(c) and _one_edit(wanted, c)]
        if not close:
            return ""
        best = max(sorted(close), key=lambda c: _common_prefix(wanted, c))
        return f"; did you mean `{best}`?"
    return did_you_mean(rule, known, cutoff=_NAME_CUTOFF)


def _one_edit(a: str, b: str) -> bool:
    """At most one character changed, added, removed or two swapped."""
    if a == b:
        return True
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size
