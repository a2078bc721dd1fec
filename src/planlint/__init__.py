"""planlint: linter, formatter, language server and executor for DAG plans.

The public API: `parse(text)` gives the lossless tree (`to_text()` gives the
text back), `load(path)` and `plan_from_text(text)` the semantic model, and
`check(...)` the diagnostics.
"""

from planlint.api import check, load, parse, plan_from_text

__version__ = "0.1.0"
__all__ = ["__version__", "check", "load", "parse", "plan_from_text"]
