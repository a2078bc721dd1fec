"""One generic runner for the rule cases in tests/cases.

Each `NAME.plan.md` (or `.plan.txt`, `.plan`) with a sibling `NAME.expected` is linted
from its own directory (so includes resolve as in a real checkout). Every line
of the expected file is `LINE:COL CODE` or `LINE:COL CODE fragment`: 1-based
position of the diagnostic, its code, and text its message must contain; a
diagnostic in an included file is written `PATH:LINE:COL CODE ...`. Where
only the line is fixed (the corpus README gives lines), write `LINE CODE` or
`PATH:LINE: CODE`, and the column is not compared. The
diagnostics must be exactly these, no more and no fewer (an empty file means
"clean"). Lines starting with `#` are comments.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import planlint

HERE = Path(__file__).parent
CASES = HERE / "cases"
ROOTS = (CASES, HERE / "data")


def _case_files() -> list[Path]:
    return sorted(p.with_suffix("") for r in ROOTS for p in r.rglob("*.expected"))


def _plan_for(stem: Path) -> Path:
    for suffix in (".plan.md", ".plan.txt", ".plan"):
        candidate = stem.with_name(stem.name + suffix)
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no plan file for {stem}.expected")


Row = tuple[str, int, int | None, str, str]


def _expected(stem: Path, plan_name: str) -> list[Row]:
    rows = []
    text = stem.with_name(stem.name + ".expected").read_text(encoding="utf-8")
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        position, code, *rest = raw.split(maxsplit=2)
        where, line, column = _position(position, plan_name)
        rows.append((where, line, column, code, rest[0] if rest else ""))
    return rows


def _position(text: str, plan_name: str) -> tuple[str, int, int | None]:
    parts = text.split(":")
    where = parts.pop(0) if len(parts) == 3 else plan_name
    column = int(parts[1]) if len(parts) > 1 and parts[1] else None
    return where, int(parts[0]), column


def _key(row: Row, with_column: bool) -> tuple[str, int, int | None, str]:
    return (row[0], row[1], row[2] if with_column else None, row[3])


@pytest.mark.parametrize(
    "stem", _case_files(), ids=lambda p: str(p.relative_to(HERE))
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

    columns = all(row[2] is not None for row in expected)
    got = sorted(_key(row, columns) for row in found)
    want = sorted(_key(row, columns) for row in expected)
    assert got == want, "\n".join(
        f"{p}:{line}:{col} {code} {msg}" for p, line, col, code, msg in sorted(found)
    )
    for row in expected:
        messages = [f[4] for f in found if _key(f, columns) == _key(row, columns)]
        assert any(row[4] in m for m in messages), (row, messages)
