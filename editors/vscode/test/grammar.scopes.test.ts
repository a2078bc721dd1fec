// Exact scopes on chosen lines of the seed and the corpus, and on constructs the corpus
// lacks: fenced blocks, full-width colons, broken attributes.

import * as assert from "node:assert/strict";
import { describe, it } from "node:test";

import { corpusFile, readLines, seedFiles } from "./support/paths";
import {
  allScopes,
  scopesOf,
  type TokenizedLine,
  tokenizeLines,
  tokenizeText,
} from "./support/textmate";

async function fileLine(file: string, lineNumber: number): Promise<TokenizedLine> {
  const lines = await tokenizeLines(readLines(file));
  return lines[lineNumber - 1];
}

async function seedLine(startsWith: string): Promise<TokenizedLine> {
  const lines = await tokenizeLines(readLines(seedFiles()[0]));
  const line = lines.find((candidate) => candidate.text.startsWith(startsWith));
  assert.ok(line !== undefined, `no seed line starts with ${startsWith}`);
  return line;
}

function assertScope(line: TokenizedLine, needle: string, scope: string, from = 0): void {
  const scopes = scopesOf(line, needle, from);
  assert.ok(scopes.includes(scope), `"${needle}" has ${scopes.join(" ")}, not ${scope}`);
}

function assertNoScope(line: TokenizedLine, needle: string, scope: string): void {
  const scopes = scopesOf(line, needle);
  assert.ok(!scopes.includes(scope), `"${needle}" must not have ${scope}`);
}

describe("markers and attributes in the seed", () => {
  it("scopes a STAGE marker, its attribute names, values and a stage reference", async () => {
    const line = await seedLine('## STAGE ## name="迁移脚本开发"');
    assertScope(line, "## STAGE ##", "keyword.control.stage.plan");
    assertScope(line, "name", "entity.other.attribute-name.plan");
    assertScope(line, "迁移脚本开发", "string.quoted.double.plan");
    assertScope(line, "parallel", "constant.language.plan");
    assertScope(line, "4", "constant.numeric.integer.plan");
    assertScope(line, "stage:1", "variable.other.reference.stage.plan");
    assertScope(line, "stage:", "keyword.other.reference-kind.plan");
  });

  it("gives task ids and the references to them distinct scopes", async () => {
    const line = await seedLine('## TASK ## id="backup-verify"');
    assertScope(line, "## TASK ##", "keyword.control.task.plan");
    assertScope(line, "backup-verify", "entity.name.function.task-id.plan");
    assertScope(line, "backup-prod", "variable.other.reference.task.plan");
    assertNoScope(line, "backup-prod", "entity.name.function.task-id.plan");
    assertScope(line, "on_failure", "entity.other.attribute-name.plan");
    assertScope(line, "stop", "constant.language.plan");
  });

  it("scopes every item of a dependency list and the commas between them", async () => {
    const line = await seedLine('## TASK ## id="test-migrate-orders"');
    for (const id of ["order-migration", "test-migrate-users", "test-migrate-products"]) {
      assertScope(line, id, "variable.other.reference.task.plan", line.text.indexOf("depends_on"));
    }
    assertScope(line, ",", "punctuation.separator.comma.plan", line.text.indexOf("depends_on"));
  });

  it("scopes comments and the counts in header comments", async () => {
    assertScope(await seedLine("# 阶段说明"), "阶段说明", "comment.line.number-sign.plan");
    const count = await seedLine("# 总阶段数");
    assertScope(count, "4", "constant.numeric.integer.header-count.plan");
    assertScope(count, "总阶段数", "comment.line.number-sign.plan");
  });
});

describe("fields in the seed and corpus", () => {
  it("embeds the verification command as shell, tokenised by the shell grammar", async () => {
    const line = await seedLine("验证: test -f backup/prod-");
    assertScope(line, "验证", "keyword.other.field.plan");
    assertScope(line, ":", "punctuation.separator.key-value.plan");
    assertScope(line, "test", "meta.embedded.line.shellscript");
    assertScope(line, "test", "entity.name.command.shell");
    assertScope(line, "$(", "punctuation.definition.subshell.single.shell");
    assertScope(line, "&&", "punctuation.separator.statement.and.shell");
    assertScope(line, "ls", "entity.name.command.shell");
  });

  it("scopes file-scope keys, each path and the separating commas", async () => {
    const line = await fileLine(corpusFile("valid-full-featured.plan.md"), 66);
    assertScope(line, "文件", "keyword.other.field.plan");
    assertScope(line, "packages/order-notify/**/*.ts", "string.unquoted.path.plan");
    assertScope(line, "packages/order-notify/package.json", "string.unquoted.path.plan");
    assertScope(line, ",", "punctuation.separator.comma.plan");
    const exclude = await fileLine(corpusFile("valid-full-featured.plan.md"), 67);
    assertScope(exclude, "排除", "keyword.other.field.plan");
    assertScope(exclude, "**/*.snap", "string.unquoted.path.plan");
  });

  it("accepts the full-width colon and the 执行 field", async () => {
    const [verify, run] = await tokenizeText("验证：make test\n执行: npm ci | tee log");
    assertScope(verify, "验证", "keyword.other.field.plan");
    assertScope(verify, "：", "punctuation.separator.key-value.plan");
    assertScope(verify, "make", "entity.name.command.shell");
    assertScope(run, "执行", "keyword.other.field.plan");
    assertScope(run, "|", "keyword.operator.pipe.shell");
  });

  it("keeps an unterminated shell quote on its own line", async () => {
    const [command, next] = await tokenizeText('执行: echo "oops\n## TASK ## id="after"');
    assertScope(command, "oops", "meta.embedded.line.shellscript");
    assertScope(next, "## TASK ##", "keyword.control.task.plan");
    assertScope(next, "after", "entity.name.function.task-id.plan");
  });
});

