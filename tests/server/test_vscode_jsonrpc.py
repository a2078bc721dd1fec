"""VS Code's own JSON-RPC stack (node `vscode-jsonrpc`) against the real server.

It is the one client here that breaks on a stray byte on stdout, so the server
runs with a handler that prints and spawns a child that prints. Node and the
extension's node_modules are test requirements (scripts/setup-dev installs
them): without them this test fails rather than skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.server.lsp import find, lines_of, span_range

HERE = Path(__file__).parent
EXTENSION = ROOT / "editors" / "vscode"
EMOJI = HERE / "data" / "emoji.plan.md"


def test_vscode_jsonrpc_reads_a_clean_stream(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node is required: run scripts/setup-dev"
    assert (EXTENSION / "node_modules" / "vscode-jsonrpc").is_dir(), (
        "editors/vscode/node_modules is missing: run scripts/setup-dev"
    )
    text = EMOJI.read_text(encoding="utf-8")
    line, column = find(text, "build", line_hint='id="deploy"')
    character = len(lines_of(text)[line][:column].encode("utf-16-le")) // 2 + 1
    server = [sys.executable, str(HERE / "faulty_server.py")]
    env = {"PLANLINT_LSP_CMD_JSON": json.dumps(server), "PLANLINT_TEST_FAULTS": "print"}

    done = subprocess.run(
        [
            node,
            str(HERE / "vscode_jsonrpc.js"),
            str(EXTENSION),
            str(EMOJI),
            str(line),
            str(character),
        ],
        capture_output=True,
        check=False,
        text=True,
        timeout=90,
        cwd=tmp_path,
        env={**os.environ, **env},
    )

    assert done.returncode == 0, (done.stdout, done.stderr[-2000:])
    seen = json.loads(done.stdout)
    assert seen["errors"] == []
    assert seen["encoding"] == "utf-16"
    ranges = {d["code"]: d["range"] for d in seen["diagnostics"]}
    expected = span_range(text, "stage:7")
    assert ranges["PL205"]["start"] == {
        "line": expected.start.line,
        "character": expected.start.character,
    }
    assert all("**task `build`**" in hover for hover in seen["hovers"])
    assert seen["exitCode"] == 0
    assert "a stray print from a handler" in done.stderr
