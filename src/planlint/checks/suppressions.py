"""Suppression comments: `# planlint: disable-next-line=…`, ranges and files.

A directive is a comment line; each may end in ` -- reason`. Rules are named
by code or name. `disable-next-line` covers the next line that is not a
comment (the whole block when that line is a marker); `disable` runs to the
matching `enable` or the end of the file; `disable-file` covers the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from planlint.checks.diagnostic import Diagnostic
from planlint.model import Place, Plan
from planlint.syntax import Document, Line, LineKind, Span

_DIRECTIVE = re.compile(
    r"#\s*planlint:\s*(disable-next-line|disable-file|disable|enable)"
    r"\s*(?:=\s*(?P<rules>[^\s-][^\r\n]*?))?\s*(?:--\s*(?P<reason>.*))?$"
)

_COMMENT = LineKind.COMMENT


@dataclass(eq=False)
class Directive:
    """One suppression comment and the lines it covers in its document."""

    kind: str
    rules: list[tuple[str, Span]]  # each rule as written, with its span
    place: Place
    line: Line
    first: int = 0  # covered physical lines, 0-based, inclusive
    last: int = -1
    used: set[str] = field(default_factory=set)  # rules it suppressed


def directives(plan: Plan) -> list[Directive]:
    """Every suppression directive in the plan's documents, ranges resolved."""
    found: list[Directive] = []
    for document in plan.documents.values():
        found.extend(_in_document(document))
    return found


def _in_document(document: Document) -> list[Directive]:
    found: list[Directive] = []
    if "planlint:" not in document.text:
        return found  # one scan at C speed instead of a look at every line

    open_ranges: dict[str, Directive] = {}
    lines = document.lines
    for index, line in enumerate(lines):
        directive = _parse(document, line)
        if directive is None:
            continue
        if directive.kind == "enable":
            for rule, _ in directive.rules:
                opened = open_ranges.pop(rule, None)
                if opened is not None:
                    opened.last = line.number
            continue

        _cover(directive, lines, index)
        if directive.kind == "disable":
            for rule, _ in directive.rules:
                open_ranges[rule] = directive
        found.append(directive)
    return found


def _parse(document: Document, line: Line) -> Directive | None:
    if line.kind is not _COMMENT or "planlint:" not in line.text:
        return None
    match = _DIRECTIVE.match(line.text)
    if match is None:
        return None

    rules: list[tuple[str, Span]] = []
    if match.group("rules"):
        base = line.span.start + match.start("rules")
        for item in re.finditer(r"[^,\s]+", match.group("rules")):
            rules.append((item.group(), Span(base + item.start(), base + item.end())))
    return Directive(match.group(1), rules, Place(document, line.span), line)


def _cover(directive: Directive, lines: list[Line], index: int) -> None:
    """Set the physical line range the directive suppresses."""
    last_line = lines[-1].end_number if lines else 0
    if directive.kind == "disable-file":
        directive.first, directive.last = 0, last_line
    elif directive.kind == "disable":
        directive.first, directive.last = lines[index].number, last_line
    else:
        target = _next_code_line(lines, index)
        if target is None:
            return
        directive.first = lines[target].number
        directive.last = _block_end(lines, target)


def _next_code_line(lines: list[Line], index: int) -> int | None:
    for candidate in range(index + 1, len(lines)):
        if lines[candidate].kind is not LineKind.COMMENT:
            return candidate
    return None


def _block_end(lines: list[Line], index: int) -> int:
    """The last line of the block a marker starts, or the line itself."""
    if lines[index].kind not in (LineKind.STAGE, LineKind.TASK):
        return lines[index].end_number
    end = lines[index].end_number
    for line in lines[index + 1 :]:
        if line.kind in (LineKind.STAGE, LineKind.TASK):
            break
        end = line.end_number
    return end


def suppress(
    diagnostics: Iterable[Diagnostic], found: list[Directive]
) -> list[Diagnostic]:
    """The diagnostics no directive covers; marks the directives that were used."""
    by_path: dict[str, list[Directive]] = {}
    for directive in found:
        by_path.setdefault(directive.place.path, []).append(directive)

    return [
        diagnostic
        for diagnostic in diagnostics
        if _covering(diagnostic, by_path.get(diagnostic.location.path, [])) is None
    ]


def _covering(diagnostic: Diagnostic, candidates: list[Directive]) -> Directive | None:
    line = diagnostic.location.start.line
    names = (diagnostic.code, diagnostic.rule)
    for directive in candidates:
        if not directive.first <= line <= directive.last:
            continue
        for rule, _ in directive.rules:
            if rule in names:
                directive.used.add(rule)
                return directive
    return None
