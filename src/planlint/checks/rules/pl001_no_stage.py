"""PL001 no-stage: the file has no `## STAGE ##` marker at all."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.model import Place, Plan
from planlint.syntax import Span


class NoStage(Rule):
    code = "PL001"
    name = "no-stage"
    severity = Severity.ERROR
    summary = "the file has no `## STAGE ##` marker"
    why = (
        "Tasks only run inside stages. A file without a single STAGE marker is a"
        " document, not an executable plan: the popular runner either refused it"
        " or silently sent the whole file to one agent as a single prompt."
    )
    example = "## Stage 1: 扫描\n\n## TASK ##\n扫描依赖"
    instead = '## STAGE ## name="扫描" mode="serial"\n\n## TASK ##\n扫描依赖'
    fix_safety = "No fix: only the author knows how the work splits into stages."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        if plan.stages:
            return

        document = plan.document
        index = document.index
        first_line = Span(index.starts[0], index.line_end(0))
        yield self.diagnostic(
            Place(document, first_line),
            "no `## STAGE ##` marker in this file, so nothing can run; start each"
            ' stage with `## STAGE ## name="…" mode="serial"`',
        )
