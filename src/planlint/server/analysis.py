"""One open plan, built and checked, and the views that features work on."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from lsprotocol import types

from planlint.checks import Checker, Diagnostic, Rule, all_rules
from planlint.checks.registry import RULE_MODULES
from planlint.config import Settings
from planlint.model import Place, Plan, Stage, Task, build, graph
from planlint.model.includes import Reader, identity
from planlint.server.documents import DocumentStore, OpenDocument
from planlint.server.incremental import reparse
from planlint.server.positions import Encoding, offset_at, span_range
from planlint.syntax import (
    Document,
    Line,
    Position,
    Span,
    parse,
)
from planlint.syntax.speed import paused_gc

logger = logging.getLogger(__name__)

Block = Stage | Task
Row = tuple[Line | None, Block | None]


@dataclass(eq=False)
class Analysis:
    """A document's plan (includes expanded) and its diagnostics."""

    uri: str
    version: int | None
    plan: Plan = field(repr=False)
    diagnostics: list[Diagnostic] = field(repr=False)
    reads: dict[str, int | None] = field(default_factory=dict)
    uris: dict[str, str] = field(default_factory=dict)
    checker: Checker = field(default_factory=Checker, repr=False)
    _rows: dict[int, list[Row]] = field(default_factory=dict, repr=False)

    def uri_of(self, path: str) -> str:
        """The URI of a file of this plan (`-` is the plan itself)."""
        return self.uris.get(path, self.uri)

    def document_of(self, uri: str) -> Document | None:
        for path, known in self.uris.items():
            if known == uri:
                return self.plan.documents.get(path)
        return None

    @property
    def included(self) -> set[str]:
        """The URIs of the files this plan includes (not the plan itself)."""
        return {uri for uri in self.uris.values() if uri != self.uri}

    def row(self, document: Document, line: int) -> Row:
        """The syntax line at physical `line` of `document`, and its block."""
        rows = self._rows.get(id(document))
        if rows is None:
            rows = self._rows[id(document)] = _rows(self.plan, document)
        return rows[line] if 0 <= line < len(rows) else (None, None)

    def block_at(self, document: Document, line: int) -> Block | None:
        """The stage or task whose marker or body holds `line` of `document`."""
        return self.row(document, line)[1]

    def line_at(self, document: Document, line: int) -> Line | None:
        return self.row(document, line)[0]

    @cached_property
    def needs(self) -> dict[Task, list[Task]]:
        """What each task needs before it may run (its and its stage's deps)."""
        return graph.needs(self.plan)

    @cached_property
    def dependents(self) -> dict[Task, list[Task]]:
        """The tasks that need each task."""
        found: dict[Task, list[Task]] = {}
        for task, needed in self.needs.items():
            for other in needed:
                found.setdefault(other, []).append(task)
        return found

    def is_current(self, document: OpenDocument, store: DocumentStore) -> bool:
        """Still right: same version, and the open files it read are unchanged."""
        if document.version != self.version:
            return False
        for key, version in self.reads.items():
            now = store.by_identity(key)
            if (now.version if now is not None else None) != version:
                return False
        return True


def analyze(
    document: OpenDocument,
    store: DocumentStore,
    previous: Analysis | None = None,
    checker: Checker | None = None,
    settings: Settings | None = None,
) -> Analysis:
    """Build and check the plan of an open document.

    With the `previous` analysis of the same document, only the blocks that
    changed since are parsed again. The `checker` (by default the previous
    analysis's) re-runs block and stage rules only on blocks and stages whose
    text changed since it last checked this document. `settings` (the plan's
    configuration) sets the severities; its rule selection is the checker's.
    """
    reads: dict[str, int | None] = {}
    if checker is None:
        checker = previous.checker if previous is not None else Checker()
    with paused_gc():  # the collector would walk the new plan again and again
        syntax = _parse(document, previous)
        plan = build(syntax, _reader(store, reads), document.bad_offset)
        diagnostics = run_checks(plan, checker)
        if settings is not None:
            diagnostics = settings.adjust(diagnostics)

    uris = {path: store.uri_for(path) for path in plan.documents}
    uris[plan.document.path or "-"] = document.uri
    return Analysis(
        document.uri, document.version, plan, diagnostics, reads, uris, checker=checker
    )


