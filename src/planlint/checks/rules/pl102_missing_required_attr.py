"""PL102 missing-required-attr: a STAGE without `name` or `mode`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules.pl003_bad_attr_syntax import runaway
from planlint.checks.sections import Section, SectionKind
from planlint.model import Place, Stage

_REQUIRED = {"name": 'name="…"', "mode": 'mode="serial"` or `mode="parallel"'}


class MissingRequiredAttr(BlockRule):
    code = "PL102"
    name = "missing-required-attr"
    severity = Severity.ERROR
    summary = "a STAGE marker has no `name` or no `mode`"
    why = (
        "Every stage needs a `name` for logs and reports, and a `mode` that says"
        " whether its tasks run one after another or side by side. The popular"
        " runner refused such a plan only when it reached the stage."
    )
    example = '## STAGE ## max_workers="2"'
    instead = '## STAGE ## name="周报" mode="parallel" max_workers="2"'
    fix_safety = "No fix: only the author knows the name and the mode."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage"})

    def check_block(self, section: Section) -> Iterator[Diagnostic]:
        stage = section.stage
        for key, example in _REQUIRED.items():
            if key not in stage.attrs and not _written_badly(stage, key):
                yield self._report(stage, key, example)

    def _report(self, stage: Stage, key: str, example: str) -> Diagnostic:
        marker = stage.marker.line.marker
        assert marker is not None
        return self.diagnostic(
            Place(stage.document, marker.mark_span),
            f"STAGE needs `{key}`; add `{example}`",
        )


def _written_badly(stage: Stage, key: str) -> bool:
    """`key=` is on the line but was swallowed by stray text or by an open quote.

    PL005 (text before the attributes) or PL003 (`name="a mode="serial"`)
    already reports that, so a second diagnostic would only repeat it.
    """
    marker = stage.marker.line.marker
    assert marker is not None
    written = re.compile(rf"(?<![\w.-]){key}[ \t]*=")
    swallowed = [a.value or "" for a in marker.attrs if runaway(a)]
    return any(written.search(text) for text in [marker.rest or "", *swallowed])
