"""The pure feature functions, in process, on the seed, the corpus and small plans."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from planlint.checks import Diagnostic
from planlint.checks.rules.pl003_bad_attr_syntax import STAGE_ATTRS, TASK_ATTRS
from planlint.server import (
    actions,
    analysis,
    completion,
    hover,
    navigation,
    symbols,
    vocabulary,
)
from planlint.server.analysis import View
from planlint.server.publisher import Publisher
from planlint.server.workspace import Workspace
from tests.server.lsp import CORPUS, SEED, at, find, span_range

PARALLEL = """## STAGE ## name="准备" mode="serial"
## TASK ## id="prep"
准备

## STAGE ## name="并行 🚀" mode="parallel" depends_on=""
## TASK ## id="a" depends_on="b"
甲
## TASK ## id="b" depends_on=""
乙
## TASK ## id="c"
丙
## TASK ##
无名
"""


def _open(workspace: Workspace, path: Path, text: str | None = None) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8") if text is None else text
    uri = path.resolve().as_uri() if path.is_absolute() else f"untitled:{path}"
    workspace.open(
        types.TextDocumentItem(uri=uri, language_id="plan", version=1, text=text)
    )
    return uri, text


def _view(text: str, name: str = "t.plan.md") -> tuple[View, str]:
    workspace = Workspace()
    uri, _ = _open(workspace, Path(name), text)
    view = workspace.view(uri)
    assert view is not None
    return view, text


def test_the_vocabulary_matches_the_checks() -> None:
    assert tuple(vocabulary.STAGE_ATTRS) == STAGE_ATTRS
    assert tuple(vocabulary.TASK_ATTRS) == TASK_ATTRS


def test_depends_on_offers_only_tasks_that_may_run_before() -> None:
    view, text = _view(PARALLEL)
    where = at(text, "b", line_hint='id="a"', nth=0)

    found = completion.completion(view, where)

    assert found is not None
    assert [item.label for item in found.items] == ["prep", "b", "c"]


def test_a_parallel_sibling_that_needs_the_task_is_not_offered() -> None:
    view, text = _view(PARALLEL)
    where = at(text, 'depends_on=""', shift=12, line_hint='id="b"')

    found = completion.completion(view, where)

    assert found is not None
    assert [item.label for item in found.items] == ["prep", "c"]  # a needs b


def test_a_stage_depends_on_offers_earlier_stages_and_their_tasks() -> None:
    view, text = _view(PARALLEL)
    where = at(text, 'depends_on=""', shift=12, line_hint="并行")

    found = completion.completion(view, where)

    assert found is not None
    assert [(i.label, i.detail) for i in found.items] == [
        ("stage:1", "准备"),
        ("task:prep", "准备"),
    ]


def test_values_after_an_equals_sign_come_quoted() -> None:
    view, _ = _view('## STAGE ## name="x" mode=\n')

    found = completion.completion(view, types.Position(line=0, character=26))

    assert found is not None
    assert [item.label for item in found.items] == ['"serial"', '"parallel"']


def test_no_attribute_names_inside_a_title_or_on_prose() -> None:
    view, _ = _view(
        '## STAGE ## name="x" mode="serial"\n## TASK ## 重构 A \n说明文字很长\n'
    )

    assert completion.completion(view, types.Position(line=1, character=16)) is None
    assert completion.completion(view, types.Position(line=2, character=6)) is None


def test_snippets_only_for_clients_that_take_them() -> None:
    view, _ = _view('## STAGE ## name="x" mode="serial"\n## TASK ## id="a" \n')

    plain = completion.completion(view, types.Position(line=1, character=18), False)

    assert plain is not None
    assert {i.insert_text_format for i in plain.items} == {
        types.InsertTextFormat.PlainText
    }
    assert all("$" not in i.text_edit.new_text for i in plain.items)  # type: ignore[union-attr]


def test_hover_on_an_attribute_a_field_and_an_unknown_reference() -> None:
    view, text = _view(
        '## STAGE ## name="x" mode="serial"\n'
        '## TASK ## id="a" on_failure="retry" depends_on="zz" colour="red"\n'
        "文件：src/**\n"
    )

    on_failure = hover.hover(view, at(text, "retry", shift=1))
    unknown = hover.hover(view, at(text, "zz", shift=1))
    field = hover.hover(view, at(text, "文件"))
    colour = hover.hover(view, at(text, "colour"))

    assert on_failure is not None and "try again up to `retry`" in _text(on_failure)
    assert unknown is not None and _text(unknown) == "no task has the id `zz`"
    assert field is not None and "file scope" in _text(field)
    assert colour is not None and "not an attribute of a TASK marker" in _text(colour)


def _text(found: types.Hover) -> str:
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


def test_hover_code_keeps_backticks_intact() -> None:
    assert hover.code("a`b") == "``a`b``"
    assert hover.code("`x`") == "`` `x` ``"


def test_rename_reaches_into_included_files(tmp_path: Path) -> None:
    (tmp_path / "part.md").write_text('## TASK ## id="b" depends_on="a"\n', "utf-8")
    plan = tmp_path / "main.plan.md"
    workspace = Workspace()
    uri, text = _open(
        workspace,
        plan,
        '## STAGE ## name="s" mode="serial"\n## TASK ## id="a"\n@part.md\n',
    )
    view = workspace.view(uri)
    assert view is not None

    edit = navigation.rename(view, at(text, '"a"', shift=1), "alpha")

    assert edit is not None and edit.changes is not None
    assert set(edit.changes) == {uri, (tmp_path / "part.md").as_uri()}


def test_rename_is_refused_on_an_anonymous_task_and_a_stage_name() -> None:
    view, text = _view(PARALLEL)

    assert navigation.prepare_rename(view, at(text, "## TASK ##", nth=3)) is None
    assert navigation.prepare_rename(view, at(text, "准备", shift=1)) is None


def test_references_to_a_stage() -> None:
    view, text = _view(SEED.read_text(encoding="utf-8"))

    found = navigation.references(view, at(text, "stage:2", shift=6))

    assert [loc.range for loc in found] == [
        span_range(text, "迁移脚本开发"),
        span_range(text, "stage:2"),
    ]


def test_an_included_file_is_seen_through_its_plan() -> None:
    workspace = Workspace()
    part = CORPUS / "include-parts" / "scan-tasks.md"
    part_uri, _ = _open(workspace, part)
    alone = workspace.diagnostics()[part_uri]
    _open(workspace, CORPUS / "include-missing-file.plan.md")
    included = workspace.diagnostics()[part_uri]

    view = workspace.view(part_uri)
    assert view is not None
    found = symbols.document_symbols(view)

    assert {d.code for _, d in alone} >= {"PL001"}  # alone it is no plan
    assert included == []
    assert [s.name for s in found] == ["s1.t1", "s1.t2"]  # stage 1 is in the plan


def test_folding_covers_header_stages_tasks_and_fences() -> None:
    text = '# 头\n# 二\n\n## STAGE ## name="s" mode="serial"\n## TASK ## id="a"\n```\n## TASK ## no\n```\n\n'
    view, _ = _view(text)

    found = {(f.start_line, f.end_line) for f in symbols.folding_ranges(view.document)}

    assert found == {(0, 1), (3, 7), (4, 7), (5, 7)}


def test_fix_all_takes_safe_fixes_that_do_not_overlap() -> None:
    workspace = Workspace()
    uri, _ = _open(workspace, CORPUS / "unknown-dependency.plan.md")
    found = workspace.diagnostics()[uri]
    whole = types.Range(
        start=types.Position(line=0, character=0),
        end=types.Position(line=99, character=0),
    )

    everything = actions.code_actions(found, whole)
    only_fix_all = actions.code_actions(found, whole, ["source.fixAll"])

    safe = [d for _, d in found if d.fix is not None and d.fix.safe]
    quick = [a for a in everything if a.kind == types.CodeActionKind.QuickFix]
    assert len(quick) == len([d for _, d in found if d.fix is not None])
    assert [a.kind for a in only_fix_all] == [actions.FIX_ALL]
    edits = only_fix_all[0].edit.changes[uri]  # type: ignore[union-attr, index]
    assert 0 < len(edits) <= sum(len(d.fix.edits) for d in safe)  # type: ignore[union-attr]
    starts = sorted((e.range.start.line, e.range.start.character) for e in edits)
    assert len(set(starts)) == len(starts)


def test_a_failing_rule_is_skipped_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_check(checker: object, plan: object) -> list[Diagnostic]:
        raise RuntimeError("registry exploded")

    rules = analysis._loadable_rules()
    failing = next(rule for rule in rules if rule.code == "PL701")
    monkeypatch.setattr(analysis.Checker, "check", broken_check)
    monkeypatch.setattr(failing, "check", lambda plan: iter([1 / 0]))
    workspace = Workspace()
    uri, _ = _open(workspace, CORPUS / "unknown-dependency.plan.md")

    found = workspace.diagnostics()[uri]

    assert "PL202" in {d.code for _, d in found}
    assert "PL701" not in {d.code for _, d in found}


def test_workspace_symbols_match_names_and_titles() -> None:
    workspace = Workspace()
    _open(workspace, SEED)

    by_title = symbols.workspace_symbols(workspace.analyses(), "支付")

    assert [s.name for s in by_title] == ["payment-migration", "test-migrate-payments"]


def test_the_definition_of_a_derived_id_task_reference_is_empty() -> None:
    view, text = _view(PARALLEL + '## TASK ## depends_on="s2.t4"\n')

    assert navigation.definition(view, at(text, "s2.t4", shift=1)) == []
    assert find(text, "s2.t4")[0] == 13


def test_hover_on_a_rule_in_a_suppression_comment_shows_its_manual() -> None:
    view, text = _view(
        '## STAGE ## name="s" mode="serial"\n'
        "# planlint: disable-next-line=unknown-dependency, PL999 -- 以后再说 😀\n"
        '## TASK ## id="a" depends_on="zz"\n'
    )

    known = hover.hover(view, at(text, "unknown-dependency", shift=3))
    unknown = hover.hover(view, at(text, "PL999"))

    assert known is not None and _text(known).startswith("## PL202 unknown-dependency")
    assert known.range == span_range(text, "unknown-dependency")
    assert unknown is not None and _text(unknown) == "no rule is named `PL999`"


def test_pushes_only_what_changed_and_clears_closed_files_once() -> None:
    workspace = Workspace()
    sent: list[types.PublishDiagnosticsParams] = []
    publisher = Publisher(workspace, sent.append)
    clean, _ = _open(workspace, SEED)
    broken, _ = _open(workspace, CORPUS / "unknown-dependency.plan.md")

    publisher.push()
    first = [(p.uri, len(p.diagnostics)) for p in sent]
    publisher.push()
    again = len(sent)
    workspace.close(broken)
    publisher.push()
    publisher.push()

    assert sorted(first) == sorted([(clean, 2), (broken, 6)])
    assert again == 2
    assert [(p.uri, len(p.diagnostics)) for p in sent[2:]] == [(broken, 0)]
