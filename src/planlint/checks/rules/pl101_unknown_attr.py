"""PL101 unknown-attr: an attribute that is not defined for its marker."""

from __future__ import annotations

from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.rules.pl003_bad_attr_syntax import (
    STAGE_ATTRS,
    TASK_ATTRS,
    Block,
)
from planlint.checks.sections import Section
from planlint.checks.suggest import closest
from planlint.model import Place, Stage
from planlint.syntax import Attr

_TITLE_WORDS = {"name", "title", "desc", "description"}


class UnknownAttr(BlockRule):
    code = "PL101"
    name = "unknown-attr"
    severity = Severity.ERROR
    summary = "an attribute is not defined for its marker (STAGE or TASK)"
    why = (
        "An attribute the runner does not know is ignored, so a typo such as"
        " `depend_on` silently drops a dependency, and `max_workers` on a TASK"
        " limits nothing. STAGE takes name, mode, max_workers, depends_on and"
        " confirm; TASK takes id, depends_on, on_failure, retry, timeout and"
        " confirm."
    )
    example = '## TASK ## id="seed" depend_on="schema"'
    instead = '## TASK ## id="seed" depends_on="schema"'
    fix_safety = "Unsafe: renames the attribute when exactly one name is close."

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        block = section.marked
        marker = block.marker.line.marker
        assert marker is not None
        valid = _valid(block)
        return [self._report(block, a) for a in marker.attrs if a.key not in valid]

    def _report(self, block: Block, attr: Attr) -> Diagnostic:
        kind = "STAGE" if isinstance(block, Stage) else "TASK"
        place = Place(block.document, attr.key_span)
        candidates = closest(attr.key, _valid(block))
        message = f"`{attr.key}` is not a {kind} attribute"
        fix = None
        if candidates:
            message += f"; did you mean `{candidates[0]}`?"
            if len(candidates) == 1:
                fix = replace(
                    place, candidates[0], f"rename to `{candidates[0]}`", False
                )
        else:
            message += _hint(kind, attr.key)
        return self.diagnostic(place, message, fix=fix)


def _valid(block: Block) -> tuple[str, ...]:
    return STAGE_ATTRS if isinstance(block, Stage) else TASK_ATTRS


def _hint(kind: str, key: str) -> str:
    if kind == "TASK" and key in STAGE_ATTRS:
        return "; it belongs on the STAGE line"
    if kind == "STAGE" and key in TASK_ATTRS:
        return "; set it on each TASK line of the stage"
    if kind == "TASK" and key in _TITLE_WORDS:
        return '; write the title after the attributes: `## TASK ## id="…" 标题`'
    valid = STAGE_ATTRS if kind == "STAGE" else TASK_ATTRS
    return "; use one of " + ", ".join(f"`{k}`" for k in valid)
