"""Invariants on any input: lossless parsing, lines that tile the text, no crash.

Inputs are random text (CJK, emoji, astral characters, CR, LF, BOM, NUL, lone
surrogates), random bytes, text assembled from the format's own pieces, and
corpus files mutated by deleting and duplicating lines and inserting the
characters that change how a line reads (`#`, `"`, `=`, `:`, `：`, backticks).
The scanner must also agree with Lark's parse of the grammar on all of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planlint
from planlint.syntax import Document, decode, encode, parse, read_text
from planlint.syntax.document import lines_from_tree
from planlint.syntax.parser import parse_tree
from tests.conftest import CORPUS, SEED

PLANS = [p for p in sorted(CORPUS.glob("*.plan.md")) if p.stat().st_size < 20_000]
PLANS.append(SEED)

# Characters that matter to the grammar, and some that only look like they do.
SPECIAL = (
    "\r\n\t \ufeff\x00#@`~\"'=:：,文件排除验证执行标题😋𠮷\u2028\x85\x0c\udcff\ud800"
)
PIECES = [
    "## STAGE ##",
    "## TASK ##",
    "## TASK:",
    "## TASK##",
    "## TASK ##:",
    "### TASK",
    ' name="构建"',
    ' mode="parallel"',
    ' id="a"',
    " id=",
    " id='b",
    ' depends_on="a, ,task:b,stage:1"',
    ' retry="x"',
    "```",
    "~~~",
    "   ```",
    "文件: a/**/*.ts",
    "验证：make",
    "执行: echo 😋",
    "@",
    "@include-parts/scan-tasks.md",
    "# 总阶段数: 2",
    "# 预计任务数：9",
    "  ",
    "标题 🎯",
]
LINE_ENDS = ["\n", "\r\n", "\r", ""]
INSERTS = ["#", '"', "=", ":", "：", "`", "```"]

text_strategy = st.text(
    alphabet=st.one_of(st.characters(codec=None), st.sampled_from(SPECIAL)),
    max_size=300,
)
pieces_strategy = st.lists(
    st.tuples(
        st.lists(st.sampled_from(PIECES), min_size=0, max_size=4),
        st.sampled_from(LINE_ENDS),
    ),
    max_size=30,
).map(lambda lines: "".join("".join(parts) + end for parts, end in lines))


def _assert_lossless(text: str, document: Document) -> None:
    assert document.to_text() == text
    offset = 1 if document.bom else 0
    number = 0
    for line in document.lines:
        assert line.span.start == offset and line.number == number
        assert text[line.span.start : line.span.end] == line.text
        offset = line.span.end + len(line.eol)
        number = line.end_number + 1
    assert offset == len(text)
    trailing = 1 if document.lines[-1].eol else 0  # the empty line after a break
    assert number == document.index.line_count - trailing


@contextmanager
def _sandbox(root: Path) -> Iterator[None]:
    """Run in `root`, with includes read only from under it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("XDG_CACHE_HOME", str(root / ".cache"))
        yield


def _reader_under(root: Path) -> planlint.model.Reader:
    base = os.path.realpath(root)

    def read(path: Path) -> tuple[str, int | None]:
        if not os.path.realpath(path).startswith(base + os.sep):
            raise PermissionError(13, "outside the test tree", str(path))
        return read_text(path)

    return read


def _check(text: str, path: str | None, root: Path) -> None:
    with _sandbox(root):
        for diagnostic in planlint.check(text, path, reader=_reader_under(root)):
            assert diagnostic.location.start.line >= 0


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(text_strategy, pieces_strategy))
def test_any_text_round_trips_and_tiles(text: str) -> None:
    _assert_lossless(text, parse(text))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(text_strategy, pieces_strategy))
def test_the_scanner_and_lark_agree_on_any_text(text: str) -> None:
    tree = parse_tree(text)

    assert "".join(tree.scan_values(lambda _: True)) == text
    assert parse(text).lines == lines_from_tree(tree)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_round_trip(data: bytes) -> None:
    text, _ = decode(data)

    assert encode(parse(text).to_text()) == data


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.one_of(text_strategy, pieces_strategy))
def test_checks_never_raise_on_any_text(text: str, tmp_path: Path) -> None:
    _check(text, None, tmp_path)
    _check(text, str(tmp_path / "plan.plan.md"), tmp_path)


@st.composite
def mutated_plans(draw: st.DrawFn) -> tuple[Path, str]:
    """A corpus file or the seed with lines deleted, duplicated and edited."""
    path = draw(st.sampled_from(PLANS))
    lines = decode(path.read_bytes())[0].splitlines(keepends=True) or [""]
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            column = draw(st.integers(0, len(lines[index])))
            char = draw(st.sampled_from(INSERTS))
            lines[index] = lines[index][:column] + char + lines[index][column:]
    return path, "".join(lines)


@settings(max_examples=150, deadline=None)
@given(case=mutated_plans())
def test_mutated_corpus_files_round_trip_and_never_crash_the_checks(
    case: tuple[Path, str],
) -> None:
    path, text = case

    _assert_lossless(text, parse(text, str(path)))
    assert parse(text).lines == lines_from_tree(parse_tree(text))
    _check(text, path.name, path.parent)
