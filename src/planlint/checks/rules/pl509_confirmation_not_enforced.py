"""PL509 confirmation-not-enforced: text asks for approval, `confirm` is unset."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from planlint.checks.diagnostic import Diagnostic, Fix, Severity
from planlint.checks.rule import StageRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import Block, glued_rest, runaway
from planlint.checks.sections import Crew
from planlint.model import Place, PlanLine, Stage, Task
from planlint.syntax import LineKind, Span

_ASKS = re.compile(
    r"人工确认|手动确认|人工审批|手动审批|人工审核|人工批准|人工复核"
    r"|manual(?:ly)?[ -]?(?:confirm(?:ation)?|approv(?:e|al))"
    r"|human (?:approval|confirmation|sign-off)",
    re.IGNORECASE,
)
_TEXT, _COMMENT = LineKind.TEXT, LineKind.COMMENT  # the lines it reads


def _may_ask(text: str) -> bool:
    """A cheap first test (every phrase above has one of these), then the regex."""
    if "确认" in text or "审" in text or "批准" in text or "复核" in text:
        return True
    lowered = text.lower()
    return "manual" in lowered or "human" in lowered


def _asks(block: Block) -> tuple[PlanLine, Span] | None:
    """The first phrase in the block's own text that asks for approval."""
    marker = block.marker.line.marker
    if marker is not None and marker.rest and marker.rest_span is not None:
        found = _phrase(marker.rest, marker.rest_span.start)
        if found is not None:
            return block.marker, found
    for planline in block.body:
        line = planline.line
        kind = line.kind
        if kind is _TEXT or kind is _COMMENT:
            found = _phrase(line.text, line.span.start)
            if found is not None:
                return planline, found
    return None


def _phrase(text: str, start: int) -> Span | None:
    found = _ASKS.search(text) if _may_ask(text) else None
    return Span(start + found.start(), start + found.end()) if found else None


class ConfirmationNotEnforced(StageRule):
    code = "PL509"
    name = "confirmation-not-enforced"
    severity = Severity.INFO
    summary = "text asks for manual approval (人工确认), but `confirm` is not set"
    why = (
        "Words such as 需要人工确认 are read by the agent, not by the runner: the"
        ' task starts without anyone approving it. `confirm="true"` makes'
        " `planlint run` ask first, and refuse without `--yes` or `--approve`."
    )
    example = (
        '## STAGE ## name="生产环境迁移" mode="serial"\n# 阶段说明：需要人工确认每一步'
    )
    instead = (
        '## STAGE ## name="生产环境迁移" mode="serial" confirm="true"\n'
        "# 阶段说明：需要人工确认每一步"
    )
    fix_safety = (
        'Unsafe: adds `confirm="true"` to the STAGE or TASK line, so runs stop'
        " to ask before the work starts."
    )

    def check_stage(self, crew: Crew) -> Iterable[Diagnostic]:
        if crew.stage is not None:
            return self._stage(crew.stage)
        return self._orphans(crew.tasks)

    def _orphans(self, tasks: list[Task]) -> Iterator[Diagnostic]:
        for task in tasks:
            found = _asks(task)
            if found is not None and "confirm" not in task.attrs:
                yield self._report(task, *found)

    def _stage(self, stage: Stage) -> Iterator[Diagnostic]:
        asking = [(t, found) for t in stage.tasks if (found := _asks(t)) is not None]
        own = _asks(stage)
        if own is not None and "confirm" not in stage.attrs:
            related = [
                (Place(pl.document, span), "the stage's `confirm` covers this too")
                for _, (pl, span) in asking
            ]
            yield self._report(stage, *own, related)
            return
        if stage.confirm:
            return
        for task, (planline, span) in asking:
            if "confirm" not in task.attrs:
                yield self._report(task, planline, span)

    def _report(
        self,
        block: Block,
        planline: PlanLine,
        span: Span,
        related: list[tuple[Place, str]] | None = None,
    ) -> Diagnostic:
        what = "stage" if isinstance(block, Stage) else "task"
        phrase = planline.document.text[span.start : span.end]
        return self.diagnostic(
            Place(planline.document, span),
            f"`{phrase}` asks for approval, but the {what} runs without asking;"
            f' add `confirm="true"` to its {what.upper()} line',
            related=related or [],
            fix=_add_confirm(block),
        )


def _add_confirm(block: Block) -> Fix:
    """Insert `confirm="true"` after the last attribute, or right after the marker.

    After a broken attribute the insertion would land inside its value, so
    then it goes before the attributes instead.
    """
    marker = block.marker.line.marker
    assert marker is not None
    clean = all(a.problem is None and not runaway(a) for a in marker.attrs)
    if marker.attrs and clean and not glued_rest(marker):
        end, text = marker.attrs[-1].span.end, ' confirm="true"'
    else:
        end, text = marker.mark_span.end, ' confirm="true"'
        if block.document.text[end : end + 1] not in ("", " ", "\t", "\r", "\n"):
            text += " "
    place = Place(block.document, Span(end, end))
    return replace(place, text, 'add `confirm="true"`', safe=False)
