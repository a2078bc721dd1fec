"""The examples in docs/executor.md are real: each is rerun and compared."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from planlint.cli import graph, run
from tests.conftest import ROOT

DOC = ROOT / "docs" / "executor.md"
_BLOCK = re.compile(
    r"<!-- example (plan|output): (.+?) -->\n```text\n(.*?)```", re.DOTALL
)
COMMANDS = {"run": run.main, "graph": graph.main}


def _examples() -> tuple[dict[str, str], list[tuple[str, str]]]:
    plans: dict[str, str] = {}
    outputs: list[tuple[str, str]] = []
    for kind, what, body in _BLOCK.findall(DOC.read_text(encoding="utf-8")):
        if kind == "plan":
            plans[what] = body
        else:
            outputs.append((what, body))
    return plans, outputs


PLANS, OUTPUTS = _examples()


def test_the_doc_has_examples() -> None:
    assert PLANS and len(OUTPUTS) >= 2


@pytest.mark.parametrize(("command", "expected"), OUTPUTS, ids=[c for c, _ in OUTPUTS])
def test_example_output_is_what_planlint_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, expected: str
) -> None:
    for name, text in PLANS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    name, *argv = shlex.split(command)
    out, err = io.StringIO(), io.StringIO()

    assert COMMANDS[name](argv, out, err) == 0, err.getvalue()
    assert out.getvalue() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(PLANS)
