"""Imports flow one way between our packages (CONTRIBUTING.md, "Layout").

Every module under src/planlint is read with `ast`; each import of ours,
eager, lazy or for type checking only, must go to a layer its own may use.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT, SEED

SRC = ROOT / "src" / "planlint"
LAYERS = ("syntax", "model", "checks", "config", "format", "executor", "server", "cli")
# layer -> the other layers it may import; `api` is the package's public face.
ALLOWED: dict[str, set[str]] = {
    "syntax": set(),
    "model": {"syntax"},
    "checks": {"model", "syntax"},
    "config": {"checks", "model", "syntax"},
    "format": {"checks", "model", "syntax"},
    "executor": {"api", "checks", "config", "model", "syntax"},
    "api": {"checks", "model", "syntax"},
    "server": set(LAYERS) - {"cli"} | {"api"},
    "cli": set(LAYERS) | {"api"},
    "__main__": {"cli"},
}
LSP_STACK = ("pygls", "lsprotocol")


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    """`planlint.model.plan` -> `model`; the package root is the public API."""
    parts = module.split(".")
    return "api" if len(parts) == 1 else parts[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = _name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
    return found


MODULES = _modules()


def test_every_module_is_in_a_known_layer() -> None:
    unknown = {_name(p) for p in MODULES if _layer(_name(p)) not in ALLOWED}

    assert not unknown, f"add their layer to CONTRIBUTING.md and ALLOWED: {unknown}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_imports_flow_one_way(path: Path) -> None:
    layer = _layer(_name(path))
    ours = {m for m in _imports(path) if m.split(".")[0] == "planlint"}

    wrong = sorted(m for m in ours if _layer(m) not in ALLOWED[layer] | {layer})

    assert not wrong, f"{_name(path)} ({layer}) may not import {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_only_the_server_imports_the_lsp_stack(path: Path) -> None:
    if _layer(_name(path)) == "server":
        return

    stack = sorted(m for m in _imports(path) if m.split(".")[0] in LSP_STACK)

    assert not stack, f"{_name(path)} imports {stack}; only planlint.server may"


def _loaded_after(code: str) -> list[str]:
    """Top-level packages of interest that `code` leaves in sys.modules."""
    probe = (
        f"import io, json, sys\n{code}\n"
        "heavy = {'pygls', 'lsprotocol', 'rich'}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & heavy)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_no_heavy_package() -> None:
    assert _loaded_after("import planlint.cli.main") == []


def test_a_clean_lint_loads_neither_lsp_nor_rich() -> None:
    clean = CORPUS / "valid-full-featured.plan.md"
    code = (
        "from planlint.cli.main import main\n"
        f"assert main([{str(clean)!r}], io.StringIO(), sys.stderr) == 0"
    )

    assert _loaded_after(code) == []


@pytest.mark.parametrize("form", ["full", "concise", "json"])
def test_linting_the_seed_never_loads_the_lsp_stack(form: str) -> None:
    code = (
        "from planlint.cli.main import main\n"
        f"main(['--output-format', {form!r}, {str(SEED)!r}], io.StringIO(), sys.stderr)"
    )

    expected = ["rich"] if form == "full" else []  # a code frame for PL701
    assert _loaded_after(code) == expected