def _parse(document: OpenDocument, previous: Analysis | None) -> Document:
    if previous is None or previous.plan.document.path != document.path:
        syntax = parse(document.text, document.path)
    else:
        syntax = reparse(previous.plan.document, document.text)
    if "index" in vars(document):  # the store's (patched) index of the same text
        vars(syntax).setdefault("index", document.index)
    return syntax


def _reader(store: DocumentStore, reads: dict[str, int | None]) -> Reader:
    def read(path: Path) -> tuple[str, int | None]:
        key = identity(path)
        open_document = store.by_identity(key)
        reads[key] = open_document.version if open_document is not None else None
        return store.read(path)

    return read


def _rows(plan: Plan, document: Document) -> list[Row]:
    lines: list[Line | None] = [None] * document.index.line_count
    for line in document.lines:
        for number in range(line.number, min(line.end_number + 1, len(lines))):
            lines[number] = line

    owners: list[Block | None] = [None] * len(lines)
    for block in _blocks(plan):
        for planline in (block.marker, *block.body):
            if planline.document is document:
                line = planline.line
                for number in range(line.number, min(line.end_number + 1, len(lines))):
                    owners[number] = block
    return list(zip(lines, owners, strict=True))


def _blocks(plan: Plan) -> list[Block]:
    blocks: list[Block] = [*plan.orphan_tasks]
    for stage in plan.stages:
        blocks.append(stage)
        blocks.extend(stage.tasks)
    return blocks


def run_checks(plan: Plan, checker: Checker | None = None) -> list[Diagnostic]:
    """Every rule's diagnostics; a rule that fails is logged and skipped.

    `checker` keeps what it found in the blocks of this plan's earlier
    versions; its result equals `check(plan)`, what `planlint` prints.
    """
    try:
        return (checker or Checker()).check(plan)
    except Exception:
        logger.exception("checking %s failed; running the rules one by one", plan.path)
        if checker is not None:
            checker.forget()

    found: list[Diagnostic] = []
    for rule in _loadable_rules():
        try:
            found.extend(rule.check(plan))
        except Exception:
            logger.exception("rule %s failed on %s", rule.code, plan.path)
    return sorted(found, key=lambda d: d.sort_key)


@cache
def _loadable_rules() -> tuple[Rule, ...]:
    try:
        return all_rules()
    except Exception:
        logger.exception("the rule registry failed to load; loading rules one by one")

    rules: list[Rule] = []
    for name in RULE_MODULES:
        try:
            module = importlib.import_module(f"planlint.checks.rules.{name}")
        except Exception:
            logger.exception("rule module %s cannot be imported; skipped", name)
            continue
        rules.extend(_rules_in(module.__name__, vars(module).values()))
    return tuple(rules)


def _rules_in(module_name: str, members: object) -> list[Rule]:
    found: list[Rule] = []
    for member in members:  # type: ignore[attr-defined]
        is_rule = isinstance(member, type) and issubclass(member, Rule)
        if is_rule and member is not Rule and member.__module__ == module_name:
            found.append(member())
    return found


@dataclass(frozen=True)
class View:
    """What a feature needs: a plan, the document asked about, the encoding."""

    analysis: Analysis
    document: Document
    encoding: Encoding = Encoding.UTF16

    @property
    def plan(self) -> Plan:
        return self.analysis.plan

    @property
    def uri(self) -> str:
        return self.analysis.uri_of(self.document.path or "-")

    def range(self, span: Span, document: Document | None = None) -> types.Range:
        """The LSP range of `span` in `document` (default: the one asked about)."""
        index = (document or self.document).index
        return span_range(index, span, self.encoding)

    def location(self, place: Place) -> types.Location:
        uri = self.analysis.uri_of(place.document.path or "-")
        return types.Location(uri=uri, range=self.range(place.span, place.document))

    def offset(self, position: types.Position) -> int:
        """The code-point offset in the document of an LSP position."""
        return offset_at(self.document.index, position, self.encoding)

    def position(self, offset: int) -> Position:
        return self.document.index.position(offset)

    def owns(self, place: Place) -> bool:
        return place.document is self.document
