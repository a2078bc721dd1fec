"""PL004 duplicate-attr: the same attribute twice on one marker line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.sections import Section
from planlint.model import Place
from planlint.syntax import Attr, Document, Marker, Span


def removal(document: Document, attr: Attr) -> Span:
    """The span of `attr` with the blanks before it, to delete it cleanly."""
    start = attr.span.start
    while start > 0 and document.text[start - 1] in " \t":
        start -= 1
    return Span(start, attr.span.end)


class DuplicateAttr(BlockRule):
    code = "PL004"
    name = "duplicate-attr"
    severity = Severity.ERROR
    summary = "the same attribute appears twice on one marker line"
    why = (
        "Only the first occurrence counts, so the second one silently does"
        " nothing; which of the two the author meant cannot be known."
    )
    example = '## TASK ## id="seed" on_failure="stop" on_failure="retry"'
    instead = '## TASK ## id="seed" on_failure="retry" retry="2"'
    fix_safety = (
        "Safe when both values are equal: removes the repetition. Otherwise there"
        " is no fix."
    )

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        marker = block.marker.line.marker
        assert marker is not None
        if len({attr.key for attr in marker.attrs}) == len(marker.attrs):
            return ()
        return self._repeats(block.document, marker)

    def _repeats(self, document: Document, marker: Marker) -> Iterator[Diagnostic]:
        first: dict[str, Attr] = {}
        for attr in marker.attrs:
            earlier = first.setdefault(attr.key, attr)
            if earlier is not attr:
                yield self._report(document, earlier, attr)

    def _report(self, document: Document, earlier: Attr, attr: Attr) -> Diagnostic:
        column = document.index.position(earlier.span.start).column + 1
        message = (
            f"`{attr.key}` is given twice on this line (first at column {column});"
            f" only the first value `{earlier.value}` counts; remove one"
        )
        fix = None
        if attr.value == earlier.value and attr.problem is None:
            gone = Place(document, removal(document, attr))
            fix = replace(gone, "", f"remove the repeated `{attr.key}`")
        first_place = Place(document, earlier.span)
        return self.diagnostic(
            Place(document, attr.key_span),
            message,
            related=[(first_place, f"`{attr.key}` first given here")],
            fix=fix,
        )
