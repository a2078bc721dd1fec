"""`--output-format json-lines`: one JSON object per diagnostic, one per line.

Each object has the keys of a diagnostic in the `json` format; a clean run
prints nothing, so `wc -l` counts the problems and `jq -c` streams them.
"""

from __future__ import annotations

from collections.abc import Sequence

from planlint.cli.output import FileReport
from planlint.cli.output.json_format import diagnostic_data, dumps


def render(reports: Sequence[FileReport]) -> str:
    """Every diagnostic as a compact JSON object on its own line."""
    lines = [dumps(diagnostic_data(d, r)) for r in reports for d in r.diagnostics]
    return "".join(f"{line}\n" for line in lines)