describe("marker spellings in legacy-task-markers.plan.md", () => {
  const file = () => corpusFile("legacy-task-markers.plan.md");

  it("scopes the legacy markers as task keywords", async () => {
    for (const [lineNumber, marker] of [
      [6, "## TASK:"],
      [14, "## TASK:"],
      [20, "## TASK ##:"],
      [26, "## TASK##"],
    ] as const) {
      assertScope(await fileLine(file(), lineNumber), marker, "keyword.control.task.legacy.plan");
    }
  });

  it("scopes the inline title after a legacy marker", async () => {
    const line = await fileLine(file(), 14);
    assertScope(line, "统一日志输出格式", "entity.name.section.task-title.plan");
  });

  it("treats look-alikes as comments, not markers", async () => {
    for (const lineNumber of [38, 43]) {
      const line = await fileLine(file(), lineNumber);
      assert.ok(!allScopes(line).has("keyword.control.task.plan"), line.text);
      assert.ok(!allScopes(line).has("keyword.control.task.legacy.plan"), line.text);
      assertScope(line, line.text.slice(1), "comment.line.number-sign.plan");
    }
  });
});

describe("other corpus shapes", () => {
  it("scopes the inline title of a canonical TASK marker", async () => {
    const line = await fileLine(corpusFile("valid-anonymous-tasks.plan.md"), 23);
    assertScope(line, "相册列表排序规则测试", "entity.name.section.task-title.plan");
  });

  it("scopes task: and stage: references in a STAGE depends_on", async () => {
    const line = await fileLine(corpusFile("unknown-dependency.plan.md"), 19);
    assertScope(line, "task:cleanup", "variable.other.reference.task.plan");
    assertScope(line, "task:", "keyword.other.reference-kind.plan");
    assertScope(line, "stage:1", "variable.other.reference.stage.plan");
  });

  it("finds the STAGE marker behind a byte order mark", async () => {
    const line = await fileLine(corpusFile("utf8-bom.plan.md"), 1);
    assert.ok(line.text.startsWith("\uFEFF"));
    assertScope(line, "## STAGE ##", "keyword.control.stage.plan");
  });

  it("scopes @include lines", async () => {
    const line = await fileLine(corpusFile("include-missing-file.plan.md"), 7);
    assertScope(line, "@", "keyword.control.import.plan");
    assertScope(line, "include-parts/scan-tasks.md", "string.unquoted.path.include.plan");
  });

  it("does not take prose stage headings for markers", async () => {
    const lines = await tokenizeLines(readLines(corpusFile("no-stage-markers.plan.md")));
    const stages = lines.filter((line) => allScopes(line).has("keyword.control.stage.plan"));
    assert.deepEqual(stages, []);
    assertScope(lines[32], "STAGE", "comment.line.number-sign.plan");
    assertNoScope(lines[22], "mode", "entity.other.attribute-name.plan");
  });
});

describe("fenced code blocks", () => {
  const plan = [
    '## STAGE ## name="构建" mode="serial"',
    '## TASK ## id="real"',
    "示例：",
    "```text",
    '## TASK ## id="fake"',
    "验证: rm -rf /",
    "@not/an/include",
    "```",
    "~~~",
    '## STAGE ## name="fake"',
    "```",
    "~~~",
    '## TASK ## id="after"',
    "   ```",
    '## TASK ## id="unclosed"',
  ].join("\n");

  it("never scopes a marker, field or include inside a fence", async () => {
    const lines = await tokenizeText(plan);
    for (const index of [4, 5, 6, 9, 10, 14]) {
      const scopes = allScopes(lines[index]);
      assert.ok(scopes.has("markup.raw.block.plan"), `line ${index + 1} is fenced code`);
      for (const forbidden of [
        "keyword.control.task.plan",
        "keyword.control.stage.plan",
        "keyword.other.field.plan",
        "keyword.control.import.plan",
        "entity.name.function.task-id.plan",
      ]) {
        assert.ok(!scopes.has(forbidden), `line ${index + 1} has ${forbidden}`);
      }
    }
  });

  it("closes a fence only with its own delimiter, then markers work again", async () => {
    const lines = await tokenizeText(plan);
    assertScope(lines[3], "```", "punctuation.definition.fence.begin.plan");
    assertScope(lines[7], "```", "punctuation.definition.fence.end.plan");
    assertScope(lines[10], "```", "markup.raw.block.plan");
    assertScope(lines[11], "~~~", "punctuation.definition.fence.end.plan");
    assertScope(lines[12], "## TASK ##", "keyword.control.task.plan");
    assertScope(lines[12], "after", "entity.name.function.task-id.plan");
  });
});

describe("malformed attributes", () => {
  it("flags unquoted and unterminated values", async () => {
    const [line] = await tokenizeText('## STAGE ## name=构建 mode="serial');
    assertScope(line, "name", "entity.other.attribute-name.plan");
    assertScope(line, "构建", "invalid.illegal.unquoted-value.plan");
    assertScope(line, "serial", "invalid.illegal.unterminated-string.plan");
  });

  it("scopes duration and boolean values of planlint's extensions", async () => {
    const [line] = await tokenizeText('## TASK ## id="t" timeout="1h30m" confirm="true" 标题');
    assertScope(line, "1h30m", "constant.numeric.duration.plan");
    assertScope(line, "true", "constant.language.plan");
    assertScope(line, "标题", "entity.name.section.task-title.plan");
  });
});
