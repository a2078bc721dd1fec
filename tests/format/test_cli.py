"""planfmt's command line: in place, --check, --diff, stdin, errors, --force."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planlint.cli.fmt import main
from planlint.cli.main import main as lint
from tests.conftest import CORPUS

CASES = Path(__file__).parent / "cases"
BLOCKING_RULES = [
    ("PL003", "bad-attr-syntax"),
    ("PL004", "duplicate-attr"),
    ("PL010", "invalid-encoding"),
    ("PL011", "unclosed-fence"),
]

BAD = '## STAGE ## name="一" mode="serial"\n## TASK ## id=a  \n文件：a.ts\n'
MESSY = '## STAGE ## mode="serial" name="一"\n## TASK:\n文件：a.ts  \n'
CLEAN = '## STAGE ## name="一" mode="serial"\n\n## TASK ##\n文件: a.ts\n'


def run(
    *argv: str, stdin: bytes = b"", cwd: Path | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd or previous)
    try:
        status = main(list(argv), out, err, io.BytesIO(stdin))
    finally:
        os.chdir(previous)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(CORPUS, target)
    return target


def test_in_place_reports_what_it_changed(corpus_copy: Path) -> None:
    status, out, err = run(str(corpus_copy))

    assert status == 0
    changed = sorted(line.split("/")[-1] for line in out.splitlines())
    assert changed == [
        "legacy-task-markers.plan.md",
        "unknown-dependency.plan.md",
        "utf8-bom.plan.md",
        "valid-full-featured.plan.md",
    ]
    assert err == "4 files reformatted, 11 left unchanged\n"
    assert not (corpus_copy / "utf8-bom.plan.md").read_bytes().startswith(b"\xef")
    assert run(str(corpus_copy))[1:] == ("", "0 files reformatted, 15 left unchanged\n")


def test_check_changes_nothing_and_lists_files(corpus_copy: Path) -> None:
    before = {p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file()}

    status, out, err = run("--check", str(corpus_copy))

    assert status == 1
    assert out.count("would reformat ") == 4
    assert f"would reformat {corpus_copy / 'utf8-bom.plan.md'}\n" in out
    assert err == "4 files would be reformatted, 11 already formatted\n"
    assert {p: p.read_bytes() for p in before} == before


def test_check_passes_on_formatted_files() -> None:
    status, out, err = run("--check", str(CORPUS / "crlf-line-endings.plan.md"))

    assert (status, out) == (0, "")
    assert err == "0 files would be reformatted, 1 already formatted\n"


def test_diff_prints_a_unified_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.plan.md").write_text(MESSY, encoding="utf-8")

    status, out, _ = run("--diff", "a.plan.md")

    assert status == 1
    assert out.startswith("--- a.plan.md\t(original)\n+++ a.plan.md\t(formatted)\n")
    assert {"-## TASK:\n", "+## TASK ##\n", "+文件: a.ts\n"} <= set(
        out.splitlines(True)
    )
    assert Path("a.plan.md").read_text(encoding="utf-8") == MESSY


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs GNU patch")
def test_diff_applies_with_patch(tmp_path: Path) -> None:
    plan = tmp_path / "a.plan.md"
    plan.write_bytes((MESSY + "尾行没有换行").replace("\n", "\r\n").encode())
    diff = run("--diff", "a.plan.md", cwd=tmp_path)[1]

    subprocess.run(
        ["patch", "-s", "-p0"], input=diff.encode(), cwd=tmp_path, check=True
    )

    assert (
        plan.read_bytes() == (CLEAN + "尾行没有换行\n").replace("\n", "\r\n").encode()
    )


def test_diff_is_empty_and_exit_zero_when_formatted(tmp_path: Path) -> None:
    plan = tmp_path / "a.plan.md"
    plan.write_text(CLEAN, encoding="utf-8")

    assert run("--diff", "-q", str(plan)) == (0, "", "")


def test_stdin_to_stdout_keeps_crlf() -> None:
    status, out, err = run("-", stdin=MESSY.replace("\n", "\r\n").encode())

    assert status == 0
    assert out == CLEAN.replace("\n", "\r\n")
    assert err == ""


def test_stdin_check_and_diff_use_the_stdin_filename() -> None:
    status, out, _ = run("--check", "-", stdin=MESSY.encode())
    assert (status, out) == (1, "")

    status, out, _ = run("--diff", "--stdin-filename", "x.plan", stdin=MESSY.encode())
    assert status == 1
    assert out.startswith("--- x.plan\t(original)\n")


def test_syntax_errors_refuse_and_leave_the_file(tmp_path: Path) -> None:
    plan = tmp_path / "bad.plan"
    plan.write_text(BAD, encoding="utf-8")

    status, out, err = run(str(plan))

    assert status == 2
    assert out == ""
    assert (
        f"{plan}:2:15: PL003 [bad-attr-syntax] the value of `id` is not quoted" in err
    )
    assert f"planfmt: {plan} not formatted: 1 syntax error;" in err
    assert "--force" in err
    assert err.endswith(
        "0 files reformatted, 0 left unchanged, 1 not formatted (errors)\n"
    )
    assert plan.read_text(encoding="utf-8") == BAD


def test_errors_in_one_file_do_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "bad.plan").write_text(BAD, encoding="utf-8")
    (tmp_path / "messy.plan").write_text(MESSY, encoding="utf-8")

    status, _, err = run(str(tmp_path))

    assert status == 2
    assert (tmp_path / "messy.plan").read_text(encoding="utf-8") == CLEAN
    assert err.endswith(
        "1 file reformatted, 0 left unchanged, 1 not formatted (errors)\n"
    )


def test_force_formats_around_the_errors(tmp_path: Path) -> None:
    plan = tmp_path / "bad.plan"
    plan.write_text(BAD, encoding="utf-8")

    status, _, _ = run("--force", str(plan))

    assert status == 0
    assert plan.read_text(encoding="utf-8") == (
        '## STAGE ## name="一" mode="serial"\n\n## TASK ## id=a  \n文件: a.ts\n'
    )


def test_stdin_with_errors_echoes_the_input() -> None:
    status, out, err = run("--stdin-filename", "in.plan", stdin=BAD.encode())

    assert (status, out) == (2, BAD)
    assert "in.plan:2:15: PL003" in err


def test_invalid_utf8_is_refused_and_forced_keeps_the_bytes(tmp_path: Path) -> None:
    plan = tmp_path / "latin1.plan"
    data = MESSY.encode() + "caf\xe9\n".encode("latin-1")
    plan.write_bytes(data)

    assert run(str(plan))[0] == 2
    assert plan.read_bytes() == data
    assert "PL010" in run(str(plan))[2]

    assert run("--force", str(plan))[0] == 0
    assert plan.read_bytes() == CLEAN.encode() + b"caf\xe9\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "no path given"),
        (("-", "a.plan"), "cannot be mixed"),
        (("--frobnicate", "a.plan"), "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(argv: tuple[str, ...], message: str) -> None:
    status, out, err = run(*argv)

    assert (status, out) == (2, "")
    assert message in err


def test_missing_file_exits_2(tmp_path: Path) -> None:
    status, _, err = run(str(tmp_path / "nope.plan"))

    assert status == 2
    assert f"cannot read {tmp_path / 'nope.plan'}" in err


def test_help_goes_to_stdout() -> None:
    status, out, err = run("--help")

    assert (status, err) == (0, "")
    assert out.startswith("usage: planfmt")
    assert "--check" in out


def test_directory_walk_follows_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "x.plan").write_text(MESSY, encoding="utf-8")
    (tmp_path / "notes.md").write_text(MESSY, encoding="utf-8")
    (tmp_path / "y.plan.md").write_text(MESSY, encoding="utf-8")

    status, out, _ = run(str(tmp_path))

    assert (status, out) == (0, f"reformatted {tmp_path / 'y.plan.md'}\n")
    assert (tmp_path / "build" / "x.plan").read_text(encoding="utf-8") == MESSY
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == MESSY


def test_writing_keeps_symlinks_and_permissions(tmp_path: Path) -> None:
    real = tmp_path / "real.plan"
    real.write_text(MESSY, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.plan"
    link.symlink_to(real)

    assert run(str(link))[0] == 0

    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == CLEAN
    assert real.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_console_script_writes_exact_bytes() -> None:
    script = Path(sys.executable).with_name("planfmt")
    data = MESSY.replace("\n", "\r\n").encode() + b"\xff\r\n"

    done = subprocess.run(
        [str(script), "--force", "-"], input=data, capture_output=True, check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stdout == CLEAN.replace("\n", "\r\n").encode() + b"\xff\r\n"


def test_planlint_format_is_the_same_command(tmp_path: Path) -> None:
    from planlint.cli.main import main as planlint_main

    plan = tmp_path / "a.plan"
    plan.write_text(MESSY, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    status = planlint_main(["format", "--check", str(plan)], out, err)

    assert (status, out.getvalue()) == (1, f"would reformat {plan}\n")
    assert planlint_main(["format", str(plan)], out, err) == 0
    assert plan.read_text(encoding="utf-8") == CLEAN


def test_verbose_logs_to_stderr(tmp_path: Path) -> None:
    plan = tmp_path / "bad.plan"
    plan.write_text(BAD, encoding="utf-8")

    status, _, err = run("-v", "--force", str(plan))

    assert status == 0
    assert "planfmt: INFO: formatting around 1 line(s) with errors\n" in err
    assert "INFO" not in run("--force", str(plan))[2]


@pytest.mark.parametrize("case", sorted(CASES.glob("error-*.before")), ids=str)
def test_refusals_match_the_linter_word_for_word(case: Path) -> None:
    """planfmt names each syntax error as planlint does: same place, same words."""
    status, _, err = run(str(case))
    refused = [line for line in err.splitlines() if line.startswith(f"{case}:")]

    out = io.StringIO()
    lint(["--isolated", "--output-format", "concise", str(case)], out, io.StringIO())
    linted = [
        line
        for line in out.getvalue().splitlines()
        for code, rule in BLOCKING_RULES
        if f": {code} [{rule}] " in line
    ]

    assert status == 2
    assert refused and refused == linted
