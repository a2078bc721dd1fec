"""PL501 fullwidth-colon-field: a field written with a full-width colon `：`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.sections import KINDS, Section, SectionKind
from planlint.model import Place, PlanLine
from planlint.syntax import FieldSyntax, Span


class FullwidthColonField(BlockRule):
    code = "PL501"
    name = "fullwidth-colon-field"
    severity = Severity.WARNING
    summary = "a field (`文件：`, `排除：`, `验证：`, `执行：`) uses a full-width colon"
    why = (
        "planlint accepts `：`, but runners that look for `文件:` with an ASCII"
        " colon do not: on them the task loses its file scope or its"
        " verification without a word. Chinese input methods type `：` by default."
    )
    example = "验证：npm test"
    instead = "验证: npm test"
    fix_safety = (
        "Safe: replaces `：` with `:` followed by one space, as planfmt writes"
        " fields (`文件：a.ts` becomes `文件: a.ts`); the value stays as written."
    )

    kinds: ClassVar[frozenset[SectionKind]] = frozenset(KINDS)

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        found: list[Diagnostic] = []
        for planline in section.body:
            field = planline.line.field
            if field is not None and field.colon == "：":
                found.append(self._report(planline, field))
        return found

    def _report(self, planline: PlanLine, field: FieldSyntax) -> Diagnostic:
        place = Place(planline.document, field.colon_span)
        return self.diagnostic(
            place,
            f"`{field.key}：` has a full-width colon, which other runners do"
            f" not read as a field; write `{field.key}:`",
            fix=replace(*_canonical(planline, field), "use an ASCII colon"),
        )


def _canonical(planline: PlanLine, field: FieldSyntax) -> tuple[Place, str]:
    """What to replace between key and value to get planfmt's `key: value`."""
    if field.value:
        span = Span(field.key_span.end, field.value_span.start)
        return Place(planline.document, span), ": "
    end = max(field.colon_span.end, field.value_span.end)
    return Place(planline.document, Span(field.key_span.end, end)), ":"
