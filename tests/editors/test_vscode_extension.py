"""The VS Code extension builds, passes its node tests and packages into a .vsix."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"
INSTALL_TIMEOUT = 600
STEP_TIMEOUT = 300

pytestmark = pytest.mark.timeout(INSTALL_TIMEOUT + 3 * STEP_TIMEOUT)


@dataclass(frozen=True)
class Step:
    """One finished npm command and what it printed."""

    command: str
    returncode: int
    output: str

    def explain(self) -> str:
        return f"`{self.command}` exited {self.returncode}:\n{self.output[-4000:]}"


@dataclass(frozen=True)
class Pipeline:
    """The steps run in editors/vscode, in order, and the package they produced."""

    steps: dict[str, Step]
    vsix: Path


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.fail("node and npm are required to build the VS Code extension")
    return npm


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHON=sys.executable,
        npm_config_update_notifier="false",
        npm_config_fund="false",
        npm_config_audit="false",
    )
    return env


def _run(npm: str, *args: str, timeout: int = STEP_TIMEOUT) -> Step:
    command = " ".join(["npm", *args])
    try:
        done = subprocess.run(
            [npm, *args],
            cwd=EXTENSION,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        output = expired.output if isinstance(expired.output, str) else ""
        return Step(command, -1, f"timed out after {timeout} s\n{output}")
    return Step(command, done.returncode, done.stdout)


def _needs_install() -> bool:
    """True when node_modules is missing or older than the lockfile."""
    installed = EXTENSION / "node_modules" / ".package-lock.json"
    if not installed.exists():
        return True

    lockfile = EXTENSION / "package-lock.json"
    return installed.stat().st_mtime < lockfile.stat().st_mtime


def _expected_vsix() -> Path:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    return EXTENSION / f"{manifest['name']}-{manifest['version']}.vsix"


def _run_pipeline(npm: str) -> Pipeline:
    steps: dict[str, Step] = {}
    if _needs_install():
        steps["ci"] = _run(npm, "ci", timeout=INSTALL_TIMEOUT)
    vsix = _expected_vsix()
    vsix.unlink(missing_ok=True)

    steps["build"] = _run(npm, "run", "build")
    steps["test"] = _run(npm, "test")
    steps["package"] = _run(npm, "run", "package")
    return Pipeline(steps, vsix)


def _shared_results(tag: str) -> Path | None:
    """Where xdist workers of one run share the pipeline's results, so it runs once."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run_id is None:
        return None
    return Path(tempfile.gettempdir()) / f"planlint-vscode-{tag}-{run_id}.json"


def _load(results: Path) -> Pipeline:
    saved = json.loads(results.read_text(encoding="utf-8"))
    steps = {name: Step(**step) for name, step in saved["steps"].items()}
    return Pipeline(steps, Path(saved["vsix"]))


def _save(pipeline: Pipeline, results: Path) -> None:
    steps = {name: vars(step) for name, step in pipeline.steps.items()}
    data = {"steps": steps, "vsix": str(pipeline.vsix)}
    results.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="module")
def pipeline() -> Iterator[Pipeline]:
    """Runs the npm steps once; a file lock keeps xdist workers from overlapping."""
    npm = _npm()
    tag = hashlib.sha256(str(EXTENSION).encode()).hexdigest()[:12]
    lock_path = Path(tempfile.gettempdir()) / f"planlint-vscode-{tag}.lock"
    results = _shared_results(tag)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if results is not None and results.exists():
                yield _load(results)
                return
            done = _run_pipeline(npm)
            if results is not None:
                _save(done, results)
            yield done
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def test_node_modules_install_from_the_lockfile(pipeline: Pipeline) -> None:
    step = pipeline.steps.get("ci")
    if step is not None:
        assert step.returncode == 0, step.explain()
    assert (EXTENSION / "node_modules" / "vscode-languageclient").is_dir()


def test_build_bundles_the_extension(pipeline: Pipeline) -> None:
    step = pipeline.steps["build"]
    assert step.returncode == 0, step.explain()

    bundle = (EXTENSION / "out" / "extension.js").read_text(encoding="utf-8")
    assert "planlint.restartServer" in bundle
    assert "vscode-languageclient" not in _required_modules(bundle)


def test_node_tests_pass(pipeline: Pipeline) -> None:
    step = pipeline.steps["test"]
    assert step.returncode == 0, step.explain()

    summary = _tap_summary(step.output)
    assert summary.get("fail") == 0, step.explain()
    assert summary.get("pass", 0) >= 50, f"too few node tests ran: {summary}"


def test_package_contains_bundle_and_grammar(pipeline: Pipeline) -> None:
    step = pipeline.steps["package"]
    assert step.returncode == 0, step.explain()
    assert pipeline.vsix.is_file(), f"{pipeline.vsix.name} was not produced"

    with zipfile.ZipFile(pipeline.vsix) as vsix:
        names = set(vsix.namelist())
        grammar = vsix.read("extension/syntaxes/plan.tmLanguage.json")
        manifest = json.loads(vsix.read("extension/package.json"))

    assert "extension/out/extension.js" in names
    assert "extension/language-configuration.json" in names
    assert grammar == (EXTENSION / "syntaxes" / "plan.tmLanguage.json").read_bytes()
    assert manifest["main"] == "./out/extension.js"
    unwanted = ("extension/src/", "extension/test/", "extension/node_modules/")
    assert [name for name in names if name.startswith(unwanted)] == []


def _required_modules(bundle: str) -> set[str]:
    """Module names that the bundle still loads at run time with require("...")."""
    modules = set()
    for chunk in bundle.split('require("')[1:]:
        modules.add(chunk.split('"', 1)[0])
    return modules


def _tap_summary(output: str) -> dict[str, int]:
    """The counts from node --test's closing lines, such as `# pass 99`."""
    summary = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "#" and parts[2].isdigit():
            summary[parts[1]] = int(parts[2])
    return summary
