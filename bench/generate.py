"""Writes a large, realistic and valid plan for the benchmarks.

The plan looks like the corpus (very-long-plan.plan.md): a header with correct
counts, stages of 10 to 30 tasks that alternate serial and parallel, TASK
markers with three attributes, CJK titles, `文件:` and `验证:` fields, and
dependencies that always point at earlier stages. It lints without errors.

    python bench/generate.py --tasks 10000 -o bench/out/plan-10000.plan.md
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

DOMAINS = (
    "account", "billing", "catalog", "coupon", "delivery", "feedback",
    "inventory", "loyalty", "message", "order", "payment", "search",
)  # fmt: skip
TOPICS = (
    "分页与缓存", "权限校验", "批量导入", "状态机迁移", "审计日志",
    "幂等重试", "字段校验", "导出报表", "乐观锁更新", "通知回调",
)  # fmt: skip
GOALS = (
    "处理器改为实现新 handler 接口，删除对旧框架的直接引用",
    "补齐单元测试，覆盖正常路径和三类错误路径 ✅",
    "行为与迁移前一致，契约测试回放全部通过 🎯",
)
POLICIES = ("stop", "continue", "continue", "stop")


@dataclass
class _Stage:
    """One generated stage: its number, mode and the ids of its tasks."""

    number: int
    parallel: bool
    size: int
    ids: list[str] = field(default_factory=list)


def generate(tasks: int, seed: int = 2026) -> str:
    """The text of a valid plan with exactly `tasks` tasks (LF line ends)."""
    rng = random.Random(seed)
    stages = _layout(tasks, rng)
    lines = _header(len(stages), tasks)
    previous: _Stage | None = None
    for stage in stages:
        lines.extend(_stage_lines(stage, previous, rng))
        previous = stage
    return "\n".join(lines) + "\n"


def _layout(tasks: int, rng: random.Random) -> list[_Stage]:
    stages: list[_Stage] = []
    left = tasks
    while left > 0:
        size = min(left, rng.randint(10, 30))
        stages.append(_Stage(len(stages) + 1, len(stages) % 2 == 1, size))
        left -= size
    return stages


def _header(stages: int, tasks: int) -> list[str]:
    return [
        "# 网关路由大迁移（基准测试用生成计划）- DAG 执行计划",
        "# 生成时间: 2026-03-03 08:00",
        f"# 总阶段数: {stages}",
        f"# 预计任务数: {tasks}",
        "",
        "> **项目宏观目标**：",
        "> 把所有旧框架路由处理器迁到新的 handler 接口，行为保持不变。",
        "",
    ]


def _stage_lines(
    stage: _Stage, previous: _Stage | None, rng: random.Random
) -> Iterator[str]:
    domain = DOMAINS[stage.number % len(DOMAINS)]
    mode = 'mode="parallel" max_workers="4"' if stage.parallel else 'mode="serial"'
    depends = f' depends_on="stage:{previous.number}"' if previous else ""
    yield f'## STAGE ## name="迁移 {domain} 第{stage.number}批" {mode}{depends}'
    yield f"# 阶段说明：{domain} 域的 {stage.size} 个路由各自独立目录"
    yield ""
    for number in range(1, stage.size + 1):
        yield from _task_lines(stage, number, domain, previous, rng)


def _task_lines(
    stage: _Stage,
    number: int,
    domain: str,
    previous: _Stage | None,
    rng: random.Random,
) -> Iterator[str]:
    task_id = f"{domain}-s{stage.number}-r{number:02d}"
    needs = _needs(stage, previous, rng)
    stage.ids.append(task_id)
    path = f"gateway/routes/{domain}/s{stage.number}/r{number:02d}"
    topic = TOPICS[(stage.number + number) % len(TOPICS)]
    yield f'## TASK ## id="{task_id}"{needs} on_failure="{rng.choice(POLICIES)}"'
    yield f"迁移 {domain} 域第 {number} 个路由处理器（{topic}）"
    if rng.random() < 0.15:
        yield f"**🎯 目标**：`{domain}/r{number:02d}` 的{rng.choice(GOALS)}"
    yield f"文件: {path}/**/*.go"
    yield f"验证: go test ./{path}/..."
    yield ""


def _needs(stage: _Stage, previous: _Stage | None, rng: random.Random) -> str:
    if not stage.parallel and stage.ids:
        return f' depends_on="{stage.ids[-1]}"'
    if previous is None:
        return ' timeout="20m"'
    return f' depends_on="{rng.choice(previous.ids)}"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="number of tasks")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument(
        "-o", "--output", type=Path, help="file to write (default: stdout)"
    )
    args = parser.parse_args(argv)

    text = generate(args.tasks, args.seed)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="")
    logger.info("wrote %s tasks to %s", args.tasks, args.output)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(main())
