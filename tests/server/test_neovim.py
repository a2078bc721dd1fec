"""A real editor: headless Neovim with editors/nvim's `require("planlint").setup`.

Neovim is a test requirement (scripts/setup-dev installs Debian's 0.7.2); when it
is missing these tests fail, they do not skip. Neovim keeps diagnostic columns in
bytes, so the expected columns are the linter's code-point columns encoded as
UTF-8 here: the server's UTF-16 answer must survive Neovim's conversion.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import planlint
from tests.conftest import ROOT
from tests.server.lsp import CORPUS, SEED, find, lines_of

SCRIPT = Path(__file__).parent / "nvim_check.lua"
EMOJI = Path(__file__).parent / "data" / "emoji.plan.md"
BROKEN = CORPUS / "unknown-dependency.plan.md"


def _run_nvim(files: list[Path], hover: str, tmp_path: Path) -> list[dict[str, Any]]:
    nvim = shutil.which("nvim")
    assert nvim, "Neovim is required: run scripts/setup-dev (apt-get install neovim)"
    env = {
        **os.environ,
        "PLANLINT_LSP_CMD": f"{sys.executable}\t-m\tplanlint\tlsp",
        "PLANLINT_FILES": "\t".join(str(f) for f in files),
        "PLANLINT_HOVER": hover,
        "XDG_STATE_HOME": str(tmp_path),  # keep nvim's lsp.log out of $HOME
        "XDG_CACHE_HOME": str(tmp_path),
    }
    command = [
        nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
        "--cmd", f"set rtp^={ROOT / 'editors' / 'nvim'}",
        "--cmd", "filetype on",
        "-c", f"luafile {SCRIPT}",
    ]  # fmt: skip
    done = subprocess.run(
        command,
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert done.returncode == 0, (rows, done.stderr[-2000:])
    return rows


def _expected(path: Path) -> list[tuple[str, int, int, int, int]]:
    """The linter's diagnostics, with columns in UTF-8 bytes as Neovim keeps them."""
    text = path.read_text(encoding="utf-8")
    lines = lines_of(text)
    found = []
    for d in planlint.check(text, str(path)):
        start, end = d.location.start, d.location.end
        found.append(
            (
                d.code,
                start.line,
                len(lines[start.line][: start.column].encode()),
                end.line,
                len(lines[end.line][: end.column].encode()),
            )
        )
    return sorted(found)


def _received(
    rows: list[dict[str, Any]], path: Path
) -> list[tuple[str, int, int, int, int]]:
    return sorted(
        (r["code"], r["lnum"], r["col"], r["end_lnum"], r["end_col"])
        for r in rows
        if r.get("file") == str(path) and "code" in r
    )


def test_neovim_shows_the_diagnostics_and_hover(tmp_path: Path) -> None:
    seed_text = SEED.read_text(encoding="utf-8")
    line, column = find(
        seed_text, "test-migrate-users", line_hint="test-migrate-orders"
    )
    byte = len(lines_of(seed_text)[line][:column].encode())

    rows = _run_nvim([SEED, BROKEN, EMOJI], f"{line + 1}:{byte + 3}", tmp_path)

    for path in (SEED, BROKEN, EMOJI):
        assert _received(rows, path) == _expected(path), path.name
    heads = {r["file"]: r for r in rows if "filetype" in r}
    assert {h["filetype"] for h in heads.values()} == {"plan"}
    assert heads[str(BROKEN)]["count"] == 6
    broken = _received(rows, BROKEN)
    assert ("PL202", 18, 81, 18, 93) in broken  # after 搬数据: bytes, not code points
    stage_ref = [r for r in _received(rows, EMOJI) if r[0] == "PL205"]
    assert stage_ref == [("PL205", 12, 84, 12, 91)]  # 77 code points: 发布 and 🚀 grow
    hover = next(r for r in rows if "hover" in r)
    assert "**task `test-migrate-users`**" in hover["hover"]
    assert hover["character"] == column + 3  # ASCII before it on the line
