"""`planlint lsp`: the handlers, each a thin call into a feature module."""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types
from pygls.exceptions import FeatureNotificationError, JsonRpcException
from pygls.lsp.server import LanguageServer

import planlint
from planlint.server import (
    actions,
    completion,
    formatting,
    hints,
    hover,
    links,
    navigation,
    symbols,
    tokens,
)
from planlint.server.analysis import View
from planlint.server.positions import encoding_of
from planlint.server.protocol import PlanProtocol
from planlint.server.publisher import Publisher
from planlint.server.workspace import Workspace

logger = logging.getLogger(__name__)

NAME = "planlint"
REQUEST_FAILED = -32803  # LSP's RequestFailed: a refusal the user should read
DOCUMENT_TEXT = "planlint.documentText"


class PlanServer(LanguageServer):
    """A pygls server holding planlint's documents and diagnostics publisher."""

    def __init__(self) -> None:
        super().__init__(NAME, planlint.__version__, protocol_cls=PlanProtocol)
        self.plans = Workspace()
        self.publisher = Publisher(self.plans, self.text_document_publish_diagnostics)
        self.snippets = False
        self._reported: set[str] = set()

    def configure(self, params: types.InitializeParams) -> None:
        """Take the encoding, diagnostics mode and snippet support of the client."""
        capabilities = params.capabilities
        self.plans.encoding = encoding_of(self.workspace.position_encoding)
        options = params.initialization_options
        options = options if isinstance(options, dict) else {}
        pulls = _supports_pull(capabilities)
        self.publisher.pull = options.get("diagnostics", "auto") != "push" and pulls
        self.publisher.delay = float(options.get("debounce", self.publisher.delay))
        self.snippets = _supports_snippets(capabilities)
        if not self.publisher.pull:  # advertise pull only to clients that use it
            self.protocol.fm.features.pop(types.TEXT_DOCUMENT_DIAGNOSTIC, None)
        logger.info(
            "client %s: %s positions, %s diagnostics",
            params.client_info.name if params.client_info else "unknown",
            self.plans.encoding,
            "pull" if self.publisher.pull else "push",
        )

    def view(self, uri: str) -> View | None:
        return self.plans.view(uri)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log every error; tell the user once about a failed notification."""
        logger.error("%s: %s", getattr(source, "__name__", source), error)
        if source is FeatureNotificationError and str(error) not in self._reported:
            self._reported.add(str(error))
            message = f"planlint: internal error: {error} (details in the server log)"
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message)
            )

    def refresh_includers(self, uri: str) -> None:
        """In pull mode, ask the client to pull again when other plans changed."""
        workspace = self.client_capabilities.workspace
        diagnostics = workspace.diagnostics if workspace is not None else None
        can_refresh = diagnostics is not None and bool(diagnostics.refresh_support)
        if self.publisher.pull and can_refresh and self.plans.includers(uri):
            self.workspace_diagnostic_refresh(None)


def _supports_pull(capabilities: types.ClientCapabilities) -> bool:
    document = capabilities.text_document
    return document is not None and document.diagnostic is not None


def _supports_snippets(capabilities: types.ClientCapabilities) -> bool:
    document = capabilities.text_document
    completion_caps = document.completion if document is not None else None
    item = completion_caps.completion_item if completion_caps is not None else None
    return bool(item is not None and item.snippet_support)


# Files whose change on disk changes what the open plans report: the
# configuration files (as `planlint` finds them) and plans an open plan may
# include. Registered with clients that let a server ask for it.
_WATCH = types.RegistrationParams(
    registrations=[
        types.Registration(
            id="planlint-watched-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[
                    types.FileSystemWatcher(glob_pattern=pattern)
                    for pattern in (
                        "**/{.planlint.toml,planlint.toml,pyproject.toml}",
                        "**/*.{plan,plan.md,plan.txt}",
                        "**/dag.md",
                    )
                ]
            ),
        )
    ]
)


def _can_watch(capabilities: types.ClientCapabilities) -> bool:
    workspace = capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    return bool(watched is not None and watched.dynamic_registration)


def _log_watch_failure(result: object) -> None:
    if isinstance(result, Exception):
        logger.warning("the client did not watch configuration files: %s", result)


def refuse(message: str) -> JsonRpcException:
    """An error answer whose message the editor shows to the user."""
    return JsonRpcException(message=message, code=REQUEST_FAILED)


def create_server() -> PlanServer:
    """A server with every feature registered."""
    server = PlanServer()
    for register in (
        _register_lifecycle,
        _register_documents,
        _register_diagnostics,
        _register_navigation,
        _register_rename,
        _register_editing,
        _register_formatting,
        _register_display,
        _register_structure,
        _register_tokens,
    ):
        register(server)
    return server


def _register_lifecycle(server: PlanServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: PlanServer, params: types.InitializeParams) -> None:
        ls.configure(params)

    @server.feature(types.INITIALIZED)
    def initialized(ls: PlanServer, params: types.InitializedParams) -> None:
        if _can_watch(ls.client_capabilities):
            ls.client_register_capability(_WATCH, _log_watch_failure)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: PlanServer, *params: object) -> None:
        ls.publisher.cancel()


def _register_documents(server: PlanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PlanServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.plans.collector.activity()
        ls.publisher.schedule(0)
        ls.refresh_includers(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PlanServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.plans.collector.activity()
        ls.publisher.schedule()
        ls.refresh_includers(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PlanServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.publisher.schedule(0)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PlanServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.plans.forget()  # included files may have changed on disk
        ls.publisher.schedule(0)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(
        ls: PlanServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        ls.plans.forget()
        ls.publisher.schedule()


def _register_diagnostics(server: PlanServer) -> None:
    options = types.DiagnosticOptions(
        identifier=NAME, inter_file_dependencies=True, workspace_diagnostics=False
    )

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, options)
    def pull(
        ls: PlanServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        uri = params.text_document.uri
        return ls.publisher.report(uri, params.previous_result_id)

    @server.command(DOCUMENT_TEXT)
    def document_text(ls: PlanServer, uri: str) -> str | None:
        """The server's copy of an open document (for tests and bug reports)."""
        document = ls.plans.store.get(uri)
        return document.text if document is not None else None


