"""The JSON Schema of planlint's configuration (`planlint config schema`)."""

from __future__ import annotations

from typing import Any

_RULE_LIST: dict[str, Any] = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "description": "Rule codes (PL601), names (parallel-task-without-files),"
    " code prefixes (PL6) or ALL.",
}

SEVERITIES = ("error", "warning", "info")


def schema() -> dict[str, Any]:
    """The schema of `[tool.planlint]`, `planlint.toml` and `.planlint.toml`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "planlint configuration",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "select": {**_RULE_LIST, "description": "Rules to run (default ALL)."},
            "extend-select": {**_RULE_LIST, "description": "Rules added to select."},
            "ignore": {**_RULE_LIST, "description": "Rules never run."},
            "severity": {
                "type": "object",
                "description": "Severity per rule, code or prefix.",
                "additionalProperties": {"enum": list(SEVERITIES)},
            },
            "per-file-ignores": {
                "type": "object",
                "description": "Gitignore-style glob (relative to the file that"
                " sets it) to the rules ignored in matching plans.",
                "additionalProperties": _RULE_LIST,
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
                        "pattern": "^(\\d+h)?(\\d+m)?(\\d+s)?$",
                        "description": "Default task timeout, e.g. 20m or 1h30m.",
                    },
                    "agent": {
                        "type": "string",
                        "description": "Command fed each task's prompt on stdin.",
                    },
                },
            },
        },
    }
