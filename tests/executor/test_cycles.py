"""Cycle finding for `planlint graph`, checked against brute-force reachability."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planlint.executor.cycles import strongly_connected

graphs = st.dictionaries(
    st.integers(0, 7), st.lists(st.integers(0, 7), max_size=4), max_size=8
)


def _reach(links: dict[int, list[int]], start: int) -> set[int]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        for child in links.get(node, []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


@given(graphs)
def test_groups_are_exactly_the_mutually_reachable_nodes(
    links: dict[int, list[int]],
) -> None:
    reach = {node: _reach(links, node) for node in links}
    expected = {
        frozenset(n for n in links if n in reach[a] and a in reach[n]) | {a}
        for a in links
    }
    expected = {group for group in expected if len(group) > 1}

    found = {frozenset(group) for group in strongly_connected(links)}

    assert found == expected


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    links = {i: [i + 1] for i in range(5000)}
    links[5000] = [0]

    assert [len(g) for g in strongly_connected(links)] == [5001]