def _register_navigation(server: PlanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(
        ls: PlanServer, params: types.DefinitionParams
    ) -> list[types.Location] | None:
        view = ls.view(params.text_document.uri)
        return navigation.definition(view, params.position) if view else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(
        ls: PlanServer, params: types.ReferenceParams
    ) -> list[types.Location] | None:
        view = ls.view(params.text_document.uri)
        declaration = params.context.include_declaration
        if view is None:
            return None
        return navigation.references(view, params.position, declaration)

    @server.feature(types.WORKSPACE_SYMBOL)
    def workspace_symbol(
        ls: PlanServer, params: types.WorkspaceSymbolParams
    ) -> list[types.WorkspaceSymbol]:
        analyses = ls.plans.analyses()
        return symbols.workspace_symbols(analyses, params.query, ls.plans.encoding)


def _register_rename(server: PlanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(
        ls: PlanServer, params: types.PrepareRenameParams
    ) -> types.Range | None:
        view = ls.view(params.text_document.uri)
        try:
            return navigation.prepare_rename(view, params.position) if view else None
        except navigation.RenameError as error:
            raise refuse(str(error)) from error

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(
        ls: PlanServer, params: types.RenameParams
    ) -> types.WorkspaceEdit | None:
        view = ls.view(params.text_document.uri)
        try:
            if view is None:
                return None
            return navigation.rename(view, params.position, params.new_name)
        except navigation.RenameError as error:
            raise refuse(str(error)) from error


def _register_editing(server: PlanServer) -> None:
    completion_options = types.CompletionOptions(
        trigger_characters=completion.TRIGGERS, resolve_provider=False
    )

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, completion_options)
    def complete(
        ls: PlanServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        view = ls.view(params.text_document.uri)
        if view is None:
            return None
        return completion.completion(view, params.position, ls.snippets)

    action_options = types.CodeActionOptions(code_action_kinds=actions.KINDS)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, action_options)
    def code_action(
        ls: PlanServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        found = ls.plans.diagnostics().get(params.text_document.uri, [])
        only = params.context.only
        return actions.code_actions(found, params.range, only, ls.plans.encoding)


def _register_formatting(server: PlanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def format_document(
        ls: PlanServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        return _format(ls, params.text_document.uri, None)

    @server.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
    def format_range(
        ls: PlanServer, params: types.DocumentRangeFormattingParams
    ) -> list[types.TextEdit] | None:
        return _format(ls, params.text_document.uri, params.range)


def _format(
    ls: PlanServer, uri: str, wanted: types.Range | None
) -> list[types.TextEdit] | None:
    document = ls.plans.store.get(uri)
    if document is None:
        return None
    try:
        return formatting.format_document(document, wanted, ls.plans.encoding)
    except formatting.FormattingError as error:
        raise refuse(str(error)) from error


def _register_display(server: PlanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: PlanServer, params: types.HoverParams) -> types.Hover | None:
        view = ls.view(params.text_document.uri)
        return hover.hover(view, params.position) if view else None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(
        ls: PlanServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | None:
        view = ls.view(params.text_document.uri)
        return symbols.document_symbols(view) if view else None

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    def folding_range(
        ls: PlanServer, params: types.FoldingRangeParams
    ) -> list[types.FoldingRange] | None:
        view = ls.view(params.text_document.uri)
        return symbols.folding_ranges(view.document) if view else None


def _register_structure(server: PlanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK)
    def document_link(
        ls: PlanServer, params: types.DocumentLinkParams
    ) -> list[types.DocumentLink] | None:
        view = ls.view(params.text_document.uri)
        return links.document_links(view) if view else None

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hint(
        ls: PlanServer, params: types.InlayHintParams
    ) -> list[types.InlayHint] | None:
        view = ls.view(params.text_document.uri)
        lines = range(params.range.start.line, params.range.end.line + 1)
        return hints.inlay_hints(view, lines) if view else None


def _register_tokens(server: PlanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, tokens.LEGEND)
    def semantic_tokens(
        ls: PlanServer, params: types.SemanticTokensParams
    ) -> types.SemanticTokens | None:
        view = ls.view(params.text_document.uri)
        return tokens.semantic_tokens(view.document, view.encoding) if view else None

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, tokens.LEGEND)
    def semantic_tokens_range(
        ls: PlanServer, params: types.SemanticTokensRangeParams
    ) -> types.SemanticTokens | None:
        view = ls.view(params.text_document.uri)
        if view is None:
            return None
        lines = range(params.range.start.line, params.range.end.line + 1)
        return tokens.semantic_tokens(view.document, view.encoding, lines)
