"""The documents the client has open, kept in sync by their edits.

pygls keeps its own copies, split with `str.splitlines()`, which breaks lines
at characters LSP does not (form feed, U+2028 ...), so an incremental edit
after such a character lands on the wrong line. This store splits lines only
at CRLF, CR and LF, like the rest of planlint, and is the one copy we use.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from planlint.model.includes import identity
from planlint.server.positions import Encoding, offset_at
from planlint.syntax import LineIndex, first_bad_offset, read_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenDocument:
    """One open document: its text as the client has it, and its version."""

    uri: str
    text: str
    version: int | None = None
    language_id: str = ""
    path: str | None = field(default=None, compare=False)

    @cached_property
    def index(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def bad_offset(self) -> int | None:
        """Where the first byte that was not UTF-8 is (see syntax.source)."""
        return first_bad_offset(self.text)


def path_of(uri: str) -> str | None:
    """The file system path of a `file:` URI; None for `untitled:` and others."""
    try:
        return to_fs_path(uri)
    except (ValueError, IndexError, TypeError):  # a malformed URI names no file
        logger.debug("no file path for %s", uri, exc_info=True)
        return None


def uri_of(path: str) -> str:
    return from_fs_path(os.path.abspath(path)) or path


def apply_change(
    document: OpenDocument,
    change: types.TextDocumentContentChangeEvent,
    encoding: Encoding,
) -> str:
    """The text after one change event: a ranged edit or a whole new text."""
    return _applied(document, change, encoding)[0]


def _applied(
    document: OpenDocument,
    change: types.TextDocumentContentChangeEvent,
    encoding: Encoding,
) -> tuple[str, dict[str, object]]:
    """The text after one change event, and what of the new document is
    cheap to derive from this one (a ranged edit): its line index, and where
    its first undecodable byte is when this text had none."""
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return change.text, {}

    index = document.index
    start = offset_at(index, change.range.start, encoding)
    end = max(offset_at(index, change.range.end, encoding), start)
    text = document.text[:start] + change.text + document.text[end:]
    known: dict[str, object] = {"index": index.edited(start, end, text)}
    if document.bad_offset is None:
        bad = first_bad_offset(change.text)
        known["bad_offset"] = start + bad if bad is not None else None
    return text, known


class DocumentStore:
    """Open documents by URI, and by file identity for the include reader."""

    def __init__(self) -> None:
        self._documents: dict[str, OpenDocument] = {}
        self._by_identity: dict[str, str] = {}

    def open(
        self, uri: str, text: str, version: int | None, language_id: str = ""
    ) -> OpenDocument:
        path = path_of(uri)
        document = OpenDocument(uri, text, version, language_id, path)
        self._documents[uri] = document
        if path is not None:
            self._by_identity[identity(Path(path))] = uri
        return document

    def change(
        self,
        uri: str,
        version: int | None,
        changes: Sequence[types.TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> OpenDocument | None:
        """Apply the edits of one didChange in order; None if `uri` is not open."""
        document = self._documents.get(uri)
        if document is None:
            logger.warning("didChange for %s, which is not open; ignored", uri)
            return None

        for change in changes:
            text, known = _applied(document, change, encoding)
            document = OpenDocument(
                uri, text, version, document.language_id, document.path
            )
            vars(document).update(known)  # patched from the last one, not searched
        self._documents[uri] = document
        return document

    def close(self, uri: str) -> None:
        document = self._documents.pop(uri, None)
        if document is not None and document.path is not None:
            self._by_identity.pop(identity(Path(document.path)), None)

    def get(self, uri: str) -> OpenDocument | None:
        return self._documents.get(uri)

    def __iter__(self) -> Iterator[OpenDocument]:
        return iter(list(self._documents.values()))

    def __len__(self) -> int:
        return len(self._documents)

    def by_identity(self, key: str) -> OpenDocument | None:
        uri = self._by_identity.get(key)
        return self._documents.get(uri) if uri is not None else None

    def uri_for(self, path: str) -> str:
        """The URI the client uses for `path` if it is open, else a `file:` URI."""
        document = self.by_identity(identity(Path(path)))
        return document.uri if document is not None else uri_of(path)

    def read(self, path: Path) -> tuple[str, int | None]:
        """A model Reader: an open document's text wins over the file on disk."""
        document = self.by_identity(identity(path))
        if document is not None:
            return document.text, document.bad_offset
        return read_text(path)
