"""Every fix of rules PL2xx: apply it, re-lint, it is gone, and the plan means the same.

Each case is the plan text before, the text the rule's fixes must produce, and
whether those fixes are safe. A property test then throws random `depends_on`
lists with blanks, repeats and `task:` prefixes at the fix engine.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planlint
from planlint.checks import Diagnostic, Edit, rule_for
from planlint.checks.fixes import fix_text
from planlint.model.graph import needs

PATH = "fix.plan.md"
HEAD = '## STAGE ## name="复制 📋" mode="serial"\n\n## TASK ## id="a"\n一\n\n'
HEAD += '## TASK ## id="b"\n二\n\n'


def t(depends_on: str) -> str:
    """The two-task stage above, then a task with this `depends_on` value."""
    return f'{HEAD}## TASK ## id="c" depends_on="{depends_on}" 😀\n三\n'


def s(depends_on: str) -> str:
    """A first stage, then a second stage with this `depends_on` value."""
    second = f'## STAGE ## name="核对 ✅" mode="serial" depends_on="{depends_on}"'
    return f"{HEAD}{second}\n\n## TASK ##\n四\n"


# (code, before, after, safe)
CASES = [
    ("PL207", t("a,"), t("a"), True),
    ("PL207", t(",a"), t("a"), True),
    ("PL207", t("a, ,b"), t("a,b"), True),
    ("PL207", t("a,,,b"), t("a,b"), True),
    ("PL207", t(",,a,,"), t("a"), True),
    ("PL207", t(" , "), t(""), True),
    ("PL207", t("task:,a"), t("a"), True),
    ("PL207", t("a, task:"), t("a"), True),
    ("PL207", s("stage:1,,task:a"), s("stage:1,task:a"), True),
    ("PL208", t("task:a"), t("a"), True),
    ("PL208", t("a, task:b"), t("a, b"), True),
    ("PL212", t("a,a"), t("a"), True),
    ("PL212", t("a, b, a, b"), t("a, b"), True),
    ("PL212", t("a,a,a"), t("a"), True),
    ("PL212", t("a,task:a"), t("a"), True),
    ("PL212", s("stage:1, stage:1"), s("stage:1"), True),
    ("PL212", s("task:a,a"), s("task:a"), True),
    ("PL202", t("A"), t("a"), False),
    ("PL202", t("task:bb"), t("task:b"), False),
    ("PL206", s("stage:复制 📋"), s("stage:1"), False),
    ("PL206", s("stage:１"), s("stage:1"), False),
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

    fixed = _apply(before, [e for fix in fixes if fix is not None for e in fix.edits])

    assert fixed == after
    assert {fix.safe for fix in fixes if fix is not None} == {safe}
    assert _found(code, fixed) == []


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("PL202", t("nothing-like-it")),
        ("PL202", t("s1.t1")),
        ("PL206", s("stage:two")),
        ("PL201", HEAD + '## TASK ## id="a"\n三\n'),
        ("PL203", t("c")),
        ("PL204", s("stage:3") + '\n## STAGE ## name="三" mode="serial"\n'),
        ("PL205", s("stage:7")),
        (
            "PL301",
            t("a")
            .replace("serial", "parallel")
            .replace('id="a"', 'id="a" depends_on="c"'),
        ),
    ],
)
def test_no_fix_where_the_repair_is_a_guess(code: str, text: str) -> None:
    found = _found(code, text)

    assert found
    assert [d.fix for d in found] == [None] * len(found)


ITEM = st.sampled_from(["a", "b", "task:a", "task:b", "", " ", "task:", " a ", "b "])


def _lint(text: str) -> list[Diagnostic]:
    return planlint.check(planlint.plan_from_text(text, PATH))


def _needs(text: str) -> list[list[str]]:
    plan = planlint.plan_from_text(text, PATH)
    return [sorted(t.key for t in found) for found in needs(plan).values()]


@settings(max_examples=300, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=7))
def test_safe_list_fixes_together_leave_a_clean_list_that_means_the_same(
    items: list[str],
) -> None:
    before = t(",".join(items))

    result = fix_text(before, PATH, _lint)

    left = {d.code for d in result.remaining}
    assert not left & {"PL207", "PL208", "PL212"}, result.text
    assert _needs(result.text) == _needs(before)
