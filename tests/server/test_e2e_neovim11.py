"""End to end as Neovim 0.11 talks: UTF-8 positions, pulled diagnostics.

Neovim 0.11 offers utf-8 first, so every column in these answers is a byte
offset; it can pull diagnostics, so the server must not push any.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.server.conftest import CONFIG
from tests.server.lsp import (
    at,
    capabilities,
    close,
    doc,
    find,
    initialize,
    open_file,
    span_range,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

EMOJI = Path(__file__).parent / "data" / "emoji.plan.md"
PART = '## TASK ## id="发送" depends_on="合并 😀"\n## TASK ## id="x" note="🚀" depends_on="zz"\n'


async def test_utf8_is_negotiated(neovim11: LanguageClient) -> None:
    result = neovim11.server_capabilities  # type: ignore[attr-defined]

    assert result.position_encoding == types.PositionEncodingKind.Utf8
    assert result.diagnostic_provider is not None  # pull, since the client pulls


async def test_pulled_diagnostics_cover_included_files(
    neovim11: LanguageClient, tmp_path: Path
) -> None:
    plan = tmp_path / "main.plan.md"
    plan.write_text('## STAGE ## name="发布 🚀" mode="serial"\n@part.md\n', "utf-8")
    (tmp_path / "part.md").write_text(PART, "utf-8")
    uri, _ = open_file(neovim11, plan)

    report = await neovim11.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=doc(uri))
    )
    again = await neovim11.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=doc(uri), previous_result_id=report.result_id
        )
    )

    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    part_uri = (tmp_path / "part.md").as_uri()
    assert report.related_documents is not None
    part = report.related_documents[part_uri]
    assert isinstance(part, types.FullDocumentDiagnosticReport)
    by_code = {str(d.code): d.range for d in part.items}
    assert by_code["PL202"] == span_range(PART, "zz", "utf-8")  # after 🚀: 4 bytes
    assert by_code["PL202"].start.character == 42  # 39 code points + 3
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    await asyncio.sleep(0.5)
    assert not neovim11.published  # type: ignore[attr-defined]
    close(neovim11, uri)


async def test_utf8_positions_in_navigation(neovim11: LanguageClient) -> None:
    uri, text = open_file(neovim11, EMOJI)
    where = at(text, "build", "utf-8", shift=1, line_hint='id="deploy"')

    hover = await neovim11.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=where)
    )
    edit = await neovim11.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=where, new_name="make")
    )

    assert hover is not None
    assert hover.range == span_range(text, "build", "utf-8", line_hint='id="deploy"')
    assert hover.range.start.character == 54  # 47 code points; 上线 and 🚀 grow
    assert edit is not None and edit.changes is not None
    starts = {(e.range.start.line, e.range.start.character) for e in edit.changes[uri]}
    assert (14, 54) in starts
    close(neovim11, uri)


async def test_incremental_edits_in_utf8(neovim11: LanguageClient) -> None:
    uri, text = open_file(neovim11, EMOJI)
    line, column = find(text, "部署到预发环境 🌏")
    after_globe = at(text, "部署到预发环境 🌏", "utf-8", shift=9)

    neovim11.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=after_globe, end=after_globe),
                    text=" 与生产 🏭",
                )
            ],
        )
    )
    server_text = await neovim11.workspace_execute_command_async(
        types.ExecuteCommandParams(command="planlint.documentText", arguments=[uri])
    )

    lines = text.split("\n")
    lines[line] = lines[line][: column + 9] + " 与生产 🏭" + lines[line][column + 9 :]
    assert server_text == "\n".join(lines)
    close(neovim11, uri)


async def test_semantic_token_lengths_in_utf8(neovim11: LanguageClient) -> None:
    uri, _text = open_file(neovim11, EMOJI)

    found = await neovim11.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc(uri))
    )

    assert found is not None
    first = list(found.data[:5])
    assert first == [0, 0, len("# 发布计划 🚀 表情与中文的位置测试".encode()), 7, 0]
    close(neovim11, uri)


@pytest_lsp.fixture(scope="module", config=CONFIG)
async def refreshing(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A pulling client that also accepts `workspace/diagnostic/refresh`."""
    caps = capabilities("neovim@v0.11.0")
    caps.workspace = types.WorkspaceClientCapabilities(
        diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    )
    await lsp_client.initialize_session(initialize(caps))
    yield
    await lsp_client.shutdown_session()


async def test_editing_an_included_file_asks_to_pull_again(
    refreshing: LanguageClient, tmp_path: Path
) -> None:
    plan = tmp_path / "main.plan.md"
    plan.write_text('## STAGE ## name="s" mode="serial"\n@part.md\n', "utf-8")
    part = tmp_path / "part.md"
    part.write_text(PART, "utf-8")
    plan_uri, _ = open_file(refreshing, plan)
    part_uri, _ = open_file(refreshing, part)
    before = refreshing.diagnostic_refresh_count

    refreshing.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=part_uri, version=2
            ),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="改\n")],
        )
    )
    await asyncio.wait_for(_refreshed(refreshing, before), 10)
    report = await refreshing.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=doc(plan_uri))
    )

    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert {str(d.code) for d in report.items} == {"PL506"}  # the stage lost its tasks
    close(refreshing, part_uri)
    close(refreshing, plan_uri)


async def _refreshed(client: LanguageClient, before: int) -> None:
    while client.diagnostic_refresh_count == before:
        await asyncio.sleep(0.01)
