"""Every rule says what `--fix` does with its findings, even when it does nothing.

PL902's text was empty, so `planlint rule PL902` and docs/rules.md showed no
Fix section for it.
"""

from __future__ import annotations

import pytest

from planlint.checks import all_rules
from planlint.checks.rule import Rule


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_fix_safety_is_written(rule: Rule) -> None:
    text = rule.fix_safety

    assert text.startswith(("Safe", "Unsafe", "No fix")), text
