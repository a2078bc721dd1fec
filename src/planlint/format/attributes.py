"""Marker attributes in canonical order, double-quoted, `depends_on` tidied."""

from __future__ import annotations

from planlint.syntax import Attr, LineKind

STAGE_ORDER = ("name", "mode", "max_workers", "depends_on", "confirm")
TASK_ORDER = ("id", "depends_on", "on_failure", "retry", "timeout", "confirm")
_RANKS = {
    LineKind.STAGE: {key: rank for rank, key in enumerate(STAGE_ORDER)},
    LineKind.TASK: {key: rank for rank, key in enumerate(TASK_ORDER)},
}
_PREFIXES = ("task:", "stage:")


def canonical_attrs(kind: LineKind, attrs: tuple[Attr, ...]) -> list[str]:
    """`key="value"` items: known keys in the fixed order, then unknown ones.

    The sort is stable, so unknown keys keep the order they were written in.
    Attributes with syntax problems never get here (the tree is refused).
    """
    ranks = _RANKS[kind]
    unknown = len(ranks)
    ordered = sorted(attrs, key=lambda attr: ranks.get(attr.key, unknown))
    return [_item(attr) for attr in ordered]


def _item(attr: Attr) -> str:
    value = attr.value or ""
    if attr.key == "depends_on":
        value = tidy_depends_on(value)
    return f'{attr.key}="{value}"'


def tidy_depends_on(value: str) -> str:
    """`a, b,,a` -> `a,b`: items trimmed, empty and repeated ones dropped.

    A space after a `task:` or `stage:` prefix goes too (`stage: 1` is
    `stage:1`); everything else in an item is kept as written.
    """
    items: dict[str, None] = {}
    for raw in value.split(","):
        item = raw.strip()
        if item.startswith(_PREFIXES):
            prefix, _, name = item.partition(":")
            item = f"{prefix}:{name.lstrip()}"
        if item:
            items.setdefault(item, None)
    return ",".join(items)
