"""`planlint -` reads a plan from stdin; `--stdin-filename` names and anchors it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.conftest import CORPUS

MAIN = """\
## STAGE ## name="一" mode="serial"
@parts/more.md
"""
PART = """\
## TASK ## id="a"
做事

## TASK ## id="b" depends_on="nope"
再做事
"""


def _rows(out: str) -> list[tuple[str, int, int, str]]:
    found = json.loads(out)["diagnostics"]
    return [(d["path"], d["line"], d["column"], d["code"]) for d in found]


def test_stdin_without_a_name_is_called_dash(planlint: Run) -> None:
    text = '## STAGE ## name="一" mode="serial" depends_on="task:nope"\n' + PART

    result = planlint("--output-format", "concise", "-", stdin=text.encode())

    assert result.code == 1
    assert result.out.startswith("-:1:48: PL202 [unknown-dependency] ")


def test_stdin_filename_resolves_includes_like_the_file(
    planlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = CORPUS / "include-missing-file.plan.md"
    monkeypatch.chdir(tmp_path)  # away from the plan: includes must follow NAME

    piped = planlint(
        "--output-format",
        "json",
        "--stdin-filename",
        str(plan),
        "-",
        stdin=plan.read_bytes(),
    )
    direct = planlint("--output-format", "json", str(plan))

    assert piped.code == direct.code == 1
    assert _rows(piped.out) == _rows(direct.out)
    missing = [row[1] for row in _rows(piped.out) if row[3] == "PL401"]
    assert missing == [11, 15]  # not L7: include-parts/ is found beside NAME


def test_stdin_filename_alone_reads_stdin(planlint: Run, tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "more.md").write_text(PART, encoding="utf-8")
    name = str(tmp_path / "main.plan.md")

    result = planlint(
        "--output-format", "json", "--stdin-filename", name, stdin=MAIN.encode()
    )

    part = str(tmp_path / "parts" / "more.md")
    assert _rows(result.out) == [(part, 4, 31, "PL202")]
    assert result.code == 1


def test_stdin_keeps_crlf_and_bom(planlint: Run) -> None:
    plan = CORPUS / "utf8-bom.plan.md"

    result = planlint("--output-format", "json", "-", stdin=plan.read_bytes())

    assert _rows(result.out) == [("-", 1, 1, "PL009")]


def test_stdin_filename_without_dash_among_paths_warns(planlint: Run) -> None:
    plan = str(CORPUS / "valid-full-featured.plan.md")

    result = planlint("--stdin-filename", "x.plan", plan)

    assert result.code == 0
    assert result.err == "planlint: warning: --stdin-filename is ignored without `-`\n"
