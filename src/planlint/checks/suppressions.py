"""Suppression comments: `# planlint: disable-next-line=…`, ranges and files.

A directive is a comment line; each may end in ` -- reason`. Rules are named
by code, name, code prefix (`PL6`) or `ALL`, as in the configuration.
`disable-next-line` covers the next line that is not a comment (the whole
block when that line is a marker); `disable` runs to the matching `enable` or
the end of the file; `disable-file` covers the file. A `# planlint: word`
comment whose word looks like a misspelt directive is kept as kind
"unknown" so that PL902 can name it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from planlint.checks.diagnostic import Diagnostic
from planlint.checks.suggest import closest
from planlint.model import Place, Plan
from planlint.syntax import Document, Line, LineKind, Span

KINDS = ("disable-next-line", "disable-file", "disable", "enable")
_DIRECTIVE = re.compile(
    r"#\s*planlint:\s*(?P<kind>[A-Za-z][\w-]*)"
    r"\s*(?:=\s*(?P<rules>[^\s-][^\r\n]*?)?)?\s*(?:--\s*(?P<reason>.*))?$"
)
ALL = "ALL"

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
    kind_span: Span | None = None  # where the kind is written
    # a `disable`: the `enable` closing each rule; an `enable`: its rules
    # that close no open `disable`
    enables: dict[str, Directive] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)


def known_selectors(names: frozenset[str]) -> frozenset[str]:
    """What a suppression may name: `ALL`, codes, names and code prefixes."""
    prefixes = {
        name[:end]
        for name in names
        if name[:2] == "PL" and name[2:].isdigit()
        for end in range(1, len(name))
    }
    return names | prefixes | {ALL}


def selects(selector: str, code: str, name: str) -> bool:
    """Whether a suppression's `selector` names the rule `code`/`name`."""
    return selector in (ALL, name) or code.startswith(selector)


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
            _close(directive, open_ranges, line.number)
        elif directive.kind != "unknown":
            _cover(directive, lines, index)
        if directive.kind == "disable":
            for rule, _ in directive.rules:
                open_ranges[rule] = directive
        found.append(directive)
    return found


def _close(enable: Directive, open_ranges: dict[str, Directive], at: int) -> None:
    """End the open `disable` ranges `enable` names; note what it cannot end."""
    for rule, _ in enable.rules:
        opened = open_ranges.pop(rule, None)
        if opened is None:
            enable.orphans.append(rule)
        else:
            opened.last = at
            opened.enables[rule] = enable


def _parse(document: Document, line: Line) -> Directive | None:
    if line.kind is not _COMMENT or "planlint:" not in line.text:
        return None
    match = _DIRECTIVE.match(line.text)
    if match is None:
        return None
    kind = match.group("kind")
    if kind not in KINDS and not _looks_like_directive(kind, match):
        return None

    rules: list[tuple[str, Span]] = []
    if match.group("rules"):
        base = line.span.start + match.start("rules")
        for item in re.finditer(r"[^,\s]+", match.group("rules")):
            rules.append((item.group(), Span(base + item.start(), base + item.end())))
    kind_span = Span(
        line.span.start + match.start("kind"), line.span.start + match.end("kind")
    )
    return Directive(
        kind if kind in KINDS else "unknown",
        rules,
        Place(document, line.span),
        line,
        kind_span=kind_span,
    )


def _looks_like_directive(word: str, match: re.Match[str]) -> bool:
    """A misspelt kind: followed by `=`, or close to a real one."""
    after = match.string[match.end("kind") :].lstrip()
    return after.startswith("=") or bool(closest(word, KINDS, cutoff=0.75))


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
    code, name = diagnostic.code, diagnostic.rule
    for directive in candidates:
        if not directive.first <= line <= directive.last:
            continue
        for rule, _ in directive.rules:
            if selects(rule, code, name):
                directive.used.add(rule)
                return directive
    return None
