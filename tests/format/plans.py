"""Plans for formatter tests: the repository's real ones, generated ones, and
messed-up spellings of them that the canonical form must undo."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

from planlint.model.values import split_references
from planlint.syntax import Attr, Line, LineKind, Marker, decode, parse
from tests.conftest import CORPUS, ROOT, SEED

KNOWN = {"name", "mode", "max_workers", "depends_on", "confirm", "id", "on_failure"}
KNOWN |= {"retry", "timeout"}
_TASK_MARKS = ("## TASK ##", "## TASK:", "## TASK ##:", "## TASK##")
_GAPS = (" ", " ", "  ", "\t", " \t ")
_COLONS = (":", "：", " :", " ：", "\t:")


def real_plans() -> list[Path]:
    """The seed, every corpus plan and the include fragments."""
    corpus = sorted(CORPUS.glob("*.plan.md"))
    parts = sorted((CORPUS / "include-parts").glob("*.md"))
    return [SEED, *corpus, *parts]


def read(path: Path) -> str:
    text, _ = decode(path.read_bytes())
    return text


def generator() -> ModuleType:
    """bench/generate.py, the benchmark's plan generator, loaded from its file."""
    path = ROOT / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def to_crlf(text: str) -> str:
    """Every line break as CRLF (the text must use LF or CRLF only)."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def mess(text: str, rng: random.Random) -> str:
    """`text` spelled as carelessly as the canonical form allows to undo.

    Only what planfmt normalises changes: marker spellings, attribute order
    and spacing, `depends_on` lists, field colons, trailing blanks, blank
    lines. Body text, fences and each line's ending stay as they are.
    """
    lines = parse(text).lines
    out: list[str] = []
    if lines and lines[0].eol:
        out.append(rng.choice(("", "\t")) + lines[0].eol)
    for index, line in enumerate(lines):
        if _droppable(lines, index) and rng.random() < 0.5:
            continue
        out.extend(_messy_blanks(lines, index, rng))
        out.append(_messy_line(line, rng) + line.eol)
    if lines and lines[-1].eol and rng.random() < 0.5:
        out.append("  " + lines[-1].eol)
    return "".join(out)


def _droppable(lines: list[Line], index: int) -> bool:
    """A blank line just before a marker, which planfmt puts back."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    return (
        lines[index].kind is LineKind.BLANK
        and following is not None
        and following.marker is not None
    )


def _messy_blanks(lines: list[Line], index: int, rng: random.Random) -> list[str]:
    """Blank lines that planfmt removes: after a blank line, or before a marker.

    They use the ending of the line above, so no line ending is invented.
    """
    above = lines[index - 1] if index else None
    if above is None or not above.eol or rng.random() < 0.6:
        return []
    if above.kind is not LineKind.BLANK and lines[index].marker is None:
        return []
    return [rng.choice(("", " ", "\t")) + above.eol for _ in range(rng.randint(1, 2))]


def _messy_line(line: Line, rng: random.Random) -> str:
    if line.marker is not None:
        return _messy_marker(line.marker, rng)
    if line.field is not None:
        colon = rng.choice(_COLONS)
        value = line.field.value
        return f"{line.field.key}{colon}{rng.choice(_GAPS)}{value}{_trailing(rng)}"
    if line.kind in (LineKind.COMMENT, LineKind.INCLUDE):
        return line.text + _trailing(rng)
    if line.kind is LineKind.BLANK:
        return rng.choice(("", " ", "\t", "   "))
    return line.text


def _trailing(rng: random.Random) -> str:
    return rng.choice(("", "", " ", "  ", "\t"))


def _messy_marker(marker: Marker, rng: random.Random) -> str:
    mark = "## STAGE ##"
    if marker.kind is LineKind.TASK:
        mark = rng.choice(_TASK_MARKS)
    parts = [mark, *(_messy_attr(a, rng) for a in _shuffled(marker.attrs, rng))]
    if marker.rest:
        parts.append(marker.rest)
    text = parts[0]
    for part in parts[1:]:
        text += rng.choice(_GAPS) + part
    return text + _trailing(rng)


def _shuffled(attrs: tuple[Attr, ...], rng: random.Random) -> list[Attr]:
    """Known attributes in random order; unknown ones keep their own order."""
    known = [a for a in attrs if a.key in KNOWN]
    unknown = [a for a in attrs if a.key not in KNOWN]
    rng.shuffle(known)
    merged: list[Attr] = []
    while known or unknown:
        pool = known if known and (not unknown or rng.random() < 0.5) else unknown
        merged.append(pool.pop(0))
    return merged


def _messy_attr(attr: Attr, rng: random.Random) -> str:
    value = attr.value or ""
    if attr.key == "depends_on" and value:
        items = [ref.text for ref in split_references(value, 0) if ref.text]
        if items and rng.random() < 0.5:
            items.append(rng.choice(items))
        spaced = [rng.choice(("", " ")) + i + rng.choice(("", " ")) for i in items]
        value = ",".join(spaced) + rng.choice(("", ",", ", "))
    return f'{attr.key}="{value}"'
