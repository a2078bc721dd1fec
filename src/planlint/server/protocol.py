"""The LSP protocol with planlint's document store and stricter error answers."""

from __future__ import annotations

import logging
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol, lsp_method

if TYPE_CHECKING:
    from planlint.server.server import PlanServer

logger = logging.getLogger(__name__)

Handled = Generator[Any, Any, None]


class PlanProtocol(LanguageServerProtocol):
    """Keeps open documents in planlint's store instead of pygls' workspace.

    pygls splits documents with `str.splitlines()`, so incremental edits after
    a form feed or U+2028 land on the wrong line; our store does not.
    """

    _server: PlanServer

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Handled:
        self._server.plans.open(params.text_document)
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Handled:
        document = params.text_document
        changes = params.content_changes
        self._server.plans.change(document.uri, document.version, changes)
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Handled:
        self._server.plans.close(params.text_document.uri)
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params)

    def _user_handler(self, method: str, params: Any) -> Handled:
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Answer a request whose params do not fit, instead of leaving it hanging."""
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                logger.error("bad params for %s: %s", data.get("method"), error)
                self._send_response(data["id"], error=error.to_response_error())
            raise
