"""End to end as Emacs 29's eglot talks: it offers UTF-32 first, so columns are
code points; it cannot pull, so diagnostics are pushed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.server.conftest import CONFIG, mark, published
from tests.server.lsp import at, capabilities, close, doc, find, initialize, open_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

EMOJI = Path(__file__).parent / "data" / "emoji.plan.md"


@pytest_lsp.fixture(scope="module", config=CONFIG)
async def emacs(lsp_client: LanguageClient) -> AsyncIterator[None]:
    result = await lsp_client.initialize_session(initialize(capabilities("emacs")))
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def test_code_point_columns(emacs: LanguageClient) -> None:
    since = mark(emacs)
    uri, text = open_file(emacs, EMOJI)

    params = await published(emacs, uri, since)
    hover = await emacs.text_document_hover_async(
        types.HoverParams(
            text_document=doc(uri),
            position=at(text, "build", "utf-32", line_hint="deploy"),
        )
    )

    capabilities = emacs.server_capabilities  # type: ignore[attr-defined]
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf32
    assert capabilities.diagnostic_provider is None  # eglot 29 cannot pull
    line, column = find(text, "stage:7")
    first = params.diagnostics[0]
    assert (first.range.start.line, first.range.start.character) == (line, column)
    assert hover is not None and hover.range is not None
    assert hover.range.start.character == find(text, "build", line_hint="deploy")[1]
    close(emacs, uri)
