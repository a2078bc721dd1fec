"""The incremental Checker finds exactly what a from-scratch check finds.

A Checker is fed every version of a plan under random edits (markers,
attributes, fields, CJK, emoji, CRLF, suppression comments, includes, lines
deleted and duplicated), and after each one its diagnostics must equal, with
places, related places and fixes, both `planlint.check` of the same text and
a reference that runs every rule's own `check` over the whole plan. Some
sequences run with rules disabled as a configuration would. The shell rules
(PL508, PL510) are left out: they are plan-wide, so the Checker runs them as
`check` does, and each new command would start bash and shellcheck.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.format.plans import generator
from tests.server.lsp import CORPUS, SEED

import planlint
from planlint.api import plan_from_text
from planlint.checks import Checker, Diagnostic, Rule, all_rules
from planlint.checks.rule import DirectiveRule
from planlint.checks.sections import sections
from planlint.checks.suppressions import directives, suppress
from planlint.model import Plan

ROOT = Path(__file__).resolve().parent / "data"  # includes must exist on disk
MAIN = str(ROOT / "main.plan.md")
INCLUDED = str(ROOT / "part.plan.md")
SHELL = ("PL508", "PL510")
PIECES = [
    '## STAGE ## name="构建 🏗" mode="parallel"\n',
    '## STAGE ## name="构建 🏗" mode="serial" depends_on="stage:3"\n',
    "## STAGE ## mode=serial name='x'\n",
    '## TASK ## id="a" depends_on="b,b"\n',
    '## TASK ## id="b" depends_on="a"\n',
    '## TASK ## id="A" on_failure="retry"\n',
    "## TASK: 标题\n",
    "## TASK##x\n",
    '## TASK ## id="a on_failure="stop"\n',
    "## TASK ##\n",
    "### TASK\n",
    "文件: src/a.ts, src/\n",
    "文件：web/[模块名]/\n",
    "排除: src/a.ts\n",
    "验证: npm test || true\n",
    "验证: make test\n",
    "执行: echo ok\n",
    "... (同上结构)\n",
    "需要人工确认\n",
    "# planlint: disable-next-line=PL601,PL504\n",
    "# planlint: disable=PL602 -- 评审过\n",
    "# planlint: enable=PL602\n",
    "# planlint: disable-next-line=PL9999\n",
    "@part.plan.md\n",
    "```\n",
    "<your-name> [请填写] YYYY-MM-DD 😀",
    "名",
    "😀",
    "\n",
    "\r\n",
    " ",
    'id="x" ',
    "# 总阶段数: 2\n",
]
PART = '## TASK ## id="part"\n验证: make part\n文件: src/a.ts\n'


class Files:
    """The plan and the file it may include, as an editor holds them.

    The included file is found on disk (data/part.plan.md) and read from here,
    as the language server reads an open, unsaved document.
    """

    def __init__(self, main: str, part: str = PART) -> None:
        self.texts = {MAIN: main, INCLUDED: part}

    def read(self, path: Path) -> tuple[str, int | None]:
        text = self.texts.get(str(path))
        if text is None:
            raise FileNotFoundError(path)
        return text, None

    def plan(self) -> Plan:
        return plan_from_text(self.texts[MAIN], MAIN, self.read)

    def edit(self, which: str, at: float, cut: int, new: str) -> None:
        text = self.texts[which]
        start = _line_start(text, at) if new.endswith("\n") else int(at * len(text))
        self.texts[which] = text[:start] + new + text[start + cut :]


def _line_start(text: str, at: float) -> int:
    position = int(at * len(text))
    return text.rfind("\n", 0, position) + 1


def reference(plan: Plan, enabled: set[str]) -> list[Diagnostic]:
    """Every rule's own `check` over the whole plan, then suppressions."""
    rules = [r for r in all_rules() if r.code in enabled]
    found: list[Diagnostic] = []
    for rule in rules:
        if not isinstance(rule, DirectiveRule):
            found.extend(rule.check(plan))
    found_directives = directives(plan)
    kept = suppress(found, found_directives)
    for rule in rules:
        if isinstance(rule, DirectiveRule):
            kept.extend(rule.check_directives(found_directives))
    return sorted(kept, key=lambda d: d.sort_key)


def _enabled(off: set[str]) -> set[str]:
    return {r.code for r in all_rules()} - set(SHELL) - off


def _same(checker: Checker, files: Files, enabled: set[str]) -> None:
    plan = files.plan()
    found = checker.check(plan)
    assert found == reference(files.plan(), enabled)
    wanted = planlint.check(
        files.texts[MAIN], MAIN, files.read, lambda rule: rule.code in enabled
    )
    assert found == wanted


