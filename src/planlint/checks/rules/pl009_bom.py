"""PL009 bom: the file starts with a UTF-8 byte order mark."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule, replace
from planlint.model import Place, Plan
from planlint.syntax import Span


class Bom(Rule):
    code = "PL009"
    name = "bom"
    severity = Severity.WARNING
    summary = "the file starts with a UTF-8 byte order mark (BOM)"
    why = (
        "Runners that match `^## STAGE ##` on the first line do not see a STAGE"
        " marker behind a BOM: the popular runner silently dropped the whole"
        " first stage of such files."
    )
    example = '\ufeff## STAGE ## name="清理" mode="serial"   (saved as UTF-8 with BOM)'
    instead = '## STAGE ## name="清理" mode="serial"   (saved as UTF-8 without BOM)'
    fix_safety = "Safe: removes the BOM; planfmt removes it too."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for document in plan.documents.values():
            if document.bom:
                place = Place(document, Span(0, 1))
                yield self.diagnostic(
                    place,
                    "file starts with a UTF-8 BOM, which other runners read as text"
                    " before the first marker; save it without BOM",
                    fix=replace(place, "", "remove the BOM"),
                )
