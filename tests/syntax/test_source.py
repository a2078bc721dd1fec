"""Bytes in, the same bytes out: BOM, CRLF and invalid UTF-8 survive parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from planlint.syntax import decode, encode, first_bad_offset, parse, read_text
from tests.conftest import CORPUS, SEED

PLANS = sorted(CORPUS.rglob("*.md")) + [SEED]

# bytes -> offset (in code points) of the first byte that is not UTF-8
BAD: dict[bytes, int | None] = {
    b"": None,
    "## TASK ## 数据 😋\r\n".encode(): None,
    b"\xff": 0,
    b"ok\x80": 2,
    "文件: ".encode() + b"\xe6\x96": 4,  # a CJK character cut short
    "备".encode() + b"\xed\xa0\x80": 1,  # an encoded surrogate is not UTF-8
    b"\xef\xbb\xbf# a\r\n\xfe\n": 6,
}


@pytest.mark.parametrize("data", BAD, ids=repr)
def test_decode_finds_the_first_bad_byte_and_encode_gives_the_bytes_back(
    data: bytes,
) -> None:
    text, bad = decode(data)

    assert bad == BAD[data]
    assert first_bad_offset(text) == bad
    assert encode(parse(text).to_text()) == data


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_every_corpus_file_and_the_seed_round_trip_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()

    text, bad = read_text(path)
    document = parse(text, str(path))

    assert bad is None
    assert encode(document.to_text()) == data
    assert "".join(document.tree.scan_values(lambda _: True)) == text


def test_crlf_and_bom_files_keep_them() -> None:
    crlf = (CORPUS / "crlf-line-endings.plan.md").read_bytes()
    bom = (CORPUS / "utf8-bom.plan.md").read_bytes()

    crlf_lines = parse(decode(crlf)[0]).lines
    bom_document = parse(decode(bom)[0])

    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 0
    assert {line.eol for line in crlf_lines} == {"\r\n"}
    assert bom.startswith(b"\xef\xbb\xbf") and bom_document.bom
    assert bom_document.lines[0].text.startswith("## STAGE ##")


def test_read_text_reads_bytes_not_text_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.plan.md"
    path.write_bytes(b"a\r\nb\rc\xff")

    text, bad = read_text(path)

    assert (text, bad) == ("a\r\nb\rc\udcff", 6)


def test_read_text_lets_oserror_through(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_text(tmp_path / "missing.plan.md")
