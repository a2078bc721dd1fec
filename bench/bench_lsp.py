"""Measures `planlint lsp` from an edit to its diagnostics, with a real client.

    python bench/bench_lsp.py                          # very-long-plan, then 10,000 tasks
    python bench/bench_lsp.py --plan PLAN --edits 200 --markdown

A pygls client starts `python -m planlint lsp` over stdio (with a cache
directory of its own for the shell checks' results), offers pull
diagnostics (so the server answers pulls and pushes nothing), opens the plan
and pulls once to warm up. Then, per edit: a didChange that types or deletes
one character in a task's description (a different task each time, CJK text
around it), and right after it a textDocument/diagnostic request. The figure
is the time from sending the didChange to receiving the pull's answer; p50
and p95 are printed next to the targets of docs/performance.md. The server's
own CPU time over the rounds (from /proc, in clock ticks), divided by the
edits, is printed too: on a shared machine it is steadier than wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import generate
from lsprotocol import types
from pygls.lsp.client import LanguageClient

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VERY_LONG = ROOT / "tests" / "data" / "corpus" / "very-long-plan.plan.md"
SERVER = [sys.executable, "-m", "planlint", "lsp"]
TARGETS_MS = {"very-long-plan.plan.md": 50.0, "plan-10000.plan.md": 150.0}


@dataclass(frozen=True)
class Figures:
    plan: str
    lines: int
    edits: int
    first_pull_ms: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    server_cpu_ms_per_edit: float | None
    target_p95_ms: float | None


def _capabilities() -> types.ClientCapabilities:
    return types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities()
        ),
        general=types.GeneralClientCapabilities(position_encodings=["utf-16"]),
    )


def _edit_spots(text: str) -> list[int]:
    """0-based lines of task descriptions: the line after each TASK marker."""
    lines = text.split("\n")
    return [n + 1 for n, line in enumerate(lines[:-1]) if line.startswith("## TASK")]


def _private_cache_env() -> dict[str, str]:
    """The server's environment with a cache directory of its own.

    PL508 and PL510 keep tool results in a cache file shared by every planlint
    process; another process that rewrites it (a test run, say) makes the
    server run the tools again on every command, which is not what an edit
    costs. The first pull fills the private cache.
    """
    private = tempfile.mkdtemp(prefix="planlint-bench-cache-")
    return {**os.environ, "XDG_CACHE_HOME": private}


async def _pull(client: LanguageClient, uri: str) -> types.DocumentDiagnosticReport:
    params = types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)
    )
    return await client.text_document_diagnostic_async(params)


def _change(
    uri: str, version: int, line: int, typing: bool
) -> types.DidChangeTextDocumentParams:
    start = types.Position(line=line, character=0)
    end = types.Position(line=line, character=0 if typing else 1)
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=start, end=end), text="改" if typing else ""
    )
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[change],
    )


async def measure(plan: Path, edits: int) -> Figures:
    """Open `plan` in a real server and time `edits` edit-then-pull rounds."""
    text = plan.read_text(encoding="utf-8")
    client = LanguageClient("planlint-bench", "1")
    await client.start_io(*SERVER, env=_private_cache_env())
    await client.initialize_async(types.InitializeParams(capabilities=_capabilities()))
    client.initialized(types.InitializedParams())
    uri = plan.resolve().as_uri()
    item = types.TextDocumentItem(uri=uri, language_id="plan", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))

    started = time.perf_counter()
    await _pull(client, uri)
    first = (time.perf_counter() - started) * 1000
    server = client._server  # the pygls client keeps its server process here
    pid = server.pid if server is not None else None
    cpu = _cpu_ms(pid)
    timings = await _rounds(client, uri, _edit_spots(text), edits)
    after = _cpu_ms(pid)
    per_edit = (after - cpu) / edits if after is not None and cpu is not None else None

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return _figures(plan, text, timings, first, per_edit)


def _cpu_ms(pid: int | None) -> float | None:
    """User plus system CPU milliseconds of process `pid` so far (Linux)."""
    stat = Path(f"/proc/{pid}/stat")
    if pid is None or not stat.exists():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


async def _rounds(
    client: LanguageClient, uri: str, spots: list[int], edits: int
) -> list[float]:
    timings: list[float] = []
    for round_ in range(edits):
        line = spots[(round_ // 2 * 7919) % len(spots)]  # type, then delete, there
        started = time.perf_counter()
        client.text_document_did_change(_change(uri, round_ + 2, line, round_ % 2 == 0))
        await _pull(client, uri)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _figures(
    plan: Path, text: str, timings: list[float], first: float, cpu: float | None
) -> Figures:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Figures(
        plan=plan.name,
        lines=text.count("\n"),
        edits=len(timings),
        first_pull_ms=round(first, 1),
        p50_ms=round(statistics.median(timings), 1),
        p95_ms=round(p95, 1),
        max_ms=round(ordered[-1], 1),
        server_cpu_ms_per_edit=round(cpu, 1) if cpu is not None else None,
        target_p95_ms=TARGETS_MS.get(plan.name),
    )


def _plans(args: argparse.Namespace) -> list[Path]:
    if args.plan:
        return [Path(p) for p in args.plan]
    big = HERE / "out" / f"plan-{args.tasks}.plan.md"
    if not big.exists():
        big.parent.mkdir(parents=True, exist_ok=True)
        big.write_text(generate.generate(args.tasks), encoding="utf-8")
    return [VERY_LONG, big]


def _print(figures: list[Figures], markdown: bool) -> None:
    if not markdown:
        for found in figures:
            print(json.dumps(asdict(found), ensure_ascii=False))
        return
    print(
        "| plan | lines | edits | first pull | p50 | p95 | max | server CPU/edit"
        " | p95 target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f in figures:
        target = f"{f.target_p95_ms:.0f} ms" if f.target_p95_ms else "-"
        cpu = f"{f.server_cpu_ms_per_edit} ms" if f.server_cpu_ms_per_edit else "-"
        print(
            f"| {f.plan} | {f.lines} | {f.edits} | {f.first_pull_ms} ms | {f.p50_ms} ms"
            f" | {f.p95_ms} ms | {f.max_ms} ms | {cpu} | {target} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", action="append", help="plan file (repeatable)")
    parser.add_argument("--tasks", type=int, default=10_000, help="generated plan size")
    parser.add_argument("--edits", type=int, default=100, help="edit rounds per plan")
    parser.add_argument("--markdown", action="store_true", help="print a table")
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)

    figures = [asyncio.run(measure(plan, args.edits)) for plan in _plans(args)]
    _print(figures, args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
