"""`planlint lsp` with faults injected, for the robustness tests.

PLANLINT_TEST_FAULTS is a comma list: `crash` makes hover raise, `print` makes
it print to stdout and run a child process that writes to stdout. The server
must answer the crash with an error and keep serving, and must keep the stray
output off the protocol stream.
"""

from __future__ import annotations

import os
import subprocess
import sys

from lsprotocol import types

from planlint.cli.lsp import main
from planlint.server import hover
from planlint.server.analysis import View

FAULTS = set(os.environ.get("PLANLINT_TEST_FAULTS", "").split(","))
_real_hover = hover.hover


def _faulty_hover(view: View, position: types.Position) -> types.Hover | None:
    if "print" in FAULTS:
        print("a stray print from a handler")
        subprocess.run(["echo", "a stray line from a child process"], check=True)
    if "crash" in FAULTS:
        raise RuntimeError("injected fault in hover")
    return _real_hover(view, position)


hover.hover = _faulty_hover

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
