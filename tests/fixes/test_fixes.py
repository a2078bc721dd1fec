"""One generic runner for the fix cases in tests/fixes.

`CODE/NAME.plan.md` is a plan on which rule CODE fires; `CODE/NAME.fixed` is
the file, byte for byte, after `planlint --isolated --fix NAME.plan.md` (with
`--unsafe-fixes` when NAME ends in `.unsafe`). Each case is fixed through the
real CLI on a copy, compared with the expected bytes, and linted again: the
rule no longer fires and a second `--fix` changes nothing. After a deliberate
change to a fix, regenerate the expected files with
`.venv/bin/python tests/fixes/test_fixes.py --update` and read the diff.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

import planlint
from planlint.checks import all_rules
from planlint.cli.main import main

HERE = Path(__file__).resolve().parent
CASES = sorted(HERE.glob("PL*/*.plan.md"))
HEADS = ("---", "+++")


def _expected_path(case: Path) -> Path:
    return case.with_name(case.name.removesuffix(".plan.md") + ".fixed")


def _unsafe(case: Path) -> bool:
    return case.name.endswith(".unsafe.plan.md")


def _fix(path: Path, unsafe: bool) -> tuple[int, str]:
    """Run `planlint --fix` on `path`; the exit code and what stderr said."""
    argv = ["--isolated", "--fix", "--output-format", "concise", str(path)]
    argv += ["--unsafe-fixes"] if unsafe else []
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out, err)
    return code, out.getvalue() + err.getvalue()


def _codes(path: Path) -> set[str]:
    return {d.code for d in planlint.check(planlint.load(path))}


def _copy(case: Path, folder: Path) -> Path:
    target = folder / case.name
    shutil.copyfile(case, target)
    return target


def _id(case: Path) -> str:
    return f"{case.parent.name}/{case.name.removesuffix('.plan.md')}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_fix_gives_the_expected_file(case: Path, tmp_path: Path) -> None:
    copy, rule = _copy(case, tmp_path), case.parent.name
    assert rule in _codes(copy), f"{rule} does not fire on {case}"

    code, said = _fix(copy, _unsafe(case))

    assert code in (0, 1), said
    assert "Fixed " in said and "Fixed 0 problems" not in said, said
    assert copy.read_bytes() == _expected_path(case).read_bytes()
    assert rule not in _codes(copy)
    assert "Fixed 0 problems" in _fix(copy, _unsafe(case))[1]
    assert copy.read_bytes() == _expected_path(case).read_bytes()


@pytest.mark.parametrize("case", [c for c in CASES if _unsafe(c)], ids=_id)
def test_unsafe_fixes_wait_for_the_flag(case: Path, tmp_path: Path) -> None:
    copy = _copy(case, tmp_path)

    _fix(copy, unsafe=False)

    assert case.parent.name in _codes(copy)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_diff_shows_the_fix_and_writes_nothing(case: Path, tmp_path: Path) -> None:
    copy = _copy(case, tmp_path)
    argv = ["--isolated", "--diff", str(copy)]
    argv += ["--unsafe-fixes"] if _unsafe(case) else []
    out, err = io.StringIO(), io.StringIO()

    code = main(argv, out, err)

    assert code == 1
    assert copy.read_bytes() == case.read_bytes()
    expected = _expected_path(case).read_bytes().decode("utf-8")
    lines = out.getvalue().splitlines(keepends=True)
    changed = [line for line in lines if line[0] in "+-" and line[:3] not in HEADS]
    added = [line[1:].rstrip("\r\n") for line in changed if line[0] == "+"]
    assert changed and all(line in expected for line in added)
    assert "Would fix" in err.getvalue()


def test_every_rule_with_a_fix_has_a_case() -> None:
    fixable = {
        rule.code
        for rule in all_rules()
        if rule.fix_safety.startswith(("Safe", "Unsafe"))
    }
    covered = {case.parent.name for case in CASES}

    assert fixable - covered == set()
    assert all(_expected_path(case).is_file() for case in CASES)


def _update() -> None:
    """Regenerate every expected file by running the fix on a copy."""
    import tempfile

    for case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / case.name
            shutil.copyfile(case, target)
            _fix(target, _unsafe(case))
            _expected_path(case).write_bytes(target.read_bytes())
            print(f"wrote {_expected_path(case).relative_to(HERE)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: test_fixes.py --update")
    _update()