def _checker(enabled: set[str]) -> Checker:
    def on(rule: Rule) -> bool:
        return rule.code in enabled

    return Checker(on)


EDITS = st.lists(
    st.tuples(
        st.sampled_from([MAIN, MAIN, MAIN, INCLUDED]),
        st.floats(0, 1),
        st.integers(0, 40),
        st.one_of(st.sampled_from(PIECES), st.just("")),
    ),
    min_size=1,
    max_size=12,
)
CODES = sorted(r.code for r in all_rules() if r.code not in SHELL)
OFF = st.sets(st.sampled_from(CODES), max_size=6)
START = (
    '# 总阶段数: 2\n\n## STAGE ## name="一" mode="parallel"\n\n'
    '## TASK ## id="a"\n写 a 😀\n文件: src/a.ts\n\n'
    '## TASK ## id="b" depends_on="a"\n写 b\n文件: src/\n\n'
    "@part.plan.md\n\n"
    '## STAGE ## name="二" mode="serial" depends_on="stage:1"\n\n'
    "# planlint: disable-next-line=PL504\n"
    '## TASK ## id="c" depends_on="part"\n填 <名字>\n验证: make c\n'
)


@settings(max_examples=120, deadline=None)
@given(EDITS, OFF)
def test_random_edits_of_a_plan_with_an_include(
    edits: list[tuple[str, float, int, str]], off: set[str]
) -> None:
    enabled = _enabled(off)
    files = Files(START)
    checker = _checker(enabled)
    _same(checker, files, enabled)
    for which, at, cut, new in edits:
        files.edit(which, at, cut, new)
        _same(checker, files, enabled)


CORPUS_PLANS = [
    p for p in sorted(CORPUS.glob("*.plan.md")) if p.name != "very-long-plan.plan.md"
]


@pytest.mark.parametrize("plan", [*CORPUS_PLANS, SEED], ids=lambda p: p.name)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_random_edits_of_corpus_plans(
    plan: Path, edits: list[tuple[str, float, int, str]]
) -> None:
    enabled = _enabled(set())
    files = Files(plan.read_text(encoding="utf-8"))
    checker = _checker(enabled)
    _same(checker, files, enabled)
    for which, at, cut, new in edits:
        files.edit(which, at, cut, new)
        _same(checker, files, enabled)


def test_edits_of_a_generated_plan_keep_most_parts() -> None:
    generate = generator()
    enabled = _enabled(set())
    files = Files(generate.generate(300))
    checker = _checker(enabled)
    _same(checker, files, enabled)
    text = files.texts[MAIN]
    parts = checker.reused
    for at, piece in [(0.5, "名"), (0.1, "## TASK ## 新\n"), (0.9, PIECES[3])]:
        files.edit(MAIN, at, 0, piece)
        _same(checker, files, enabled)
        assert checker.reused > parts * 0.5 or checker.reused > 100
    assert files.texts[MAIN] != text


def test_a_typed_character_checks_only_its_block_again() -> None:
    enabled = _enabled(set())
    files = Files(generator().generate(300))
    checker = _checker(enabled)
    checker.check(files.plan())
    count = len(list(sections(files.plan())))
    checker.check(files.plan())
    unchanged = checker.reused
    text = files.texts[MAIN]
    marker = text.index("\n## TASK", len(text) // 2)
    description = text.index("\n", marker + 1) + 1
    files.texts[MAIN] = text[:description] + "名" + text[description:]
    _same(checker, files, enabled)

    # every other block, those below the edit moved by one character too
    assert (unchanged, checker.reused) == (count, count - 1)


def test_findings_that_moved_are_placed_anew() -> None:
    enabled = _enabled(set())
    text = '## STAGE ## name="x" mode="sequential"\n\n## TASK ##\n写 [待定]\n'
    files = Files(text)
    checker = _checker(enabled)
    before = checker.check(files.plan())
    files.edit(MAIN, 0, 0, "# 计划 😀\n\n")
    after = checker.check(files.plan())

    assert [d.location.start.line + 2 for d in before] == [
        d.location.start.line for d in after
    ]
    assert after == reference(files.plan(), enabled)


def test_an_include_inside_a_task_is_part_of_its_key() -> None:
    enabled = _enabled(set())
    main = '## STAGE ## name="x" mode="serial"\n\n## TASK ##\n写\n@part.plan.md\n完\n'
    files = Files(main, "说明\n")
    checker = _checker(enabled)
    assert checker.check(files.plan()) == []

    files.edit(INCLUDED, 0, 0, "填 [待定]\n")
    found = checker.check(files.plan())

    assert [(d.code, d.location.path) for d in found] == [("PL504", INCLUDED)]
    assert found == reference(files.plan(), enabled)
