"""Every fix of rules PL0xx, PL1xx, PL5xx and PL701: apply it, re-lint, it is gone.

Each case is the plan text before, the text the rule's fixes must produce, and
whether those fixes are safe. The fixed text is linted again: the rule must
not fire a second time.
"""

from __future__ import annotations

import pytest

import planlint
from planlint.checks import Diagnostic, Edit, rule_for

PATH = "fix.plan.md"
STAGE = '## STAGE ## name="清理 🧹" mode="serial"'
FILES = "\n\n文件: a.ts"


def t(marker: str, body: str = "x") -> str:
    """A plan whose one stage holds a task with this marker line and body."""
    return f"{STAGE}\n\n{marker}\n{body}\n"


def s(marker: str, body: str = "x") -> str:
    """A plan with this STAGE line and one task."""
    return f"{marker}\n\n## TASK ##\n{body}\n"


# (code, before, after, safe)
CASES = [
    ("PL003", t("## TASK ## id=seed 😀"), t('## TASK ## id="seed" 😀'), True),
    ("PL003", t("## TASK ## id='种子'"), t('## TASK ## id="种子"'), True),
    ("PL003", t('## TASK ## id="a"retry="1"'), t('## TASK ## id="a" retry="1"'), True),
    (
        "PL003",
        t('## TASK ## id="a on_failure="stop"'),
        t('## TASK ## id="a" on_failure="stop"'),
        False,
    ),
    ("PL003", t('## TASK ## id="收尾 '), t('## TASK ## id="收尾"'), False),
    (
        "PL004",
        s('## STAGE ## name="清理" mode="serial" mode="serial"'),
        s('## STAGE ## name="清理" mode="serial"'),
        True,
    ),
    (
        "PL006",
        t("## TASK ##", "一\n\n### TASK"),
        t("## TASK ##", "一\n\n## TASK ##"),
        False,
    ),
    (
        "PL006",
        t("## TASK ##", "一\n## Task ## 标题 😀"),
        t("## TASK ##", "一\n## TASK ## 标题 😀"),
        False,
    ),
    (
        "PL006",
        s('## STAGE name="合并" mode="serial"'),
        s('## STAGE ## name="合并" mode="serial"'),
        False,
    ),
    ("PL006", t("  ## TASK ## 缩进"), t("## TASK ## 缩进"), False),
    ("PL007", t("## TASK: 统一日志输出格式"), t("## TASK ## 统一日志输出格式"), True),
    ("PL007", t("## TASK:统一日志"), t("## TASK ## 统一日志"), True),
    ("PL007", t("## TASK:\r", "盘点\r"), t("## TASK ##\r", "盘点\r"), True),
    ("PL007", t("## TASK ##: 补充"), t("## TASK ## 补充"), True),
    ("PL007", t('## TASK: id="a" 标题'), t('## TASK ## id="a" 标题'), True),
    ("PL008", t("## TASK##"), t("## TASK ##"), True),
    ("PL008", t("## TASK##删除 🗑"), t("## TASK ## 删除 🗑"), True),
    (
        "PL008",
        s('## STAGE ##name="a" mode="serial"'),
        s('## STAGE ## name="a" mode="serial"'),
        True,
    ),
    ("PL101", t('## TASK ## depend_on="x"'), t('## TASK ## depends_on="x"'), False),
    (
        "PL104",
        s('## STAGE ## name="分级 📊" mode="Parallel"', "x" + FILES),
        s('## STAGE ## name="分级 📊" mode="parallel"', "x" + FILES),
        False,
    ),
    (
        "PL105",
        s('## STAGE ## name="修复" mode="sequential"'),
        s('## STAGE ## name="修复" mode="serial"'),
        True,
    ),
    (
        "PL106",
        s('## STAGE ## name="修复" mode="parallel" max_workers="four"', "x" + FILES),
        s('## STAGE ## name="修复" mode="parallel" max_workers="4"', "x" + FILES),
        False,
    ),
    (
        "PL108",
        t('## TASK ## on_failure="contiue"'),
        t('## TASK ## on_failure="continue"'),
        False,
    ),
    (
        "PL109",
        s('## STAGE ## name="回归" mode="serial" max_workers="4"'),
        s('## STAGE ## name="回归" mode="serial"'),
        True,
    ),
    ("PL112", t('## TASK ## timeout="20 min"'), t('## TASK ## timeout="20m"'), False),
    ("PL113", t('## TASK ## confirm="yes"'), t('## TASK ## confirm="true"'), False),
    (
        "PL501",
        t("## TASK ##", "x\n文件：a.ts\n验证 ：test -f a.ts"),
        t("## TASK ##", "x\n文件: a.ts\n验证: test -f a.ts"),
        True,
    ),
    (
        "PL502",
        t("## TASK ##", "x\n- 验证: npm test"),
        t("## TASK ##", "x\n验证: npm test"),
        False,
    ),
    (
        "PL509",
        t("## TASK ## 上线", "需要人工确认"),
        t('## TASK ## confirm="true" 上线', "需要人工确认"),
        False,
    ),
    # regression: after an unterminated value the insertion went inside it
    (
        "PL509",
        t('## TASK ## id="late', "需要人工确认"),
        t('## TASK ## confirm="true" id="late', "需要人工确认"),
        False,
    ),
    (
        "PL509",
        s('## STAGE ## name="生产" mode="serial"\n# 需要人工确认每一步'),
        s('## STAGE ## name="生产" mode="serial" confirm="true"\n# 需要人工确认每一步'),
        False,
    ),
    (
        "PL701",
        "# 总阶段数: 3\n# 预计任务数：7\n\n" + t("## TASK ##"),
        "# 总阶段数: 1\n# 预计任务数：1\n\n" + t("## TASK ##"),
        True,
    ),
]


def _found(code: str, text: str) -> list[Diagnostic]:
    rule = rule_for(code)
    assert rule is not None
    return list(rule.check(planlint.plan_from_text(text, PATH)))


def _apply(text: str, edits: list[Edit]) -> str:
    """Apply edits from the end of the text backwards so offsets stay valid."""
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        assert edit.path == PATH
        text = text[: edit.span.start] + edit.text + text[edit.span.end :]
    return text


@pytest.mark.parametrize(
    ("code", "before", "after", "safe"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_fix_repairs_and_the_rule_is_quiet(
    code: str, before: str, after: str, safe: bool
) -> None:
    found = _found(code, before)
    assert found, f"{code} did not fire on {before!r}"
    fixes = [d.fix for d in found]
    assert all(fix is not None for fix in fixes), found

    edits = [e for fix in fixes if fix is not None for e in fix.edits]
    fixed = _apply(before, edits)

    assert fixed == after
    assert {fix.safe for fix in fixes if fix is not None} == {safe}
    assert _found(code, fixed) == []


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("PL004", '## STAGE ## name="a" mode="serial" name="b"\n\n## TASK ##\nx\n'),
        ("PL101", '## STAGE ## name="a" mode="serial"\n\n## TASK ## priority="1"\nx\n'),
        ("PL104", '## STAGE ## name="a" mode="concurrent"\n\n## TASK ##\nx\n'),
        ("PL003", t('## TASK ## id="a on_failure=stop')),
        ("PL006", t("## TASK ##", "x\n## Stage 2: 合并")),
    ],
)
def test_no_fix_where_the_repair_is_a_guess(code: str, text: str) -> None:
    found = _found(code, text)

    assert found
    assert [d.fix for d in found] == [None] * len(found)
