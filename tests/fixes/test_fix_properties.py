"""Fixes on generated plans: they converge, are idempotent and never crash.

Plans are drawn from lines that real plans contain, mistakes included (legacy
markers, full-width colons, stray commas, duplicate or prefixed dependencies,
wrong header counts, BOM, CRLF, suppressions), so the fixes meet each other.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlint.cli.fixing import Checker
from planlint.config import DEFAULTS

LINES = [
    "# 总阶段数: 7",
    "# 预计任务数：1",
    '## STAGE ## name="构建 🚀" mode="sequential" max_workers="2"',
    '## STAGE ## name="发布" mode="parallel" depends_on="stage:1,"',
    '## TASK ## id="a" depends_on="b,b"',
    '## TASK ## id="b" depends_on="task:a"',
    "## TASK: 统一日志",
    "## TASK##",
    "## TASK ##:",
    '## TASK ## id=c on_failure="stop" on_failure="stop"',
    "文件：src/a.ts",
    "验证：npm test",
    "- 验证: test -s a",
    "# planlint: disable-next-line=PL601 -- 只读",
    "# planlint: disable=PL9999",
    "需要人工确认",
    "",
    "做点事 😀",
]


def _plan(lines: list[str], crlf: bool, bom: bool) -> str:
    end = "\r\n" if crlf else "\n"
    return ("\ufeff" if bom else "") + "".join(line + end for line in lines)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(st.sampled_from(LINES), min_size=1, max_size=14),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_fixes_converge_and_a_second_fix_changes_nothing(
    lines: list[str], crlf: bool, bom: bool, unsafe: bool
) -> None:
    checker = Checker("generated.plan.md", DEFAULTS)
    text = _plan(lines, crlf, bom)

    first = checker.fix(text, unsafe)
    second = checker.fix(first.text, unsafe)

    assert second.text == first.text
    assert second.applied == 0
    left = [d for d in first.remaining if d.fix and (d.fix.safe or unsafe)]
    assert all(e.path != "generated.plan.md" for d in left for e in d.fix.edits)
    if crlf:
        assert "\n" not in first.text.replace("\r\n", "")
