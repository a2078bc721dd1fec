"""Which files `planlint DIR` lints: plan names only, .gitignore honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from planlint.cli.discover import discover, is_plan_file
from tests.cli.conftest import Run
from tests.conftest import CORPUS

PLAN = '## STAGE ## name="一" mode="serial"\n\n## TASK ## id="a"\n做事\n'


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.plan", True),
        ("a.plan.md", True),
        ("a.plan.txt", True),
        ("dag.md", True),
        ("a.md", False),
        ("plan.txt", False),
        ("my-dag.md", False),
        ("a.plan.md.bak", False),
    ],
)
def test_plan_file_names(name: str, expected: bool) -> None:
    assert is_plan_file(name) is expected


def test_walk_finds_plan_files_sorted_and_skips_ignored(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.draft.plan\n# a comment\n",
            "b.plan.md": PLAN,
            "a.plan.txt": PLAN,
            "notes.md": "not a plan",
            "sub/dag.md": PLAN,
            "sub/keep.draft.plan": PLAN,
            "sub/local.plan": PLAN,
            "sub/.gitignore": "!keep.draft.plan\nlocal.plan\n",
            "sub/deeper/x.plan": PLAN,
            "build/out.plan": PLAN,
            "old.draft.plan": PLAN,
            ".git/info/y.plan": PLAN,
        },
    )

    found = discover([str(tmp_path)])

    assert _names(found, tmp_path) == [
        "a.plan.txt",
        "b.plan.md",
        "sub/dag.md",
        "sub/deeper/x.plan",
        "sub/keep.draft.plan",
    ]


def test_gitignore_above_the_walked_directory_counts_in_a_repository(
    tmp_path: Path,
) -> None:
    _tree(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            ".gitignore": "secret.plan\n/docs/generated/\n",
            "docs/a.plan": PLAN,
            "docs/secret.plan": PLAN,
            "docs/generated/b.plan": PLAN,
        },
    )

    found = discover([str(tmp_path / "docs")])

    assert _names(found, tmp_path) == ["docs/a.plan"]


def test_gitignore_outside_a_repository_stops_at_the_named_directory(
    tmp_path: Path,
) -> None:
    _tree(tmp_path, {".gitignore": "*.plan\n", "docs/a.plan": PLAN})

    assert _names(discover([str(tmp_path / "docs")]), tmp_path) == ["docs/a.plan"]
    assert discover([str(tmp_path)]) == []


def test_named_files_are_kept_even_when_ignored_or_missing(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "*.plan\n", "a.plan": PLAN, "notes.txt": ""})
    named = [str(tmp_path / "a.plan"), str(tmp_path / "notes.txt"), "gone.plan", "-"]

    found = discover([*named, str(tmp_path / "a.plan")])

    assert [str(p) for p in found] == named


def test_relative_paths_stay_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {"plans/a.plan": PLAN, "plans/b/dag.md": PLAN})
    monkeypatch.chdir(tmp_path)

    assert [str(p) for p in discover(["plans"])] == ["plans/a.plan", "plans/b/dag.md"]
    assert [str(p) for p in discover(["."])] == ["plans/a.plan", "plans/b/dag.md"]


def test_corpus_directory_yields_every_plan_and_no_fragment() -> None:
    found = discover([str(CORPUS)])

    assert found == sorted(CORPUS.glob("*.plan.md"))
    assert len(found) == 15


def test_linting_a_directory_lints_what_it_finds(planlint: Run, tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {".gitignore": "broken.plan\n", "ok.plan": PLAN, "broken.plan": "## TASK ##\n"},
    )

    result = planlint(str(tmp_path))

    assert result.code == 0
    assert result.out == "All checks passed: 1 file.\n"


def test_an_empty_directory_warns(planlint: Run, tmp_path: Path) -> None:
    result = planlint(str(tmp_path))

    assert result.code == 0
    assert result.err == f"planlint: warning: no plan files found under {tmp_path}\n"
    assert result.out == "All checks passed: 0 files.\n"


def test_dot_slash_dash_is_a_file_not_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    assert discover(["-", "./-"]) == [Path("-"), tmp_path / "-"]


def _symlink_loop(root: Path) -> None:
    _tree(root, {"ok.plan": PLAN})
    (root / "a.plan").symlink_to("b.plan")
    (root / "b.plan").symlink_to("a.plan")
    (root / "gone.plan").symlink_to("nowhere.plan")  # dangling: no file, skipped


def test_a_symlink_loop_is_reported_unreadable_and_the_rest_linted(
    planlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _symlink_loop(tmp_path)
    monkeypatch.chdir(tmp_path)

    result = planlint(".")

    assert result.code == 2
    loop = "Too many levels of symbolic links"
    assert result.err == (
        f"planlint: error: cannot read a.plan: {loop}\n"
        f"planlint: error: cannot read b.plan: {loop}\n"
    )
    assert (
        result.out == "No problems in 1 checked file; 2 files could not be checked.\n"
    )


def test_planfmt_reports_a_symlink_loop_and_formats_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli.test_fmt_settings import _planfmt

    _symlink_loop(tmp_path)
    monkeypatch.chdir(tmp_path)

    code, out, err = _planfmt("--check", ".")

    assert code == 2
    assert "cannot read a.plan: Too many levels of symbolic links" in err
    assert "cannot read b.plan: Too many levels of symbolic links" in err
    assert err.endswith(
        "0 files would be reformatted, 1 already formatted, 2 not formatted (errors)\n"
    )
    assert out == ""


def test_an_empty_path_is_a_usage_error(planlint: Run) -> None:
    from tests.cli.test_fmt_settings import _planfmt

    result = planlint("")
    code, _, err = _planfmt("")

    assert result.code == 2
    assert "an empty path names no file" in result.err
    assert result.out == ""
    assert code == 2
    assert "an empty path names no file" in err


GITIGNORED = {
    ".gitignore": "build/\n!build/keep/\nb*.plan\n/top.plan\nlogs\n",
    "top.plan": PLAN,
    "a.plan": PLAN,
    "bar.plan": PLAN,
    "build/out.plan": PLAN,
    "build/bx.plan": PLAN,
    "build/keep/k.plan": PLAN,
    "docs/top.plan": PLAN,
    "docs/logs/l.plan": PLAN,
    "docs/build/deep.plan": PLAN,
    "docs/.gitignore": "!bar.plan\n",
    "docs/bar.plan": PLAN,
}


def test_a_walk_ignores_what_git_ignores(tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _tree(tmp_path, GITIGNORED)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()

    found = _names(discover([str(tmp_path)]), tmp_path)

    assert found == sorted(p for p in listed if is_plan_file(p.rsplit("/", 1)[-1]))
    assert found == ["a.plan", "docs/bar.plan", "docs/top.plan"]


def test_a_named_ignored_directory_is_walked_and_its_files_follow_the_patterns(
    tmp_path: Path,
) -> None:
    _tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n", **GITIGNORED})

    found = discover([str(tmp_path / "build")])

    # `build/` names the directory, not the files in it: out.plan and keep/
    # are linted, bx.plan is named by `b*.plan` itself.
    assert _names(found, tmp_path) == ["build/keep/k.plan", "build/out.plan"]
    assert _names(discover([str(tmp_path / "docs")]), tmp_path) == [
        "docs/bar.plan",
        "docs/top.plan",
    ]


def test_a_file_named_with_a_trailing_slash_is_not_a_directory(
    planlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli.test_fmt_settings import _planfmt

    _tree(tmp_path, {"cjk.plan.md": PLAN, "ok.plan": PLAN})
    monkeypatch.chdir(tmp_path)

    result = planlint("cjk.plan.md/", "ok.plan")
    code, _, err = _planfmt("--check", "cjk.plan.md/")

    assert result.code == 2
    assert result.err == "planlint: error: cannot read cjk.plan.md/: Not a directory\n"
    assert result.out == "No problems in 1 checked file; 1 file could not be checked.\n"
    assert code == 2
    assert err.startswith("planfmt: cannot read cjk.plan.md/: Not a directory\n")
