"""planfmt says things as planlint does: stdin's name, refusals, warnings, bugs."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from planlint.cli import fmt
from tests.cli.conftest import Run
from tests.cli.test_fmt_settings import _planfmt

BAD = '## STAGE ## name="清点" mode="serial"\n## TASK ## id=inventory\n盘点\n'


@pytest.mark.parametrize("named", [[], ["--stdin-filename", "草稿.plan"]])
def test_a_refusal_on_stdin_is_the_linters_concise_line(
    planlint: Run, named: list[str]
) -> None:
    code, out, err = _planfmt(*named, "-", stdin=BAD.encode())
    linted = planlint(
        "--isolated", "--output-format", "concise", *named, "-", stdin=BAD.encode()
    )

    [refusal] = [line for line in err.splitlines() if ": PL003 " in line]
    [finding] = [line for line in linted.out.splitlines() if ": PL003 " in line]
    name = named[1] if named else "-"
    assert refusal == finding
    assert refusal.startswith(f"{name}:2:15: PL003 [bad-attr-syntax] ")
    assert f"planfmt: {name} not formatted: 1 syntax error;" in err
    assert (code, out) == (2, BAD)


def test_a_file_refusal_names_the_rule(tmp_path: Path) -> None:
    plan = tmp_path / "bad.plan"
    plan.write_text(BAD, encoding="utf-8")

    code, _, err = _planfmt(str(plan))

    assert code == 2
    assert f"{plan}:2:15: PL003 [bad-attr-syntax] the value of `id`" in err


def test_an_empty_directory_warns_as_planlint_does(
    planlint: Run, tmp_path: Path
) -> None:
    code, out, err = _planfmt("--check", str(tmp_path))

    assert code == 0 and out == ""
    assert err.startswith(f"planfmt: warning: no plan files found under {tmp_path}\n")
    assert planlint(str(tmp_path)).err == err.splitlines(True)[0].replace(
        "planfmt", "planlint"
    )


def test_a_bug_in_planfmt_is_reported_under_its_own_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(*args: object) -> int:
        raise RuntimeError("formatter exploded")

    monkeypatch.setattr(fmt, "_run", broken)
    monkeypatch.setattr(sys, "argv", ["planfmt", str(tmp_path)])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO()))

    with pytest.raises(SystemExit) as exited:
        fmt.entry()

    assert exited.value.code == 3
    assert capsys.readouterr().err.startswith(
        "planfmt: internal error while formatting: RuntimeError: formatter exploded\n"
    )
