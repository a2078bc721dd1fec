"""The server does not die: garbage, half-typed markers, huge lines, vanished
files, untitled documents, malformed requests and handlers that raise."""

from __future__ import annotations

import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.server.conftest import mark, published, recording_client
from tests.server.lsp import capabilities, close, doc, initialize, lines_of, open_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

FAULTY = Path(__file__).parent / "faulty_server.py"
GARBAGE = (
    '## TAS\n## TASK ## id="\n## STAGE ## name="a" mode=\n## STAGE ##\n'
    '## TASK ## depends_on="stage:,,task:" id=\'x\' 😀="1"\n\x00\x0c\u2028## TASK\r'
    "@\n@ \n```\n## TASK ## inside a fence\n文件：\n验证:\n## TASK##: 😀\n"
)


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, str(FAULTY)],
        server_env={"PLANLINT_TEST_FAULTS": "crash"},
        client_factory=recording_client,
    ),
)
async def faulty(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize(capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


async def test_every_request_on_garbage_answers(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, Path("x"), text=GARBAGE, uri="untitled:garbage")
    await published(vscode, uri)

    for line, line_text in enumerate(lines_of(text)):
        for character in range(0, len(line_text.encode("utf-16-le")) // 2 + 2, 3):
            where = types.Position(line=line, character=character)
            await _ask_everything(vscode, uri, where)
    await _ask_document_wide(vscode, uri)
    close(vscode, uri)


async def _ask_everything(
    client: LanguageClient, uri: str, where: types.Position
) -> None:
    document = doc(uri)
    await client.text_document_hover_async(
        types.HoverParams(text_document=document, position=where)
    )
    await client.text_document_completion_async(
        types.CompletionParams(text_document=document, position=where)
    )
    await client.text_document_definition_async(
        types.DefinitionParams(text_document=document, position=where)
    )
    await client.text_document_references_async(
        types.ReferenceParams(
            text_document=document,
            position=where,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    try:
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=document, position=where)
        )
    except JsonRpcException as error:  # a refusal is an answer, not a crash
        assert "no task has the id" in str(error)


async def _ask_document_wide(client: LanguageClient, uri: str) -> None:
    document = doc(uri)
    whole = types.Range(
        start=types.Position(line=0, character=0),
        end=types.Position(line=10_000, character=0),
    )
    assert (
        await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=document)
        )
        is not None
    )
    await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=document)
    )
    await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=document)
    )
    await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=document, range=whole)
    )
    await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=document,
            range=whole,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )


async def test_a_huge_line(vscode: LanguageClient) -> None:
    huge = "说明 😀 " * 40_000
    text = f'## STAGE ## name="s" mode="serial"\n## TASK ## id="a" {huge}\n{huge}\n'
    since = mark(vscode)
    started = time.monotonic()
    uri, _ = open_file(vscode, Path("x"), text=text, uri="untitled:huge")

    params = await published(vscode, uri, since)
    hover = await vscode.text_document_hover_async(
        types.HoverParams(
            text_document=doc(uri), position=types.Position(line=1, character=16)
        )
    )

    assert time.monotonic() - started < 10
    assert hover is not None and "**task `a`**" in hover.contents.value  # type: ignore[union-attr]
    assert all(d.range.end.line <= 3 for d in params.diagnostics)
    close(vscode, uri)


async def test_an_included_file_that_disappears(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    part = tmp_path / "part.md"
    part.write_text('## TASK ## id="a"\n说明\n', "utf-8")
    plan = tmp_path / "main.plan.md"
    plan.write_text('## STAGE ## name="s" mode="serial"\n@part.md\n', "utf-8")
    uri, _ = open_file(vscode, plan)
    first = await published(vscode, uri)

    part.unlink()
    since = mark(vscode)
    vscode.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=doc(uri))
    )
    after = await published(vscode, uri, since)

    assert "PL401" not in {d.code for d in first.diagnostics}
    assert "PL401" in {d.code for d in after.diagnostics}
    close(vscode, uri)


async def test_an_open_file_that_was_never_saved(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    ghost = tmp_path / "never-saved.plan.md"
    since = mark(vscode)
    uri, _ = open_file(
        vscode, ghost, text='## STAGE ## name="s" mode="serial"\n@nope.md\n'
    )

    params = await published(vscode, uri, since)

    assert {d.code for d in params.diagnostics} >= {"PL401"}
    close(vscode, uri)


async def test_untitled_documents(vscode: LanguageClient) -> None:
    text = '## STAGE ## name="构建" mode="serial"\n## TASK ## id="a" depends_on="b"\n'
    since = mark(vscode)
    uri, _ = open_file(vscode, Path("x"), text=text, uri="untitled:Untitled-1")

    params = await published(vscode, uri, since)
    found = await vscode.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(uri))
    )

    assert [d.code for d in params.diagnostics] == ["PL202"]
    assert found is not None and [s.name for s in found] == ["1 构建"]
    close(vscode, uri)


async def test_requests_for_unknown_documents_answer_nothing(
    vscode: LanguageClient,
) -> None:
    document = doc("file:///nowhere/missing.plan.md")

    hover = await vscode.text_document_hover_async(
        types.HoverParams(
            text_document=document, position=types.Position(line=0, character=0)
        )
    )
    symbols = await vscode.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=document)
    )

    assert hover is None and symbols is None


async def test_a_crashing_handler_answers_an_error_and_the_server_lives_on(
    faulty: LanguageClient,
) -> None:
    uri, _text = open_file(
        faulty, Path("x"), text='## STAGE ## name="s" mode="serial"\n', uri="untitled:c"
    )
    where = types.Position(line=0, character=3)

    with pytest.raises(Exception, match="injected fault in hover"):
        await faulty.text_document_hover_async(
            types.HoverParams(text_document=doc(uri), position=where)
        )
    symbols = await faulty.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(uri))
    )

    assert symbols is not None and [s.name for s in symbols] == ["1 s"]
    close(faulty, uri)
