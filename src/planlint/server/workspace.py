"""All open plans together: which plan speaks for which file, and their views.

A file that an open plan includes is seen through that plan (its tasks sit in
the plan's stages), so its diagnostics and navigation come from the includer;
a file no open plan includes is a plan of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types

from planlint.checks import Checker, Diagnostic
from planlint.config import ConfigError, Resolver, Settings
from planlint.server.analysis import Analysis, View, analyze
from planlint.server.documents import DocumentStore, OpenDocument
from planlint.server.memory import Collector, release
from planlint.server.positions import Encoding
from planlint.syntax.speed import paused_gc

logger = logging.getLogger(__name__)

Pairs = list[tuple[Analysis, Diagnostic]]
Found = dict[str, Pairs]


class Workspace:
    """Open documents and their analyses, rebuilt only when something changed."""

    def __init__(self, encoding: Encoding = Encoding.UTF16) -> None:
        self.store = DocumentStore()
        self.encoding = encoding
        self.collector = Collector()
        self._analyses: dict[str, Analysis] = {}
        # kept across forget(): a Checker's keys hold all it read, so it stays
        # right when included files change on disk; it is replaced when the
        # plan's settings (its configuration file) change
        self._checkers: dict[str, tuple[Settings, Checker]] = {}
        self._resolver = Resolver()

    def open(self, item: types.TextDocumentItem) -> OpenDocument:
        return self.store.open(item.uri, item.text, item.version, item.language_id)

    def change(
        self,
        uri: str,
        version: int | None,
        changes: Sequence[types.TextDocumentContentChangeEvent],
    ) -> OpenDocument | None:
        return self.store.change(uri, version, changes, self.encoding)

    def close(self, uri: str) -> None:
        self.store.close(uri)
        self._checkers.pop(uri, None)
        closed = self._analyses.pop(uri, None)
        if closed is not None:
            release(closed)

    def forget(self) -> None:
        """Drop every analysis, e.g. after files changed on disk.

        Configuration files are read again too, as `planlint` would."""
        self._analyses.clear()
        self._resolver = Resolver()

    def analysis(self, uri: str) -> Analysis | None:
        """The analysis of an open document, rebuilt if it is out of date."""
        document = self.store.get(uri)
        if document is None:
            return None

        cached = self._analyses.get(uri)
        if cached is not None and cached.is_current(document, self.store):
            return cached
        with paused_gc():  # frozen before the collector could walk the new plan
            settings, checker = self._checker(document)
            fresh = analyze(document, self.store, cached, checker, settings)
            self._analyses[uri] = fresh
            if cached is not None:
                self.collector.retire(cached)
            self.collector.settled()
        return fresh

    def _checker(self, document: OpenDocument) -> tuple[Settings, Checker]:
        """The checker of a document under its configuration, as `planlint`
        would find it; kept while those settings stay the same."""
        settings = self._settings(document)
        kept = self._checkers.get(document.uri)
        if kept is None or kept[0] != settings:
            kept = (settings, Checker(settings.enabled(document.path)))
            self._checkers[document.uri] = kept
        return kept

    def _settings(self, document: OpenDocument) -> Settings:
        """The settings of the nearest configuration file; the defaults for an
        unsaved document or an invalid file (logged, as the CLI would fail)."""
        if document.path is None:
            return Settings()
        try:
            return self._resolver(Path(document.path))
        except ConfigError as error:
            logger.warning("ignoring an invalid configuration: %s", error)
            return Settings()

    def analyses(self) -> list[Analysis]:
        found = (self.analysis(document.uri) for document in self.store)
        return [analysis for analysis in found if analysis is not None]

    def includers(self, uri: str) -> list[Analysis]:
        """Open plans, other than `uri` itself, that include `uri`."""
        return [a for a in self.analyses() if a.uri != uri and uri in a.included]

    def view(self, uri: str) -> View | None:
        """How to see `uri`: through a plan that includes it, else on its own."""
        for analysis in [*self.includers(uri), self.analysis(uri)]:
            document = analysis.document_of(uri) if analysis is not None else None
            if analysis is not None and document is not None:
                return View(analysis, document, self.encoding)
        return None

    def diagnostics(self) -> Found:
        """Diagnostics by URI for every open file and every file they include."""
        analyses = self.analyses()
        included = {uri for analysis in analyses for uri in analysis.included}
        found: Found = {document.uri: [] for document in self.store}
        seen: set[tuple[str, Diagnostic]] = set()
        for analysis in analyses:
            for uri in analysis.included:
                found.setdefault(uri, [])
            for diagnostic in analysis.diagnostics:
                uri = analysis.uri_of(diagnostic.location.path)
                if uri == analysis.uri and uri in included:
                    continue  # an includer speaks for this file
                if (uri, diagnostic) not in seen:
                    seen.add((uri, diagnostic))
                    found.setdefault(uri, []).append((analysis, diagnostic))
        return found
