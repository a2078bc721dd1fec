"""Document links: each `@path` include opens the file it names."""

from __future__ import annotations

from lsprotocol import types

from planlint.server.analysis import View
from planlint.syntax import Span


def document_links(view: View) -> list[types.DocumentLink]:
    """A link for every include of this document that resolved to a file."""
    links: list[types.DocumentLink] = []
    seen: set[int] = set()
    for include in view.plan.includes:
        source = include.source
        here = source.document is view.document and id(source.line) not in seen
        if not here or include.resolved is None:
            continue
        seen.add(id(source.line))
        start = source.line.span.start + 1
        span = Span(start, start + len(include.target))
        links.append(
            types.DocumentLink(
                range=view.range(span),
                target=view.analysis.uri_of(str(include.resolved)),
                tooltip=str(include.resolved),
            )
        )
    return links
