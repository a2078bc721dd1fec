"""Machine-readable reports of a run: JSON, and JUnit XML for CI systems.

JUnit: one `<testsuite>` per stage and one `<testcase>` per task; a failed
task carries `<failure>` with the end of its log, a skipped, blocked or
unrun task `<skipped>` with the reason.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from planlint.executor.result import RunResult, Status, TaskRun
from planlint.executor.spec import AttemptResult
from planlint.executor.view import log_tail

REPORT_VERSION = 1
_FAILURE_LOG_LINES = 40
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def json_report(result: RunResult) -> dict[str, Any]:
    """The run as plain data: totals, then every task with its attempts."""
    return {
        "version": REPORT_VERSION,
        "plan": result.plan,
        "exit_code": int(result.exit_code),
        "interrupted": result.interrupted,
        "started": result.started,
        "ended": result.ended,
        "duration": round(result.ended - result.started, 6),
        "counts": {s.value: result.count(s) for s in Status if result.count(s)},
        "tasks": [_task(run) for run in result.runs],
    }


def _task(run: TaskRun) -> dict[str, Any]:
    stage = run.task.stage
    return {
        "id": run.key,
        "stage": stage.number if stage else None,
        "stage_name": stage.name if stage else None,
        "title": run.task.title,
        "status": run.status.value,
        "reason": run.reason or None,
        "failure": run.failure,
        "digest": run.task.digest,
        "duration": round(run.duration, 6),
        "log": run.spec.log_path if run.attempts else None,
        "approved_by": run.approved_by,
        "attempts": [_attempt(a) for a in run.attempts],
    }


def _attempt(attempt: AttemptResult) -> dict[str, Any]:
    return {
        "attempt": attempt.attempt,
        "outcome": attempt.outcome.value,
        "exit_code": attempt.exit_code,
        "command": attempt.command.text if attempt.command else None,
        "started": attempt.started,
        "duration": round(attempt.duration, 6),
    }


def junit_report(result: RunResult) -> ET.ElementTree:
    """JUnit XML: stages as test suites, tasks as test cases."""
    root = ET.Element(
        "testsuites",
        name=result.plan,
        tests=str(len(result.runs)),
        time=f"{result.ended - result.started:.3f}",
    )
    suites: dict[int, ET.Element] = {}
    for run in result.runs:
        stage = run.task.stage
        number = stage.number if stage else 0
        if number not in suites:
            name = f"{number} {stage.name}" if stage else "tasks"
            suites[number] = ET.SubElement(root, "testsuite", name=name)
        _testcase(suites[number], run, result.plan)
    for suite in suites.values():
        _count(suite)
    _count(root)
    return ET.ElementTree(root)


def _testcase(suite: ET.Element, run: TaskRun, plan: str) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=run.key,
        classname=f"{plan}.{suite.get('name')}",
        time=f"{run.duration:.3f}",
    )
    if run.task.title:
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="title", value=_xml(run.task.title))
    if run.status in (Status.FAILED, Status.INTERRUPTED):
        kind = "timeout" if run.failure == "timeout" else run.status.value
        failure = ET.SubElement(case, "failure", message=_xml(run.reason), type=kind)
        tail = log_tail(Path(run.spec.log_path), _FAILURE_LOG_LINES)
        failure.text = _xml("\n".join(tail))
    elif not run.status.ok:
        message = _xml(f"{run.status.value}: {run.reason}")
        ET.SubElement(case, "skipped", message=message)


def _xml(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (ANSI escapes, NUL)."""
    return _NOT_XML.sub("\ufffd", text)


def _count(element: ET.Element) -> None:
    cases = list(element.iter("testcase"))
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    element.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    element.set("errors", "0")
    if element.tag == "testsuite":
        seconds = sum(float(c.get("time", "0")) for c in cases)
        element.set("time", f"{seconds:.3f}")


def write_json(result: RunResult, path: Path) -> None:
    text = json.dumps(json_report(result), ensure_ascii=False, indent=2)
    _write(path, text + "\n")


def write_junit(result: RunResult, path: Path) -> None:
    root = junit_report(result).getroot()
    assert root is not None
    ET.indent(root)
    data = ET.tostring(root, encoding="unicode", xml_declaration=True)
    _write(path, data + "\n")


def _write(path: Path, text: str) -> None:
    """Write atomically, so a reader never sees half a report."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
