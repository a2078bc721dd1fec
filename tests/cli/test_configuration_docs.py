"""docs/configuration.md: every example file is valid and every command's output real.

A fenced block whose info string names a file (```` ```toml file=planlint.toml ````)
holds that file's text; later blocks with the same name replace it. Each
```` ```console ```` block runs its `$ planlint ...` commands in a fresh
directory holding the files shown so far, and what each prints (stdout, then
stderr) must follow it. After a change to the CLI's output, regenerate with
`.venv/bin/python tests/cli/test_configuration_docs.py --update`.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from planlint.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "configuration.md"
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
Files = dict[str, str]
MISTAKES = ("fatal", "selekt")  # words of the examples of invalid settings


def _blocks(text: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced block, in order."""
    return [(m.group(1).strip(), m.group(2)) for m in FENCE.finditer(text)]


def _file_name(info: str) -> str | None:
    found = re.search(r"\bfile=(\S+)", info)
    return found.group(1) if found else None


def _examples(text: str) -> list[tuple[Files, str, str]]:
    """(files present, command, expected output) for every console command."""
    files: Files = {}
    examples: list[tuple[Files, str, str]] = []
    for info, body in _blocks(text):
        name = _file_name(info)
        if name is not None:
            files[name] = body
        elif info == "console":
            for command, output in _commands(body):
                examples.append((dict(files), command, output))
    return examples


def _commands(body: str) -> list[tuple[str, str]]:
    chunks = re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]
    return [(c.partition("\n")[0], c.partition("\n")[2]) for c in chunks]


@contextmanager
def _project(files: Files) -> Iterator[Path]:
    """A temporary directory holding `files`, made the current directory."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        for name, body in files.items():
            path = Path(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(before)


def _run(files: Files, command: str) -> str:
    from planlint.cli.main import main

    argv = shlex.split(command)
    assert argv[0] == "planlint", f"examples run planlint only: {command}"
    out, err = io.StringIO(), io.StringIO()
    with _project(files):
        main(argv[1:], out, err)
    return out.getvalue() + err.getvalue()


EXAMPLES = _examples(DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("files", "command", "output"), EXAMPLES)
def test_example_output_is_real(
    files: Files, command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    assert _run(files, command) == output, f"run `{__file__} --update` if intended"


def _toml_blocks() -> list[tuple[str, str]]:
    blocks = _blocks(DOC.read_text(encoding="utf-8"))
    return [(_file_name(i) or "planlint.toml", b) for i, b in blocks if i[:4] == "toml"]


@pytest.mark.parametrize(("name", "body"), _toml_blocks())
def test_every_toml_example_is_a_valid_configuration(
    name: str, body: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")

    if any(word in body for word in MISTAKES):  # the page shows these as errors
        with pytest.raises(ConfigError):
            load_config(path)
    else:
        assert load_config(path).path == path


def test_every_setting_of_the_schema_is_documented_with_an_example() -> None:
    from planlint.config import schema

    text = DOC.read_text(encoding="utf-8")
    toml = "\n".join(body for _, body in _toml_blocks())
    properties = schema()["properties"]
    keys = [*properties]
    keys += [k for table in ("format", "run") for k in properties[table]["properties"]]

    for key in keys:
        assert f"`{key}`" in text or f"`[{key}]`" in text, key
        assert re.search(rf"^\[?{re.escape(key)}\]?( =|$)", toml, re.MULTILINE), key


def _update() -> None:
    text = DOC.read_text(encoding="utf-8")
    files: Files = {}
    parts: list[str] = []
    cursor = 0
    for match in FENCE.finditer(text):
        info, body = match.group(1).strip(), match.group(2)
        name = _file_name(info)
        if name is not None:
            files[name] = body
        if info == "console":
            rerun = "".join(f"$ {c}\n{_run(files, c)}" for c, _ in _commands(body))
            parts += [text[cursor : match.start()], f"```console\n{rerun}```"]
            cursor = match.end()
    DOC.write_text("".join(parts) + text[cursor:], encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: test_configuration_docs.py --update")
    os.environ.pop("FORCE_COLOR", None)
    os.environ.pop("GITHUB_ACTIONS", None)
    _update()
