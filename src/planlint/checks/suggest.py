"""Did-you-mean suggestions for names, values, ids and paths."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The choices close to `word`, best first (case-insensitive compare)."""
    import difflib  # here: most runs suggest nothing

    options = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(word.lower(), list(options), n=3, cutoff=cutoff)
    return [options[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`; did you mean `x`?` or "" when nothing is close."""
    found = closest(word, choices, cutoff)
    return f"; did you mean `{found[0]}`?" if found else ""
