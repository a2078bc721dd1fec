"""docs/formatting.md shows real output: every example is run here."""

from __future__ import annotations

import io
import os
import re
from itertools import pairwise
from pathlib import Path

import pytest

from planlint.cli.fmt import main
from planlint.format import format_text
from tests.conftest import ROOT

DOC = ROOT / "docs" / "formatting.md"
_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")


def _blocks(text: str) -> list[tuple[str, str]]:
    """(info string, content) of every top-level fenced block of the doc."""
    blocks: list[tuple[str, str]] = []
    lines = iter(text.split("\n"))
    for line in lines:
        opening = _OPEN.fullmatch(line)
        if opening is None:
            continue
        fence, info = opening.groups()
        body: list[str] = []
        for inner in lines:
            if inner.startswith(fence[0] * len(fence)) and not inner.strip(fence[0]):
                break
            body.append(inner)
        blocks.append((info.strip(), "".join(f"{b}\n" for b in body)))
    return blocks


def _pairs(first: str, second: str) -> list[tuple[str, str]]:
    blocks = _blocks(DOC.read_text(encoding="utf-8"))
    pairs = []
    for (info, content), (next_info, next_content) in pairwise(blocks):
        if info == first:
            assert next_info == second, f"`{first}` block not followed by `{second}`"
            pairs.append((content, next_content))
    return pairs


EXAMPLES = _pairs("plan before", "plan after")


def test_the_doc_has_an_example_per_rule() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(
    "before, after", EXAMPLES, ids=[f"example-{n}" for n in range(len(EXAMPLES))]
)
def test_example_is_real_output(before: str, after: str) -> None:
    assert before != after
    assert format_text(before) == after
    assert format_text(after) == after


@pytest.mark.parametrize(
    "before, after", _pairs("plan force-before", "plan force-after")
)
def test_force_example_is_real_output(before: str, after: str) -> None:
    assert format_text(before, force=True) == after


@pytest.mark.parametrize("plan, stderr", _pairs("plan refused", "text stderr"))
def test_refusal_message_is_real_output(plan: str, stderr: str, tmp_path: Path) -> None:
    (tmp_path / "bad.plan").write_text(plan, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        status = main(["bad.plan"], out, err)
    finally:
        os.chdir(here)

    assert (status, out.getvalue(), err.getvalue()) == (2, "", stderr)
    assert (tmp_path / "bad.plan").read_text(encoding="utf-8") == plan
