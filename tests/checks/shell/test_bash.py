"""PL508's parser wrapper: bash decides, batches agree with one-by-one, places."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import CORPUS, SEED

import planlint
from planlint.checks.shell.bash import Bash, bad_commands, quotes_balance, wrap
from planlint.checks.shell.problems import locate

BASH = Bash(shutil.which("bash") or "bash")

# Valid for bash although bashlex rejects each of them.
VALID = [
    "[[ -f a && -n $b ]] && echo ok",
    "x=(一 二 三); echo ${#x[@]}",
    "test $((1 + 2)) -eq 3",
    "for ((i = 0; i < 3; i++)); do echo $i; done",
    "case $x in a) echo a ;; *) echo b ;; esac",
    "time ls",
    "diff <(sort a) <(sort b)",
    'test -f TODO.md && grep -c "\\- \\[ \\]" TODO.md',
    "test -f backup/prod-$(date +%Y%m%d).sql && ls -lh backup/prod-*.sql",
    "mysql -u root -p < backup/prod-$(date +%Y%m%d).sql --dry-run",
    "cat <<EOF",  # bash only warns about a here-document without its end
    'echo "$(echo ")")"',
]
BROKEN = [
    "echo 日本 )",
    "test -f reports/<report_file>",
    'echo "未闭合 🙈',
    "npm test &&",
    "if true; then echo 😀",
    "ls | | wc -l",
    "echo $(ls",
    "}",
    "{ echo a",
]


def _corpus_commands() -> list[str]:
    paths = [SEED, *sorted(CORPUS.glob("*.plan.md"))]
    found = []
    for path in paths:
        plan = planlint.load(path)
        found += [f.value for t in plan.tasks() for f in [*t.verify, *t.execute]]
    return list(dict.fromkeys(found))


def test_bash_parses_every_command_of_the_corpus_and_the_seed() -> None:
    commands = _corpus_commands()

    assert len(commands) > 100
    assert bad_commands(BASH, commands) == {}


def test_commands_bashlex_rejects_are_valid() -> None:
    assert bad_commands(BASH, VALID) == {}


def test_a_batch_finds_exactly_the_broken_commands() -> None:
    mixed = [c for pair in zip(VALID, BROKEN, strict=False) for c in pair]

    assert set(bad_commands(BASH, mixed + VALID[len(BROKEN) :])) == set(BROKEN)


def test_an_open_quote_cannot_pair_with_one_in_a_later_command() -> None:
    commands = ["echo ok", 'echo "abc', "ls", 'echo x"', "pwd"]

    assert set(bad_commands(BASH, commands)) == {'echo "abc', 'echo x"'}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(VALID + BROKEN), min_size=1, max_size=12))
def test_batches_agree_with_checking_one_by_one(commands: list[str]) -> None:
    alone = {c for c in commands if BASH.errors(c + "\n")}

    assert set(bad_commands(BASH, commands)) == alone


def test_nothing_is_ever_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    commands = [f"touch {marker}", f"echo $(touch {marker}) )", f"touch {marker} &&"]

    bad_commands(BASH, commands)
    for command in commands[1:]:
        locate(BASH, command, BASH.errors(command + "\n")[0][1])

    assert not marker.exists()


def test_wrapped_commands_start_on_known_lines() -> None:
    script, starts = wrap(["echo a", "echo b\necho c", "ls"])

    lines = script.split("\n")
    assert starts == [2, 5, 9]
    assert [lines[n - 1] for n in starts] == ["echo a", "echo b", "ls"]


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ("echo 'a \" b'", True),
        ('echo "it\'s"', True),
        ('echo "a \\" b"', True),
        ("echo `date`", True),
        ('echo "abc', False),
        ("echo 'abc", False),
        ("echo a \\", False),
    ],
)
def test_the_quote_pre_check(text: str, balanced: bool) -> None:
    assert quotes_balance(text) is balanced


@pytest.mark.parametrize(
    ("text", "where", "shown", "words"),
    [
        ("echo 日本 😀 )", ")", ")", "unexpected `)`"),
        ('echo "a)" ) "b"', ") ", ")", "unexpected `)`"),
        ("ls | | wc -l", "| w", "|", "unexpected `|`"),
        ("test -f 报告/<name>", ">", ">", "redirection `>`"),
        ('echo "a" "未闭合 🙈', '"未', '"', '`"` is never closed'),
        ("echo 'it", "'", "'", "`'` is never closed"),
        ("echo 😀 $(ls", "$(", "$(", "`$(` is never closed"),
        ("echo ${x", "${", "${", "`${` is never closed"),
        ("echo `ls", "`", "`", "backquote is never closed"),
        ("npm test 😀 &&", "&&", "&&", "nothing follows `&&`"),
        ("cat a |", "|", "|", "nothing follows `|`"),
        ("fi", "fi", "fi", "unexpected `fi`"),
    ],
)
def test_the_place_is_where_bash_stops(
    text: str, where: str, shown: str, words: str
) -> None:
    (message,) = bad_commands(BASH, [text]).values()

    problem = locate(BASH, text, message)

    assert problem.start == text.index(where)
    assert text[problem.start : problem.end] == shown
    assert words in problem.message


def test_an_unclosed_compound_command_points_at_the_end() -> None:
    text = "for f in 文件 😀; do test -s $f;"

    problem = locate(BASH, text, bad_commands(BASH, [text])[text])

    assert problem.start == problem.end == len(text)
    assert "`for … done`" in problem.message
