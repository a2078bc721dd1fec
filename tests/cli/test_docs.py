"""The examples in README.md and docs/cli.md are real output, and stay so.

A ```console block holds `$ planlint ...` commands, each followed by what it
prints on stdout; the test runs them from the repository root. After a change
to what the CLI prints, regenerate the blocks with
`.venv/bin/python tests/cli/test_docs.py --update` and read the diff.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", ROOT / "docs" / "cli.md"]
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.DOTALL | re.MULTILINE)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _examples(text: str) -> list[tuple[str, str]]:
    """(command, output) pairs of every console block, in order."""
    pairs: list[tuple[str, str]] = []
    for block in BLOCK.findall(text):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
    return pairs


def _run(command: str) -> str:
    from planlint.cli.main import main

    argv = shlex.split(command)
    assert argv[0] == "planlint", f"examples run planlint only: {command}"
    out = io.StringIO()
    main(argv[1:], out, io.StringIO())
    return out.getvalue()


def _cases() -> list[tuple[Path, str, str]]:
    return [(doc, c, o) for doc in DOCS for c, o in _examples(doc.read_text("utf-8"))]


@pytest.mark.parametrize(
    ("doc", "command", "output"),
    _cases(),
    ids=lambda v: v.name if isinstance(v, Path) else None,
)
def test_example_output_is_real(
    doc: Path, command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    assert _run(command) == output, f"run `{sys.argv[0]} --update` if intended"


def test_every_doc_has_examples() -> None:
    for doc in DOCS:
        assert _examples(doc.read_text("utf-8")), doc


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_relative_links_point_at_files(doc: Path) -> None:
    targets = LINK.findall(doc.read_text("utf-8"))
    local = [t for t in targets if "://" not in t]

    missing = [t for t in local if not (doc.parent / t).exists()]

    assert not missing, f"{doc.name} links to missing files: {missing}"


def test_readme_and_ci_run_the_same_tests() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8").strip().splitlines()

    [command] = re.findall(r"^bash scripts/setup-dev && (.+)$", readme, re.MULTILINE)
    assert ci[-2:] == ["bash scripts/setup-dev", command]
    assert readme.index(command) < readme.index("\n## ")  # among the first lines


def _update(doc: Path) -> None:
    def rerun(block: re.Match[str]) -> str:
        lines = []
        for command, _ in _examples(block.group(0)):
            lines.append(f"$ {command}\n{_run(command)}")
        return "```console\n" + "".join(lines) + "```"

    text = doc.read_text("utf-8")
    doc.write_text(BLOCK.sub(rerun, text), "utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    os.chdir(ROOT)
    os.environ.pop("FORCE_COLOR", None)
    for path in DOCS:
        _update(path)
