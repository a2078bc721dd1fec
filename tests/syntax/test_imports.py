"""Start-up stays lean: parsing and checking import neither Lark, rich nor pygls."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import SEED

HEAVY = ["lark", "rich", "pygls", "lsprotocol", "hashlib"]
PROGRAM = """
import json, sys
import planlint
before = sorted(sys.modules)
planlint.check(planlint.load(sys.argv[1]))
print(json.dumps([before, sorted(sys.modules)]))
"""


def _top_level(modules: list[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_import_and_check_load_no_heavy_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(SEED)],
        check=True,
        capture_output=True,
        text=True,
    )

    imported, checked = (_top_level(m) for m in json.loads(done.stdout))

    assert imported & set(HEAVY) == set()
    assert checked & set(HEAVY) == set()


def test_the_lark_tree_is_still_there_when_asked_for() -> None:
    program = (
        "import sys, planlint; d = planlint.parse('## TASK ##\\n');"
        " print(type(d.tree).__module__, 'lark' in sys.modules)"
    )

    done = subprocess.run(
        [sys.executable, "-c", program], check=True, capture_output=True, text=True
    )

    assert done.stdout.split() == ["lark.tree", "True"]
