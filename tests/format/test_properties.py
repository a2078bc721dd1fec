"""Property tests: on random and mutated plans, formatting is idempotent,
keeps meaning and visible characters, agrees with its edits, never crashes."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlint.format import FormatError, apply_edits, format_edits, format_text
from planlint.syntax import Span, encode, parse
from tests.format.equivalence import meaning, visible
from tests.format.plans import mess, read, real_plans

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
KEYS = ("name", "mode", "max_workers", "depends_on", "confirm", "id", "on_failure")
KEYS += ("retry", "timeout", "owner", "ID", "x-y.z")
_inline = st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",))
_value = st.text(
    st.characters(blacklist_characters='"\r\n', blacklist_categories=("Cs",)),
    max_size=8,
) | st.sampled_from(["a, b", "stage:1,", " seed ,seed", "1h30m", "构建 🎯", ""])
_gap = st.sampled_from([" ", "  ", "\t", ""])
_words = st.text(_inline, max_size=12) | st.sampled_from(["标题  ", "🎯 目标", "a=b"])


@st.composite
def _marker(draw: st.DrawFn) -> str:
    mark = draw(
        st.sampled_from(
            ["## STAGE ##", "## TASK ##", "## TASK:", "## TASK ##:", "## TASK##"]
        )
    )
    attrs = draw(st.lists(st.tuples(st.sampled_from(KEYS), _value), max_size=5))
    text = mark + "".join(f'{draw(_gap)}{k}="{v}"' for k, v in attrs)
    if draw(st.booleans()):
        text += " " + draw(_words)
    return text + draw(_gap)


_field = st.builds(
    lambda key, colon, gap, value: f"{key}{colon}{gap}{value}",
    st.sampled_from(["文件", "排除", "验证", "执行"]),
    st.sampled_from([":", "：", " :", "\t："]),
    _gap,
    st.text(_inline, max_size=12),
)
_fence = st.builds(
    lambda fence, body: f"{fence}\n{body}\n{fence}",
    st.sampled_from(["```", "~~~", "```bash"]),
    st.text(_inline, max_size=20).map(lambda s: s.replace("`", "").replace("~", "")),
)
_line = st.one_of(
    _marker(),
    _field,
    _fence,
    st.builds(lambda t, g: "#" + t + g, st.text(_inline, max_size=10), _gap),
    st.builds(lambda t: "@" + t.strip(), st.text(_inline, min_size=1, max_size=10)),
    st.sampled_from(["", " ", "\t", "   "]),
    _words,
)


@st.composite
def _plan(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_line, max_size=25))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    text = eol.join(line.replace("\n", eol) for line in lines)
    if draw(st.booleans()):
        text += eol
    return ("\ufeff" if draw(st.booleans()) else "") + text


def _assert_formats_safely(text: str) -> None:
    """Refused, or formatted with every invariant; `force` always works."""
    forced = format_text(text, force=True)
    assert format_text(forced, force=True) == forced
    try:
        out = format_text(text)
    except FormatError as error:
        assert error.problems
        return

    assert out == forced
    assert format_text(out) == out
    assert meaning(out) == meaning(text)
    assert visible(out) == visible(text)
    assert apply_edits(text, format_edits(text)) == out


@SETTINGS
@given(_plan())
def test_random_plans(text: str) -> None:
    _assert_formats_safely(text)


_MUTATIONS = st.sampled_from(
    ['"', "=", ":", "：", "#", " ", "\t", "\r", "\n", "\r\n", "```", "## TASK ##",
     "## STAGE ##", "文件：", "@", ",", "🎯", "字", "\ufeff", 'id="x"', "x=y"]
)  # fmt: skip
# Small plans only: mutating the 4,500-line one makes each example slow.
_PLANS = [read(path) for path in real_plans() if path.stat().st_size < 20_000]


@SETTINGS
@given(
    st.sampled_from(_PLANS),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), _MUTATIONS), max_size=6),
)
def test_mutated_real_plans(text: str, edits: list[tuple[float, int, str]]) -> None:
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]

    _assert_formats_safely(text)


@SETTINGS
@given(st.sampled_from(_PLANS), st.integers(0, 2**32))
def test_messed_up_real_plans_format_back(text: str, seed: int) -> None:
    canonical = format_text(text)

    assert format_text(mess(canonical, random.Random(seed))) == canonical


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        out = format_text(text)
    except FormatError:
        out = format_text(text, force=True)
    assert format_text(out, force=True) == out


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")

    out = format_text(text, force=True)

    assert _bad_bytes(encode(out)) == _bad_bytes(data)
    assert format_text(out, force=True) == out


def _bad_bytes(data: bytes) -> list[str]:
    """The bytes that are not valid UTF-8, in order: planfmt never loses one."""
    text = data.decode("utf-8", "surrogateescape")
    return [ch for ch in text if "\udc80" <= ch <= "\udcff"]


@SETTINGS
@given(_plan(), st.integers(0, 400), st.integers(0, 400))
def test_range_edits_touch_only_selected_lines(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    try:
        edits = format_edits(text, Span(start, end))
    except FormatError:
        return

    low, high = _selected_lines(text, start, end)
    assert all(low <= e.span.start <= e.span.end <= high for e in edits)
    out = apply_edits(text, edits)
    assert meaning(out) == meaning(text)
    assert format_text(out) == format_text(text)


def _selected_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the first line the selection touches to the end of
    the last (with its line break); an empty selection touches its line."""
    lines = parse(text).lines
    low, high = len(text), 0
    for index, line in enumerate(lines):
        line_start = 0 if index == 0 else line.span.start  # the BOM is line 1's
        line_end = line.span.end + len(line.eol)
        if line_start <= end and start <= line_end:
            low, high = min(low, line_start), max(high, line_end)
    return low, high
