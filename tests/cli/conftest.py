"""Running `planlint` in-process, as the console script would, for the CLI tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from planlint.cli.main import main


@dataclass(frozen=True)
class Result:
    """What one `planlint` run returned and printed."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def planlint(monkeypatch: pytest.MonkeyPatch) -> Run:
    """`planlint(*argv, stdin=b"...")`: run the CLI with string streams."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*argv: str, stdin: bytes | None = None) -> Result:
        if stdin is not None:
            wrapper = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
            monkeypatch.setattr("sys.stdin", wrapper)
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), out, err)
        return Result(code, out.getvalue(), err.getvalue())

    return run
