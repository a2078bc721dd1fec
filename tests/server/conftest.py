"""Clients connected to a real `planlint lsp` process, one server per module.

Modules that use them set `pytestmark = pytest.mark.asyncio(loop_scope="module")`:
a module-scoped LSP fixture on a function-scoped event loop hangs.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import make_test_lsp_client

from tests.server.lsp import SERVER, TIMEOUT, capabilities, initialize

Published = types.PublishDiagnosticsParams


def recording_client() -> LanguageClient:
    """A test client that also keeps every publishDiagnostics, in order."""
    client = make_test_lsp_client()
    published: list[Published] = []
    client.published = published  # type: ignore[attr-defined]
    features = client.protocol.fm.features
    original = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(params: Published) -> None:
        published.append(params)
        original(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record

    registered: list[types.Registration] = []
    client.registered = registered  # type: ignore[attr-defined]

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registered.extend(params.registrations)

    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=recording_client)


@pytest_lsp.fixture(scope="module", config=CONFIG)
async def vscode(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """Like VS Code 1.65: UTF-16 positions, pushed diagnostics, snippets."""
    caps = capabilities("visual-studio-code")
    result = await lsp_client.initialize_session(initialize(caps))
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(scope="module", config=CONFIG)
async def neovim11(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """Like Neovim 0.11: UTF-8 positions (offered first), pulled diagnostics."""
    caps = capabilities("neovim@v0.11.0")
    result = await lsp_client.initialize_session(initialize(caps))
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def published(
    client: LanguageClient,
    uri: str,
    since: int = 0,
    accept: Callable[[Published], bool] = lambda _: True,
) -> Published:
    """The first publishDiagnostics for `uri` after the `since`-th one."""
    log: list[Published] = client.published  # type: ignore[attr-defined]

    async def wait() -> Published:
        seen = since
        while True:
            for params in log[seen:]:
                if params.uri == uri and accept(params):
                    return params
            seen = len(log)
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(wait(), TIMEOUT)


def mark(client: LanguageClient) -> int:
    """How many diagnostics notifications arrived so far (for `published`)."""
    return len(client.published)  # type: ignore[attr-defined]
