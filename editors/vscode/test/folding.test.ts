// Folding ranges for STAGE and TASK blocks, computed from the seed and small plans.

import * as assert from "node:assert/strict";
import { describe, it } from "node:test";

import { type LineRange, planFoldingRanges } from "../src/folding";
import { readLines, seedFiles } from "./support/paths";

const byKind = (ranges: LineRange[], kind: LineRange["kind"]) =>
  ranges.filter((range) => range.kind === kind);

describe("planFoldingRanges", () => {
  it("folds each stage and task of the seed up to its last non-blank line", () => {
    const lines = readLines(seedFiles()[0]);
    const ranges = planFoldingRanges(lines);

    assert.equal(byKind(ranges, "stage").length, 4);
    assert.equal(byKind(ranges, "task").length, 11);
    for (const range of ranges) {
      assert.match(lines[range.start], /^## (STAGE|TASK) ##/);
      assert.notEqual(lines[range.end].trim(), "", `range ${range.start}-${range.end}`);
    }
    const [first, second] = byKind(ranges, "stage");
    assert.equal(lines[second.start - 1].trim(), "", "blank line between stages stays visible");
    assert.ok(first.end < second.start - 1);
  });

  it("nests tasks inside their stage and ends a task at the next marker", () => {
    const plan = [
      '## STAGE ## name="a" mode="serial"',
      "# 阶段说明",
      "## TASK ## one",
      "body",
      "## TASK: two",
      "body",
      "",
      '## STAGE ## name="b" mode="serial"',
      "## TASK##",
      "x",
    ];
    const ranges = planFoldingRanges(plan).map(({ start, end, kind }) => [kind, start, end]);

    assert.deepEqual(ranges, [
      ["stage", 0, 5],
      ["task", 2, 3],
      ["task", 4, 5],
      ["stage", 7, 9],
      ["task", 8, 9],
    ]);
  });

  it("ignores markers in fenced blocks and folds the fence itself", () => {
    const plan = ["## TASK ## t", "```", "## TASK ## not-a-task", "```", "after"];
    const ranges = planFoldingRanges(plan).map(({ start, end, kind }) => [kind, start, end]);

    assert.deepEqual(ranges, [
      ["task", 0, 4],
      ["fence", 1, 3],
    ]);
  });

  it("folds an unclosed fence to the end and finds no markers after it", () => {
    const plan = ["## TASK ## t", "~~~", '## STAGE ## name="x"', "## TASK ## y", ""];
    const ranges = planFoldingRanges(plan).map(({ start, end, kind }) => [kind, start, end]);

    assert.deepEqual(ranges, [
      ["task", 0, 3],
      ["fence", 1, 3],
    ]);
  });

  it("does not fold one-line blocks", () => {
    assert.deepEqual(planFoldingRanges(["## TASK ## a", "## TASK ## b", ""]), []);
  });
});
