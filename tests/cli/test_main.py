"""`planlint` exit codes, options and command dispatch, run in-process."""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

import pytest

from planlint import __version__
from planlint.cli import EXIT_CLEAN, EXIT_INTERNAL, EXIT_PROBLEMS, EXIT_USAGE
from planlint.cli.main import main
from tests.cli.conftest import Result, Run
from tests.conftest import CORPUS, SEED

CLEAN = CORPUS / "valid-full-featured.plan.md"
ERRORS = CORPUS / "cycle-two-tasks.plan.md"
WARNINGS = CORPUS / "header-count-mismatch.plan.md"
# Two tasks of a parallel stage edit the same file: PL602, an info, only.
INFO_ONLY = """\
## STAGE ## name="构建" mode="parallel"

## TASK ## id="a"
改 A
文件: src/a.ts

## TASK ## id="b"
改 B
文件: src/a.ts
"""


def test_clean_plan_exits_0(planlint: Run) -> None:
    result = planlint(str(CLEAN))

    assert result.code == EXIT_CLEAN
    assert result.out == "All checks passed: 1 file.\n"
    assert result.err == ""


def test_errors_exit_1(planlint: Run) -> None:
    result = planlint(str(ERRORS))

    assert result.code == EXIT_PROBLEMS
    assert "PL301 [dependency-cycle]" in result.out


def test_warnings_exit_0_unless_fail_on_warning(planlint: Run) -> None:
    assert planlint(str(WARNINGS)).code == EXIT_CLEAN
    assert planlint("--fail-on", "warning", str(WARNINGS)).code == EXIT_PROBLEMS
    assert planlint("--fail-on", "info", str(WARNINGS)).code == EXIT_PROBLEMS


def test_infos_fail_only_with_fail_on_info(planlint: Run, tmp_path: Path) -> None:
    plan = tmp_path / "overlap.plan.md"
    plan.write_text(INFO_ONLY, encoding="utf-8")

    result = planlint("--output-format", "concise", str(plan))
    assert result.out.splitlines()[-1] == "Found 1 info in 1 file."
    assert result.code == EXIT_CLEAN
    assert planlint("--fail-on", "warning", str(plan)).code == EXIT_CLEAN
    assert planlint("--fail-on", "info", str(plan)).code == EXIT_PROBLEMS


def test_missing_path_exits_2_after_linting_the_others(planlint: Run) -> None:
    result = planlint("--output-format", "concise", "no/such.plan", str(ERRORS))

    assert result.code == EXIT_USAGE
    assert "cannot read no/such.plan: No such file or directory" in result.err
    assert f"{ERRORS}:8:" in result.out
    assert result.out.endswith("in 1 file; 1 file could not be checked.\n")


def test_unreadable_path_names_the_reason(planlint: Run, tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file.plan"
    not_a_dir.write_text("", encoding="utf-8")

    result = planlint(str(not_a_dir / "inner.plan"))

    assert result.code == EXIT_USAGE
    assert f"cannot read {not_a_dir / 'inner.plan'}: Not a directory" in result.err
    assert result.out == "1 file could not be checked.\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["--bogus"],
        ["--output-format", "xml", "x"],
        ["--fail-on", "never", "x"],
        ["--config", "planlint.toml", "--isolated", "x"],
        ["--isolated", "--config", "planlint.toml", "x"],
    ],
)
def test_usage_errors_exit_2(planlint: Run, argv: list[str]) -> None:
    result = planlint(*argv)

    assert result.code == EXIT_USAGE
    assert result.err.startswith("usage: planlint")
    assert result.out == ""


def test_help_and_version_exit_0(planlint: Run) -> None:
    helped = planlint("--help")
    assert helped.code == EXIT_CLEAN
    assert "--output-format" in helped.out and "planlint format" in helped.out

    assert planlint("--version") == Result(EXIT_CLEAN, f"planlint {__version__}\n", "")


