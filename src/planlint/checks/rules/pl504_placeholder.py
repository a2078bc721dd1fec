"""PL504 placeholder: unfilled template text such as `[模块名]` or `{slug}`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule
from planlint.checks.sections import KINDS, Section, SectionKind
from planlint.model import Place, PlanLine
from planlint.syntax import LineKind, Span

_SCANNED = (
    LineKind.TEXT,
    LineKind.FIELD,
    LineKind.COMMENT,
    LineKind.STAGE,
    LineKind.TASK,
)
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1")
# `![img]`, `[text](url)`, `[text][ref]`, `[ref]:` and `\[` are Markdown, not slots.
_SQUARE = re.compile(r"(?<![\]\\!\[])\[([^\[\]\r\n]{1,40})\](?![(\[:])")
_ANGLE = re.compile(r"(?<![\w<\\])<([^<>\s]{1,40})>")
_BRACE = re.compile(r"(?<![$%#\\'{\w])\{\{?([^{}\s]{1,40})\}\}?")
_DATE = re.compile(
    r"(?<![A-Za-z%])(?:YYYY|yyyy)[-/._年]?(?:MM|mm)(?:[-/._月]?(?:DD|dd)日?)?(?![A-Za-z])"
)


def _has_cjk(text: str) -> bool:
    """Whether `text` holds a CJK ideograph. A regex class of these ranges
    takes re's compiler over a millisecond to build, at every start-up."""
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


_SLOT_SUFFIXES = (
    "名", "名称", "名字", "路径", "目录", "模块", "组件", "编号", "日期", "时间",
    "版本", "版本号", "描述", "标题", "类型", "数量", "负责人", "地址", "链接",
    "端口", "分支", "命令", "参数", "内容", "值", "ID", "id",
)  # fmt: skip
_SLOT_PREFIXES = ("填", "请", "待", "此处", "你的", "输入", "某", "具体")
_FILLER = re.compile(r"xx|XX|××|…|\.\.\.")
_ASCII_TAG = re.compile(
    r"(?i:todo|tbd|fixme|x{3,}|your[-_ ]?\w+)"
    r"|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
    r"|[A-Z]*(?:NAME|PATH|DIR|FILE|DATE|VERSION|ID|URL|SLUG)"
)
_SLOT_WORDS = {
    "name", "path", "file", "filename", "dir", "directory", "module", "id",
    "version", "date", "branch", "url", "value", "title", "slug", "project",
    "service", "package", "todo", "tbd", "placeholder",
}  # fmt: skip
_ANGLE_ASCII = re.compile(r"[A-Za-z][\w./-]*")
_IDENTIFIER = re.compile(r"[A-Za-z_][\w-]+")


def _cjk_slot(content: str) -> bool:
    text = content.strip()
    return (
        text.endswith(_SLOT_SUFFIXES)
        or text.startswith(_SLOT_PREFIXES)
        or _FILLER.search(text) is not None
    )


def _square(content: str) -> bool:
    if _has_cjk(content):
        return _cjk_slot(content)
    return _ASCII_TAG.fullmatch(content.strip()) is not None


def _angle(content: str) -> bool:
    if _has_cjk(content):
        return True
    if not _ANGLE_ASCII.fullmatch(content):
        return False
    words = {w.lower() for w in re.split(r"[-_./]", content) if w}
    shouting = len(content) > 1 and content.upper() == content and content.isascii()
    return shouting or bool(words & _SLOT_WORDS) or content.lower().startswith("your")


def _brace(content: str) -> bool:
    return _has_cjk(content) or _IDENTIFIER.fullmatch(content) is not None


_KINDS = (("[", _SQUARE, _square), ("<", _ANGLE, _angle), ("{", _BRACE, _brace))


class Placeholder(BlockRule):
    code = "PL504"
    name = "placeholder"
    severity = Severity.WARNING
    summary = (
        "unfilled template text: `[模块名]`, `{slug}`, `<your-name>`, `YYYY-MM-DD`"
    )
    why = (
        "Plans are often written from a template, and a slot left unfilled goes"
        " to the agent as it is: it works on a file literally called"
        " `src/[模块名]/index.ts`, or guesses."
    )
    example = "## TASK ## 重构 [模块名]\n文件: src/{slug}/index.ts"
    instead = "## TASK ## 重构 订单模块\n文件: src/order/index.ts"
    fix_safety = "No fix: only the author knows the value."

    kinds: ClassVar[frozenset[SectionKind]] = frozenset(KINDS)

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        found: list[Diagnostic] = []
        for planline in section.lines():
            line = planline.line
            if _may_hold(line.text) and line.kind in _SCANNED:
                found.extend(self._in_line(planline))
        return found

    def _in_line(self, planline: PlanLine) -> Iterator[Diagnostic]:
        text, start = planline.line.text, planline.line.span.start
        code = [m.span() for m in _CODE_SPAN.finditer(text)] if "`" in text else []
        for at, end, kind in _slots(text):
            in_code = any(a <= at and end <= b for a, b in code)
            if in_code and not _has_cjk(text[at:end]):
                continue  # `{id}` or `YYYY-MM-DD` written as code documents a format
            found = text[at:end]
            place = Place(planline.document, Span(start + at, start + end))
            yield self.diagnostic(place, _message(found, kind))


def _may_hold(text: str) -> bool:
    """A cheap first test: most lines have no bracket and no date template."""
    return "[" in text or "<" in text or "{" in text or "YYYY" in text or "yyyy" in text


def _slots(text: str) -> Iterator[tuple[int, int, str]]:
    """Placeholders in `text`; a regex runs only if its opening character is there."""
    for opening, pattern, test in _KINDS:
        if opening in text:
            for found in pattern.finditer(text):
                if test(found.group(1)):
                    yield found.start(), found.end(), "slot"
    if "YYYY" in text or "yyyy" in text:
        for found in _DATE.finditer(text):
            yield found.start(), found.end(), "date"


def _message(found: str, kind: str) -> str:
    if kind == "date":
        return (
            f"`{found}` is a date template; write the date, or in a command"
            " `$(date +%F)`"
        )
    return (
        f"`{found}` looks like an unfilled placeholder; replace it with the real value"
    )
