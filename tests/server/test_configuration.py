"""The server reads the plan's configuration as `planlint` does.

A rule the nearest configuration file turns off is not reported in the editor,
a severity it changes is the one shown, and editing that file (a save or a
watched-file change) takes effect; the diagnostics always equal those of
`planlint --output-format json` run on the same file.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from lsprotocol import types

from planlint.cli.main import main
from planlint.server.documents import uri_of
from planlint.server.workspace import Workspace
from tests.server.lsp import CORPUS

CONFLICTS = CORPUS / "parallel-file-conflicts.plan.md"


def _cli(plan: Path) -> list[tuple[int, int, str, str]]:
    out = io.StringIO()
    main(["--output-format", "json", str(plan)], out, io.StringIO())
    return sorted(
        (d["line"] - 1, d["column"] - 1, d["code"], d["severity"])
        for d in json.loads(out.getvalue())["diagnostics"]
        if d["path"] == str(plan)
    )


def _server(workspace: Workspace, uri: str) -> list[tuple[int, int, str, str]]:
    analysis = workspace.analysis(uri)
    assert analysis is not None
    return sorted(
        (d.location.start.line, d.location.start.column, d.code, d.severity.value)
        for d in analysis.diagnostics
        if d.location.path == analysis.plan.path
    )


def _open(workspace: Workspace, plan: Path) -> str:
    uri = uri_of(str(plan))
    text = plan.read_text(encoding="utf-8")
    workspace.open(types.TextDocumentItem(uri, "plan", 1, text))
    return uri


def test_the_configuration_selects_rules_and_severities(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "p.plan.md"
    plan.parent.mkdir()
    shutil.copy(CONFLICTS, plan)
    config = tmp_path / "planlint.toml"
    config.write_text(
        'ignore = ["PL601"]\n[severity]\nPL602 = "error"\n', encoding="utf-8"
    )
    workspace = Workspace()
    uri = _open(workspace, plan)

    found = _server(workspace, uri)

    assert found == _cli(plan)
    assert not any(code == "PL601" for _, _, code, _ in found)
    assert {sev for _, _, code, sev in found if code == "PL602"} == {"error"}


def test_editing_the_configuration_takes_effect(tmp_path: Path) -> None:
    plan = tmp_path / "p.plan.md"
    shutil.copy(CONFLICTS, plan)
    workspace = Workspace()
    uri = _open(workspace, plan)
    before = {code for _, _, code, _ in _server(workspace, uri)}

    (tmp_path / ".planlint.toml").write_text('ignore = ["PL6"]\n', encoding="utf-8")
    workspace.forget()  # what didSave and didChangeWatchedFiles do
    after = _server(workspace, uri)

    assert {"PL601", "PL602"} <= before
    assert not any(code.startswith("PL6") for _, _, code, _ in after)
    assert after == _cli(plan)


def test_an_invalid_configuration_falls_back_to_the_defaults(tmp_path: Path) -> None:
    plan = tmp_path / "p.plan.md"
    shutil.copy(CONFLICTS, plan)
    (tmp_path / "planlint.toml").write_text('select = ["PL99X"]\n', encoding="utf-8")
    workspace = Workspace()
    uri = _open(workspace, plan)

    codes = {code for _, _, code, _ in _server(workspace, uri)}

    assert {"PL601", "PL602"} <= codes
