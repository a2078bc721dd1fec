"""Every example output in README.md and docs/ is what planlint prints today.

The conventions and the command that regenerates the pages are in
`tests/docs/examples.py`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.docs.examples import (
    EXCLUDED,
    REFUSED,
    ROOT,
    Block,
    Example,
    blocks,
    examples,
    pages,
    run,
    update,
)

EXAMPLES = [example for page in pages() for example in examples(page)]
UPDATE = "run `.venv/bin/python -m tests.docs.examples --update` if intended"
INTERNAL_ERROR = 3
# What an output looks like, to catch one that no example checks.
_OUTPUT_LIKE = re.compile(
    r"^(?:\S+:\d+:\d+: PL\d{3} "  # a diagnostic
    r"|Found \d+ |All checks passed|Fixed \d+ |Would fix \d+ "
    r"|(?:would )?reformat(?:ted)? \S"
    r"|::(?:error|warning|notice) file=[^,]*,line=\d+"
    r"|\s*\"(?:diagnostics|ruleId|check_name|fingerprint)\":"
    r"|plan \S+: \d+ stages?"
    r"|flowchart |digraph "
    r"|\$ (?:planlint|planfmt)\b)",
    re.MULTILINE,
)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_example_output_is_real(example: Example) -> None:
    if example.requires and shutil.which(example.requires) is None:
        pytest.skip(f"{example.requires} is not installed")

    outcome = run(example)

    assert outcome.status != INTERNAL_ERROR, outcome.printed
    assert outcome.printed == example.expected, UPDATE


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if e.kind == "format"], ids=lambda e: e.id
)
def test_formatted_example_is_stable(example: Example) -> None:
    again = run(example, stdin=example.expected)

    assert example.stdin != example.expected, "the example shows no change"
    assert (again.status, again.printed) == (0, example.expected)


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if e.kind == "refused"], ids=lambda e: e.id
)
def test_refused_example_changes_nothing(example: Example) -> None:
    outcome = run(example)

    assert (outcome.status, outcome.stdout) == (2, "")
    assert outcome.files[REFUSED] == example.files[REFUSED]


def test_every_page_is_checked_or_excluded_with_a_reason() -> None:
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")}
    checked = {p.relative_to(ROOT).as_posix() for p in pages()}

    assert set(EXCLUDED) <= on_disk, "an excluded page is gone"
    assert checked | set(EXCLUDED) == on_disk | {"README.md"}
    assert all(EXCLUDED.values())


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_no_output_is_shown_without_an_example_checking_it(page: Path) -> None:
    checked = {e.block for e in examples(page)}
    unchecked = [
        block
        for index, block in enumerate(blocks(page.read_text(encoding="utf-8")))
        if index not in checked
        and _OUTPUT_LIKE.search(block.body)
        and not _is_file(block)
    ]

    where = [f"{page.name}:{b.line}" for b in unchecked]
    assert not where, f"output-like blocks no example checks: {where}"


def _is_file(block: Block) -> bool:
    return "file=" in block.info or (
        block.comment is not None and block.comment[0] == "plan"
    )


def test_the_pages_that_show_outputs_have_examples() -> None:
    names = {e.page.relative_to(ROOT).as_posix() for e in EXAMPLES}

    for page in ("README.md", "docs/cli.md", "docs/configuration.md"):
        assert page in names
    for page in ("docs/executor.md", "docs/formatting.md", "docs/format.md"):
        assert page in names


def test_update_rewrites_a_stale_output_and_nothing_else(tmp_path: Path) -> None:
    page = ROOT / "docs" / "format.md"
    current = page.read_text(encoding="utf-8")
    stale = current.replace("Found 1 warning in 1 file.\n", "Found 2 warnings.\n", 1)
    copy = tmp_path / "format.md"
    copy.write_text(stale, encoding="utf-8")

    changed = update(copy)

    assert stale != current
    assert changed
    assert copy.read_text(encoding="utf-8") == current
    assert not update(copy)
