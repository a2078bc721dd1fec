"""Helpers for the language-server tests: a real `planlint lsp`, real files.

Positions in the assertions are computed here with Python's own codecs, not
with planlint's conversions, so a conversion bug cannot hide itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.conftest import CORPUS, SEED

SERVER = [sys.executable, "-m", "planlint", "lsp"]
TIMEOUT = 20  # seconds; every wait in these tests is bounded

__all__ = ["CORPUS", "SEED", "SERVER", "TIMEOUT"]


def capabilities(
    client: str, encodings: list[str] | None = None
) -> types.ClientCapabilities:
    """The capabilities a real client sends (`visual-studio-code`, `neovim@v0.11.0`)."""
    found = pytest_lsp.client_capabilities(client)
    if encodings is not None:
        found.general = types.GeneralClientCapabilities(position_encodings=encodings)
    return found


def initialize(
    caps: types.ClientCapabilities, options: dict[str, object] | None = None
) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=caps,
        root_uri=CORPUS.as_uri(),
        initialization_options=options,
    )


def open_file(
    client: LanguageClient, path: Path, text: str | None = None, uri: str | None = None
) -> tuple[str, str]:
    """didOpen `path` (or `text` under `uri`); its URI and text."""
    text = path.read_text(encoding="utf-8") if text is None else text
    uri = uri or path.resolve().as_uri()
    item = types.TextDocumentItem(uri=uri, language_id="plan", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return uri, text


def close(client: LanguageClient, uri: str) -> None:
    document = types.TextDocumentIdentifier(uri=uri)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=document)
    )


def lines_of(text: str) -> list[str]:
    """Lines as LSP counts them: split at CRLF, CR and LF only."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def find(text: str, needle: str, nth: int = 0, line_hint: str = "") -> tuple[int, int]:
    """0-based line and code-point column of the `nth` `needle` (on a line with `line_hint`)."""
    seen = 0
    for number, line in enumerate(lines_of(text)):
        if line_hint not in line:
            continue
        start = line.find(needle)
        while start >= 0:
            if seen == nth:
                return number, start
            seen += 1
            start = line.find(needle, start + 1)
    raise AssertionError(f"{needle!r} not in the text")


def units(line: str, column: int, encoding: str = "utf-16") -> int:
    """`column` (code points) of `line` in the units of `encoding`."""
    prefix = line[:column]
    if encoding == "utf-16":
        return len(prefix.encode("utf-16-le")) // 2
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    return len(prefix)


def position(
    text: str, line: int, column: int, encoding: str = "utf-16"
) -> types.Position:
    line_text = lines_of(text)[line]
    return types.Position(line=line, character=units(line_text, column, encoding))


def at(
    text: str,
    needle: str,
    encoding: str = "utf-16",
    nth: int = 0,
    shift: int = 0,
    line_hint: str = "",
) -> types.Position:
    """The LSP position of `needle` (plus `shift` code points) in `text`."""
    line, column = find(text, needle, nth, line_hint)
    return position(text, line, column + shift, encoding)


def span_range(
    text: str, needle: str, encoding: str = "utf-16", nth: int = 0, line_hint: str = ""
) -> types.Range:
    """The LSP range that `needle` covers."""
    line, column = find(text, needle, nth, line_hint)
    return types.Range(
        start=position(text, line, column, encoding),
        end=position(text, line, column + len(needle), encoding),
    )


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)
