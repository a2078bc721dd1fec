"""`--output-format junit`: JUnit XML, the test report most CI systems show.

One `<testsuite>` per linted file; each diagnostic is a failing `<testcase>`
named by code, rule and position, and a file without diagnostics has one
passing test case, so a clean run still shows what was checked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from planlint.checks import Diagnostic
from planlint.cli.output import FileReport, where, without_surrogates

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = str.maketrans(
    dict.fromkeys(
        [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF], "\ufffd"
    )
)


def render(reports: Sequence[FileReport]) -> str:
    """The JUnit XML document of `reports`, with a trailing newline."""
    total = sum(len(r.diagnostics) or 1 for r in reports)
    failures = sum(len(r.diagnostics) for r in reports)
    root = ET.Element(
        "testsuites", name="planlint", tests=str(total), failures=str(failures)
    )
    for report in reports:
        root.append(_suite(report))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _suite(report: FileReport) -> ET.Element:
    name = _xml(report.path)
    count = len(report.diagnostics)
    suite = ET.Element(
        "testsuite", name=name, tests=str(count or 1), failures=str(count), errors="0"
    )
    if not report.diagnostics:
        ET.SubElement(suite, "testcase", name="planlint", classname=name)
    for diagnostic in report.diagnostics:
        suite.append(_case(diagnostic, name))
    return suite


def _case(diagnostic: Diagnostic, classname: str) -> ET.Element:
    start = diagnostic.location.start
    position = f"{start.line + 1}:{start.column + 1}"
    name = f"{diagnostic.code} {diagnostic.rule} at {position}"
    case = ET.Element("testcase", name=_xml(name), classname=classname)
    failure = ET.SubElement(
        case,
        "failure",
        message=_xml(diagnostic.message),
        type=diagnostic.severity.value,
    )
    failure.text = _xml(f"{where(diagnostic.location)}: {diagnostic.message}")
    return case


def _xml(text: str) -> str:
    return without_surrogates(text).translate(_NOT_XML)
