"""PL602 file-scope-overlap: two tasks of a parallel stage may touch one path."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import StageRule
from planlint.checks.rules import where
from planlint.checks.sections import Crew
from planlint.model import Mode, Place, RefKind, Task
from planlint.model.scopes import Scope, conflicts
from planlint.syntax import Span

_PARALLEL = Mode.PARALLEL


class FileScopeOverlap(StageRule):
    code = "PL602"
    name = "file-scope-overlap"
    severity = Severity.INFO
    summary = "two tasks of a parallel stage have overlapping `文件:` scopes"
    why = (
        "Two agents editing the same file at once overwrite each other's work."
        " planlint never runs overlapping tasks at the same time, so the stage"
        " runs slower than its `max_workers` suggests. Scopes overlap when a path"
        " could be in both: the same path, a directory or `**` glob over the"
        " other's path, or two globs that can match one name; an `排除:` helps"
        " only when one exclude covers the whole overlap. A name a pattern"
        " matches may be a directory, so `src/*` also covers `src/lib/a.ts`."
        " Tasks that depend on each other, directly or through other tasks of"
        " the stage, never run together and are not reported. Each task is"
        " reported once, against the first earlier task it overlaps."
    )
    example = (
        '## STAGE ## name="文案" mode="parallel"\n\n'
        "## TASK ##\n整理多语言文案目录结构\n文件: web/src/i18n/\n\n"
        "## TASK ##\n补齐简体中文缺失的文案\n文件: web/src/i18n/zh-CN.json\n"
    )
    instead = (
        '## STAGE ## name="文案" mode="parallel"\n\n'
        "## TASK ##\n整理多语言文案目录结构\n文件: web/src/i18n/\n排除: web/src/i18n/zh-CN.json\n\n"
        "## TASK ##\n补齐简体中文缺失的文案\n文件: web/src/i18n/zh-CN.json\n"
    )
    fix_safety = "No fix: the overlap may be intended; it only costs parallelism."

    def check_stage(self, crew: Crew) -> Iterable[Diagnostic]:
        stage = crew.stage
        if stage is None or stage.mode is not _PARALLEL or len(stage.tasks) < 2:
            return ()
        tasks = stage.tasks
        found = _first_overlaps([_scope(t) for t in tasks], lambda: _ordered(tasks))
        return [self._report(tasks, *f) for f in found]

    def _report(
        self, tasks: list[Task], first: int, second: int, meet: _Meet, others: int
    ) -> Diagnostic:
        earlier, task = tasks[first], tasks[second]
        earlier_pattern, pattern, witness = meet
        place = _item_place(task, pattern)
        other = _item_place(earlier, earlier_pattern)
        return self.diagnostic(
            place,
            f"file scope overlaps task `{earlier.key}` at {where(other, place)}:"
            f" {witness}{_also(tasks, others)}; overlapping tasks never run at"
            " the same time",
            related=[(other, f"`{earlier.key}` claims `{earlier_pattern}`")],
        )


def _also(tasks: list[Task], others: int) -> str:
    """`; it also overlaps `b`, `c` and 3 more earlier tasks`, or nothing."""
    if not others:
        return ""
    shown = [f"`{tasks[i].key}`" for i in _bits(others, _SHOWN)]
    rest = others.bit_count() - len(shown)
    if rest:
        named = f"{', '.join(shown)} and {rest} more earlier task{'s' * (rest > 1)}"
    elif len(shown) > 1:
        named = f"{', '.join(shown[:-1])} and {shown[-1]}"
    else:
        named = shown[0]
    return f"; it also overlaps {named}"


_SHOWN = 3  # other earlier tasks named in a message


def _bits(mask: int, limit: int) -> Iterator[int]:
    """The indexes of the lowest `limit` set bits of `mask`."""
    for _ in range(limit):
        if not mask:
            return
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


# The earlier task's pattern, the later task's pattern, a witness.
_Meet = tuple[str, str, str]


def _first_overlaps(
    scopes: list[Scope], order: Callable[[], list[tuple[int, int]]]
) -> Iterator[tuple[int, int, _Meet, int]]:
    """Per task: the first earlier task it overlaps and a mask of the others.

    Tasks with the same scope are compared once as a group, so a scope shared
    by many tasks costs one comparison; sets of tasks are bit masks. Pairs that
    `order()` keeps apart (one needs the other) are left out; it is only asked
    when some scopes overlap.
    """
    groups: dict[Scope, int] = {}
    group_of = [groups.setdefault(s, len(groups)) for s in scopes]
    distinct = list(groups)
    members = [0] * len(distinct)
    for index, group in enumerate(group_of):
        members[group] |= 1 << index
    meets = _group_meets(distinct, members)
    reach = [0] * len(distinct)
    for a, b in meets:
        reach[a] |= members[b]
        reach[b] |= members[a]

    ordered: list[tuple[int, int]] = []
    for index, group in enumerate(group_of):
        earlier = reach[group] & ((1 << index) - 1)
        if earlier and not ordered:
            ordered = order()
        if earlier:
            earlier &= ~(ordered[index][0] | ordered[index][1])
        if not earlier:
            continue
        first = (earlier & -earlier).bit_length() - 1
        meet = _oriented(meets, group_of[first], group)
        yield first, index, meet, earlier & (earlier - 1)


def _group_meets(
    distinct: list[Scope], members: list[int]
) -> dict[tuple[int, int], _Meet]:
    """Overlapping groups `(a, b)`, `a <= b`, with patterns in a's and b's scope."""
    meets: dict[tuple[int, int], _Meet] = {}
    for c in conflicts(distinct):
        meets[c.first, c.second] = (c.first_pattern, c.second_pattern, c.witness)
    for group, scope in enumerate(distinct):
        if members[group] & (members[group] - 1):  # two tasks or more
            for c in conflicts([scope, scope]):
                meets[group, group] = (c.first_pattern, c.second_pattern, c.witness)
    return meets


def _oriented(meets: dict[tuple[int, int], _Meet], earlier: int, later: int) -> _Meet:
    if earlier <= later:
        return meets[earlier, later]
    later_pattern, earlier_pattern, witness = meets[later, earlier]
    return earlier_pattern, later_pattern, witness


def _ordered(tasks: list[Task]) -> list[tuple[int, int]]:
    """Per task, masks of the stage's tasks it needs and that need it.

    Only the tasks' own `depends_on` items naming tasks of this stage count;
    a cycle (PL301) leaves some of its pairs unordered.
    """
    by_id: dict[str, list[int]] = {}
    for index, task in enumerate(tasks):
        if task.explicit_id is not None:
            by_id.setdefault(task.explicit_id, []).append(index)
    needs = [_needs(task, by_id) - {index} for index, task in enumerate(tasks)]
    if not any(needs):
        return [(0, 0)] * len(tasks)
    order = _topological(needs)
    before = [0] * len(tasks)
    for index in order:
        for need in needs[index]:
            before[index] |= before[need] | (1 << need)
    after = [0] * len(tasks)
    for index in reversed(order):
        for need in needs[index]:
            after[need] |= after[index] | (1 << index)
    return list(zip(before, after, strict=True))


def _needs(task: Task, by_id: dict[str, list[int]]) -> set[int]:
    found: set[int] = set()
    for dep in task.depends_on:
        ref = dep.ref
        if ref.kind is RefKind.TASK and ref.name in by_id:
            found.update(by_id[ref.name])
    return found


def _topological(needs: list[set[int]]) -> list[int]:
    """Indexes with every task after what it needs; cycles in index order."""
    waiting = [len(n) for n in needs]
    needed_by: list[list[int]] = [[] for _ in needs]
    for index, found in enumerate(needs):
        for need in found:
            needed_by[need].append(index)
    ready = [i for i, count in enumerate(waiting) if count == 0]
    order: list[int] = []
    while ready:
        index = ready.pop()
        order.append(index)
        for later in needed_by[index]:
            waiting[later] -= 1
            if waiting[later] == 0:
                ready.append(later)
    placed = set(order)
    return order + [i for i in range(len(needs)) if i not in placed]


def _scope(task: Task) -> Scope:
    """`Scope.of(task)`, read in one pass over the task's fields."""
    files: list[str] = []
    excludes: list[str] = []
    for field in task.fields:
        name = field.name
        if name == "files":
            files.extend(field.items)
        elif name == "exclude":
            excludes.extend(field.items)
    return Scope(tuple(files), tuple(excludes))


def _item_place(task: Task, pattern: str) -> Place:
    """Where `pattern` is written in the task's `文件:` lines."""
    for field in task.field_values("files"):
        start = field.value_place.span.start
        for raw in field.value.split(","):
            if raw.strip() == pattern:
                lead = start + len(raw) - len(raw.lstrip())
                return Place(field.source.document, Span(lead, lead + len(pattern)))
            start += len(raw) + 1
    return task.place
