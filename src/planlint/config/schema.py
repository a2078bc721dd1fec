"""The JSON Schema of planlint's configuration (`planlint config schema`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from planlint.checks import Rule, all_rules
from planlint.checks.suppressions import known_selectors

SEVERITIES = ("error", "warning", "info")
SELECTOR_TITLE = "rule selector"
DURATION_EXAMPLES = ("90s", "20m", "1h30m")


def selectors(rules: Iterable[Rule]) -> list[str]:
    """Every string that names at least one rule: ALL, names, codes, prefixes.

    What a suppression comment may name too (`known_selectors`), and exactly
    what `selects_some_rule` accepts, so an editor checking against the
    schema rejects what planlint rejects.
    """
    names = frozenset(name for rule in rules for name in (rule.code, rule.name))
    return sorted(known_selectors(names))


def _selector(known: list[str]) -> dict[str, Any]:
    return {
        "title": SELECTOR_TITLE,
        "type": "string",
        "enum": known,
        "description": "A rule code (PL601), name (parallel-task-without-files),"
        " code prefix (PL6) or ALL.",
    }


def _rule_list(known: list[str], description: str) -> dict[str, Any]:
    return {"type": "array", "items": _selector(known), "description": description}


def schema() -> dict[str, Any]:
    """The schema of `[tool.planlint]`, `planlint.toml` and `.planlint.toml`."""
    known = selectors(all_rules())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "planlint configuration",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "select": _rule_list(known, "Rules to run (default ALL)."),
            "extend-select": _rule_list(known, "Rules added to select."),
            "ignore": _rule_list(known, "Rules never run."),
            "severity": {
                "type": "object",
                "description": "Severity per rule, code or prefix.",
                "propertyNames": _selector(known),
                "additionalProperties": {"enum": list(SEVERITIES)},
            },
            "per-file-ignores": {
                "type": "object",
                "description": "Gitignore-style glob (relative to the file that"
                " sets it) to the rules ignored in matching plans.",
                "additionalProperties": _rule_list(known, "Rules ignored there."),
            },
            "exclude": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Gitignore-style globs of plans never linted or"
                " formatted when found in a directory.",
            },
            "format": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "line-ending": {
                        "enum": ["keep", "lf", "crlf"],
                        "description": "Line ending of formatted files.",
                    }
                },
            },
            "run": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "jobs": {"type": "integer", "minimum": 1},
                    "timeout": {
                        "type": "string",
                        "pattern": "^(?=\\d)(\\d+h)?(\\d+m)?(\\d+s)?$",
                        "examples": list(DURATION_EXAMPLES),
                        "description": "Default task timeout: hours, minutes and"
                        " seconds, e.g. 90s, 20m or 1h30m.",
                    },
                    "agent": {
                        "type": "string",
                        "description": "Command fed each task's prompt on stdin.",
                    },
                },
            },
        },
    }
