"""PL010 invalid-encoding: the file is not valid UTF-8."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import Rule
from planlint.model import Place, Plan
from planlint.syntax import Span

_FIRST_ESCAPE = 0xDC00  # surrogateescape keeps byte b as the code point 0xDC00 + b


class InvalidEncoding(Rule):
    code = "PL010"
    name = "invalid-encoding"
    severity = Severity.ERROR
    summary = "the file is not valid UTF-8"
    why = (
        "Plans are UTF-8. A file saved as GBK or Latin-1 shows garbage in"
        " prompts and logs, and its markers and fields may not be found. The"
        " diagnostic points at the first byte that is not UTF-8."
    )
    example = "文件: a.ts   (saved as GBK)"
    instead = "文件: a.ts   (saved as UTF-8)"
    fix_safety = "No fix: re-save the file as UTF-8 in the editor."

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for path, offset in plan.encoding_errors.items():
            document = plan.documents.get(path)
            if document is None or offset >= len(document.text):
                continue
            byte = ord(document.text[offset]) - _FIRST_ESCAPE
            yield self.diagnostic(
                Place(document, Span(offset, offset + 1)),
                f"the file is not valid UTF-8: byte `0x{byte:02X}` here cannot be"
                " decoded; re-save the file as UTF-8",
            )
