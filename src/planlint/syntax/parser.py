"""Loads the Lark grammar once and turns plan text into a lossless token tree."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Lark, Token, Tree

logger = logging.getLogger(__name__)


class _FinalNewline:
    """Postlexer: ends the token stream with an empty NL when the text has none."""

    always_accept = ()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        last: Token | None = None
        for last in stream:
            yield last
        if last is None or last.type != "NL":
            yield _token("NL", "", _end_of(last))


def _end_of(token: Token | None) -> int:
    if token is None or token.end_pos is None:
        return 0
    return token.end_pos


def _token(kind: str, value: str, start: int) -> Token:
    from lark import Token

    return Token(kind, value, start_pos=start, line=0, column=0)


@cache
def _parser() -> Lark:
    from lark import Lark

    return Lark.open_from_package(
        "planlint",
        "plan.lark",
        ("grammar",),
        parser="lalr",
        lexer="contextual",
        keep_all_tokens=True,
        maybe_placeholders=False,
        propagate_positions=False,
        postlex=_FinalNewline(),
        cache=True,
    )


def parse_tree(text: str) -> Tree[Token]:
    """Parse `text` into a tree whose tokens, joined in order, equal `text`."""
    parser = _parser()
    paused = gc.isenabled()
    gc.disable()  # the tree has no cycles; GC passes over it triple parse time
    try:
        return parser.parse(text)
    finally:
        if paused:
            gc.enable()
