"""`--output-format full`: each diagnostic with a code frame.

A frame is built as lines of styled pieces. With colour they are printed
through rich; without it, which is how most runs print (a pipe, CI, a
file), the pieces are written as they are, and the run does not pay the
~12 ms it takes to import rich's console and text.

Carets are placed by display width (cells), not by characters: a CJK
character or an emoji takes two cells, a combining mark none, and tabs stop
every four characters, so the underline sits under the exact span.

A source line wider than `MAX_CELLS` is shown as a window of that width
around the span, with `…` where it was cut, so a huge line costs a line of
output and the time to measure the window, never the whole line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len

from planlint.checks import Diagnostic, Severity
from planlint.cli.output import FileReport, printable, summary, where

_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
}
_GUTTER = "blue"
_TAB_SIZE = 4
_RICH_TAB_SIZE = 8  # rich's stops, for tabs a message or path may still hold
MAX_CELLS = 120  # the widest source text a frame shows
_CONTEXT_CELLS = 40  # how much of a clipped line is kept before the span
_CUT = "\u2026"

Piece = tuple[str, str]  # text and its rich style ("" for none)
Line = list[Piece]

if TYPE_CHECKING:
    from rich.console import Console


def write(
    reports: Sequence[FileReport], stream: TextIO, color: bool, unchecked: int = 0
) -> None:
    """Print a frame for every diagnostic, then the summary line."""
    lines = list(_lines(reports, unchecked))
    if color:
        _print_in_color(lines, stream)
    else:
        stream.write("".join(_tabs_as_rich(_plain(line)) + "\n" for line in lines))


def _lines(reports: Sequence[FileReport], unchecked: int) -> Iterator[Line]:
    for report in reports:
        for diagnostic in report.diagnostics:
            yield from _frame(diagnostic, report)
            yield []
    yield [(summary(reports, unchecked), "")]


def _plain(line: Line) -> str:
    return "".join(text for text, _ in line)


def _tabs_as_rich(text: str) -> str:
    """`text` with each tab turned into spaces up to the next stop of 8 cells,
    as rich prints it in colour (a message can quote a value with a tab)."""
    if "\t" not in text:
        return text
    *parts, last = text.split("\t")
    out, cells = [], 0
    for part in parts:
        cells += cell_len(part)
        spaces = _RICH_TAB_SIZE - cells % _RICH_TAB_SIZE
        out.append(part + " " * spaces)
        cells += spaces
    return "".join(out) + last


def _print_in_color(lines: list[Line], stream: TextIO) -> None:
    from rich.text import Text

    console = _console(stream)
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        console.print(text)


def _console(stream: TextIO) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """Let the command decide: rich would exit the process from here."""
            self.quiet = True
            raise BrokenPipeError

    # The caller has settled --color, NO_COLOR and FORCE_COLOR: rich must not
    # guess again from the environment or the stream.
    return _Console(
        file=stream,
        force_terminal=True,
        no_color=False,  # else rich reads NO_COLOR, which --color always overrides
        color_system="standard",
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )


def _frame(diagnostic: Diagnostic, report: FileReport) -> Iterator[Line]:
    yield _header(diagnostic)
    width = len(str(diagnostic.location.start.line + 1))
    yield from _snippet(diagnostic, report, width)
    for related in diagnostic.related:
        yield _note(width, "note", f"{where(related.location)}: {related.message}")
    if diagnostic.fix is not None:
        unsafe = "" if diagnostic.fix.safe else " (unsafe fix)"
        yield _note(width, "help", diagnostic.fix.title + unsafe)


def _header(diagnostic: Diagnostic) -> Line:
    return [
        (printable(f"{where(diagnostic.location)}:") + " ", ""),
        (diagnostic.code, _STYLE[diagnostic.severity]),
        (f" [{diagnostic.rule}]", "dim"),
        (" " + printable(diagnostic.message), "bold"),
    ]


def _snippet(diagnostic: Diagnostic, report: FileReport, width: int) -> Iterator[Line]:
    location = diagnostic.location
    start = location.start
    line = report.line_text(location.path, start.line)
    if line is None:
        return

    yield _gutter(" " * width + " |")
    before = report.line_text(location.path, start.line - 1) if start.line else None
    if before and not before.isspace():  # a blank line tells nothing
        column = min(start.column, len(before))
        yield _source(start.line - 1, _clip(before, column, column)[0], width)
    end = location.end.column if location.end.line == start.line else len(line)
    shown, column, end = _clip(line, start.column, end)
    yield _source(start.line, shown, width)
    yield _carets(shown, column, end, width, diagnostic.severity)


def _clip(line: str, start: int, end: int) -> tuple[str, int, int]:
    """`line` cut to at most `MAX_CELLS` around `start`, and the span in it."""
    low, high = _window(line, start)
    if (low, high) == (0, len(line)):
        return line, start, end
    head = _CUT if low else ""
    tail = _CUT if high < len(line) else ""
    offset = len(head) - low
    return head + line[low:high] + tail, start + offset, min(end, high) + offset


def _window(line: str, start: int) -> tuple[int, int]:
    """The characters to show: some context before `start`, then what fits."""
    if len(line) <= _TAB_SIZE * MAX_CELLS and cell_len(_display(line)) <= MAX_CELLS:
        return 0, len(line)

    budget = MAX_CELLS - 2  # room for the two cut marks
    low, used = start, 0
    while low > 0 and used + _cells(line[low - 1]) <= _CONTEXT_CELLS:
        low -= 1
        used += _cells(line[low])
    high, most = start, low + _TAB_SIZE * MAX_CELLS  # zero-width marks: a bound
    while high < min(len(line), most) and used + _cells(line[high]) <= budget:
        used += _cells(line[high])
        high += 1
    while low > 0 and used + _cells(line[low - 1]) <= budget:  # room left at the end
        low -= 1
        used += _cells(line[low])
    return low, high


def _cells(char: str) -> int:
    """The most cells `char` can take once displayed (a tab: a whole stop)."""
    return _TAB_SIZE if char == "\t" else cell_len(printable(char))


def _source(number: int, line: str, width: int) -> Line:
    text = _gutter(f"{number + 1:>{width}} |")
    if line:
        text.append((" " + _display(line), ""))
    return text


def _carets(line: str, start: int, end: int, width: int, severity: Severity) -> Line:
    """`^^^` under characters `start` to `end` of `line`, and the severity."""
    pad = cell_len(_display(line[:start]))
    length = max(1, cell_len(_display(line[:end])) - pad)
    text = _gutter(" " * width + " | " + " " * pad)
    text.append(("^" * length + " " + severity.value, _STYLE[severity]))
    return text


def _note(width: int, label: str, message: str) -> Line:
    return [
        (" " * width + " = ", _GUTTER),
        (f"{label}:", "bold"),
        (" " + printable(message), ""),
    ]


def _gutter(margin: str) -> Line:
    """A line that starts with `margin` in the gutter's style, and only that."""
    return [(margin, _GUTTER)]


def _display(text: str) -> str:
    return printable(text).expandtabs(_TAB_SIZE)
