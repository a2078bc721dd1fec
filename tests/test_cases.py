"""One generic runner for the rule cases in tests/cases.

Each `NAME.plan.md` (or `.plan.txt`, `.plan`) with a sibling `NAME.expected` is linted
from its own directory (so includes resolve as in a real checkout). Every line
of the expected file is `LINE:COL CODE` or `LINE:COL CODE fragment`: 1-based
position of the diagnostic, its code, and text its message must contain; a
diagnostic in an included file is written `PATH:LINE:COL CODE ...`. The
diagnostics must be exactly these, no more and no fewer (an empty file means
"clean"). Lines starting with `#` are comments.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import planlint

CASES = Path(__file__).parent / "cases"


def _case_files() -> list[Path]:
    return sorted(p.with_suffix("") for p in CASES.rglob("*.expected"))


def _plan_for(stem: Path) -> Path:
    for suffix in (".plan.md", ".plan.txt", ".plan"):
        candidate = stem.with_name(stem.name + suffix)
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no plan file for {stem}.expected")


Row = tuple[str, int, int, str, str]


def _expected(stem: Path, plan_name: str) -> list[Row]:
    rows = []
    text = stem.with_name(stem.name + ".expected").read_text(encoding="utf-8")
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        position, code, *rest = raw.split(maxsplit=2)
        *path, line, column = position.split(":")
        where = path[0] if path else plan_name
        rows.append((where, int(line), int(column), code, rest[0] if rest else ""))
    return rows


@pytest.mark.parametrize(
    "stem", _case_files(), ids=lambda p: str(p.relative_to(CASES))
)
def test_case(stem: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_file = _plan_for(stem)
    monkeypatch.chdir(plan_file.parent)
    diagnostics = planlint.check(planlint.load(plan_file.name))
    found = [
        (
            os.path.normpath(d.location.path),
            d.location.start.line + 1,
            d.location.start.column + 1,
            d.code,
            d.message,
        )
        for d in diagnostics
    ]
    expected = _expected(stem, plan_file.name)

    got = sorted(row[:4] for row in found)
    assert got == sorted(row[:4] for row in expected), "\n".join(
        f"{p}:{line}:{col} {code} {msg}" for p, line, col, code, msg in sorted(found)
    )
    for *key, fragment in expected:
        messages = [row[4] for row in found if list(row[:4]) == key]
        assert any(fragment in m for m in messages), (key, fragment, messages)
