"""What the pages promise besides their outputs: links, settings, the first steps."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from planlint.config import ConfigError, load_config
from tests.docs.examples import ROOT, Block, blocks, examples

DOCS = ROOT / "docs"
README = ROOT / "README.md"
CONFIGURATION = DOCS / "configuration.md"
ALL_PAGES = [README, *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
MISTAKES = ("fatal", "selekt")  # words of configuration.md's invalid settings


def _blocks(page: Path) -> list[Block]:
    return blocks(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.name)
def test_relative_links_point_at_files(page: Path) -> None:
    targets = LINK.findall(page.read_text(encoding="utf-8"))
    local = [t for t in targets if "://" not in t]

    missing = [t for t in local if not (page.parent / t).exists()]

    assert not missing, f"{page.name} links to missing files: {missing}"


def test_the_index_links_every_page_and_the_readme_links_the_index() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = set(LINK.findall(index))

    others = {p.name for p in DOCS.glob("*.md")} - {"index.md"}

    assert others <= linked, f"docs/index.md does not link {others - linked}"
    assert "docs/index.md" in LINK.findall(README.read_text(encoding="utf-8"))


def _first_commands() -> list[str]:
    """The commands of README.md's sh blocks before its first section."""
    text = README.read_text(encoding="utf-8")
    first_section = text.index("\n## ")
    found = [b for b in blocks(text) if b.start < first_section and b.info == "sh"]
    return [b.body.strip() for b in found]


def test_readme_starts_with_install_and_lint_then_the_whole_suite() -> None:
    install_and_lint, suite = _first_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()

    steps = [shlex.split(s) for s in install_and_lint.split(" && ")]
    assert steps[0] == ["python3", "-m", "venv", ".venv"]
    assert steps[1] == [".venv/bin/pip", "install", "-e", "."]
    assert steps[2][0] == ".venv/bin/planlint"
    assert suite.split(" && ") == ci[-2:]


def test_readme_shows_what_its_first_lint_prints() -> None:
    install_and_lint, _ = _first_commands()
    lint = install_and_lint.split(" && ")[-1].replace(".venv/bin/", "", 1)

    shown = [c for e in examples(README) for c in e.commands]

    assert lint in shown, f"README.md should show the output of `{lint}`"
    assert (ROOT / lint.split()[-1]).is_file()


def _toml_blocks(page: Path) -> list[tuple[str, str]]:
    found = [b for b in _blocks(page) if b.info.split()[:1] == ["toml"]]
    named = [(re.search(r"\bfile=(\S+)", b.info), b.body) for b in found]
    return [(m.group(1) if m else "planlint.toml", body) for m, body in named]


@pytest.mark.parametrize(
    ("name", "body"), _toml_blocks(CONFIGURATION) + _toml_blocks(README)
)
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

    text = CONFIGURATION.read_text(encoding="utf-8")
    toml = "\n".join(body for _, body in _toml_blocks(CONFIGURATION))
    properties = schema()["properties"]
    keys = [*properties]
    keys += [k for table in ("format", "run") for k in properties[table]["properties"]]

    for key in keys:
        assert f"`{key}`" in text or f"`[{key}]`" in text, key
        assert re.search(rf"^\[?{re.escape(key)}\]?( =|$)", toml, re.MULTILINE), key


def test_the_formatting_page_shows_each_rule_of_the_canonical_form() -> None:
    formatted = [e for e in examples(DOCS / "formatting.md") if e.kind == "format"]
    forced = [e for e in formatted if "--force" in e.commands[0]]

    assert len(formatted) - len(forced) >= 6
    assert forced


def _long_options(program: str) -> set[str]:
    from planlint.cli import fmt, main

    out = io.StringIO()
    run = fmt.main if program == "planfmt" else main.main
    assert run(["--help"], out, io.StringIO()) == 0
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", out.getvalue()))


@pytest.mark.parametrize(
    ("program", "page"), [("planlint", "cli.md"), ("planfmt", "formatting.md")]
)
def test_every_option_of_the_help_is_documented(program: str, page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")

    options = _long_options(program) - {"--help"}

    missing = {o for o in options if not re.search(rf"{o}(?![\w-])", text)}

    assert not missing, f"docs/{page} does not explain {sorted(missing)}"
