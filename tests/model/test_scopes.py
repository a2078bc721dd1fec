"""File scopes: overlap witnesses, excludes, the corpus, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planlint
from planlint.model import Mode
from planlint.model import scopes as scopes_module
from planlint.model.globs import compile_pattern, inside, meets
from planlint.model.scopes import Scope, conflicts, overlap
from tests.conftest import CORPUS


def scope(*includes: str, exclude: tuple[str, ...] = ()) -> Scope:
    return Scope(includes, exclude)


OVERLAPS = [
    # (a, b, witness); None means provably disjoint
    (
        scope("web/src/store/cart.ts"),
        scope("web/src/store/cart.ts"),
        "`web/src/store/cart.ts`",
    ),
    (
        scope("web/src/i18n/"),
        scope("web/src/i18n/zh-CN.json"),
        "`web/src/i18n/zh-CN.json` is inside `web/src/i18n/`",
    ),
    (scope("web/src/i18n"), scope("web/src/i18n/zh-CN.json"), "inside `web/src/i18n`"),
    (
        scope("web/src/pages/**/*.tsx"),
        scope("web/src/pages/user/**/*.tsx"),
        "`web/src/pages/user/**/*.tsx` is inside `web/src/pages/**/*.tsx`",
    ),
    (scope("a/*.ts"), scope("a/x*"), "`a/*.ts` and `a/x*` can match the same paths"),
    (scope("src/*"), scope("src/lib/a.ts"), "`src/lib/a.ts` is inside `src/*`"),
    (scope("**/*.md"), scope("docs/设计/首页.md"), "inside `**/*.md`"),
    (scope("docs/设计/*.md"), scope("docs/设计/😀.md"), "inside `docs/设计/*.md`"),
    (scope("./a//b/"), scope("a/b/c"), "`a/b/c` is inside `./a//b/`"),
    (scope("a/[bc]/x"), scope("a/c/x"), "inside `a/[bc]/x`"),
    (scope("a/[!b]/x"), scope("a/c/x"), "inside `a/[!b]/x`"),
    (scope("a/[b-d]?.py"), scope("a/cz.py"), "inside"),
    (scope("web/src/store/cart.ts"), scope("web/src/store/carts.ts"), None),
    (scope("a/*.ts"), scope("b/*.ts"), None),
    (scope("a/[!b]/x"), scope("a/b/x"), None),
    (scope("a/[b-d]/x"), scope("a/e/x"), None),
    (scope("a/*.ts"), scope("a/*.tsx"), None),
    (scope("ops/collectors/*.sh"), scope("ops/collectors/legacy/"), None),
    (scope("sdk/payment/**/*.ts"), scope("mock/payment/**/*.ts"), None),
    (scope(), scope("**"), None),  # no 文件: at all: nothing to compare (PL601)
]


@pytest.mark.parametrize(("a", "b", "witness"), OVERLAPS)
def test_overlap_gives_a_witness_or_none(
    a: Scope, b: Scope, witness: str | None
) -> None:
    found = overlap(a, b)

    if witness is None:
        assert found is None
    else:
        assert found is not None and witness in found
    assert (overlap(b, a) is None) == (found is None)


EXCLUDES = [
    # an exclude that covers the whole overlap removes it
    (scope("src/**", exclude=("src/gen/",)), scope("src/gen/api.ts"), False),
    (scope("src/gen/api.ts"), scope("src/**", exclude=("src/gen/",)), False),
    (scope("src/**/*.ts", exclude=("src/legacy/",)), scope("src/legacy/**"), False),
    (scope("a/**"), scope("a/b/*.ts", exclude=("a/b/*.ts",)), False),
    # one that covers only part of it does not
    (scope("src/**", exclude=("src/gen/",)), scope("src/*/api.ts"), True),
    (
        scope("web/src/pages/**/*.tsx"),
        scope("web/src/pages/user/**/*.tsx", exclude=("web/src/pages/user/legacy/",)),
        True,
    ),
    # two excludes that together cover it are not proof enough: err on "conflict"
    (scope("a/[bc]/x"), scope("a/*/x", exclude=("a/b/", "a/c/")), True),
]


@pytest.mark.parametrize(("a", "b", "overlaps"), EXCLUDES)
def test_an_exclude_removes_an_overlap_only_when_it_covers_all_of_it(
    a: Scope, b: Scope, overlaps: bool
) -> None:
    assert (overlap(a, b) is not None) is overlaps


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("web/src/i18n/", "web/src/i18n/zh-CN.json", True),
        ("web/src/i18n/", "web/src/i18n", True),
        ("web/src/i18n/", "web/src/i18n.json", False),
        ("a/**/c", "a/c", True),
        ("a/**/c", "a/b/b/c", True),
        ("a/*/c", "a/c", False),
        ("*.md", "docs/a.md", False),
        ("*.md", "README.md", True),
        ("a/b", "a/b/c/d", True),
        ("设计/*.md", "设计/首页.md", True),
    ],
)
def test_matches_reads_patterns_as_paths(
    pattern: str, path: str, matches: bool
) -> None:
    assert scope(pattern).matches(path) is matches


def test_scope_of_a_task_is_its_files_minus_its_excludes() -> None:
    plan = planlint.load(CORPUS / "parallel-file-conflicts.plan.md")
    tasks = list(plan.tasks())

    assert Scope.of(tasks[0]).includes == (
        "web/src/pages/cart/**/*.tsx",
        "web/src/store/cart.ts",
    )
    assert Scope.of(tasks[1]).includes == (
        "web/src/pages/checkout/**/*.tsx",
        "web/src/store/cart.ts",
    )
    assert Scope.of(tasks[6]) == Scope(
        ("web/src/pages/user/**/*.tsx",), ("web/src/pages/user/legacy/",)
    )
    assert Scope.of(tasks[5]).empty and not Scope.of(tasks[4]).empty


def test_corpus_conflicts_are_the_pairs_the_readme_lists() -> None:
    plan = planlint.load(CORPUS / "parallel-file-conflicts.plan.md")
    stage = plan.stages[0]
    scopes = [Scope.of(task) for task in stage.tasks]
    lines = [task.place.start.line + 1 for task in stage.tasks]

    found = [(lines[c.second], lines[c.first]) for c in conflicts(scopes)]

    assert stage.mode is Mode.PARALLEL
    assert found == [(13, 8), (19, 8), (19, 13), (29, 24), (39, 19)]


def test_very_long_plan_has_disjoint_parallel_stages() -> None:
    plan = planlint.load(CORPUS / "very-long-plan.plan.md")
    parallel = [s for s in plan.stages if s.mode is Mode.PARALLEL]

    assert len(parallel) == 10
    for stage in parallel:
        assert list(conflicts([Scope.of(t) for t in stage.tasks])) == []


def test_conflicts_compare_only_scopes_whose_prefixes_nest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scopes = [scope(f"gateway/routes/r{i}/**/*.go") for i in range(10_000)]
    scopes += [scope("gateway/routes/r42/handler.go"), scope("docs/")]
    compared: list[tuple[Scope, Scope]] = []
    original = scopes_module._overlap

    def counting(a: Scope, b: Scope) -> tuple[str, str, str] | None:
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(scopes_module, "_overlap", counting)
    found = list(conflicts(scopes))

    assert [(c.first, c.second) for c in found] == [(42, 10_000)]
    assert compared == [(scopes[42], scopes[10_000])]  # one comparison, not 10^8


def test_a_glob_at_the_root_is_compared_with_everything() -> None:
    scopes = [scope("a/x.md"), scope("b/c/y.md"), scope("**/*.md"), scope("c/")]
    scopes.append(scope("*.txt"))

    found = [(c.first, c.second) for c in conflicts(scopes)]

    # `c/` may hold .md files; a name `*.txt` matches may be a directory too
    assert found == [(0, 2), (1, 2), (2, 3), (2, 4)]


# Properties: names from a small alphabet with CJK, emoji and glob characters,
# and patterns made from a path so that they often match it.
NAME = st.text(alphabet="ab.-[]!文😀", min_size=1, max_size=3).filter(
    lambda s: s != "."
)
PATH = st.lists(NAME, min_size=1, max_size=4).map("/".join)
RANDOM = st.text(alphabet="ab*?[]!-/文", min_size=1, max_size=8)
SEGMENT = st.text(alphabet="ab*?[]!-文", min_size=1, max_size=6)


NUMBER = st.integers(min_value=0, max_value=1000)
LOOSE = ("*", "**", "?", "[ab]", "[!a]", "[a-c]*", "*.", "b*")


@st.composite
def near(draw: st.DrawFn, path: str) -> str:
    """A pattern made by loosening or changing some segments of `path`."""
    parts = path.split("/")
    cut = 1 + draw(NUMBER) % len(parts)
    return "/".join(_loosen(draw, part) for part in parts[:cut])


def _loosen(draw: st.DrawFn, part: str) -> str:
    how, i = draw(NUMBER) % 9, draw(NUMBER) % len(part)
    changed = [
        part,
        LOOSE[draw(NUMBER) % len(LOOSE)],
        part[:i] + "?" + part[i + 1 :],
        part[:i] + "*",
        "*" + part[i:],
        part[:i] + f"[{part[i]}x]" + part[i + 1 :],
        part[:i] + "[!a]" + part[i + 1 :],
        part[:i] + "[-a]" + part[i + 1 :],
    ]
    return changed[how] if how < len(changed) else draw(SEGMENT)


@st.composite
def scopes_near(draw: st.DrawFn, path: str) -> Scope:
    includes = draw(st.lists(near(path) | RANDOM, min_size=1, max_size=2))
    excludes = draw(st.lists(near(path) | RANDOM, max_size=2))
    return Scope(tuple(includes), tuple(excludes))


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_a_path_in_both_scopes_is_always_an_overlap(data: st.DataObject) -> None:
    path = data.draw(PATH)
    a, b = data.draw(scopes_near(path)), data.draw(scopes_near(path))

    if a.matches(path) and b.matches(path):
        assert overlap(a, b) is not None
        assert overlap(b, a) is not None


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_inside_is_never_wrong(data: st.DataObject) -> None:
    path = data.draw(PATH)
    a, b = data.draw(near(path) | RANDOM), data.draw(near(path) | RANDOM)

    if inside(compile_pattern(a), compile_pattern(b)):
        for probe in (path, path + "/x"):
            if scope(a).matches(probe):
                assert scope(b).matches(probe)


@settings(max_examples=300, deadline=None)
@given(PATH, PATH)
def test_literal_paths_overlap_exactly_when_one_contains_the_other(
    p: str, q: str
) -> None:
    literal = [
        part for part in (p + "/" + q).split("/") if not set("*?[").intersection(part)
    ]
    if len(literal) != len((p + "/" + q).split("/")):
        return
    a, b = compile_pattern(p), compile_pattern(q)
    shorter, longer = sorted((p.split("/"), q.split("/")), key=len)

    assert meets(a, b) == (longer[: len(shorter)] == shorter)
