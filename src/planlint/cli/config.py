"""`planlint config schema` and `planlint --show-settings PATH`.

The settings are printed as TOML that could be pasted into `planlint.toml`,
followed by comments: the rules that run on that plan, at which severity.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterable, Mapping
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, TextIO

from planlint.cli import EXIT_CLEAN, EXIT_USAGE, shown_path
from planlint.cli.lint import config_error
from planlint.config import ConfigError, Resolver, Settings, schema

logger = logging.getLogger(__name__)

_BARE_KEY = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
)


def main(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """`planlint config schema`: print the configuration's JSON Schema."""
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            _parser().parse_args(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE

    stdout.write(json.dumps(schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_CLEAN


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planlint config",
        description="Inspect planlint's configuration. To see the settings that"
        " apply to one plan, use `planlint --show-settings PATH`.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "schema",
        help="print the JSON Schema of [tool.planlint], planlint.toml and"
        " .planlint.toml (for editors and validators)",
    )
    return parser


def show_settings(
    plan: Path, parsed: argparse.Namespace, stdout: TextIO, stderr: TextIO
) -> int:
    """Print the settings of the plan at `plan` and where they come from."""
    try:
        found = Resolver(parsed.config, parsed.isolated)(plan)
    except ConfigError as error:
        return config_error(error, stderr)

    settings = found.overridden(
        parsed.select, parsed.extend_select or (), parsed.ignore or ()
    )
    stdout.write(render_settings(plan, settings, parsed.isolated))
    return EXIT_CLEAN


def render_settings(plan: Path, settings: Settings, isolated: bool = False) -> str:
    """The settings as TOML, then comments on what they mean for `plan`."""
    if settings.path is not None:
        source = f"from {shown_path(settings.path)}"
    else:
        source = "none read (--isolated)" if isolated else "no configuration file found"
    lines = [f"# settings for {plan}", f"# {source}; defaults otherwise", ""]
    lines += _toml_table(_top_level(settings))
    for name, table in _tables(settings):
        lines += ["", f"[{name}]", *_toml_table(table)]
    lines += ["", *_rule_comments(plan, settings)]
    return "\n".join(lines) + "\n"


def _top_level(settings: Settings) -> dict[str, Any]:
    return {
        "select": list(settings.select),
        "extend-select": list(settings.extend_select),
        "ignore": list(settings.ignore),
        "exclude": list(settings.exclude),
    }


def _tables(settings: Settings) -> list[tuple[str, Mapping[str, Any]]]:
    per_file = {glob: list(rules) for glob, rules in settings.per_file_ignores.items()}
    return [
        ("severity", settings.severity),
        ("per-file-ignores", per_file),
        ("format", {"line-ending": "keep", **settings.format}),
        ("run", settings.run),
    ]


def _toml_table(table: Mapping[str, Any]) -> list[str]:
    return [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in table.items()]


def _toml_key(key: str) -> str:
    return key if key and set(key) <= _BARE_KEY else _toml_value(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Iterable):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return str(value)


def _rule_comments(plan: Path, settings: Settings) -> list[str]:
    from planlint.checks import all_rules

    enabled = settings.enabled(str(plan))
    running = [rule for rule in all_rules() if enabled(rule)]
    lines = [f"# rules that run on this plan ({len(running)}; the others are off):"]
    for rule in running:
        severity = settings.severity_of(rule.code, rule.name, rule.severity)
        lines.append(f"#   {rule.code} {rule.name} {severity}")
    excluded = "yes" if settings.excluded(plan) else "no"
    lines.append(f"# skipped by `exclude` in directory walks: {excluded}")
    return lines
