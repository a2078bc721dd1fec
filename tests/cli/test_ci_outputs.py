"""The CI formats (json-lines, sarif, github, junit, gitlab), -o and --statistics.

Every format is checked against the `json` output of the same run, on the
seed, the corpus and plans with CJK text, emoji, a BOM and invalid UTF-8.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from planlint.checks import all_rules
from planlint.checks.docs import rule_url
from planlint.cli.output import from_here
from tests.cli.conftest import Run
from tests.conftest import CORPUS, DATA, SEED

SARIF_SCHEMA = json.loads(
    (DATA / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
FILES = [SEED, *sorted(CORPUS.glob("*.plan.md"))]
# A cycle after wide characters and an emoji: PL301 with a related place.
WIDE = """# 总阶段数: 1
## STAGE ## name="迁移🚀数据" mode="parallel"

## TASK ## id="甲" depends_on="乙"
文件: 数据/甲.sql, a:b.sql

## TASK ## id="乙" depends_on="甲"
文件: 数据/乙.sql
"""


def _json(planlint: Run, *argv: str) -> list[dict[str, Any]]:
    diagnostics: list[dict[str, Any]] = json.loads(
        planlint("--output-format", "json", *argv).out
    )["diagnostics"]
    return diagnostics


@pytest.fixture
def odd_plans(tmp_path: Path) -> list[Path]:
    """Plans whose columns and bytes trip naive tools."""
    wide = tmp_path / "宽 字符,a:b.plan.md"
    wide.write_text(WIDE, encoding="utf-8")
    bom = tmp_path / "bom.plan.md"
    bom.write_bytes(b"\xef\xbb\xbf" + WIDE.encode("utf-8").replace(b"\n", b"\r\n"))
    broken = tmp_path / "broken.plan.md"
    broken.write_bytes(WIDE.encode("utf-8").replace("乙.sql".encode(), b"\xff.sql"))
    return [wide, bom, broken]


def test_json_lines_is_the_json_one_object_a_line(planlint: Run) -> None:
    paths = [str(p) for p in FILES]

    result = planlint("--output-format", "json-lines", *paths)

    lines = result.out.split("\n")
    assert lines[-1] == ""
    assert [json.loads(line) for line in lines[:-1]] == _json(planlint, *paths)


def test_sarif_is_valid_against_the_official_schema(
    planlint: Run, odd_plans: list[Path]
) -> None:
    paths = [str(p) for p in [*FILES, *odd_plans]]

    log = json.loads(planlint("--output-format", "sarif", *paths).out)

    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_sarif_rules_carry_names_descriptions_links_and_levels(planlint: Run) -> None:
    log = json.loads(planlint("--output-format", "sarif", str(SEED)).out)
    rules = log["runs"][0]["tool"]["driver"]["rules"]

    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    for described, rule in zip(rules, all_rules(), strict=True):
        assert described["name"] == rule.name
        assert described["helpUri"] == rule_url(rule)
        assert rule.why in described["fullDescription"]["text"]
        level = described["defaultConfiguration"]["level"]
        assert (
            level
            == {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        )


def test_sarif_results_match_the_json(planlint: Run, odd_plans: list[Path]) -> None:
    paths = [str(p) for p in [*FILES, *odd_plans]]
    log = json.loads(planlint("--output-format", "sarif", *paths).out)
    run = log["runs"][0]

    expected = _json(planlint, *paths)

    assert len(run["results"]) == len(expected)
    for result, diagnostic in zip(run["results"], expected, strict=True):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert result["ruleId"] == diagnostic["code"]
        assert (
            run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"]
            == result["ruleId"]
        )
        assert result["message"]["text"] == diagnostic["message"]
        assert (region["startLine"], region["startColumn"]) == (
            diagnostic["line"],
            diagnostic["column"],
        )
        assert region["endColumn"] == diagnostic["end_column"]
        assert len(result.get("relatedLocations", [])) == len(diagnostic["related"])
        assert ("fixes" in result) == (diagnostic["fix"] is not None)


def test_sarif_fix_replacements_rebuild_the_fixed_text(
    planlint: Run, tmp_path: Path
) -> None:
    plan = tmp_path / "legacy.plan.md"
    plan.write_bytes((CORPUS / "legacy-task-markers.plan.md").read_bytes())
    log = json.loads(planlint("--output-format", "sarif", str(plan)).out)
    lines = plan.read_text(encoding="utf-8").split("\n")

    fixes = [f for r in log["runs"][0]["results"] for f in r.get("fixes", [])]
    safe = [f for f in fixes if f["properties"]["safe"]]
    for change in [c for fix in safe for c in fix["artifactChanges"]]:
        for replacement in change["replacements"]:
            _replace(lines, replacement)

    planlint("--fix", "--isolated", str(plan))
    assert "\n".join(lines) == plan.read_text(encoding="utf-8")


def _replace(lines: list[str], replacement: dict[str, Any]) -> None:
    """Apply one SARIF replacement that stays on one line."""
    region = replacement["deletedRegion"]
    number = region["startLine"] - 1
    start, end = region["startColumn"] - 1, region["endColumn"] - 1
    line = lines[number]
    lines[number] = line[:start] + replacement["insertedContent"]["text"] + line[end:]


def test_sarif_addresses_a_bom_fix_in_bytes(planlint: Run) -> None:
    log = json.loads(
        planlint("--output-format", "sarif", str(CORPUS / "utf8-bom.plan.md")).out
    )

    bom = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "PL009")
    replacement = bom["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == {"byteOffset": 0, "byteLength": 3}
    assert replacement["insertedContent"]["text"] == ""


def test_sarif_uris_are_relative_and_percent_encoded(
    planlint: Run, odd_plans: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(odd_plans[0].parent)

    log = json.loads(planlint("--output-format", "sarif", odd_plans[0].name).out)

    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert uri == "%E5%AE%BD%20%E5%AD%97%E7%AC%A6%2Ca%3Ab.plan.md"


def _annotation(line: str) -> tuple[str, dict[str, str], str]:
    command, _, rest = line[2:].partition(" ")
    properties, _, message = rest.partition("::")
    pairs = dict(item.split("=", 1) for item in properties.split(","))
    return command, pairs, message


def test_github_annotations_match_the_json(
    planlint: Run, odd_plans: list[Path]
) -> None:
    paths = [str(p) for p in [*FILES, *odd_plans]]
    lines = planlint("--output-format", "github", *paths).out.splitlines()
    expected = _json(planlint, *paths)

    assert len(lines) == len(expected)
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    for line, diagnostic in zip(lines, expected, strict=True):
        command, pairs, message = _annotation(line)
        assert command == commands[diagnostic["severity"]]
        assert int(pairs["line"]) == diagnostic["line"]
        assert int(pairs["col"]) == diagnostic["column"]
        assert int(pairs["endColumn"]) == diagnostic["end_column"]
        assert pairs["title"] == f"{diagnostic['code']} {diagnostic['rule']}"
        assert _unescape(pairs["file"]) == from_here(diagnostic["path"])
        assert _unescape(message) == diagnostic["message"]


def _unescape(text: str) -> str:
    for escaped, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r")):
        text = text.replace(escaped, raw)
    return text.replace("%25", "%")


def test_github_escapes_commas_and_colons_in_the_file_property(
    planlint: Run, odd_plans: list[Path]
) -> None:
    line = planlint("--output-format", "github", str(odd_plans[0])).out.splitlines()[0]

    assert "file=" in line and "%2Ca%3Ab.plan.md,line=" in line


def test_github_is_the_default_on_github_actions(
    planlint: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")

    automatic = planlint(str(CORPUS / "cycle-two-tasks.plan.md"))
    chosen = planlint(
        "--output-format", "concise", str(CORPUS / "cycle-two-tasks.plan.md")
    )

    assert automatic.out.startswith("::error file=")
    assert "PL301 [dependency-cycle]" in chosen.out


def test_junit_has_a_suite_per_file_and_a_failure_per_diagnostic(
    planlint: Run, odd_plans: list[Path]
) -> None:
    paths = [str(p) for p in [*FILES, *odd_plans]]
    root = ET.fromstring(planlint("--output-format", "junit", *paths).out)
    expected = _json(planlint, *paths)

    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [_printed(p) for p in paths]
    failures = root.findall("testsuite/testcase/failure")
    assert [f.get("message") for f in failures] == [
        _printed(d["message"]) for d in expected
    ]
    assert root.get("failures") == str(len(expected))
    clean = next(
        s for s in suites if s.get("name", "").endswith("valid-full-featured.plan.md")
    )
    assert clean.get("failures") == "0" and len(clean.findall("testcase")) == 1


def _printed(text: str) -> str:
    return "".join("\ufffd" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in text)


def test_gitlab_issues_have_the_required_keys_and_unique_fingerprints(
    planlint: Run, odd_plans: list[Path]
) -> None:
    paths = [str(p) for p in [*FILES, *odd_plans]]
    issues = json.loads(planlint("--output-format", "gitlab", *paths).out)
    expected = _json(planlint, *paths)

    assert len(issues) == len(expected)
    for issue, diagnostic in zip(issues, expected, strict=True):
        assert issue["check_name"] == f"{diagnostic['code']} {diagnostic['rule']}"
        assert diagnostic["message"] in issue["description"]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == from_here(diagnostic["path"])
        assert issue["location"]["lines"]["begin"] == diagnostic["line"]
    fingerprints = Counter(issue["fingerprint"] for issue in issues)
    assert fingerprints.most_common(1)[0][1] == 1


def test_gitlab_fingerprints_survive_lines_added_above(
    planlint: Run, tmp_path: Path
) -> None:
    plan = tmp_path / "cycle.plan.md"
    text = (CORPUS / "cycle-two-tasks.plan.md").read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    before = json.loads(planlint("--output-format", "gitlab", str(plan)).out)

    plan.write_text("# 说明\n# 又一行\n" + text, encoding="utf-8")
    after = json.loads(planlint("--output-format", "gitlab", str(plan)).out)

    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert [i["location"]["lines"]["begin"] for i in after] == [
        i["location"]["lines"]["begin"] + 2 for i in before
    ]


def test_gitlab_fingerprints_survive_lines_added_between_a_message_and_its_line(
    planlint: Run, tmp_path: Path
) -> None:
    # Each message names another task's line ("already used by the task at line
    # 13"): a line added after that task changes every message, not the issues.
    plan = tmp_path / "dup.plan.md"
    lines = (CORPUS / "duplicate-task-id.plan.md").read_text("utf-8").splitlines(True)
    plan.write_text("".join(lines), encoding="utf-8")
    before = json.loads(planlint("--output-format", "gitlab", str(plan)).out)

    plan.write_text("".join([*lines[:14], "补充说明\n", *lines[14:]]), "utf-8")
    after = json.loads(planlint("--output-format", "gitlab", str(plan)).out)

    assert len(before) == 4
    assert [i["description"] for i in before] != [i["description"] for i in after]
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]


def test_gitlab_and_github_paths_are_relative_to_the_checkout(
    planlint: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plans" / "dup.plan.md"
    plan.parent.mkdir()
    plan.write_bytes((CORPUS / "duplicate-task-id.plan.md").read_bytes())
    monkeypatch.chdir(tmp_path)
    relative = json.loads(planlint("--output-format", "gitlab", "plans").out)

    issues = json.loads(planlint("--output-format", "gitlab", str(plan)).out)
    annotations = planlint("--output-format", "github", str(plan)).out.splitlines()

    assert {i["location"]["path"] for i in issues} == {"plans/dup.plan.md"}
    assert {_annotation(a)[1]["file"] for a in annotations} == {"plans/dup.plan.md"}
    assert [i["fingerprint"] for i in issues] == [i["fingerprint"] for i in relative]


@pytest.mark.parametrize("form", ["sarif", "github", "junit", "gitlab", "json-lines"])
def test_every_format_survives_invalid_utf8_on_a_strict_stream(
    form: str, odd_plans: list[Path], tmp_path: Path
) -> None:
    import io

    from planlint.cli.main import main

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")

    code = main(["--output-format", form, str(odd_plans[2])], stream, io.StringIO())

    stream.flush()
    assert code == 1
    assert raw.getvalue().decode("utf-8")


@pytest.mark.parametrize(
    "form", ["full", "concise", "json", "sarif", "github", "junit", "gitlab"]
)
def test_every_format_shows_a_file_name_that_is_not_utf8_as_fffd(
    form: str, tmp_path: Path
) -> None:
    import io
    import os

    from planlint.cli.main import main

    name = os.fsdecode(b"bad\xff.plan")  # a lone surrogate in the str
    (tmp_path / name).write_text(WIDE, encoding="utf-8")
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")

    code = main(["--output-format", form, str(tmp_path)], stream, io.StringIO())

    stream.flush()
    assert code == 1
    shown = "bad%EF%BF%BD.plan" if form == "sarif" else "bad\ufffd.plan"
    assert shown in raw.getvalue().decode("utf-8")


def test_output_file_takes_the_report_and_stdout_stays_empty(
    planlint: Run, tmp_path: Path
) -> None:
    target = tmp_path / "report.sarif"

    result = planlint("--output-format", "sarif", "-o", str(target), str(SEED))

    assert result.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert result.code == 0


def test_output_file_that_cannot_be_written_exits_2(
    planlint: Run, tmp_path: Path
) -> None:
    result = planlint("-o", str(tmp_path / "missing" / "out.txt"), str(SEED))

    assert result.code == 2
    assert "cannot write" in result.err and "missing" in result.err


def test_statistics_count_each_rule_like_the_json(planlint: Run) -> None:
    paths = [str(p) for p in FILES]
    counts = Counter(d["code"] for d in _json(planlint, *paths))

    text = planlint("--statistics", *paths).out.splitlines()
    data = json.loads(planlint("--statistics", "--output-format", "json", *paths).out)

    assert {row["code"]: row["count"] for row in data} == dict(counts)
    assert [row["count"] for row in data] == sorted(counts.values(), reverse=True)
    first = text[0].split()
    assert (int(first[0]), first[1]) == (data[0]["count"], data[0]["code"])
    assert text[-2] == f"Found {sum(counts.values())} problems."
    assert text[-1] == "[*] fixable with `planlint --fix`"
    fixable = {row["code"] for row in data if row["fixable"]}
    marked = {line.split()[1] for line in text[:-2] if "[*]" in line}
    assert marked == fixable
