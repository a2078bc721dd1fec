"""Keeping the client's text: incremental edits land where the client made them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from planlint.server.documents import DocumentStore, OpenDocument, apply_change
from planlint.server.positions import Encoding
from planlint.syntax import LineIndex, first_bad_offset

BREAKS = re.compile(r"\r\n|\r|\n")
ALPHABET = st.sampled_from(list('a# ="名😀\n\r\x0c\x85\u2028') + ["\r\n", "## TASK ##"])


def _edit(
    start: tuple[int, int], end: tuple[int, int], text: str
) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=start[0], character=start[1]),
            end=types.Position(line=end[0], character=end[1]),
        ),
        text=text,
    )


CASES = [
    # text, start, end, new text, expected; UTF-16 positions
    (
        "a\x0cb\nc = 1\n",
        (1, 0),
        (1, 1),
        "X",
        "a\x0cb\nX = 1\n",
    ),  # pygls' splitlines bug
    ("x\u2028y\nz\n", (1, 0), (1, 1), "Z", "x\u2028y\nZ\n"),
    ("a\x85b\nc", (1, 0), (1, 1), "C", "a\x85b\nC"),
    ("a\r\nb\rc\n", (2, 0), (2, 1), "C", "a\r\nb\rC\n"),
    ("名😀x\n", (0, 3), (0, 4), "y", "名😀y\n"),
    ("名😀x\n", (0, 1), (0, 3), "", "名x\n"),
    ("ab\n", (0, 9), (5, 0), "!", "ab!"),  # past the end: clamped
    ("", (0, 0), (0, 0), "## STAGE ##\n", "## STAGE ##\n"),
]


@pytest.mark.parametrize(("text", "start", "end", "new", "expected"), CASES)
def test_incremental_edit(
    text: str, start: tuple[int, int], end: tuple[int, int], new: str, expected: str
) -> None:
    document = OpenDocument("untitled:t", text)

    assert apply_change(document, _edit(start, end, new), Encoding.UTF16) == expected


def test_a_whole_text_change_replaces_everything() -> None:
    document = OpenDocument("untitled:t", "old")
    change = types.TextDocumentContentChangeWholeDocument(text="new 😀")

    assert apply_change(document, change, Encoding.UTF8) == "new 😀"


def _units(line: str, column: int, encoding: Encoding) -> int:
    codec = {Encoding.UTF16: "utf-16-le", Encoding.UTF8: "utf-8"}.get(encoding)
    if codec is None:
        return column
    size = 2 if encoding is Encoding.UTF16 else 1
    return len(line[:column].encode(codec)) // size


def _client_edit(
    text: str, start: int, end: int, new: str, encoding: Encoding
) -> types.TextDocumentContentChangePartial:
    """The edit a client sends for replacing text[start:end], computed independently."""

    def where(offset: int) -> tuple[int, int]:
        starts = [0] + [m.end() for m in BREAKS.finditer(text)]
        line = max(i for i, s in enumerate(starts) if s <= offset)
        line_text = BREAKS.split(text[starts[line] :], maxsplit=1)[0]
        return line, _units(line_text, offset - starts[line], encoding)

    return _edit(where(start), where(end), new)


def _boundaries(text: str) -> list[int]:
    """Offsets a client can name: not inside a CRLF pair."""
    return [
        i
        for i in range(len(text) + 1)
        if not (0 < i < len(text) and text[i - 1 : i + 1] == "\r\n")
    ]


@settings(max_examples=300)
@given(st.lists(ALPHABET, max_size=25).map("".join), st.data())
def test_random_edits_keep_the_clients_text(text: str, data: st.DataObject) -> None:
    store = DocumentStore()
    store.open("untitled:p", text, 1)
    for version in range(2, 6):
        encoding = data.draw(st.sampled_from(list(Encoding)))
        spots = _boundaries(text)
        start = data.draw(st.sampled_from(spots))
        end = data.draw(st.sampled_from([s for s in spots if s >= start]))
        new = data.draw(st.lists(ALPHABET, max_size=4).map("".join))
        edit = _client_edit(text, start, end, new, encoding)

        document = store.change("untitled:p", version, [edit], encoding)
        text = text[:start] + new + text[end:]

        assert document is not None and document.text == text
        # the store patches the line index from the last one: as if built anew
        assert document.index.starts == LineIndex(text).starts


def test_the_reader_prefers_the_open_document(tmp_path: Path) -> None:
    part = tmp_path / "part.md"
    part.write_text("on disk\n", encoding="utf-8")
    store = DocumentStore()

    store.open(part.as_uri(), "unsaved 😀\n", 3)
    opened = store.read(part)
    store.close(part.as_uri())

    assert opened == ("unsaved 😀\n", None)
    assert store.read(part) == ("on disk\n", None)


def test_changes_to_a_document_that_is_not_open_are_ignored() -> None:
    store = DocumentStore()

    assert (
        store.change("untitled:nope", 2, [_edit((0, 0), (0, 0), "x")], Encoding.UTF16)
        is None
    )


BAD = st.lists(st.sampled_from(["a", "名", "😀", "\n", "\udc80", "\udcff"]), max_size=6)


@settings(max_examples=200)
@given(BAD.map("".join), st.data())
def test_the_first_undecodable_byte_follows_edits(
    text: str, data: st.DataObject
) -> None:
    store = DocumentStore()
    store.open("untitled:p", text, 1)
    for version in range(2, 6):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        new = data.draw(BAD.map("".join))
        edit = _client_edit(text, start, end, new, Encoding.UTF32)

        document = store.change("untitled:p", version, [edit], Encoding.UTF32)
        text = text[:start] + new + text[end:]

        assert document is not None and document.text == text
        assert document.bad_offset == first_bad_offset(text)
