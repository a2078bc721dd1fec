"""PL501 fullwidth-colon-field: a field written with a full-width colon `：`."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule, replace
from planlint.model import Place, Plan
from planlint.syntax import LineKind


class FullwidthColonField(Rule):
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
    fix_safety = "Safe: replaces `：` with `:`."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for planline in plan.lines():
            field = planline.line.field
            if planline.line.kind is not LineKind.FIELD or field is None:
                continue
            if field.colon != "：":
                continue
            place = Place(planline.document, field.colon_span)
            yield self.diagnostic(
                place,
                f"`{field.key}：` has a full-width colon, which other runners do"
                f" not read as a field; write `{field.key}:`",
                fix=replace(place, ":", "use an ASCII colon"),
            )
