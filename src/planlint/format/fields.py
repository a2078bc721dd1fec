"""Field lines (`文件: a.ts`) with an ASCII colon and one space after it."""

from __future__ import annotations

from planlint.syntax import FieldSyntax


def format_field(field: FieldSyntax) -> str:
    """`文件 ：  a.ts  ` -> `文件: a.ts`; an empty value leaves `文件:`.

    The value is the one the model reads (spaces around it are not part of
    it), so the field means the same after formatting.
    """
    if not field.value:
        return f"{field.key}:"
    return f"{field.key}: {field.value}"
