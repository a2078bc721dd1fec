"""The fast scanner is the grammar: same patterns, same order, same lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lark import Lark

from planlint.syntax import decode
from planlint.syntax.document import lines_from_tree
from planlint.syntax.parser import _parser, parse_tree
from planlint.syntax.scanner import (
    _GROUPED,
    LINE_TERMINALS,
    MARKER_TERMINALS,
    NL,
    scan,
)
from tests.conftest import CORPUS, SEED

PLANS = sorted(CORPUS.rglob("*.md")) + [SEED]


def _lexer_orders(parser: Lark) -> set[tuple[str, ...]]:
    """The terminal orders of the contextual lexer's states (Lark internals)."""
    contextual = parser.parser.lexer.lexer
    return {
        tuple(t.name for t in lexer.terminals) for lexer in contextual.lexers.values()
    }


def test_patterns_are_the_grammars_terminals() -> None:
    parser = _parser()
    ours = {**LINE_TERMINALS, **MARKER_TERMINALS, "NL": NL}

    theirs = {name: parser.get_terminal(name).pattern.to_regexp() for name in ours}

    assert ours == theirs


def test_terminals_are_tried_in_the_contextual_lexers_order() -> None:
    orders = _lexer_orders(_parser())

    assert (*LINE_TERMINALS, "NL") in orders
    assert ("BOM", *LINE_TERMINALS, "NL") in orders
    assert (*MARKER_TERMINALS, "NL") in orders


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_scanner_and_lark_give_the_same_lines(path: Path) -> None:
    text, _ = decode(path.read_bytes())

    assert scan(text) == lines_from_tree(parse_tree(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ufeff",
        "\ufeff\ufeff## TASK:\n",
        "\r\r\n\n",
        "## TASK ##",
        '## TASK ## id="a" 标题  \r',
        "## STAGE ##id='x' k= k=\"v\tz",
        "```\n## STAGE ##\n",
        "~~~x\r\n~~~\r\nz",
        "   \n\t",
        "文件：  a  \t",
        "验证 : \n",
        "@ x\n@x",
        "文件\t：\t a \t\r\n执行:\n验证 :   \n排除：,\r",
        '## STAGE ## name="a"  \t\n## TASK ##:id="a"x="b" 标题 🎯\n',
        "```\r\n~~~\r\n```\r\n\r\n",
    ],
)
def test_scanner_and_lark_agree_on_edge_cases(text: str) -> None:
    assert scan(text) == lines_from_tree(parse_tree(text))


def _line_starts(text: str) -> list[str]:
    """The text from each line start on, as the scanner meets it."""
    return [text[m.end() :] for m in re.finditer(f"(?:{NL})|^", text)]


def _end(pattern: re.Pattern[str], text: str, group: int) -> int | None:
    found = pattern.match(text)
    return found.end(group) if found else None


@pytest.mark.parametrize("name", sorted(_GROUPED))
def test_grouped_patterns_match_as_their_terminals(name: str) -> None:
    terminal = re.compile(LINE_TERMINALS[name])
    grouped = re.compile(_GROUPED[name][1].format(terminal.pattern))
    token = 1 if name.endswith("_MARK") else 0  # a marker's mark is group 1
    samples = [s for p in PLANS for s in _line_starts(decode(p.read_bytes())[0])]
    samples += ["文件\t：\t a \t\r\n", "执行:", "验证 :   \n", "## TASK##:x", "```\n"]

    ends = [_end(terminal, s, 0) for s in samples]

    assert [_end(grouped, s, token) for s in samples] == ends
    assert any(end is not None for end in ends)
