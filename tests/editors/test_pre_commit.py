"""The hooks of .pre-commit-hooks.yaml, checked by pre-commit itself.

The main test runs `pre-commit try-repo` on this repository (with its
uncommitted changes, as try-repo does) in a new git repository holding a plan
with a dependency cycle, a badly formatted plan with a wrong header count, and
a Markdown note that is not a plan. pre-commit builds the hooks' virtualenv
with `pip install .`; pip gets the dependencies from a wheelhouse in
`.cache/pre-commit-wheels/`, downloaded once per set of dependencies, and
never from an index during the run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
import yaml

from planlint.cli.discover import discover
from planlint.format import format_text
from tests.conftest import CORPUS, ROOT, SEED

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
WHEELHOUSE = ROOT / ".cache" / "pre-commit-wheels"
HOOKS = {"planlint": "planlint", "planlint-fix": "planlint --fix", "planfmt": "planfmt"}
NAMES = [
    "a.plan", "a.plan.md", "a.plan.txt", "dag.md", "sub/dag.md", "sub/b.plan.md",
    ".plan", "mydag.md", "dag.md.bak", "a.plan.bak", "a.plans", "a.PLAN", "DAG.md",
    "plan", "a.md", "notes/plan.md", "x.plan.d/inner.md", "a.plan.markdown",
]  # fmt: skip

needs_tools = pytest.mark.skipif(
    shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None,
    reason="pre-commit and git are needed (pre-commit is in the test extra)",
)


def _manifest() -> list[dict[str, object]]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def _pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env |= {"VIRTUALENV_NO_PERIODIC_UPDATE": "1"}
    for variable in ("FORCE_COLOR", "GITHUB_ACTIONS"):
        env.pop(variable, None)
    return env


@needs_tools
def test_the_manifest_is_valid_for_pre_commit(tmp_path: Path) -> None:
    status, output = _pre_commit(
        "validate-manifest", str(MANIFEST), cwd=ROOT, env=_environment(tmp_path)
    )

    assert status == 0, output


def test_the_hooks_run_planlint_from_this_package() -> None:
    hooks = {hook["id"]: hook for hook in _manifest()}

    assert {i: h["entry"] for i, h in hooks.items()} == HOOKS
    assert {h["language"] for h in hooks.values()} == {"python"}
    assert len({h["files"] for h in hooks.values()}) == 1


def test_the_hooks_take_the_files_a_directory_search_takes(tmp_path: Path) -> None:
    [pattern] = {hook["files"] for hook in _manifest()}
    for name in NAMES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('## STAGE ## name="a" mode="serial"\n')

    found = {p.relative_to(tmp_path).as_posix() for p in discover([str(tmp_path)])}
    matched = {n for n in NAMES if re.search(str(pattern), n)}

    assert matched == found
    assert {"a.plan", "sub/dag.md", "a.plan.txt"} <= matched


def test_the_editors_page_configures_hooks_that_exist() -> None:
    page = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    [config] = re.findall(r"```yaml\n(repos:.*?)```", page, re.DOTALL)

    [repo] = yaml.safe_load(config)["repos"]

    assert {hook["id"] for hook in repo["hooks"]} <= set(HOOKS)


def _wheelhouse() -> Path:
    """Wheels of planlint's dependencies and build backend, for pip --no-index."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    needed = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    key = hashlib.sha256(f"{sys.version_info[:2]} {needed}".encode()).hexdigest()
    folder = WHEELHOUSE / key[:16]
    if folder.is_dir():
        return folder

    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=WHEELHOUSE))
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:"]
        + ["--dest", str(partial), *needed],
        check=True,
    )
    try:
        partial.rename(folder)
    except OSError:  # another run got there first
        shutil.rmtree(partial)
    return folder


def _git_repository(folder: Path) -> dict[str, str]:
    """A new repository with two plans to check and a note that is no plan."""
    cycle = (CORPUS / "cycle-two-tasks.plan.md").read_text(encoding="utf-8")
    files = {
        "plans/cycle.plan.md": cycle,
        "deploy/dag.md": _carelessly_written(SEED.read_text(encoding="utf-8")),
        "notes/cycle.md": cycle,
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    git = ["git", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "--quiet"], cwd=folder, check=True)
    subprocess.run([*git, "add", "."], cwd=folder, check=True)
    return files


def _carelessly_written(plan: str) -> str:
    """The seed plan as people type it: full-width colons, no blank lines."""
    plan = plan.replace("文件: ", "文件：").replace("验证: ", "验证：")
    plan = re.sub(r'name="([^"]*)" mode="([^"]*)"', r'mode="\2" name="\1"', plan)
    return re.sub(r"\n\n(## TASK ##)", r"\n\1", plan)


def _hook_results(output: str) -> dict[str, str]:
    """Each hook's name and its result line's last word (Passed, Failed)."""
    found = re.findall(r"^(\S.*?)\.{3,}(Passed|Failed|Skipped)$", output, re.MULTILINE)
    return dict(found)


def _section(output: str, hook: str) -> str:
    """What pre-commit printed for one hook, from its id line to the next hook."""
    start = output.index(f"- hook id: {hook}\n")
    end = re.compile(r"^\S.*?\.{3,}(Passed|Failed)$", re.MULTILINE)
    following = end.search(output, start)
    return output[start : following.start() if following else len(output)]


@needs_tools
@pytest.mark.timeout(600)
def test_try_repo_fails_on_a_broken_and_a_messy_plan_then_passes(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    files = _git_repository(project)
    env = _environment(tmp_path / "pre-commit-home")
    env |= {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(_wheelhouse())}
    try_repo = ("try-repo", str(ROOT), "--all-files")

    status, first = _pre_commit(*try_repo, cwd=project, env=env)

    assert status == 1, first
    assert _hook_results(first) == {
        "planfmt": "Failed",
        "planlint": "Failed",
        "planlint (fix)": "Failed",
    }, first
    assert "reformatted deploy/dag.md" in _section(first, "planfmt")
    assert "plans/cycle.plan.md" not in _section(first, "planfmt")
    assert "plans/cycle.plan.md:8:40: PL301 [dependency-cycle]" in first
    assert "notes/" not in first
    assert "files were modified by this hook" in _section(first, "planlint-fix")
    dag = (project / "deploy" / "dag.md").read_text(encoding="utf-8")
    assert format_text(dag) == dag
    assert "# 预计任务数: 11\n" in dag
    assert (project / "notes" / "cycle.md").read_text("utf-8") == files[
        "notes/cycle.md"
    ]

    cycle = project / "plans" / "cycle.plan.md"
    fixed = files["plans/cycle.plan.md"].replace(' depends_on="client-sdk"', "", 1)
    cycle.write_text(fixed, encoding="utf-8")
    status, second = _pre_commit(*try_repo, cwd=project, env=env)

    assert status == 0, second
    assert set(_hook_results(second).values()) == {"Passed"}, second
    assert (project / "deploy" / "dag.md").read_text(encoding="utf-8") == dag
