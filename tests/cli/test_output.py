"""The three output formats on real plans, with CJK and emoji in the lines."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from planlint.cli.lint import use_color
from planlint.cli.output import printable
from tests.cli.conftest import Run
from tests.conftest import CORPUS, SEED

# A stage that needs a task nobody defined, behind wide characters and an emoji.
WIDE_LINE = '## STAGE ## name="迁移🚀数据" mode="serial" depends_on="task:缺失🙂"'
WIDE_PLAN = f'{WIDE_LINE}\n\n## TASK ## id="a"\n做事\n'
KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "severity",
    "code",
    "rule",
    "message",
    "related",
    "fix",
}
CARETS = re.compile(r"^ +\| ( *)(\^+) (?:error|warning|info)$", re.MULTILINE)
CONCISE = re.compile(r"^(.+):(\d+):(\d+): (PL\d{3}) \[([a-z0-9-]+)\] (.+)$")
FILES = [SEED, *sorted(CORPUS.glob("*.plan.md"))]


def _cells(text: str) -> int:
    """Terminal width by the Unicode tables, independent of the code under test."""
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return len(text) + wide


def _json(planlint: Run, *argv: str) -> list[dict[str, Any]]:
    result = planlint("--output-format", "json", *argv)
    document = json.loads(result.out)
    assert document["version"] == 1
    diagnostics: list[dict[str, Any]] = document["diagnostics"]
    return diagnostics


@pytest.fixture
def wide_plan(tmp_path: Path) -> Path:
    path = tmp_path / "wide.plan.md"
    path.write_text(WIDE_PLAN, encoding="utf-8")
    return path


def test_json_columns_are_1_based_code_points(planlint: Run, wide_plan: Path) -> None:
    [found] = _json(planlint, str(wide_plan))

    start = WIDE_LINE.index("task:") + 1
    assert set(found) == KEYS
    assert found["code"] == "PL202" and found["rule"] == "unknown-dependency"
    assert found["severity"] == "error"
    assert (found["line"], found["column"]) == (1, start)
    assert (found["end_line"], found["end_column"]) == (1, start + len("task:缺失🙂"))
    assert WIDE_LINE[found["column"] - 1 : found["end_column"] - 1] == "task:缺失🙂"
    assert found["path"] == str(wide_plan) and found["related"] == []


def test_full_frame_underlines_wide_characters_exactly(
    planlint: Run, wide_plan: Path
) -> None:
    result = planlint(str(wide_plan))

    lines = result.out.splitlines()
    assert lines[0].startswith(f"{wide_plan}:1:52: PL202 [unknown-dependency] ")
    assert lines[1:4] == [
        "  |",
        f"1 | {WIDE_LINE}",
        "  | " + " " * 56 + "^" * 11 + " error",
    ]
    assert lines[-1] == "Found 1 error in 1 file."


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_caret_sits_under_its_span(planlint: Run, path: Path) -> None:
    diagnostics = _json(planlint, str(path))
    frames = planlint("--color", "never", str(path)).out.split("\n\n")

    assert len(frames) == len(diagnostics) + 1  # the summary comes last
    for found, frame in zip(diagnostics, frames, strict=False):
        line = _source_line(Path(found["path"]), found["line"])
        start = found["column"] - 1
        end = found["end_column"] - 1 if found["end_line"] == found["line"] else None
        [(pad, carets)] = CARETS.findall(frame)
        assert len(pad) == _cells(line[:start].expandtabs(4))
        width = _cells(line[:end].expandtabs(4)) - len(pad)
        assert len(carets) == max(1, width)


def _source_line(path: Path, number: int) -> str:
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))[number - 1]


def test_concise_lines_match_the_json(planlint: Run) -> None:
    path = CORPUS / "unknown-dependency.plan.md"
    diagnostics = _json(planlint, str(path))
    lines = planlint("--output-format", "concise", str(path)).out.splitlines()

    assert len(lines) == len(diagnostics) + 1
    for found, line in zip(diagnostics, lines, strict=False):
        match = CONCISE.match(line)
        assert match is not None, line
        assert match.groups() == (
            found["path"],
            str(found["line"]),
            str(found["column"]),
            found["code"],
            found["rule"],
            found["message"],
        )
    assert lines[-1].startswith("Found ") and "error" in lines[-1]


def test_related_places_and_fixes_are_shown(planlint: Run) -> None:
    cycle = CORPUS / "cycle-two-tasks.plan.md"
    typo = CORPUS / "unknown-dependency.plan.md"
    [loop] = [d for d in _json(planlint, str(cycle)) if d["line"] == 8]
    shema = next(d for d in _json(planlint, str(typo)) if "shema" in d["message"])

    assert [(r["path"], r["line"]) for r in loop["related"]][:1] == [(str(cycle), 14)]
    assert f"= note: {cycle}:14:" in planlint(str(cycle)).out
    assert shema["fix"]["safe"] is False
    [edit] = shema["fix"]["edits"]
    assert (edit["line"], edit["column"]) == (shema["line"], shema["column"])
    assert edit["end_column"] == shema["end_column"] and edit["text"] == "schema"
    assert "= help: use `schema` (unsafe fix)" in planlint(str(typo)).out


def test_a_bom_fix_is_addressed_by_offset(planlint: Run) -> None:
    [bom] = _json(planlint, str(CORPUS / "utf8-bom.plan.md"))

    assert (bom["code"], bom["line"], bom["column"]) == ("PL009", 1, 1)
    [edit] = bom["fix"]["edits"]
    assert (edit["offset"], edit["end_offset"], edit["text"]) == (0, 1, "")


@pytest.mark.parametrize("form", ["full", "concise", "json"])
def test_invalid_utf8_prints_to_a_strict_stream(form: str, tmp_path: Path) -> None:
    from planlint.cli.main import main

    plan = tmp_path / "bad.plan.md"
    # A byte that is not UTF-8 inside the unknown id: the message quotes it.
    plan.write_bytes(
        WIDE_PLAN.encode().replace("缺失".encode(), b"\xe7\xbc\xba\xff\xe5\xa4\xb1")
    )
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")

    code = main(["--output-format", form, str(plan)], out, io.StringIO())

    out.flush()
    assert code == 1
    assert "缺\ufffd失" in raw.getvalue().decode("utf-8")


def test_color_only_when_asked(planlint: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(CORPUS / "utf8-bom.plan.md")

    assert "\x1b[" in planlint("--color", "always", path).out
    assert "\x1b[" not in planlint("--color", "never", path).out
    assert "\x1b[" not in planlint(path).out  # auto, and a StringIO is no terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in planlint(path).out


def test_concise_output_is_coloured_when_asked(planlint: Run) -> None:
    path = str(CORPUS / "cycle-two-tasks.plan.md")
    concise = ("--output-format", "concise")

    coloured = planlint(*concise, "--color", "always", path).out
    plain = planlint(*concise, "--color", "never", path).out

    assert "\x1b[1;31mPL301\x1b[0m" in coloured  # an error's code in bold red
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\x1b[" not in plain


@pytest.mark.parametrize(
    "path", sorted(CORPUS.iterdir()) + [SEED], ids=lambda p: p.name
)
def test_frames_read_the_same_with_and_without_colour(
    planlint: Run, path: Path
) -> None:
    """The plain frames are written directly and the coloured ones by rich."""
    coloured = planlint("--color", "always", str(path)).out
    plain = planlint("--color", "never", str(path)).out

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\x1b[" not in plain


def test_a_tab_in_a_message_reads_the_same_with_and_without_colour(
    planlint: Run, tmp_path: Path
) -> None:
    """Messages quote values, which may hold tabs; rich expands them to stops
    of 8 cells, so the plain frames must too (a raw tab was written)."""
    plan = tmp_path / "tabs.plan"
    plan.write_text(
        '## STAGE ## name="阶段" mode="串\t行"\n## TASK ## id="甲\t乙"\n做事\n',
        encoding="utf-8",
    )

    coloured = planlint("--color", "always", str(plan)).out
    plain = planlint("--color", "never", str(plan)).out

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\t" not in plain
    header = next(line for line in plain.splitlines() if "PL104" in line)
    before = header[: header.index("行")].rstrip(" ")
    assert before.endswith("`串") and _cells(header[: header.index("行")]) % 8 == 0


def test_always_colours_even_when_no_color_is_set(
    planlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--color always` overrides NO_COLOR: rich must not read it again."""
    monkeypatch.setenv("NO_COLOR", "1")

    out = planlint("--color", "always", str(CORPUS / "cycle-two-tasks.plan.md")).out

    assert "\x1b[1;31mPL301\x1b[0m" in out  # an error's code in bold red
    assert "\x1b[34m" in out  # the gutter in blue


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "environ", "tty", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_use_color(
    choice: str, environ: dict[str, str], tty: bool, expected: bool
) -> None:
    stream = _Terminal() if tty else io.StringIO()

    assert use_color(choice, stream, environ) is expected


