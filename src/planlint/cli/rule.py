"""`planlint rule CODE|NAME` and `planlint rule --all`: the rules' manuals.

The manuals come from the rules themselves; `docs/rules.md` is the output of
`planlint rule --all --output-format markdown`.
"""

from __future__ import annotations

import argparse
import json
from contextlib import redirect_stderr, redirect_stdout
from typing import TextIO

from planlint.checks import Rule, all_rules, rule_for
from planlint.checks.docs import rule_json, rule_markdown, rule_text, rules_markdown
from planlint.checks.suggest import did_you_mean
from planlint.cli import EXIT_CLEAN, EXIT_USAGE


def main(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Print one rule's manual, or every rule's; exit 2 for an unknown rule."""
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            parsed = _parser().parse_args(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE

    if parsed.all == (parsed.rule is not None):
        stderr.write("planlint rule: error: give a rule (CODE or NAME) or --all\n")
        return EXIT_USAGE
    if parsed.all:
        stdout.write(_everything(parsed.output_format))
        return EXIT_CLEAN
    return _one(parsed.rule, parsed.output_format, stdout, stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planlint rule",
        description="Print what a rule flags, why it matters, an example, the"
        " better way and what --fix does.",
    )
    parser.add_argument(
        "rule", nargs="?", metavar="CODE|NAME", help="PL202 or unknown-dependency"
    )
    parser.add_argument("--all", action="store_true", help="every rule, in code order")
    parser.add_argument(
        "--output-format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text for a terminal (default), Markdown (docs/rules.md), or JSON",
    )
    return parser


def _one(wanted: str, form: str, stdout: TextIO, stderr: TextIO) -> int:
    rule = rule_for(wanted) or rule_for(wanted.upper()) or rule_for(wanted.lower())
    if rule is None:
        names = [n for r in all_rules() for n in (r.code, r.name)]
        hint = did_you_mean(wanted, names) or "; see `planlint rule --all`"
        stderr.write(f"planlint rule: error: no rule is called `{wanted}`{hint}\n")
        return EXIT_USAGE

    stdout.write(_render(rule, form))
    return EXIT_CLEAN


def _render(rule: Rule, form: str) -> str:
    if form == "json":
        return json.dumps(rule_json(rule), indent=2, ensure_ascii=False) + "\n"
    return rule_markdown(rule) if form == "markdown" else rule_text(rule)


def _everything(form: str) -> str:
    if form == "markdown":
        return rules_markdown()
    if form == "json":
        rules = [rule_json(rule) for rule in all_rules()]
        return json.dumps(rules, indent=2, ensure_ascii=False) + "\n"
    return "\n".join(rule_text(rule) for rule in all_rules())
