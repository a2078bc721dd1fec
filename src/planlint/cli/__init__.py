"""The command-line fronts: thin adapters over the public API.

Every command is a `main(argv, stdout, stderr) -> int`, so tests call it with
string buffers. The exit codes below are shared by every command.
"""

from __future__ import annotations

import atexit
import gc
import logging
from pathlib import Path
from typing import TextIO

logger = logging.getLogger(__name__)

EXIT_CLEAN = 0  # nothing at or above the --fail-on severity
EXIT_PROBLEMS = 1  # diagnostics at or above the --fail-on severity
EXIT_USAGE = 2  # bad command line, or a path that cannot be read
EXIT_INTERNAL = 3  # a bug in planlint itself

__all__ = [
    "EXIT_CLEAN",
    "EXIT_INTERNAL",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "no_collection_at_exit",
    "report_internal_error",
    "shown_path",
]


def no_collection_at_exit() -> None:
    """Freeze every object when the interpreter exits, once per process.

    Its last collection would walk every plan and result still in memory
    (about 25 ms for the 10,000-task plan; 20 to 40 ms for a run of 1,000
    tasks) to free memory that the exit frees anyway. Every file is closed by
    then; Python never promised finalizers at exit.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def report_internal_error(
    stderr: TextIO, doing: str, error: BaseException, program: str = "planlint"
) -> None:
    """Tell the user a bug of ours stopped `doing`; the traceback only with -v."""
    stderr.write(
        f"{program}: internal error while {doing}: {type(error).__name__}: {error}\n"
        "this is a bug in planlint, not in your plan: please report it with the"
        " input that caused it (run with -v to see the traceback)\n"
    )
    logger.info("traceback of the internal error", exc_info=error)


def shown_path(path: Path) -> str:
    """`path` relative to the current directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
