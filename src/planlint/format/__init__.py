"""planfmt's canonical form as pure functions over the lossless syntax tree.

`format_text` gives the formatted text, `format_edits` the minimal edits an
editor applies (for the whole text or the lines a range touches). Both refuse
text with syntax errors by raising `FormatError`, unless `force` is given.
Includes are not expanded: each file is formatted on its own.
"""

from planlint.format.edits import TextEdit, apply_edits
from planlint.format.formatter import format_document, format_edits, format_text
from planlint.format.problems import FormatError, SyntaxProblem, find_problems

__all__ = [
    "FormatError",
    "SyntaxProblem",
    "TextEdit",
    "apply_edits",
    "find_problems",
    "format_document",
    "format_edits",
    "format_text",
]