def test_our_bug_is_exit_3_without_traceback(
    planlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("planlint.cli.fixing.check", broken)

    quiet = planlint(str(CLEAN), str(SEED))
    assert quiet.code == EXIT_INTERNAL
    assert quiet.err.count("internal error while checking") == 2
    assert "please report it" in quiet.err and "Traceback" not in quiet.err

    verbose = planlint("-v", str(CLEAN))
    assert verbose.code == EXIT_INTERNAL
    assert "Traceback" in verbose.err and "KeyError: 'boom'" in verbose.err


def test_interrupt_exits_130(planlint: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("planlint.cli.fixing.check", interrupted)

    assert planlint(str(CLEAN)) == Result(130, "", "planlint: interrupted\n")


def test_verbose_logs_to_stderr_only(planlint: Run) -> None:
    quiet = planlint(str(CLEAN))
    info = planlint("-v", str(CLEAN))
    debug = planlint("-vv", str(CORPUS))

    assert quiet.err == ""
    assert f"planlint: INFO: linting {CLEAN}" in info.err
    assert "DEBUG" not in info.err
    assert "planlint: DEBUG:" in debug.err
    assert info.out == quiet.out


def test_commands_are_dispatched_with_their_arguments(
    planlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def fake_main(argv: list[str], stdout: object, stderr: object) -> int:
        calls.append(argv)
        return 42

    module = types.ModuleType("planlint.cli.graph")
    module.main = fake_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "planlint.cli.graph", module)

    assert planlint("graph", "x.plan", "--mermaid").code == 42
    assert calls == [["x.plan", "--mermaid"]]


def test_missing_command_module_is_exit_2(
    planlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "planlint.cli.lsp", None)

    result = planlint("lsp")

    assert result == Result(
        EXIT_USAGE, "", "planlint: planlint lsp is not available in this build\n"
    )


def test_missing_dependency_of_a_command_is_named(
    planlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pygls(name: str) -> None:
        raise ModuleNotFoundError("No module named 'pygls'", name="pygls")

    monkeypatch.setattr("planlint.cli.main.importlib.import_module", no_pygls)

    result = planlint("lsp")

    assert result.code == EXIT_USAGE
    assert "needs the Python package `pygls`" in result.err


def test_a_file_named_like_a_command_is_linted_as_dot_slash(
    planlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "run").write_bytes(CLEAN.read_bytes())
    monkeypatch.chdir(tmp_path)

    result = planlint("./run")

    assert result == Result(EXIT_CLEAN, "All checks passed: 1 file.\n", "")


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("form", ["full", "concise", "json"])
def test_a_closed_stdout_is_141_not_a_bug(form: str) -> None:
    err = io.StringIO()

    code = main(["--output-format", form, str(ERRORS)], _ClosedPipe(), err)

    assert code == 141
    assert err.getvalue() == ""


def test_a_bug_in_a_command_is_exit_3(
    planlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(argv: list[str], stdout: object, stderr: object) -> int:
        raise RuntimeError("graph exploded")

    module = types.ModuleType("planlint.cli.graph")
    module.main = broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "planlint.cli.graph", module)

    result = planlint("graph", "x.plan")

    assert result.code == EXIT_INTERNAL
    assert result.err.startswith(
        "planlint: internal error while running planlint graph: RuntimeError:"
        " graph exploded\n"
    )


def _many_problems(tmp_path: Path) -> Path:
    """A plan with thousands of diagnostics: far more than a pipe holds."""
    plan = tmp_path / "many.plan"
    plan.write_text("## TASK ##\nx\n" * 3000, encoding="utf-8")
    return plan


@pytest.mark.parametrize(
    "form", ["full", "concise", "json", "json-lines", "github", "sarif", "gitlab"]
)
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_that_quits_early_is_141_for_every_format(
    form: str, unbuffered: str, tmp_path: Path
) -> None:
    import os
    import subprocess

    plan = _many_problems(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered  # as this machine's shell sets it
    command = [sys.executable, "-m", "planlint", "--output-format", form, str(plan)]

    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()  # `| head -1`
        process.stdout.close()
        err = process.stderr.read()

    assert (process.returncode, err) == (141, b"")


_EXIT_PROBE = """
import atexit, gc, sys
# registered first, so it runs last: after planlint's own exit handlers
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
from planlint.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "argv",
    [
        [str(SEED)],
        ["run", "--dry-run", str(CORPUS / "parallel-file-conflicts.plan.md")],
    ],
    ids=["lint", "run"],
)
def test_the_exit_skips_collecting_the_plans(argv: list[str]) -> None:
    """The interpreter's last collection would walk every plan for nothing:
    about 25 ms of `planlint` on the 10,000-task plan."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _EXIT_PROBE, *argv],
        capture_output=True,
        text=True,
        check=False,
    )

    frozen = int(done.stdout.rpartition("frozen at exit:")[2])
    assert frozen > 5_000, done.stdout + done.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stdout_that_cannot_hold_cjk_gets_escapes(
    encoding: str, tmp_path: Path
) -> None:
    """It used to end every report with an internal error (exit 3)."""
    import os
    import subprocess

    plan = tmp_path / "迁移.plan.md"
    plan.write_text('## STAGE ## name="中文" mode="bogus"\n## TASK ##\n迁移\n')
    env = {**os.environ, "PYTHONIOENCODING": encoding}

    done = subprocess.run(
        [sys.executable, "-m", "planlint", str(plan)],
        capture_output=True,
        env=env,
        check=False,
    )

    assert done.returncode == EXIT_PROBLEMS, done.stderr
    assert b'name="\\u4e2d\\u6587"' in done.stdout
    assert b"Found 1 error in 1 file." in done.stdout
