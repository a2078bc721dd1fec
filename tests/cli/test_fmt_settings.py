"""planfmt under the configuration: `[format] line-ending` and `exclude`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from planlint.cli.fmt import main as planfmt
from planlint.format.line_endings import convert
from tests.conftest import CORPUS

PLAN = '## STAGE ## name="构建 🚀" mode="serial"\n\n## TASK ## id="a"\n构建\n'


def _planfmt(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = planfmt(list(argv), out, err, io.BytesIO(stdin) if stdin else None)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("style", "before", "after"),
    [
        ("lf", b"\r\n", b"\n"),
        ("crlf", b"\n", b"\r\n"),
        ("keep", b"\r\n", b"\r\n"),
    ],
)
def test_line_ending_setting_rewrites_every_break(
    project: Path, style: str, before: bytes, after: bytes
) -> None:
    (project / "planlint.toml").write_text(f'[format]\nline-ending = "{style}"\n')
    plan = project / "plans" / "a.plan.md"
    plan.write_bytes(PLAN.encode("utf-8").replace(b"\n", before))

    code, _, _ = _planfmt(str(plan))

    assert code == 0
    assert plan.read_bytes() == PLAN.encode("utf-8").replace(b"\n", after)


def test_a_crlf_corpus_plan_becomes_lf_and_keeps_its_bom(project: Path) -> None:
    (project / "planlint.toml").write_text('[format]\nline-ending = "lf"\n')
    plan = project / "plans" / "crlf.plan.md"
    plan.write_bytes(
        b"\xef\xbb\xbf" + (CORPUS / "crlf-line-endings.plan.md").read_bytes()
    )

    _planfmt("--check", str(plan))
    checked = plan.read_bytes()
    _planfmt(str(plan))

    assert b"\r" in checked
    assert b"\r" not in plan.read_bytes()
    assert plan.read_bytes().count(b"\n") == checked.count(b"\n")


def test_stdin_takes_the_setting_of_its_filename(project: Path) -> None:
    (project / "plans" / "planlint.toml").write_text('[format]\nline-ending = "crlf"\n')

    code, out, _ = _planfmt(
        "--stdin-filename", "plans/x.plan.md", "-", stdin=PLAN.encode("utf-8")
    )

    assert code == 0 and out == PLAN.replace("\n", "\r\n")


def test_exclude_keeps_planfmt_out_of_walked_plans(project: Path) -> None:
    (project / "planlint.toml").write_text('exclude = ["vendor/"]\n')
    (project / "vendor").mkdir()
    ugly = '## STAGE ## name="x" mode="serial"\n\n## TASK##\n做\n'
    (project / "vendor" / "v.plan.md").write_text(ugly, encoding="utf-8")

    _planfmt(".")
    _planfmt("vendor/v.plan.md")

    assert (project / "vendor" / "v.plan.md").read_text(encoding="utf-8") != ugly
    walked = project / "vendor" / "w.plan.md"
    walked.write_text(ugly, encoding="utf-8")
    _planfmt(".")
    assert walked.read_text(encoding="utf-8") == ugly


def test_an_invalid_line_ending_is_a_usage_error(project: Path) -> None:
    (project / "planlint.toml").write_text('[format]\nline-ending = "cr"\n')
    (project / "plans" / "a.plan.md").write_text(PLAN, encoding="utf-8")

    code, _, err = _planfmt("plans")

    assert code == 2
    assert "configuration: planlint.toml: `format.line-ending`" in err
    assert "keep, lf, crlf" in err


def test_convert_treats_every_break_the_parser_knows() -> None:
    text = "\ufeffa\r\nb\rc\nd"

    assert convert(text, "lf") == "\ufeffa\nb\nc\nd"
    assert convert(text, "crlf") == "\ufeffa\r\nb\r\nc\r\nd"
    assert convert(text, "keep") is text
