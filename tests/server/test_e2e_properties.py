"""Property: random incremental edits never crash the real server, and its copy
of the text always equals the client's (the editor's)."""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from tests.server.lsp import SERVER, TIMEOUT, lines_of

T = TypeVar("T")
PIECES = st.sampled_from(
    ["a", " ", "名", "😀", "\n", "\r\n", "\r", "\x0c", "\u2028", '"', "=", ",", "#",
     "## STAGE ## ", "## TASK ## ", 'id="x" ', 'depends_on="x, y"', "mode=", "@part.md\n",
     "文件: a/**\n", "```\n"]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=30).map("".join)


class Session:
    """One real server, driven from a thread that runs the client's event loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = LanguageClient("property-client", "1")
        self.names = itertools.count()
        self.run(self.client.start_io(*SERVER))
        params = types.InitializeParams(capabilities=types.ClientCapabilities())
        self.run(self.client.initialize_async(params))
        self.notify(lambda: self.client.initialized(types.InitializedParams()))

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(TIMEOUT)

    def notify(self, send: Any) -> None:
        async def sending() -> None:
            send()

        self.run(sending())

    def close(self) -> None:
        self.run(self.client.shutdown_async(None))
        self.notify(lambda: self.client.exit(None))
        self.run(self.client.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(TIMEOUT)


@pytest.fixture(scope="module")
def session() -> Iterator[Session]:
    running = Session()
    yield running
    running.close()


def _position(text: str, offset: int) -> types.Position:
    """The UTF-16 position of `offset`, from Python's codecs alone."""
    lines = lines_of(text[:offset])
    return types.Position(
        line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2
    )


def _spots(text: str) -> list[int]:
    return [
        i
        for i in range(len(text) + 1)
        if not (0 < i < len(text) and text[i - 1 : i + 1] == "\r\n")
    ]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=TEXTS, data=st.data())
def test_random_edits_keep_the_servers_copy_in_sync(
    session: Session, text: str, data: st.DataObject
) -> None:
    client = session.client
    uri = f"untitled:property-{next(session.names)}"
    item = types.TextDocumentItem(uri=uri, language_id="plan", version=1, text=text)
    session.notify(
        lambda: client.text_document_did_open(
            types.DidOpenTextDocumentParams(text_document=item)
        )
    )

    for version in range(2, data.draw(st.integers(2, 8))):
        spots = _spots(text)
        start = data.draw(st.sampled_from(spots))
        end = data.draw(st.sampled_from([s for s in spots if s >= start]))
        new = data.draw(TEXTS)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=_position(text, start), end=_position(text, end)),
            text=new,
        )
        params = types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=uri, version=version
            ),
            content_changes=[change],
        )
        session.notify(lambda params=params: client.text_document_did_change(params))
        text = text[:start] + new + text[end:]

    copy = session.run(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="planlint.documentText", arguments=[uri])
        )
    )
    where = _position(text, data.draw(st.sampled_from(_spots(text))))
    document = types.TextDocumentIdentifier(uri=uri)
    session.run(
        client.text_document_hover_async(
            types.HoverParams(text_document=document, position=where)
        )
    )
    session.run(
        client.text_document_completion_async(
            types.CompletionParams(text_document=document, position=where)
        )
    )
    session.run(
        client.text_document_semantic_tokens_full_async(
            types.SemanticTokensParams(text_document=document)
        )
    )
    session.notify(
        lambda: client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=document)
        )
    )
    assert copy == text
