"""PL005 unexpected-marker-text: stray text on a STAGE marker line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.rules.pl003_bad_attr_syntax import glued_rest, typographic_rest
from planlint.checks.sections import Section, SectionKind
from planlint.model import Place, Stage

_ATTR_LIKE = re.compile(r"(?<![\w.-])([A-Za-z_][A-Za-z0-9_.-]*)=")


class UnexpectedMarkerText(BlockRule):
    code = "PL005"
    name = "unexpected-marker-text"
    severity = Severity.WARNING
    summary = "a STAGE marker line has text that is not an attribute"
    why = (
        'A STAGE line holds only `key="value"` attributes. Other text there is'
        " ignored, and so is every attribute written after it: a stage name"
        " typed before the attributes leaves the stage without `name` and `mode`."
    )
    example = '## STAGE ## 构建 name="构建" mode="serial"'
    instead = '## STAGE ## name="构建" mode="serial"'
    fix_safety = "No fix: the text may be a description that belongs on the next line."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset({"stage"})

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        stage = section.stage
        marker = stage.marker.line.marker
        assert marker is not None
        if marker.rest is None or marker.rest_span is None:
            return ()
        if glued_rest(marker) or typographic_rest(marker):
            return ()  # a quoting slip: PL003 reports it
        place = Place(stage.document, marker.rest_span)
        return [self.diagnostic(place, _message(stage, marker.rest))]


def _message(stage: Stage, rest: str) -> str:
    shown = rest if len(rest) <= 30 else rest[:29] + "…"
    message = f"stray text `{shown}` on the STAGE line is ignored"
    keys = list(dict.fromkeys(_ATTR_LIKE.findall(rest)))
    if keys:
        listed = ", ".join(f"`{k}`" for k in keys)
        return f"{message}, and so are the attributes after it ({listed}); remove it"
    return f"{message}; remove it, or write it as the stage description below"
