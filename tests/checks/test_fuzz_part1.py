"""Part-1 rules on generated plans: no crash, and every fix silences its diagnostic.

Plans are drawn from realistic and broken line shapes (markers, attributes,
fields, fences, CJK, emoji, CRLF, a stray surrogate-escaped byte), lightly
mangled, so the rules meet the inputs editors send while a plan is typed.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planlint
from planlint.checks import Diagnostic, Rule, all_rules

PATH = "gen.plan.md"
PART_1 = ("PL00", "PL010", "PL1", "PL50", "PL70")
MARKERS = [
    '## STAGE ## name="构建 🏗" mode="serial"',
    '## STAGE ## name="a" mode="parallel" max_workers="2"',
    "## STAGE ## mode=serial name='x'",
    '## STAGE ## name="a b="c"',
    '## STAGE ## 构建 name="x"',
    '## STAGE ##name="q" mode="sequential" max_workers="0"',
    '## STAGE name="x"',
    "## Stage 1: diag (parallel max_workers=3)",
    "## TASK ##",
    '## TASK ## id="a" on_failure="retry"',
    "## TASK: 标题",
    "## TASK##",
    "## TASK##x",
    "## TASK ##:",
    '## TASK ## id="x"retry="1"',
    '## TASK ## id="a on_failure="stop"',
    '## TASK ## id="late',
    "## TASK ## id=b retry='2' timeout=90",
    '## TASK ## 标题 id="z"',
    '## TASK ## confirm="yes" id="建表" timeout="1小时"',
    '## TASK ## depend_on="q" on_failure="Stop"',
    "### TASK",
    "## Task ##",
    "  ## TASK ##",
]
BODY = [
    "mode: serial",
    "依赖: x",
    "- 验证: npm test",
    "**文件**：a.ts",
    "文件: src/[模块名]/{slug}.ts",
    "验证：echo ok",
    "验证: npm test || true",
    "... (同上结构)",
    "需要人工确认",
    "# 总阶段数: 9",
    "# 预计任务数：0",
    "```",
    "<your-name> [请填写] YYYY-MM-DD 😀",
    "\udcff bad byte",
    "",
    "   ",
]


def _mangled(line: str, cuts: list[int]) -> str:
    """Drop a few characters, as a half-typed line would."""
    return "".join(c for i, c in enumerate(line) if i not in cuts)


blocks = st.tuples(
    st.sampled_from(MARKERS),
    st.lists(st.sampled_from(BODY), max_size=3),
    st.lists(st.integers(0, 40), max_size=2),
)
plans = st.builds(
    lambda head, found, eol: eol.join(
        [*head, *(line for m, b, c in found for line in [_mangled(m, c), *b])]
    ),
    st.lists(st.sampled_from(BODY), max_size=3),
    st.lists(blocks, max_size=6),
    st.sampled_from(["\n", "\r\n"]),
)


def _rules() -> list[Rule]:
    return [r for r in all_rules() if r.code.startswith(PART_1)]


def _apply(text: str, diagnostic: Diagnostic) -> str:
    assert diagnostic.fix is not None
    for edit in sorted(diagnostic.fix.edits, key=lambda e: -e.span.start):
        text = text[: edit.span.start] + edit.text + text[edit.span.end :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans)
def test_rules_survive_and_fixes_silence_their_diagnostic(text: str) -> None:
    plan = planlint.plan_from_text(text, PATH)
    for rule in _rules():
        for found in rule.check(plan):
            if found.fix is None:
                continue
            fixed = planlint.plan_from_text(_apply(text, found), PATH)
            again = [
                d
                for d in rule.check(fixed)
                if d.location.start == found.location.start
                and d.message == found.message
            ]
            assert again == [], (text, found)