def test_printable_keeps_one_code_point_per_character() -> None:
    text = "a\x00b\x1b[31m\x7f\udcff\tc\x9b1m\x85"

    shown = printable(text)

    assert shown == "a\u2400b\u241b[31m\u2421\ufffd\tc\ufffd1m\ufffd"
    assert len(shown) == len(text)


def test_the_line_before_is_context_unless_blank(planlint: Run) -> None:
    seed = planlint(str(SEED)).out.splitlines()
    cycle = planlint(str(CORPUS / "cycle-two-tasks.plan.md")).out.splitlines()

    assert seed[1:4] == ["  |", "3 | # 总阶段数: 4", "4 | # 预计任务数: 10"]
    assert cycle[1:3] == [
        "  |",
        '8 | ## TASK ## id="client-sdk" depends_on="mock-server" on_failure="stop"',
    ]


def test_a_huge_line_is_shown_as_a_window_around_the_span(
    planlint: Run, tmp_path: Path
) -> None:
    plan = tmp_path / "huge.plan"
    plan.write_text("x" * 5_000_000 + "\n", encoding="utf-8")

    result = planlint(str(plan))

    assert result.code == 1
    assert len(result.out) < 1000
    source, carets = result.out.splitlines()[2:4]
    assert source == "1 | " + "x" * 118 + "\u2026"
    assert carets == "  | " + "^" * 118 + " error"


