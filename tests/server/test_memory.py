"""A replaced plan is freed by reference counting, not left to the collector."""

from __future__ import annotations

import asyncio
import gc
import weakref

from lsprotocol import types

from planlint.server.memory import Collector
from planlint.server.workspace import Workspace
from tests.server.lsp import CORPUS

PLAN = CORPUS / "valid-full-featured.plan.md"


def test_a_released_plan_is_freed_at_once() -> None:
    workspace = Workspace()
    text = PLAN.read_text(encoding="utf-8")
    workspace.open(
        types.TextDocumentItem(
            uri="untitled:m", language_id="plan", version=1, text=text
        )
    )
    first = workspace.analysis("untitled:m")
    assert first is not None
    task = weakref.ref(next(first.plan.tasks()))
    gc.collect()
    gc.disable()
    try:
        del first
        workspace.store.change(
            "untitled:m",
            2,
            [types.TextDocumentContentChangeWholeDocument(text=text + "\n")],
            workspace.encoding,
        )
        workspace.analysis("untitled:m")  # replaces, and releases, the first analysis

        assert task() is None  # freed without a collection
    finally:
        gc.enable()


def test_the_collector_freezes_and_collects() -> None:
    collector = Collector(every=2)

    collector.settled()
    frozen = gc.get_freeze_count()
    collector.settled()  # the second one runs a full collection

    assert frozen > 0
    assert gc.get_freeze_count() > 0


def test_inside_the_server_a_replaced_plan_is_freed_after_the_message() -> None:
    async def edit_then_yield() -> tuple[bool, bool]:
        workspace = Workspace()
        text = PLAN.read_text(encoding="utf-8")
        item = types.TextDocumentItem(
            uri="untitled:r", language_id="plan", version=1, text=text
        )
        workspace.open(item)
        first = workspace.analysis("untitled:r")
        assert first is not None
        task = weakref.ref(next(first.plan.tasks()))
        del first
        whole = types.TextDocumentContentChangeWholeDocument(text=text + "\n")
        workspace.store.change("untitled:r", 2, [whole], workspace.encoding)
        workspace.analysis("untitled:r")
        alive_while_answering = task() is not None
        await asyncio.sleep(0)  # the loop runs what was scheduled
        return alive_while_answering, task() is None

    gc.disable()
    try:
        alive, freed = asyncio.run(edit_then_yield())
    finally:
        gc.enable()

    assert alive and freed
