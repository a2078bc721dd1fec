"""One generic runner for the formatter cases in tests/format/cases.

Each `NAME.before` is formatted and must give `NAME.after` byte for byte; the
output must be stable (formatting it again changes nothing) and equivalent
(same meaning and visible characters as the input), and the editor edits
must produce the same text. With a `NAME.errors` file (lines `LINE:COL CODE`,
1-based, CODE the rule code), formatting must refuse with
exactly those problems, and `NAME.after` is the output of `--force`.

The `.after` files were written by hand from docs/formatting.md. When the
canonical form changes on purpose, regenerate one with the command itself,
`planfmt - < NAME.before > NAME.after` (add `--force` for error cases), and
review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planlint.format import FormatError, apply_edits, format_edits, format_text
from planlint.syntax import decode, encode
from tests.format.equivalence import meaning, visible

CASES = Path(__file__).parent / "cases"


def _read(path: Path) -> str:
    text, _ = decode(path.read_bytes())
    return text


def _refused_with(text: str) -> list[str]:
    with pytest.raises(FormatError) as raised:
        format_text(text)
    problems = raised.value.problems
    return [
        f"{p.start.line + 1}:{p.start.column + 1} {p.code}" for p in problems
    ]


@pytest.mark.parametrize("before", sorted(CASES.glob("*.before")), ids=lambda p: p.stem)
def test_case(before: Path) -> None:
    text = _read(before)
    errors = before.with_suffix(".errors")
    force = errors.exists()
    if force:
        assert _refused_with(text) == errors.read_text(encoding="utf-8").splitlines()

    out = format_text(text, force=force)

    assert encode(out) == before.with_suffix(".after").read_bytes()
    assert format_text(out, force=force) == out, "not stable"
    assert apply_edits(text, format_edits(text, force=force)) == out
    if not force:
        assert meaning(out) == meaning(text), "meaning changed"
        assert visible(out) == visible(text), "visible characters lost or moved"


def test_every_case_has_its_expected_output() -> None:
    befores = {p.stem for p in CASES.glob("*.before")}
    afters = {p.stem for p in CASES.glob("*.after")}
    errors = {p.stem for p in CASES.glob("*.errors")}

    assert befores == afters
    assert errors <= befores
