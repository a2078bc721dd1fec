"""Diagnostics to the client: pushed after a quiet moment, or pulled on request.

A client gets one mode only: editors that pull (LSP 3.17) and also receive
pushes show every problem twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from lsprotocol import types

from planlint.server.diagnostics import to_lsp
from planlint.server.workspace import Found, Pairs, Workspace

logger = logging.getLogger(__name__)

DEBOUNCE = 0.3  # seconds without edits before a pushed check

Send = Callable[[types.PublishDiagnosticsParams], None]


class Publisher:
    """Pushes what changed since the last push, or builds pull reports."""

    def __init__(self, plans: Workspace, send: Send) -> None:
        self.plans = plans
        self.send = send
        self.pull = False
        self.delay = DEBOUNCE
        self._timer: asyncio.TimerHandle | None = None
        self._published: dict[str, list[types.Diagnostic]] = {}

    def schedule(self, delay: float | None = None) -> None:
        """Push in `delay` seconds, unless another edit comes first."""
        if self.pull:
            return
        self.cancel()
        loop = asyncio.get_running_loop()
        wait = self.delay if delay is None else delay
        self._timer = loop.call_later(wait, self.push)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def push(self) -> None:
        """Publish every file whose diagnostics changed; never raises."""
        self._timer = None
        try:
            self._push()
        except Exception:
            logger.exception("publishing diagnostics failed")

    def _push(self) -> None:
        found = self.plans.diagnostics()
        published = {uri: self._convert(items) for uri, items in found.items()}
        for uri in self._published.keys() - published.keys():
            published[uri] = []  # no open plan speaks for it any more: clear it once
        for uri, diagnostics in published.items():
            if self._published.get(uri) != diagnostics:
                self._send(uri, diagnostics)
        self._published = {uri: published[uri] for uri in found}

    def _send(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        document = self.plans.store.get(uri)
        version = document.version if document is not None else None
        params = types.PublishDiagnosticsParams(
            uri=uri, diagnostics=diagnostics, version=version
        )
        self.send(params)

    def report(
        self, uri: str, previous: str | None = None
    ) -> types.DocumentDiagnosticReport:
        """The pull report of `uri`, with the files its plan includes."""
        found = self.plans.diagnostics()
        analysis = self.plans.analysis(uri)
        related = sorted(analysis.included) if analysis is not None else []
        result_id = _result_id(found, [uri, *related])
        if previous == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)

        reports: dict[str, types.FullDocumentDiagnosticReport] = {
            other: types.FullDocumentDiagnosticReport(
                items=self._convert(found.get(other, []))
            )
            for other in related
        }
        return types.RelatedFullDocumentDiagnosticReport(
            items=self._convert(found.get(uri, [])),
            result_id=result_id,
            related_documents=reports or None,
        )

    def _convert(self, items: Pairs) -> list[types.Diagnostic]:
        encoding = self.plans.encoding
        return [to_lsp(analysis, d, encoding) for analysis, d in items]


def _result_id(found: Found, uris: list[str]) -> str:
    """Equal for equal diagnostics of these files, within this process."""
    key = tuple((uri, tuple(d for _, d in found.get(uri, []))) for uri in uris)
    return f"{hash(key) & 0xFFFFFFFFFFFF:x}"
