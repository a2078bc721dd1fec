"""PL008 marker-spacing: `## TASK##`, or a marker glued to the text after it."""

from __future__ import annotations

from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import Block
from planlint.checks.rules.pl007_legacy_task_marker import canonical, shown
from planlint.checks.sections import Section
from planlint.model import Place, Task
from planlint.syntax import MarkerStyle, Span

_SPACING, _CANONICAL = MarkerStyle.SPACING, MarkerStyle.CANONICAL


class MarkerSpacing(BlockRule):
    code = "PL008"
    name = "marker-spacing"
    severity = Severity.WARNING
    summary = "a marker is spelt `## TASK##`, or text follows it without a space"
    why = (
        "Runners that match the exact marker `## TASK ##` do not see `## TASK##`,"
        " and read the task as text of the one above it."
    )
    example = "## TASK##\n删除已废弃的采集脚本"
    instead = "## TASK ##\n删除已废弃的采集脚本"
    fix_safety = "Safe: rewrites the marker with its spaces."

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        marker = block.marker.line.marker
        assert marker is not None
        if marker.style is _SPACING and isinstance(block, Task):
            fixed, fix = canonical(block, "rewrite as `## TASK ##`")
            message = (
                f"`{marker.spelling}` needs a space before `##`; write `{shown(fixed)}`"
            )
            place = Place(block.document, marker.mark_span)
            return [self.diagnostic(place, message, fix=fix)]
        if marker.style is _CANONICAL and _glued(block):
            return [self._glued(block)]
        return ()

    def _glued(self, block: Block) -> Diagnostic:
        marker = block.marker.line.marker
        assert marker is not None
        end = marker.mark_span.end
        place = Place(block.document, marker.mark_span)
        return self.diagnostic(
            place,
            f"no space after `{marker.spelling}`; write `{marker.spelling} ` and"
            " then the attributes or title",
            fix=replace(Place(block.document, Span(end, end)), " ", "insert a space"),
        )


def _glued(block: Block) -> bool:
    marker = block.marker.line.marker
    assert marker is not None
    end = marker.mark_span.end
    return end < block.marker.line.span.end and block.document.text[end] not in " \t"
