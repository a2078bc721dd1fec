// Every real plan (seed, example, shared corpus) tokenised with VS Code's TextMate engine:
// each line's scopes must agree with an independent reading of the format.

import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";

import { corpusFiles, examplePlan, readLines, seedFiles } from "./support/paths";
import {
  classifyLines,
  dependencyItems,
  fieldParts,
  type LineKind,
  markerAttributes,
} from "./support/planLines";
import {
  allScopes,
  scopesOf,
  type TokenizedLine,
  tokenizeLines,
  tokensIn,
} from "./support/textmate";

/** Stage and task markers per file, counted by hand (the seed's header wrongly says 10 tasks). */
const MARKER_COUNTS: Readonly<Record<string, readonly [number, number]>> = {
  "data-migration.plan.txt": [4, 11],
  "000_37dc51689136a398.txt": [4, 11],
  "valid-full-featured.plan.md": [4, 9],
  "valid-anonymous-tasks.plan.md": [3, 5],
  "legacy-task-markers.plan.md": [2, 5],
  "no-stage-markers.plan.md": [0, 1],
  "header-count-mismatch.plan.md": [4, 8],
  "crlf-line-endings.plan.md": [2, 3],
  "utf8-bom.plan.md": [2, 3],
  "include-missing-file.plan.md": [3, 0],
  "invalid-mode-and-workers.plan.md": [7, 7],
  "very-long-plan.plan.md": [12, 300],
  "scan-tasks.md": [0, 2],
};

const STAGE_KEYWORD = "keyword.control.stage.plan";
const TASK_KEYWORDS = ["keyword.control.task.plan", "keyword.control.task.legacy.plan"];
const MARKER_SCOPES = [STAGE_KEYWORD, ...TASK_KEYWORDS];

const allPlans = [examplePlan(), ...seedFiles(), ...corpusFiles()];

describe("grammar on every seed, example and corpus plan", () => {
  it("covers the seed, the example and at least a dozen corpus plans", () => {
    assert.ok(allPlans.length >= 15, `only ${allPlans.length} plans found`);
  });

  for (const file of allPlans) {
    it(path.basename(file), async () => {
      const lines = readLines(file);
      const tokenized = await tokenizeLines(lines);
      const kinds = classifyLines(lines);

      tokenized.forEach((line, index) => checkLine(line, kinds[index], `${file}:${index + 1}`));
      checkMarkerCount(file, tokenized);
    });
  }
});

function checkMarkerCount(file: string, lines: readonly TokenizedLine[]): void {
  const expected = MARKER_COUNTS[path.basename(file)];
  if (expected === undefined) {
    return;
  }

  const hasScope = (line: TokenizedLine, scopes: string[]) =>
    scopes.some((scope) => allScopes(line).has(scope));
  const stages = lines.filter((line) => hasScope(line, [STAGE_KEYWORD])).length;
  const tasks = lines.filter((line) => hasScope(line, TASK_KEYWORDS)).length;
  assert.deepEqual([stages, tasks], expected, `${file}: [stages, tasks]`);
}

function checkLine(line: TokenizedLine, kind: LineKind, where: string): void {
  const covered = line.tokens.map((token) => token.text).join("");
  assert.equal(covered, line.text, `${where}: tokens must cover the line`);

  switch (kind) {
    case "stage":
    case "task":
      return checkMarker(line, kind, where);
    case "field":
      return checkField(line, where);
    case "include":
      return assertEveryToken(line, "meta.include.plan", where);
    case "comment":
      return assertEveryToken(line, "comment.line.number-sign.plan", where);
    case "fence":
    case "fenced":
      return assertEveryToken(line, "markup.fenced_code.block.plan", where);
    default:
      return assertNotMarker(line, where);
  }
}

function checkMarker(line: TokenizedLine, kind: "stage" | "task", where: string): void {
  const marker = /^\uFEFF?(## STAGE ##|## TASK(?: ##:?|##:?|:))/.exec(line.text);
  assert.ok(marker !== null, `${where}: oracle and test disagree on the marker`);
  const keyword = scopesOf(line, marker[1]);
  const expected = kind === "stage" ? [STAGE_KEYWORD] : TASK_KEYWORDS;
  assert.ok(
    expected.some((scope) => keyword.includes(scope)),
    `${where}: marker scope`,
  );

  for (const attribute of markerAttributes(line.text, marker[0].length)) {
    const name = scopesOf(line, attribute.key, attribute.keyStart);
    assert.ok(name.includes("entity.other.attribute-name.plan"), `${where}: ${attribute.key}`);
    if (attribute.value === "") {
      continue;
    }
    const value = scopesOf(line, attribute.value, attribute.valueStart);
    assert.ok(value.includes("string.quoted.double.plan"), `${where}: value of ${attribute.key}`);
    checkSpecialValue(line, attribute.key, attribute.value, attribute.valueStart, where);
  }
}

function checkSpecialValue(
  line: TokenizedLine,
  key: string,
  value: string,
  valueStart: number,
  where: string,
): void {
  if (key === "id") {
    const scopes = scopesOf(line, value, valueStart);
    assert.ok(scopes.includes("entity.name.function.task-id.plan"), `${where}: task id ${value}`);
  }
  if (key === "depends_on") {
    for (const { item, start } of dependencyItems(value)) {
      const scopes = scopesOf(line, item, valueStart + start);
      const isReference = scopes.some((scope) => scope.startsWith("variable.other.reference."));
      assert.ok(isReference, `${where}: reference ${item} has ${scopes.join(" ")}`);
    }
  }
}

function checkField(line: TokenizedLine, where: string): void {
  const { key, valueStart } = fieldParts(line.text);
  assert.ok(scopesOf(line, key).includes("keyword.other.field.plan"), `${where}: field key`);
  if (valueStart >= line.text.length) {
    return;
  }

  const value = tokensIn(line, valueStart, line.text.length);
  if (key === "验证" || key === "执行") {
    const embedded = value.every((token) =>
      token.scopes.includes("meta.embedded.line.shellscript"),
    );
    const shellScoped = value.some((token) =>
      token.scopes.some((scope) => scope.endsWith(".shell")),
    );
    assert.ok(embedded, `${where}: the command is embedded shell`);
    assert.ok(shellScoped, `${where}: the shell grammar tokenised the command`);
  } else {
    const paths = value.filter((token) => token.scopes.includes("string.unquoted.path.plan"));
    assert.ok(paths.length > 0, `${where}: file scope paths`);
  }
}

function assertEveryToken(line: TokenizedLine, scope: string, where: string): void {
  for (const token of line.tokens) {
    assert.ok(token.scopes.includes(scope), `${where}: "${token.text}" lacks ${scope}`);
  }
}

function assertNotMarker(line: TokenizedLine, where: string): void {
  const scopes = allScopes(line);
  for (const scope of [
    ...MARKER_SCOPES,
    "entity.other.attribute-name.plan",
    "keyword.other.field.plan",
  ]) {
    assert.ok(!scopes.has(scope), `${where}: plain line has ${scope}`);
  }
}
