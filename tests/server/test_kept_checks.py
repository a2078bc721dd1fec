"""The server's diagnostics after incremental edits equal a fresh `planlint.check`.

The Workspace re-parses only the touched blocks and keeps one Checker per open
plan, which re-runs block and stage rules only where the text changed. After
every edit of a random sequence, sent as LSP range changes in UTF-16, what the
Workspace reports for the plan and the files it includes must be exactly what
`planlint.check` finds from scratch in the server's copy of the text (whether
that copy equals the editor's is tested in test_documents.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

import planlint
from planlint.checks import Diagnostic
from planlint.server.workspace import Workspace
from tests.server.lsp import CORPUS, SEED

PIECES = [
    '## TASK ## id="a" depends_on="b,b"\n',
    '## STAGE ## name="并行 🚀" mode="parallel"\n',
    "## TASK##x\n",
    "文件: src/a.ts\n",
    "验证： make test\n",
    "填 [待定] 😀\n",
    "# planlint: disable-next-line=PL504\n",
    "\n",
    "名",
    "😀",
]
EDITS = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 30), st.sampled_from([*PIECES, ""])),
    min_size=1,
    max_size=8,
)
PLANS = [*sorted(CORPUS.glob("*.plan.md")), SEED]


def _position(text: str, offset: int) -> types.Position:
    """The LSP position (UTF-16) of a code-point offset, as an editor counts."""
    before = text[:offset]
    line = before.count("\n")
    start = before.rfind("\n") + 1
    units = len(before[start:].encode("utf-16-le")) // 2
    return types.Position(line=line, character=units)


def _change(
    text: str, start: int, end: int, new: str
) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=_position(text, start), end=_position(text, end)),
        text=new,
    )


def _same_as_check(workspace: Workspace, uri: str, path: Path) -> str:
    """Compare, over the plan and the files it includes; the server's text."""
    document = workspace.store.get(uri)
    assert document is not None
    found = [d for pairs in workspace.diagnostics().values() for _, d in pairs]
    wanted = planlint.check(document.text, str(path))
    assert sorted(found, key=_order) == sorted(wanted, key=_order)
    return document.text


def _order(diagnostic: Diagnostic) -> tuple[str, int, int, str, str]:
    return (*diagnostic.sort_key, diagnostic.message)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_edits_through_the_workspace(
    plan: Path, edits: list[tuple[float, int, str]]
) -> None:
    text = plan.read_text(encoding="utf-8")
    if "\r" in text:
        return  # positions here count LF line ends only
    uri = plan.resolve().as_uri()
    workspace = Workspace()
    item = types.TextDocumentItem(uri=uri, language_id="plan", version=1, text=text)
    workspace.open(item)
    text = _same_as_check(workspace, uri, plan.resolve())

    for version, (at, cut, new) in enumerate(edits, start=2):
        start = int(at * len(text))
        if new.endswith("\n"):
            start = text.rfind("\n", 0, start) + 1
        end = min(start + cut, len(text))
        workspace.change(uri, version, [_change(text, start, end, new)])
        text = _same_as_check(workspace, uri, plan.resolve())


def test_a_save_keeps_the_checker_and_its_findings_right(tmp_path: Path) -> None:
    part = tmp_path / "part.plan.md"
    part.write_text('## TASK ## id="p"\n写 p\n', encoding="utf-8")
    plan = tmp_path / "main.plan.md"
    text = '## STAGE ## name="一" mode="serial"\n\n@part.plan.md\n\n## TASK ##\n写\n'
    plan.write_text(text, encoding="utf-8")
    uri = plan.as_uri()
    workspace = Workspace()
    item = types.TextDocumentItem(uri=uri, language_id="plan", version=1, text=text)
    workspace.open(item)
    _same_as_check(workspace, uri, plan)
    analysis = workspace.analysis(uri)
    assert analysis is not None
    checker = analysis.checker

    part.write_text('## TASK ## id="p"\n写 [待定]\n', encoding="utf-8")
    workspace.forget()  # what didSave and watched-file changes do
    _same_as_check(workspace, uri, plan)

    again = workspace.analysis(uri)
    assert again is not None and again.checker is checker
    assert checker.reused > 0
    assert "PL504" in {
        d.code for pairs in workspace.diagnostics().values() for _, d in pairs
    }
