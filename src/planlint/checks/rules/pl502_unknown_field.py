"""PL502 unknown-field: a line that looks like a field but is none."""

from __future__ import annotations

import re
from collections.abc import Iterable

from planlint.checks.diagnostic import Diagnostic, Severity
from planlint.checks.rule import BlockRule, replace
from planlint.checks.sections import Section
from planlint.model import Place, PlanLine
from planlint.syntax import LineKind, Span

_TEXT = LineKind.TEXT
_DEPENDS = 'dependencies go in `depends_on="…"` on the TASK line'
# Keys that authors write believing they do something, and what does it.
_MEANT = {
    **dict.fromkeys(
        ("依赖", "依赖于", "前置", "前置任务", "依赖任务", "前置依赖"), _DEPENDS
    ),
    **dict.fromkeys(("depends", "deps", "dependencies"), _DEPENDS),
    **dict.fromkeys(
        ("文件范围", "修改文件", "涉及文件", "相关文件", "文件列表", "files", "file"),
        "write `文件:`",
    ),
    **dict.fromkeys(
        ("排除文件", "忽略文件", "忽略", "exclude", "excludes"), "write `排除:`"
    ),
    **dict.fromkeys(
        ("验证命令", "测试命令", "校验命令", "检查命令", "verify", "verification"),
        "write `验证:`",
    ),
    **dict.fromkeys(
        ("执行命令", "运行命令", "命令", "run", "exec", "execute", "command", "cmd"),
        "write `执行:`",
    ),
}
_LOOSE = re.compile(r"(?P<key>[^\s:：*`]+)[ \t]*(?P<colon>[:：])[ \t]*\S")
# A real field key dressed as Markdown: `- 验证: …`, `**文件**: …`, `  排除: …`.
_DRESSED = re.compile(
    r"(?P<lead>[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?)(?P<key>文件|排除|验证|执行)"
    r"(?P<close>\*\*)?[ \t]*(?P<colon>[:：])(?:\*\*)?[ \t]*(?P<value>\S.*)$"
)


def _dressed_message(key: str, lead: str, close: str | None) -> str:
    """Indented only, or dressed as Markdown (a list item, bold)."""
    plain = f"write a plain `{key}: …` at the start of the line"
    if lead.strip() or close:
        return f"`{key}` written as Markdown is not a field; {plain}"
    tabs, spaces = "\t" in lead, " " in lead
    kind = "tabs and spaces" if tabs and spaces else "a tab" if tabs else "spaces"
    return (
        f"`{key}` indented with {kind} is not a field: fields start at column 1;"
        f" {plain}"
    )


class UnknownField(BlockRule):
    code = "PL502"
    name = "unknown-field"
    severity = Severity.WARNING
    summary = "a line looks like a field (`依赖: 任务A`) but is no field"
    why = (
        "Only `文件:`, `排除:`, `验证:` and `执行:` at the start of a line are"
        " fields. `依赖: 任务A` creates no dependency and `- 验证: npm test` runs"
        " nothing: both are text that the agent may or may not act on."
    )
    example = '## TASK ## id="seed"\n导入种子数据\n依赖: schema\n**验证**: npm test'
    instead = '## TASK ## id="seed" depends_on="schema"\n导入种子数据\n验证: npm test'
    fix_safety = (
        "Unsafe, for a real field key written as Markdown (`- 验证: …`): rewrites"
        " it as the field, which turns text into a command that runs."
    )

    def check_block(self, section: Section) -> Iterable[Diagnostic]:
        found: list[Diagnostic] = []
        for planline in section.body:
            line = planline.line
            if line.kind is _TEXT and (":" in line.text or "：" in line.text):
                diagnostic = self._dressed(planline) or self._meant(planline)
                if diagnostic is not None:
                    found.append(diagnostic)
        return found

    def _dressed(self, planline: PlanLine) -> Diagnostic | None:
        found = _DRESSED.match(planline.line.text)
        if found is None or not (found["lead"] or found["close"]):
            return None

        start = planline.line.span.start
        place = Place(planline.document, Span(start, start + found.end("colon")))
        field = f"{found['key']}: {found['value'].rstrip()}"
        line = Place(planline.document, planline.line.span)
        return self.diagnostic(
            place,
            _dressed_message(found["key"], found["lead"], found["close"]),
            fix=replace(line, field, f"make it a `{found['key']}:` field", safe=False),
        )

    def _meant(self, planline: PlanLine) -> Diagnostic | None:
        found = _LOOSE.match(planline.line.text)
        key = found["key"] if found is not None else ""
        hint = _MEANT.get(key) or _MEANT.get(key.lower())
        if found is None or hint is None:
            return None

        start = planline.line.span.start
        place = Place(planline.document, Span(start, start + found.end("colon")))
        return self.diagnostic(
            place, f"`{key}{found['colon']}` is not a field and does nothing; {hint}"
        )
