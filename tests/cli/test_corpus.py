"""The CLI on the real plans: the seed and every corpus file with expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planlint import check, load
from planlint.checks import Severity, rule_for
from tests.cli.conftest import Run
from tests.conftest import CORPUS, ROOT, SEED

PLANS = sorted(CORPUS.glob("*.plan.md"))


def _api_rows(plan: str) -> list[tuple[str, int, int, int, int, str, str]]:
    """What the public API finds in `plan`, as the JSON output should say it."""
    rows = []
    for d in check(load(plan)):
        start, end = d.location.start, d.location.end
        position = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        rows.append((d.location.path, *position, d.code, d.message))
    return rows


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_corpus_plan(
    planlint: Run, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CORPUS)

    result = planlint("--output-format", "json", plan.name)

    found = json.loads(result.out)["diagnostics"]
    keys = ("path", "line", "column", "end_line", "end_column", "code", "message")
    assert [tuple(d[k] for k in keys) for d in found] == _api_rows(plan.name)
    for diagnostic in found:
        rule = rule_for(diagnostic["code"])
        assert rule is not None
        assert diagnostic["rule"] == rule.name
        assert diagnostic["severity"] == rule.severity
    errors = any(d["severity"] == Severity.ERROR for d in found)
    assert result.code == (1 if errors else 0)


def test_seed_exits_0_with_exactly_one_pl701_warning(
    planlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    seed = str(SEED.relative_to(ROOT))

    result = planlint("--output-format", "json", seed)
    full = planlint(seed)

    found = json.loads(result.out)["diagnostics"]
    problems = [d for d in found if d["severity"] != "info"]
    assert result.code == full.code == 0
    assert [(d["code"], d["severity"], d["line"]) for d in problems] == [
        ("PL701", "warning", 4)
    ]
    assert full.out.startswith(f"{seed}:4:")
    assert full.out.splitlines()[-1].startswith("Found 1 warning")


def test_the_whole_corpus_directory(planlint: Run) -> None:
    result = planlint("--output-format", "concise", str(CORPUS))

    assert result.code == 1
    assert result.err == ""
    rows = result.out.splitlines()[:-1]
    plans = {row.split(":")[0] for row in rows if ".plan.md:" in row}
    assert plans == {str(p) for p in PLANS if _api_rows(str(p))}