def test_a_wide_cjk_line_is_clipped_and_the_carets_stay_under_the_span(
    planlint: Run, tmp_path: Path
) -> None:
    from planlint.cli.output.frame import MAX_CELLS

    title = "数据🚀" * 1000
    line = f'## TASK ## id="a" {title} depends_on="甲"'
    plan = tmp_path / "wide.plan"
    plan.write_text(f'## STAGE ## name="阶段" mode="serial"\n{line}\nx\n', "utf-8")
    [found] = [d for d in _json(planlint, str(plan)) if d["line"] == 2]
    span = line[found["column"] - 1 : found["end_column"] - 1]

    frame = planlint(str(plan)).out.split("\n\n")[0].splitlines()

    source = frame[3].removeprefix("2 | ")
    [(pad, carets)] = CARETS.findall(frame[4])
    assert source.startswith("\u2026") and source.endswith('depends_on="甲"')
    assert _cells(source) <= MAX_CELLS
    assert span == "depends_on"
    assert len(pad) == _cells(source[: source.index(span)])
    assert len(carets) == _cells(span)


def test_a_huge_line_of_zero_width_marks_is_clipped_too(
    planlint: Run, tmp_path: Path
) -> None:
    plan = tmp_path / "marks.plan"
    plan.write_text("a" + "\u0301" * 1_000_000 + "\n", encoding="utf-8")

    result = planlint(str(plan))

    assert result.code == 1
    assert len(result.out) < 3000
    assert result.out.splitlines()[2].endswith("\u2026")


def test_a_huge_quoted_value_is_cut_in_messages_not_in_locations(
    planlint: Run, tmp_path: Path
) -> None:
    value = "并行" * 1500 + "-end"
    plan = tmp_path / "huge.plan.md"
    plan.write_text(f'## STAGE ## name="阶段" mode="{value}"\n## TASK ##\n做\n')

    [found] = _json(planlint, str(plan))
    concise = planlint("--output-format", "concise", str(plan)).out

    assert found["code"] == "PL104"
    assert f"`{value[:60]}\u2026{value[-15:]}`" in found["message"]
    assert len(found["message"]) < 200
    assert found["end_column"] - found["column"] == len(value)
    assert max(len(line) for line in concise.splitlines()) < 250
