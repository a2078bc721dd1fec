"""Counts and durations in the words of run output: "1 task", "2 tasks", "1m30s"."""

from __future__ import annotations

# Nouns whose plural is not the noun plus "s".
_PLURALS = {"try": "tries", "entry": "entries"}


def counted(number: int, noun: str) -> str:
    """`number` and `noun`, singular for exactly one: "1 task", "3 tasks"."""
    if number == 1:
        return f"1 {noun}"
    return f"{number} {_PLURALS.get(noun, noun + 's')}"


def duration_text(seconds: float) -> str:
    """Seconds the way the plan writes them: `90` is `1m30s`, `600` is `10m`."""
    whole = round(seconds)
    if whole != seconds or whole <= 0:
        return f"{seconds:g}s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    units = ((hours, "h"), (minutes, "m"), (secs, "s"))
    return "".join(f"{value}{unit}" for value, unit in units if value)
