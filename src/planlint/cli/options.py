"""The lint command's options: the argparse parser and what it turns into."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from planlint.checks import Severity
from planlint.cli.discover import path_argument
from planlint.cli.lint import LintOptions, use_color
from planlint.cli.output import OutputFormat

EPILOG = """\
commands (give one first; a file named like a command is linted as ./NAME):
  planlint format [PATH ...]   rewrite plans in canonical form (planfmt)
  planlint run PLAN            execute a plan, one agent per task
  planlint graph PLAN          print a plan's dependency graph
  planlint lsp                 start the language server on stdio
  planlint rule CODE|NAME      print a rule's manual (--all: every rule)
  planlint config schema       print the JSON Schema of the configuration

configuration: the nearest .planlint.toml, planlint.toml or pyproject.toml
([tool.planlint]) at or above each plan; see docs/configuration.md

exit status: 0 no problem at or above --fail-on, 1 problems found (with
--diff: a fix would change a file), 2 bad usage, an invalid configuration or
a path that cannot be read, 3 internal error (a bug), 130 interrupted, 141
stdout closed early (as by `| head`)"""


def lint_options(
    parsed: argparse.Namespace, stdout: TextIO, environ: Mapping[str, str]
) -> LintOptions:
    """The options of one lint run; `GITHUB_ACTIONS=true` picks `github` output."""
    paths = parsed.paths or (["-"] if parsed.stdin_filename else ["."])
    form = parsed.output_format
    if form is None:
        form = "github" if environ.get("GITHUB_ACTIONS") == "true" else "full"
    color = use_color(parsed.color, stdout, environ)
    if parsed.output_file is not None and parsed.color == "auto":
        color = False  # a file is no terminal, whatever stdout is
    return LintOptions(
        paths=paths,
        output_format=OutputFormat(form),
        color=color,
        fail_on=Severity(parsed.fail_on),
        stdin_filename=parsed.stdin_filename,
        config=parsed.config,
        isolated=parsed.isolated,
        fix=parsed.fix,
        unsafe_fixes=parsed.unsafe_fixes,
        diff=parsed.diff,
        statistics=parsed.statistics,
        output_file=parsed.output_file,
        select=parsed.select,
        extend_select=parsed.extend_select or (),
        ignore=parsed.ignore or (),
    )


def rule_list(text: str) -> tuple[str, ...]:
    """`PL601,unknown-dependency` as a tuple, each naming at least one rule."""
    from planlint.checks import all_rules
    from planlint.config.settings import selects_some_rule

    selectors = tuple(item.strip() for item in text.split(",") if item.strip())
    if not selectors:
        raise argparse.ArgumentTypeError(
            "names no rule; give codes, names or prefixes such as PL6, or ALL"
        )
    rules = all_rules()
    for selector in selectors:
        if not selects_some_rule(selector, rules):
            raise argparse.ArgumentTypeError(
                f"`{selector}` is no rule code, name or code prefix"
                " (see `planlint rule --all`)"
            )
    return selectors


def parser() -> argparse.ArgumentParser:
    from planlint import __version__

    built = argparse.ArgumentParser(
        prog="planlint",
        description="Lint DAG execution plans (## STAGE ## / ## TASK ## files).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    built.add_argument(
        "paths",
        nargs="*",
        type=path_argument,
        metavar="PATH",
        help="plan files, or directories to search for *.plan, *.plan.md,"
        " *.plan.txt and dag.md (honouring .gitignore and `exclude`); - reads"
        " stdin (default: .)",
    )
    _add_configuration_options(built)
    _add_fix_options(built)
    _add_output_options(built)
    built.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name of the plan read from stdin, for messages, @includes and"
        " finding its configuration",
    )
    built.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log what planlint does to stderr (-vv: debug)",
    )
    built.add_argument("--version", action="version", version=f"planlint {__version__}")
    return built


def _add_configuration_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("configuration")
    source = group.add_mutually_exclusive_group()
    source.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="use this configuration file for every plan instead of the nearest"
        " one (a .toml file; pyproject.toml is read from [tool.planlint])",
    )
    source.add_argument(
        "--isolated",
        action="store_true",
        help="ignore every configuration file: all rules, default severities",
    )
    group.add_argument(
        "--select",
        type=rule_list,
        metavar="RULES",
        help="run only these rules (comma-separated codes, names, code prefixes"
        " such as PL6, or ALL), instead of the configuration's selection",
    )
    group.add_argument(
        "--extend-select",
        type=rule_list,
        metavar="RULES",
        help="run these rules too, on top of the selection",
    )
    group.add_argument(
        "--ignore",
        type=rule_list,
        metavar="RULES",
        help="do not run these rules, on top of the configuration's `ignore`",
    )
    group.add_argument(
        "--show-settings",
        type=Path,
        metavar="PATH",
        help="print the settings that apply to the plan at PATH, and the file"
        " they come from, then exit",
    )


def _add_fix_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("fixes")
    group.add_argument(
        "--fix",
        action="store_true",
        help="apply safe fixes and write the files back (with -: print the fixed"
        " plan on stdout); report what remains",
    )
    group.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also apply fixes that may change meaning",
    )
    group.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what --fix would change and write nothing;"
        " exit 1 if there is any",
    )


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("output")
    group.add_argument(
        "--output-format",
        choices=[form.value for form in OutputFormat],
        default=None,
        help="full: code frames (default; github when GITHUB_ACTIONS=true);"
        " concise: one line each; json, json-lines: data; sarif: SARIF 2.1.0;"
        " github: workflow annotations; junit: JUnit XML; gitlab: Code Quality",
    )
    group.add_argument(
        "-o",
        "--output-file",
        metavar="FILE",
        help="write the report to FILE instead of stdout",
    )
    group.add_argument(
        "--statistics",
        action="store_true",
        help="print how often each rule fired instead of each diagnostic",
    )
    group.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output; auto: only on a terminal, honouring NO_COLOR"
        " and FORCE_COLOR (default: auto)",
    )
    group.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="the lowest severity that makes the exit status 1 (default: error)",
    )
