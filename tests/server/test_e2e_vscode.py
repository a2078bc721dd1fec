"""End to end over stdio, as VS Code talks: UTF-16 positions, pushed diagnostics.

One test per feature, on the seed plan, the corpus and a plan with CJK and
emoji on the very lines that matter.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.server.conftest import mark, published
from tests.server.lsp import (
    CORPUS,
    SEED,
    at,
    close,
    doc,
    find,
    lines_of,
    open_file,
    position,
    span_range,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

EMOJI = Path(__file__).parent / "data" / "emoji.plan.md"


def _codes(params: types.PublishDiagnosticsParams) -> list[tuple[str, int]]:
    return [(str(d.code), d.range.start.line) for d in params.diagnostics]


async def test_diagnostics_are_pushed_on_open(vscode: LanguageClient) -> None:
    since = mark(vscode)
    uri, text = open_file(vscode, EMOJI)

    params = await published(vscode, uri, since)

    assert params.version == 1
    assert _codes(params) == [("PL205", 12), ("PL101", 14), ("PL202", 20)]
    stage_ref = params.diagnostics[0]
    assert stage_ref.range == span_range(text, "stage:7")  # after 🚀: 2 units
    assert stage_ref.range.start.character == 78  # 77 code points; 🚀 counts 2
    assert stage_ref.severity == types.DiagnosticSeverity.Error
    assert stage_ref.source == "planlint"
    assert stage_ref.code_description is not None
    assert "pl205-stage-ref-out-of-range" in stage_ref.code_description.href
    assert "did you mean `stage:1`" in stage_ref.message
    close(vscode, uri)


async def test_diagnostics_have_related_locations(vscode: LanguageClient) -> None:
    path = CORPUS / "cycle-two-tasks.plan.md"
    since = mark(vscode)
    uri, _text = open_file(vscode, path)

    params = await published(vscode, uri, since)

    cycle = [d for d in params.diagnostics if d.code == "PL301"]
    assert cycle and cycle[0].range.start.line == 7  # README: L8
    related = cycle[0].related_information or []
    assert {r.location.uri for r in related} == {uri}
    assert 13 in {r.location.range.start.line for r in related}  # L14
    close(vscode, uri)


async def test_a_burst_of_changes_is_checked_once(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, SEED)
    await published(vscode, uri)
    since = mark(vscode)
    line, column = find(text, "backup-prod", line_hint="depends_on")

    started = time.monotonic()
    for version, typed in enumerate(["x", "y", "z", "w"], start=2):
        _type(vscode, uri, version, position(text, line, column + version - 2), typed)
        await asyncio.sleep(0.02)
    params = await published(vscode, uri, since)

    assert time.monotonic() - started >= 0.3  # the debounce waited for quiet
    assert params.version == 5
    await asyncio.sleep(0.5)
    assert [p.uri for p in vscode.published[since:]].count(uri) == 1  # type: ignore[attr-defined]
    unknown = [d for d in params.diagnostics if d.code == "PL202"]
    assert "xyzwbackup-prod" in unknown[0].message
    close(vscode, uri)


def _type(
    client: LanguageClient, uri: str, version: int, where: types.Position, text: str
) -> None:
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=where, end=where), text=text
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=uri, version=version
            ),
            content_changes=[change],
        )
    )


async def test_included_files_are_checked_with_their_plan(
    vscode: LanguageClient,
) -> None:
    part = CORPUS / "include-parts" / "scan-tasks.md"
    edited = part.read_text(encoding="utf-8").replace(
        "## TASK ##", '## TASK ## depends_on="nope"', 1
    )
    since = mark(vscode)
    main_uri, _ = open_file(vscode, CORPUS / "include-missing-file.plan.md")
    part_uri, _ = open_file(vscode, part, text=edited)  # unsaved: wins over disk

    params = await published(vscode, part_uri, since, lambda p: bool(p.diagnostics))
    main = await published(vscode, main_uri, since)

    assert _codes(params) == [("PL202", 4)]  # no no-stage: the includer speaks
    assert sorted(_codes(main)) == [("PL401", 10), ("PL401", 14), ("PL506", 8)]
    close(vscode, part_uri)
    close(vscode, main_uri)


async def test_hover(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, SEED)
    where = at(text, "test-migrate-users", shift=3, line_hint="test-migrate-orders")

    hover = await vscode.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=where)
    )

    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    card = hover.contents.value
    assert "**task `test-migrate-users`** · 在测试环境执行用户数据迁移" in card
    assert "3 测试环境迁移 (serial, in file order)" in card
    assert "`user-migration`" in card.split("depends on")[1].splitlines()[0]
    assert "`test-migrate-orders`" in card.split("needed by")[1].splitlines()[0]
    assert "npm run migrate:test -- users" in card
    assert hover.range == span_range(text, "test-migrate-users", nth=1)
    close(vscode, uri)


async def test_hover_on_stage_reference_and_attribute(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, EMOJI)

    stage = await _hover(vscode, uri, at(text, "stage:1", shift=6))
    mode = await _hover(vscode, uri, at(text, "parallel", shift=2))

    assert "**stage 1** · 构建 🧱" in stage
    assert "serial, in file order" in stage
    assert '`mode="parallel"`: tasks run together' in mode
    assert "- `serial`:" in mode
    close(vscode, uri)


async def _hover(client: LanguageClient, uri: str, where: types.Position) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=where)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def test_definition(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, EMOJI)

    found = await vscode.text_document_definition_async(
        types.DefinitionParams(
            text_document=doc(uri),
            position=at(text, "build", shift=2, line_hint="deploy"),
        )
    )
    stage = await vscode.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=at(text, "stage:1"))
    )

    assert isinstance(found, list) and isinstance(stage, list)
    assert found[0].range == span_range(text, "build", line_hint='id="build"')
    assert stage[0].range == span_range(text, "构建 🧱")
    close(vscode, uri)


async def test_definition_of_an_include_opens_the_file(vscode: LanguageClient) -> None:
    path = CORPUS / "include-missing-file.plan.md"
    uri, text = open_file(vscode, path)

    found = await vscode.text_document_definition_async(
        types.DefinitionParams(
            text_document=doc(uri), position=at(text, "@include-parts/scan", shift=3)
        )
    )

    assert isinstance(found, list)
    target = CORPUS / "include-parts" / "scan-tasks.md"
    assert [location.uri for location in found] == [target.resolve().as_uri()]
    close(vscode, uri)


async def test_references(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, SEED)

    found = await vscode.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(uri),
            position=at(text, "test-migrate-orders", shift=1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )

    assert found is not None
    assert [loc.range for loc in found] == [
        span_range(text, "test-migrate-orders", line_hint='id="test-migrate-orders"'),
        span_range(text, "test-migrate-orders", line_hint="test-migrate-payments"),
    ]
    close(vscode, uri)


async def test_rename(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, EMOJI)
    where = at(text, "build", line_hint="deploy")

    ready = await vscode.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(uri), position=where)
    )
    edit = await vscode.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=where, new_name="compile")
    )

    assert ready == span_range(text, "build", line_hint="deploy")
    assert edit is not None and edit.changes is not None
    ranges = sorted(
        (e.range.start.line, e.range.start.character) for e in edit.changes[uri]
    )
    assert ranges == [
        _start(span_range(text, "build", line_hint='id="build"')),
        _start(span_range(text, "build", line_hint='id="deploy"')),
        _start(span_range(text, "build", line_hint="deplyo")),
    ]
    assert ranges[1] == (14, 48)  # 47 code points; 🚀 is two UTF-16 units
    assert {e.new_text for e in edit.changes[uri]} == {"compile"}
    close(vscode, uri)


def _start(found: types.Range) -> tuple[int, int]:
    return found.start.line, found.start.character


async def test_rename_refuses_taken_and_invalid_ids(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, SEED)
    where = at(text, "backup-prod", line_hint="depends_on")

    for new_name, reason in (
        ("prod-migration", "already the id"),
        ("a b", "not a valid"),
    ):
        with pytest.raises(Exception, match=reason):
            await vscode.text_document_rename_async(
                types.RenameParams(
                    text_document=doc(uri), position=where, new_name=new_name
                )
            )
    nothing = await vscode.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(uri), position=at(text, "数据备份"))
    )
    assert nothing is None
    close(vscode, uri)


async def test_completion_in_depends_on(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, SEED)
    where = at(text, "test-migrate-users", line_hint="test-migrate-orders")

    found = await vscode.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=where)
    )

    assert isinstance(found, types.CompletionList)
    labels = [item.label for item in found.items]
    assert labels[:2] == ["backup-prod", "backup-verify"]
    assert "test-migrate-users" in labels  # the item being typed may stay
    assert "test-migrate-products" not in labels  # named already
    assert "test-migrate-payments" not in labels  # runs later in a serial stage
    assert "prod-migration" not in labels  # a later stage
    item = found.items[labels.index("test-migrate-users")]
    assert item.detail == "在测试环境执行用户数据迁移"
    assert isinstance(item.text_edit, types.TextEdit)
    assert item.text_edit.range == span_range(
        text, "test-migrate-users", line_hint="test-migrate-orders"
    )
    close(vscode, uri)


async def test_completion_of_names_values_and_blocks(vscode: LanguageClient) -> None:
    text = '## STAGE ## name="构建 🧱" mode="" \n## TASK ## id="a" \n\n'
    uri, _ = open_file(vscode, SEED, text=text, uri="untitled:Untitled-1")

    values = await _labels(vscode, uri, at(text, 'mode="', shift=6))
    names = await _labels(vscode, uri, types.Position(line=1, character=18))
    blocks = await _labels(vscode, uri, types.Position(line=2, character=0))

    assert values == ["serial", "parallel"]
    assert "depends_on" in names and "on_failure" in names and "id" not in names
    assert "文件:" in blocks and "## STAGE ##" in blocks and "## TASK ##" in blocks
    close(vscode, uri)


async def _labels(client: LanguageClient, uri: str, where: types.Position) -> list[str]:
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=where)
    )
    assert isinstance(found, types.CompletionList)
    return [item.label for item in found.items]


async def test_document_symbols(vscode: LanguageClient) -> None:
    uri, _text = open_file(vscode, SEED)

    found = await vscode.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(uri))
    )

    assert found is not None
    stages = [s for s in found if isinstance(s, types.DocumentSymbol)]
    assert [s.name for s in stages] == [
        "1 数据备份",
        "2 迁移脚本开发",
        "3 测试环境迁移",
        "4 生产环境迁移",
    ]
    assert [c.name for c in stages[0].children or []] == [
        "backup-prod",
        "backup-verify",
    ]
    assert (
        stages[0].children[0].detail == "备份生产数据库（完整备份，包含表结构和数据）"
    )  # type: ignore[index]
    assert stages[0].range.start.line == 5 and stages[0].range.end.line == 16
    close(vscode, uri)


async def test_workspace_symbols(vscode: LanguageClient) -> None:
    seed_uri, _ = open_file(vscode, SEED)
    other_uri, _ = open_file(vscode, CORPUS / "valid-full-featured.plan.md")

    found = await vscode.workspace_symbol_async(
        types.WorkspaceSymbolParams(query="migrat")
    )

    assert found is not None
    names = {
        (s.name, s.location.uri)
        for s in found
        if isinstance(s.location, types.Location)
    }
    assert ("prod-migration", seed_uri) in names
    assert all(uri == seed_uri for _, uri in names)
    close(vscode, seed_uri)
    close(vscode, other_uri)


async def test_folding_ranges(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, CORPUS / "valid-full-featured.plan.md")

    found = await vscode.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=doc(uri))
    )

    assert found is not None
    spans = {(f.start_line, f.end_line) for f in found}
    first_stage = find(text, "## STAGE ##")[0]
    assert (0, first_stage - 2) in spans or (0, first_stage - 1) in spans  # header
    first_task = find(text, "## TASK ##")[0]
    assert any(start == first_task for start, _ in spans)
    assert any(start == first_stage for start, _ in spans)
    close(vscode, uri)


async def test_semantic_tokens(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, EMOJI)

    found = await vscode.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc(uri))
    )

    assert found is not None
    tokens = _decode(found.data)
    line, column = find(text, "stage:7")
    expected = (line, position(text, line, column).character, 7, 4)  # namespace
    assert expected in tokens
    comment = (
        0,
        0,
        len("# 发布计划 🚀 表情与中文的位置测试".encode("utf-16-le")) // 2,
        7,
    )
    assert comment in tokens
    close(vscode, uri)


def _decode(data: list[int]) -> list[tuple[int, int, int, int]]:
    tokens = []
    line = start = 0
    for index in range(0, len(data), 5):
        delta_line, delta_start, length, kind, _ = data[index : index + 5]
        line += delta_line
        start = start + delta_start if delta_line == 0 else delta_start
        tokens.append((line, start, length, kind))
    return tokens


async def test_inlay_hints(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, EMOJI)
    whole = types.Range(
        start=types.Position(line=0, character=0),
        end=types.Position(line=len(lines_of(text)), character=0),
    )

    found = await vscode.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc(uri), range=whole)
    )

    assert found is not None
    hints = {(h.label, h.position.line, h.position.character) for h in found}
    stage_end = span_range(text, "stage:1").end
    assert ("构建 🧱", stage_end.line, stage_end.character) in hints
    task_line = find(text, '## TASK ## depends_on="build, deplyo"')[0]
    assert ("s2.t2", task_line, 10) in hints
    close(vscode, uri)


async def test_document_links(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, CORPUS / "include-missing-file.plan.md")

    found = await vscode.text_document_document_link_async(
        types.DocumentLinkParams(text_document=doc(uri))
    )

    assert found is not None
    assert [(link.range, link.target) for link in found] == [
        (
            span_range(text, "include-parts/scan-tasks.md"),
            (CORPUS / "include-parts" / "scan-tasks.md").resolve().as_uri(),
        ),
        (
            span_range(text, "include-parts/summary-task.md"),
            (CORPUS / "include-parts" / "summary-task.md").resolve().as_uri(),
        ),
    ]
    close(vscode, uri)


async def test_formatting(vscode: LanguageClient) -> None:
    text = '## STAGE ##   name="构建 🧱"    mode="serial"\n## TASK:  整理\n'
    uri, _ = open_file(vscode, SEED, text=text, uri="untitled:fmt-1")

    edits = await vscode.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=doc(uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )

    assert edits
    result = _apply(text, edits)
    assert result.startswith('## STAGE ## name="构建 🧱" mode="serial"\n')
    assert "## TASK ## 整理" in result
    close(vscode, uri)


async def test_formatting_refuses_syntax_errors(vscode: LanguageClient) -> None:
    text = '## STAGE ## name="构建 🧱" mode="serial"\n## TASK ## id="a\n'
    uri, _ = open_file(vscode, SEED, text=text, uri="untitled:fmt-2")

    with pytest.raises(Exception, match="not formatted: line 2, column 16"):
        await vscode.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=doc(uri),
                options=types.FormattingOptions(tab_size=4, insert_spaces=True),
            )
        )
    close(vscode, uri)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) the way an editor does."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: pos.line])
        units = lines[pos.line].encode("utf-16-le")[: pos.character * 2]
        return before + len(units.decode("utf-16-le"))

    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


async def test_code_actions(vscode: LanguageClient) -> None:
    uri, text = open_file(vscode, SEED)
    params = await published(vscode, uri)
    header = [d for d in params.diagnostics if d.code == "PL701"]

    found = await vscode.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=header[0].range,
            context=types.CodeActionContext(diagnostics=header),
        )
    )

    assert found is not None
    actions = [a for a in found if isinstance(a, types.CodeAction)]
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix)
    assert fix.is_preferred and fix.edit is not None and fix.edit.changes
    assert (
        _apply(text, list(fix.edit.changes[uri])).splitlines()[3] == "# 预计任务数: 11"
    )
    fix_all = next(a for a in actions if a.kind == "source.fixAll.planlint")
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert len(fix_all.edit.changes[uri]) == 1  # PL509's unsafe fix stays out
    close(vscode, uri)


async def test_the_configuration_applies_and_is_watched(
    vscode: LanguageClient, tmp_path: Path
) -> None:
    plan = tmp_path / "conflicts.plan.md"
    plan.write_bytes((CORPUS / "parallel-file-conflicts.plan.md").read_bytes())
    since = mark(vscode)
    uri, _ = open_file(vscode, plan)
    before = {str(d.code) for d in (await published(vscode, uri, since)).diagnostics}

    config = tmp_path / "planlint.toml"
    config.write_text('ignore = ["PL601"]\n', encoding="utf-8")
    since = mark(vscode)
    change = types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)
    vscode.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[change])
    )
    after = {str(d.code) for d in (await published(vscode, uri, since)).diagnostics}

    watched = [
        watcher["globPattern"]  # options arrive as JSON: the client knows no type
        for registration in vscode.registered  # type: ignore[attr-defined]
        if registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        for watcher in registration.register_options["watchers"]
    ]
    assert any("planlint.toml" in str(pattern) for pattern in watched)
    assert "PL601" in before and "PL601" not in after
    close(vscode, uri)
