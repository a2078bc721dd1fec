"""`--output-format sarif`: a SARIF 2.1.0 log for code-scanning tools.

One run, whose driver lists every rule (name, descriptions, help link and
default level). Regions are 1-based with columns in code points, which the
run declares with `columnKind: unicodeCodePoints` (SARIF's default would be
UTF-16 code units). A fix becomes `fixes[].artifactChanges[].replacements`,
with `properties.safe` telling whether `--fix` applies it without
`--unsafe-fixes`; an edit of a leading BOM, which has no line and column, is
given in bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from planlint.checks import Diagnostic, Edit, Fix, Location, Related, Severity
from planlint.checks.docs import rule_url
from planlint.checks.registry import all_rules
from planlint.checks.rule import Rule
from planlint.cli.output import FileReport, without_surrogates
from planlint.cli.output.json_format import dumps
from planlint.syntax import encode

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/planlint/planlint"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_BOM = "\ufeff"


def render(reports: Sequence[FileReport]) -> str:
    """The SARIF log of `reports` as indented JSON, with a trailing newline."""
    rules = all_rules()
    index = {rule.code: number for number, rule in enumerate(rules)}
    results = [_result(d, r, index) for r in reports for d in r.diagnostics]
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [_run(rules, results)]}
    return dumps(log, indent=2) + "\n"


def _run(rules: Sequence[Rule], results: list[dict[str, Any]]) -> dict[str, Any]:
    from planlint import __version__

    driver = {
        "name": "planlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rule) for rule in rules],
    }
    return {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }


def _rule(rule: Rule) -> dict[str, Any]:
    sentence = rule.summary[0].upper() + rule.summary[1:] + "."
    full = f"{sentence} {rule.why}".strip()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": sentence},
        "fullDescription": {"text": full},
        "helpUri": rule_url(rule),
        "help": {"text": rule.fix_safety or rule.summary},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def _result(
    diagnostic: Diagnostic, report: FileReport, index: dict[str, int]
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [{"physicalLocation": _physical(diagnostic.location)}],
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    if diagnostic.related:
        result["relatedLocations"] = _related_locations(diagnostic.related)
    if diagnostic.fix is not None:
        result["fixes"] = [_fix(diagnostic.fix, report)]
    return result


def _related_locations(related: Sequence[Related]) -> list[dict[str, Any]]:
    return [
        {
            "id": number,
            "physicalLocation": _physical(item.location),
            "message": {"text": item.message},
        }
        for number, item in enumerate(related)
    ]


def _physical(location: Location) -> dict[str, Any]:
    start, end = location.start, location.end
    region = {
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
    }
    return {"artifactLocation": _artifact(location.path), "region": region}


def _artifact(path: str) -> dict[str, str]:
    """A URI for `path`: relative paths stay relative, with `/` separators.

    Bytes of the name that were not UTF-8 become U+FFFD, as in other formats.
    """
    native = Path(without_surrogates(path))
    uri = native.as_uri() if native.is_absolute() else quote(native.as_posix())
    return {"uri": uri}


def _fix(fix: Fix, report: FileReport) -> dict[str, Any]:
    by_path: dict[str, list[Edit]] = {}
    for edit in fix.edits:
        by_path.setdefault(edit.path, []).append(edit)
    changes = [
        {
            "artifactLocation": _artifact(path),
            "replacements": [_replacement(e, report) for e in edits],
        }
        for path, edits in by_path.items()
    ]
    return {
        "description": {"text": fix.title},
        "artifactChanges": changes,
        "properties": {"safe": fix.safe},
    }


def _replacement(edit: Edit, report: FileReport) -> dict[str, Any]:
    return {
        "deletedRegion": _deleted_region(edit, report),
        "insertedContent": {"text": edit.text},
    }


def _deleted_region(edit: Edit, report: FileReport) -> dict[str, int]:
    document = report.documents.get(edit.path)
    if document is None:
        raise LookupError(f"fix edits {edit.path}, which the plan did not read")

    text = document.index.text
    if edit.span.start == 0 and text.startswith(_BOM):
        length = len(encode(text[: edit.span.end]))
        return {"byteOffset": 0, "byteLength": length}
    start = document.index.position(edit.span.start)
    end = document.index.position(edit.span.end)
    return {
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
    }
