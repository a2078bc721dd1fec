"""`--fix` and `--diff`: lint a plan under its settings, repair it, show or save it.

Files are written back byte for byte except where a fix edits them: the text
was decoded keeping a BOM, CRLF line ends and even bytes that are not UTF-8,
and `encode` gives those bytes back. A file is replaced atomically, keeping
its permissions; a symbolic link keeps pointing at the file it named.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

from planlint.api import check, plan_from_text
from planlint.checks import Diagnostic
from planlint.checks.fixes import FixResult, fix_text, select_fixes
from planlint.cli.output import without_surrogates
from planlint.config import Settings
from planlint.model import Plan
from planlint.syntax import encode

logger = logging.getLogger(__name__)

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_NO_NEWLINE = "\\ No newline at end of file\n"


class Checker:
    """Lints the text of one plan under its settings; keeps the last plan built."""

    def __init__(self, name: str | None, settings: Settings) -> None:
        self.name = name
        self.settings = settings
        self.enabled = settings.enabled(name)
        self.plan: Plan | None = None
        self.repaired: list[Diagnostic] = []  # by the last `fix`

    @property
    def path(self) -> str:
        """The path that the plan's own edits name (`-` for an unnamed stdin)."""
        return self.name or "-"

    def __call__(self, text: str) -> list[Diagnostic]:
        self.plan = plan_from_text(text, self.name)
        return self.settings.adjust(check(self.plan, enabled=self.enabled))

    def fix(self, text: str, unsafe: bool) -> FixResult:
        """Apply every fix the settings allow, until the text is stable.

        `repaired` then holds the diagnostics whose fixes went into the text.
        """
        passes: list[list[Diagnostic]] = []

        def lint(current: str) -> list[Diagnostic]:
            passes.append(self(current))
            return passes[-1]

        result = fix_text(text, self.path, lint, unsafe)
        chosen = [
            d for found in passes for d, _ in select_fixes(found, self.path, unsafe)
        ]
        self.repaired = [d for d in chosen if d not in result.remaining]
        return result


def write_in_place(path: Path, text: str) -> None:
    """Replace the file at `path` with `text`, encoded as it was decoded."""
    import tempfile  # here, as difflib below: a plain lint never needs them

    target = path.resolve()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(encode(text))
        shutil.copymode(target, temporary)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    logger.info("wrote the fixed %s", path)


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff from `before` to `after`, line ends shown as they are."""
    import difflib

    chunks = difflib.unified_diff(
        _lines(before), _lines(after), fromfile=name, tofile=name
    )
    parts = []
    for chunk in chunks:
        ended = chunk.endswith(("\n", "\r"))
        parts.append(chunk if ended else f"{chunk}\n{_NO_NEWLINE}")
    return without_surrogates("".join(parts))


def _lines(text: str) -> list[str]:
    """Lines with their ends; only CRLF, CR and LF end a line, as in the parser."""
    return _LINE.findall(text)
