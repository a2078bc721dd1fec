"""Our diagnostics as LSP diagnostics: code, docs link, related places, tags."""

from __future__ import annotations

from lsprotocol import types

from planlint.checks import Diagnostic, Location, Severity, rule_for
from planlint.checks.docs import rule_url
from planlint.server.analysis import Analysis
from planlint.server.positions import Encoding, lsp_range
from planlint.syntax import LineIndex

SOURCE = "planlint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# Editors fade unnecessary text and strike deprecated spellings through.
_TAGS = {
    "PL212": types.DiagnosticTag.Unnecessary,
    "PL901": types.DiagnosticTag.Unnecessary,
    "PL007": types.DiagnosticTag.Deprecated,
    "PL008": types.DiagnosticTag.Deprecated,
    "PL105": types.DiagnosticTag.Deprecated,
}


def code_description(code: str) -> types.CodeDescription | None:
    """A link to the rule's page in the rule reference."""
    rule = rule_for(code)
    return types.CodeDescription(href=rule_url(rule)) if rule is not None else None


def to_lsp(
    analysis: Analysis, diagnostic: Diagnostic, encoding: Encoding
) -> types.Diagnostic:
    """The LSP form of `diagnostic`, found while checking `analysis`."""
    tag = _TAGS.get(diagnostic.code)
    related = [
        types.DiagnosticRelatedInformation(
            location=location(analysis, item.location, encoding),
            message=item.message,
        )
        for item in diagnostic.related
    ]
    return types.Diagnostic(
        range=location(analysis, diagnostic.location, encoding).range,
        severity=_SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Hint),
        code=diagnostic.code,
        code_description=code_description(diagnostic.code),
        source=SOURCE,
        message=diagnostic.message,
        tags=[tag] if tag is not None else None,
        related_information=related or None,
    )


def location(analysis: Analysis, where: Location, encoding: Encoding) -> types.Location:
    """The LSP location of a diagnostic location in any file of the plan."""
    document = analysis.plan.documents.get(where.path)
    index = document.index if document is not None else LineIndex("")
    return types.Location(
        uri=analysis.uri_of(where.path),
        range=lsp_range(index, where.start, where.end, encoding),
    )
