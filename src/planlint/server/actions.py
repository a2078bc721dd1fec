"""Code actions: each diagnostic's quick fix, and a fix-all of the safe ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lsprotocol import types

from planlint.checks import Diagnostic, Edit, Fix
from planlint.server.analysis import Analysis
from planlint.server.diagnostics import to_lsp
from planlint.server.positions import Encoding, span_range
from planlint.syntax import LineIndex

FIX_ALL = "source.fixAll.planlint"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]

Found = Sequence[tuple[Analysis, Diagnostic]]
Changes = dict[str, list[types.TextEdit]]


def code_actions(
    found: Found,
    wanted: types.Range,
    only: Sequence[str] | None = None,
    encoding: Encoding = Encoding.UTF16,
) -> list[types.CodeAction]:
    """Quick fixes for the diagnostics in `wanted`, and the fix-all action."""
    actions: list[types.CodeAction] = []
    if _asked(types.CodeActionKind.QuickFix, only):
        for analysis, diagnostic in found:
            lsp = to_lsp(analysis, diagnostic, encoding)
            if diagnostic.fix is not None and _overlaps(lsp.range, wanted):
                actions.append(_quick_fix(analysis, diagnostic, lsp, encoding))
    fix_all = _fix_all(found, encoding)
    if fix_all is not None and _asked(FIX_ALL, only):
        actions.append(fix_all)
    return actions


def _asked(kind: str, only: Sequence[str] | None) -> bool:
    """`kind` is one of the kinds asked for (`source` asks for `source.*`)."""
    return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    a_start, a_end = _pair(a.start), _pair(a.end)
    return a_start <= _pair(b.end) and _pair(b.start) <= a_end


def _pair(position: types.Position) -> tuple[int, int]:
    return position.line, position.character


def _quick_fix(
    analysis: Analysis,
    diagnostic: Diagnostic,
    lsp: types.Diagnostic,
    encoding: Encoding,
) -> types.CodeAction:
    fix = diagnostic.fix
    assert fix is not None
    title = fix.title if fix.safe else f"{fix.title} (unsafe: check the result)"
    return types.CodeAction(
        title=f"{diagnostic.code}: {title}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp],
        edit=workspace_edit(analysis, fix.edits, encoding),
        is_preferred=fix.safe,
    )


def _fix_all(found: Found, encoding: Encoding) -> types.CodeAction | None:
    """One action with every safe fix whose edits do not overlap earlier ones."""
    chosen: list[tuple[Analysis, Edit]] = []
    taken: list[Edit] = []
    for analysis, diagnostic in found:
        fix = diagnostic.fix
        if fix is None or not fix.safe or _clashes(fix, taken):
            continue
        taken.extend(fix.edits)
        chosen.extend((analysis, edit) for edit in fix.edits)
    if not chosen:
        return None

    changes: Changes = {}
    for analysis, one in chosen:
        _add(changes, analysis, one, encoding)
    title = f"Fix all safe planlint problems ({len(chosen)} edits)"
    edit = types.WorkspaceEdit(changes=changes)
    return types.CodeAction(title=title, kind=FIX_ALL, edit=edit)


def _clashes(fix: Fix, taken: Iterable[Edit]) -> bool:
    return any(_collide(edit, other) for edit in fix.edits for other in taken)


def _collide(a: Edit, b: Edit) -> bool:
    """Two edits of one file that touch the same text or insert at one place."""
    if a.path != b.path:
        return False
    return a.span == b.span or (a.span.start < b.span.end and b.span.start < a.span.end)


def workspace_edit(
    analysis: Analysis, edits: Iterable[Edit], encoding: Encoding
) -> types.WorkspaceEdit:
    """Our code-point edits as LSP text edits, grouped by the file they change."""
    changes: Changes = {}
    for one in edits:
        _add(changes, analysis, one, encoding)
    return types.WorkspaceEdit(changes=changes)


def _add(changes: Changes, analysis: Analysis, one: Edit, encoding: Encoding) -> None:
    document = analysis.plan.documents.get(one.path)
    index = document.index if document is not None else LineIndex("")
    text_edit = types.TextEdit(
        range=span_range(index, one.span, encoding), new_text=one.text
    )
    changes.setdefault(analysis.uri_of(one.path), []).append(text_edit)
