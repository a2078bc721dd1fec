"""Cycles in a graph: its strongly connected components (Tarjan, iterative)."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Generic, TypeVar

N = TypeVar("N", bound=Hashable)


def strongly_connected(links: Mapping[N, list[N]]) -> list[list[N]]:
    """Groups of more than one node that all reach each other."""
    search = _Search(links)
    for root in links:
        if root not in search.index:
            search.visit(root)
    return [group for group in search.groups if len(group) > 1]


class _Search(Generic[N]):
    """Tarjan's depth-first search, with an explicit stack (no recursion limit)."""

    def __init__(self, links: Mapping[N, list[N]]) -> None:
        self.links = links
        self.index: dict[N, int] = {}
        self.low: dict[N, int] = {}
        self.stack: list[N] = []
        self.on_stack: set[N] = set()
        self.groups: list[list[N]] = []

    def visit(self, root: N) -> None:
        work = [(root, self._enter(root))]
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                self._leave(node, work[-1][0] if work else None)
            elif child not in self.index:
                work.append((child, self._enter(child)))
            elif child in self.on_stack:
                self.low[node] = min(self.low[node], self.index[child])

    def _enter(self, node: N) -> Iterator[N]:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        return iter(self.links.get(node, ()))

    def _leave(self, node: N, parent: N | None) -> None:
        if parent is not None:
            self.low[parent] = min(self.low[parent], self.low[node])
        if self.low[node] == self.index[node]:
            self.groups.append(self._pop_group(node))

    def _pop_group(self, node: N) -> list[N]:
        group: list[N] = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            group.append(member)
            if member == node:
                return group
