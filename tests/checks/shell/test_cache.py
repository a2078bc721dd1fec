"""The persistent result cache: hits, misses, damaged files, atomic writes."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import planlint
from planlint.checks.shell import cache as cache_module
from planlint.checks.shell.cache import ResultCache, cache_dir, shard_of
from planlint.checks.shell.shellcheck import Shellcheck

PLAN = """## STAGE ## name="清理 🧹" mode="serial"
## TASK ## id="clean"
清理 😀
验证: rm -rf $TARGET/* && echo 完成
"""


def _open(options: str = "--shell=sh") -> ResultCache:
    """The cache as a check gets it: shared within this process."""
    return ResultCache.for_tool("shellcheck", "0.9.0", options)


def _fresh(options: str = "--shell=sh") -> ResultCache:
    """The cache as a new planlint process reads it from its file."""
    return ResultCache(_open(options).path, options)


def test_the_cache_lives_under_xdg_cache_home(cache_home: Path) -> None:
    assert cache_dir() == cache_home / "planlint"
    folder = cache_home / "planlint" / "shellcheck-0.9.0"
    assert _open().path == folder
    assert _open().file_of("ls") == folder / f"{shard_of('ls'):02x}.json"


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", ".cache")
    monkeypatch.setenv("HOME", str(tmp_path))

    assert cache_dir() == tmp_path / ".cache" / "planlint"


def test_without_a_home_nothing_is_written_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", "")
    monkeypatch.chdir(tmp_path)
    cache = _open()
    cache.put("ls", [])

    cache.save()

    assert cache.path is None and cache.get("ls") == ()
    assert list(tmp_path.iterdir()) == []


def test_a_saved_result_is_a_hit_in_the_next_run() -> None:
    first = _open()
    first.put("echo $x", [[1, 6, 1, 8, "info", 2086, "Double quote"]])
    first.save()

    again = _fresh()

    assert again.get("echo $x") == [[1, 6, 1, 8, "info", 2086, "Double quote"]]
    assert again.get("echo 日本 😀") is None


def test_results_of_other_options_are_misses() -> None:
    first = _open("--shell=sh")
    first.put("echo $x", [])
    first.save()

    assert _fresh("--shell=bash").get("echo $x") is None


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe garbage",
        b"[]",
        b'{"planlint-cache": 1}',
        b"",
        b"[" * 100_000,  # json's decoder recursed until RecursionError
    ],
    ids=["syntax", "bytes", "list", "no-results", "empty", "deeply-nested"],
)
def test_a_corrupt_file_is_ignored_and_rewritten(content: bytes) -> None:
    path = _open().file_of("ls")
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(content)

    damaged = _open()
    damaged.put("ls", [])
    damaged.save()

    assert damaged.get("ls") == ()
    assert json.loads(path.read_text(encoding="utf-8"))["clean"] == ["ls"]


def test_clean_commands_are_a_plain_list_in_the_file() -> None:
    cache = _open()
    cache.put("ls 😀", [])
    cache.put("echo $x", [[1, 6, 1, 8, "info", 2086, "Double quote"]])
    cache.save()

    clean = _read(cache.file_of("ls 😀"))
    found = _read(cache.file_of("echo $x"))

    assert "ls 😀" in clean["clean"] and "ls 😀" not in clean["results"]
    assert list(found["results"]) == ["echo $x"]
    assert _fresh().get("ls 😀") == ()


def test_nothing_is_written_without_new_results() -> None:
    cache = _open()
    cache.get("ls")
    cache.save()

    assert cache.path is not None and not cache.path.exists()


def test_saving_leaves_no_temporary_file() -> None:
    cache = _open()
    cache.put("echo 😀", [])
    cache.save()

    written = cache.file_of("echo 😀")
    assert cache.path is not None and written is not None
    assert [p.name for p in cache.path.iterdir()] == [written.name]


def test_an_unwritable_cache_is_logged_not_raised(
    cache_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache_home.mkdir()
    (cache_home / "planlint").write_text("a file where the folder should be")
    cache = _open()
    cache.put("ls", [])

    with caplog.at_level(logging.WARNING):
        cache.save()

    assert "cannot write the shell-check cache" in caplog.text


def test_an_unwritable_cache_is_one_warning_per_save(
    cache_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Each of the 64 files failing the same way was a warning of its own: a
    lint of the seed printed 54 lines to say its cache could not be written."""
    cache_home.mkdir()
    (cache_home / "planlint").write_text("a file where the folder should be")
    cache = _open()
    commands = [f"make 目标-{number} 🚀" for number in range(200)]
    for command in commands:
        cache.put(command, [])
    assert len({cache.file_of(c) for c in commands}) == cache_module.SHARDS

    with caplog.at_level(logging.WARNING):
        cache.save()

    [record] = caplog.records
    assert "cannot write the shell-check cache" in record.getMessage()
    assert str(cache.path) in record.getMessage()


def test_the_limit_keeps_what_this_run_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "SHARDS", 1)
    monkeypatch.setattr(cache_module, "LIMIT", 3)
    old = _open()
    for number in range(5):
        old.put(f"echo {number}", [])
    old.save()

    run = _fresh()
    run.get("echo 0")
    run.put("echo new", [])
    run.save()

    assert _stored() == {"echo 0", "echo new", "echo 4"}


def test_one_process_reads_a_file_once_until_another_replaces_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cache_module, "SHARDS", 1)  # both commands in one file
    shared = _open()
    shared.put("ls", [])
    shared.save()
    loads: list[Path] = []
    monkeypatch.setattr(cache_module, "_load", _counting(cache_module._load, loads))
    assert _open() is shared and shared.get("ls") == ()
    assert loads == []

    other = _fresh()  # another planlint process adds a result
    other.put("pwd 😀", [])
    other.save()
    loads.clear()

    again = _open()
    assert again.get("ls") == () and again.get("pwd 😀") == ()
    assert loads == [shared.file_of("ls")]


def test_a_lint_reads_only_the_files_of_its_commands() -> None:
    big = _open()
    for number in range(2000):
        big.put(f"make target-{number}", [])
    big.save()
    assert big.path is not None
    assert len(list(big.path.glob("*.json"))) == cache_module.SHARDS

    small = _fresh()
    assert small.get("make target-7") == ()

    assert [shard.path for shard in small._shards.values()] == [
        small.file_of("make target-7")
    ]


def test_the_single_file_of_earlier_versions_is_removed() -> None:
    cache = _open()
    assert cache.path is not None
    cache.path.parent.mkdir(parents=True)
    single = cache.path.with_name(cache.path.name + ".json")
    single.write_text('{"planlint-cache": 2}', encoding="utf-8")

    cache.put("ls", [])
    cache.save()

    assert not single.exists()
    assert _fresh().get("ls") == ()


def test_a_warm_cache_runs_no_shellcheck(monkeypatch: pytest.MonkeyPatch) -> None:
    cold = _pl510(planlint.check(planlint.plan_from_text(PLAN)))

    def refuse(self: Shellcheck, texts: object) -> object:
        raise AssertionError("shellcheck ran although every command was cached")

    monkeypatch.setattr(Shellcheck, "check_batch", refuse)
    warm = _pl510(planlint.check(planlint.plan_from_text(PLAN)))

    assert warm == cold
    assert ("SC2115", 4, 12) in {(m[:6], line, col) for m, line, col in warm}


def test_a_damaged_entry_is_checked_again() -> None:
    cold = _pl510(planlint.check(planlint.plan_from_text(PLAN)))
    files = _shellcheck_files()
    for path in files:
        data = _read(path)
        texts = [*data["clean"], *data["results"]]
        data["clean"], data["results"] = [], {t: [["broken"]] for t in texts}
        path.write_text(json.dumps(data), encoding="utf-8")
    cache_module._shared.clear()  # the next planlint process reads the files

    again = _pl510(planlint.check(planlint.plan_from_text(PLAN)))

    assert again == cold
    assert all(
        entry != [["broken"]]
        for path in _shellcheck_files()
        for entry in _read(path)["results"].values()
    )


def test_a_process_keeps_what_it_got_when_another_damages_the_file() -> None:
    """A command's result never changes: this process keeps the one it read
    (and does not read the file again for it) whatever becomes of the file."""
    cold = _pl510(planlint.check(planlint.plan_from_text(PLAN)))
    for path in _shellcheck_files():
        path.write_text("{damaged", encoding="utf-8")

    again = _pl510(planlint.check(planlint.plan_from_text(PLAN)))

    assert again == cold


def test_lookups_after_the_first_do_not_touch_the_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _open()
    first.put("ls 😀", [])
    first.save()
    reader = _fresh()
    assert reader.get("ls 😀") == ()

    def refuse(command: str) -> object:
        raise AssertionError("a known result was looked up in its file again")

    monkeypatch.setattr(reader, "_shard", refuse)
    assert reader.get("ls 😀") == ()


def _shellcheck_files() -> list[Path]:
    folder = cache_dir()
    assert folder is not None
    (tool,) = folder.glob("shellcheck-*")
    return sorted(tool.glob("*.json"))


def _read(path: Path | None) -> dict[str, Any]:
    assert path is not None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _stored() -> set[str]:
    """Every command the files of `_open()`'s folder hold."""
    folder = _open().path
    assert folder is not None
    return {
        text
        for path in folder.glob("*.json")
        for text in [*_read(path)["clean"], *_read(path)["results"]]
    }


def _counting(load: Callable[..., Any], seen: list[Path]) -> Callable[..., Any]:
    def counted(path: Path, options: str) -> Any:
        seen.append(path)
        return load(path, options)

    return counted


def _pl510(found: list[planlint.checks.Diagnostic]) -> list[tuple[str, int, int]]:
    return [
        (d.message, d.location.start.line + 1, d.location.start.column + 1)
        for d in found
        if d.code == "PL510"
    ]
