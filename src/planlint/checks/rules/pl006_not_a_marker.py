"""PL006 not-a-marker: a line that looks like a marker but is not one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.sections import KINDS, Section, SectionKind
from planlint.model import Place, PlanLine
from planlint.syntax import Line, LineKind, Span

# `## Stage 1: …`, `### TASK`, `## Task ##`, `### Batch 2:`, `##STAGE##`. One `#`
# is an ordinary heading (`# Stage 1: 扫描`) unless the marker's `##` follows.
_HEADING = re.compile(
    r"(?P<hashes>#+)[ \t]*(?P<word>stage|task|batch)(?=[\s\d:：#(（]|$)"
    r"[ \t]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ONE_HASH = re.compile(r"#[ \t]*(?:STAGE|TASK)[ \t]*##")
_NUMBER = re.compile(r"^\d+[ \t]*[:：.、)）]?[ \t]*")
_PARENS = re.compile(r"[(（]([^()（）]*)[)）]\s*$")
_MODE = re.compile(r"\b(parallel|serial|sequential)\b", re.IGNORECASE)
_WORKERS = re.compile(r"max_workers\s*[=:：]\s*(\d+)")
_INDENTED = re.compile(r"[ \t]+(## (?:STAGE ##|TASK(?: ##|##|:)))")
# Attributes written as fields (`mode: serial`), with values that fit them.
_ATTR_LINE = re.compile(
    r"(?P<key>mode|max_workers|depends_on|on_failure|retry|confirm)[ \t]*[:：=][ \t]*"
    r"(?P<value>\S.*?)[ \t]*$"
)
_ATTR_INITIALS = frozenset("mdorc")  # the first letters of `_ATTR_LINE`'s keys
_BLANKS = frozenset(" \t")  # an indented marker starts with one of these
_STAGE, _TASK = LineKind.STAGE, LineKind.TASK
_COMMENT, _TEXT = LineKind.COMMENT, LineKind.TEXT
_ATTR_VALUES = {
    "mode": re.compile(r"serial|parallel|sequential"),
    "max_workers": re.compile(r"\d+"),
    "depends_on": re.compile(r".+"),
    "on_failure": re.compile(r"stop|continue|retry"),
    "retry": re.compile(r"\d+"),
    "confirm": re.compile(r"true|false"),
}


@dataclass(frozen=True, slots=True)
class _Finding:
    """What is wrong with the line, its replacement, and whether a fix may use it."""

    span: Span
    message: str
    instead: str
    fixable: bool = False

    @classmethod
    def write(cls, span: Span, what: str, instead: str, fixable: bool) -> _Finding:
        return cls(span, f"{what}; write `{instead}`", instead, fixable)


class NotAMarker(BlockRule):
    code = "PL006"
    name = "not-a-marker"
    severity = Severity.WARNING
    summary = "a line looks like a STAGE or TASK marker but is not one"
    why = (
        "Markers are exactly `## STAGE ##` and `## TASK ##` at column 1, in"
        " capitals. A heading such as `### TASK` or `## Stage 2: 合并` is plain"
        " text: no task or stage starts there, and its lines silently join the"
        " block above. Attributes on a line of their own (`mode: serial`) are"
        " text too."
    )
    example = "## Stage 2: merge\nmode: serial\n\n### TASK\n合并报告"
    instead = '## STAGE ## name="merge" mode="serial"\n\n## TASK ##\n合并报告'
    fix_safety = (
        "Unsafe, and only where the line is a misspelt marker (`## Task ##`,"
        ' `### TASK`, `## STAGE name="x"`, an indented marker): rewrites it as'
        " the marker. Headings and attribute lines are left to the author."
    )

    kinds: ClassVar[frozenset[SectionKind]] = frozenset(KINDS)

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        found: list[Diagnostic] = []
        for planline in section.body:
            line = planline.line
            kind = line.kind
            if kind is _COMMENT or kind is _TEXT:
                finding = _classify(line)
                if finding is not None:
                    found.append(self._report(planline, finding, section.marker))
        return found

    def _report(
        self, planline: PlanLine, finding: _Finding, owner: PlanLine | None
    ) -> Diagnostic:
        place = Place(planline.document, finding.span)
        message = finding.message
        related = []
        if owner is not None:
            name = _owner(owner)
            message += f" (as it is, the line is text of {name})"
            related.append((owner.place, f"the line belongs to {name}"))
        fix = None
        if finding.fixable:
            fix = replace(place, finding.instead, "rewrite as a marker", safe=False)
        return self.diagnostic(place, message, related=related, fix=fix)


def _owner(planline: PlanLine) -> str:
    what = "stage" if planline.line.kind is _STAGE else "task"
    return f"the {what} at line {planline.line.number + 1}"


def _classify(line: Line) -> _Finding | None:
    text = line.text
    if line.kind is _COMMENT:
        return _heading(text, line.span.start)
    if text[:1] in _BLANKS:
        return _indented(text, line.span.start)
    if text[:1] in _ATTR_INITIALS:  # `_ATTR_LINE` needs a key at column 1
        return _attr_line(text, line.span.start)
    return None


def _heading(text: str, start: int) -> _Finding | None:
    found = _HEADING.match(text)
    if found is None or (len(found["hashes"]) == 1 and not _ONE_HASH.match(text)):
        return None

    span = Span(start, start + len(text.rstrip()))
    word, rest = found["word"], found["rest"].strip()
    if word.lower() == "stage":
        return _stage_heading(text.rstrip(), word, rest, span)
    return _task_heading(text.rstrip(), word, rest, span)


def _stage_heading(text: str, word: str, rest: str, span: Span) -> _Finding:
    if rest.startswith("##") or '="' in rest:
        attrs = rest[2:].strip() if rest.startswith("##") else rest
        instead = f"## STAGE ## {attrs}".rstrip()
        return _Finding.write(span, _misspelt(text, word, "STAGE"), instead, True)

    shown = _head_of(text)
    if word == "STAGE":
        message = f"`{shown}` lacks the closing `##` and attributes"
    else:
        message = f"`{shown}` is a heading, not a stage marker"
    return _Finding.write(span, message, _stage_from_heading(rest), False)


def _stage_from_heading(rest: str) -> str:
    """`1: diagnose (parallel max_workers=3)` as a STAGE marker line."""
    body = _NUMBER.sub("", rest)
    mode, workers = "serial", ""
    parens = _PARENS.search(body)
    if parens:
        body = body[: parens.start()].strip()
        mode_found = _MODE.search(parens.group(1))
        if mode_found and mode_found.group(1).lower() == "parallel":
            mode = "parallel"
        workers_found = _WORKERS.search(parens.group(1))
        if workers_found:
            workers = f' max_workers="{workers_found.group(1)}"'
    name = (body or rest or "stage").replace('"', "'")
    return f'## STAGE ## name="{name}" mode="{mode}"{workers}'


def _task_heading(text: str, word: str, rest: str, span: Span) -> _Finding:
    if word.lower() == "task" and (rest.startswith("##") or not rest or '="' in rest):
        tail = rest[2:].strip() if rest.startswith("##") else rest
        instead = f"## TASK ## {tail}".rstrip()
        return _Finding.write(span, _misspelt(text, word, "TASK"), instead, True)

    shown = _head_of(text)
    title = _NUMBER.sub("", rest) if word.lower() == "task" else text.lstrip("# \t")
    instead = f"## TASK ## {title}".rstrip()
    what = f"`{shown}` is a heading, not a task marker"
    return _Finding.write(span, what, instead, False)


def _misspelt(text: str, word: str, marker: str) -> str:
    hashes = len(text) - len(text.lstrip("#"))
    if word != marker:
        why = "markers are case-sensitive"
    elif hashes != 2:
        why = "markers start with exactly `##`"
    elif not text.lstrip("#").strip()[len(marker) :].lstrip().startswith("##"):
        why = "the closing `##` is missing"
    else:
        why = f"the marker is `## {marker} ##`, with a space on each side"
    return f"`{_head_of(text)}` is not a {marker.lower()} marker: {why}"


def _head_of(text: str) -> str:
    """The heading up to its first colon or `##`, or its first 30 characters."""
    cut = re.match(r"#+[ \t]*\w+(?:[ \t]*##|[ \t]*[^:：\s]*[:：]?)", text)
    head = cut.group(0) if cut else text
    return head if len(head) <= 30 else head[:29] + "…"


def _indented(text: str, start: int) -> _Finding | None:
    found = _INDENTED.match(text)
    if found is None:
        return None

    span = Span(start, start + len(text.rstrip()))
    message = f"`{found.group(1)}` is indented, so it is not a marker"
    return _Finding.write(span, message, text.strip(), True)


def _attr_line(text: str, start: int) -> _Finding | None:
    found = _ATTR_LINE.fullmatch(text)
    if found is None or not _ATTR_VALUES[found["key"]].fullmatch(found["value"]):
        return None

    key, value = found["key"], found["value"]
    span = Span(start, start + len(text.rstrip()))
    where = "STAGE" if key in ("mode", "max_workers") else "STAGE or TASK"
    message = (
        f"`{text.strip()}` on its own line is not an attribute; attributes go on"
        f' the {where} line: `{key}="{value}"`'
    )
    return _Finding(span, message, f'{key}="{value}"')
