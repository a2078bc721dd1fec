// package.json, the grammar file and language-configuration.json agree with each other
// and with what VS Code and vsce require.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { extensionRoot } from "./support/paths";

interface Manifest {
  engines: { vscode: string };
  main: string;
  devDependencies: Record<string, string>;
  contributes: {
    languages: {
      id: string;
      extensions: string[];
      filenames: string[];
      firstLine: string;
      configuration: string;
    }[];
    grammars: {
      language: string;
      scopeName: string;
      path: string;
      embeddedLanguages: Record<string, string>;
    }[];
    commands: { command: string }[];
    configuration: { properties: Record<string, { type: unknown; default?: unknown }> };
  };
}

type Rule = { include?: string; patterns?: Rule[]; captures?: Record<string, Rule> } & Record<
  string,
  unknown
>;

const root = extensionRoot();
const readJson = <T>(relative: string): T =>
  JSON.parse(fs.readFileSync(path.join(root, relative), "utf8")) as T;
const manifest = readJson<Manifest>("package.json");
const language = manifest.contributes.languages[0];
const grammarContribution = manifest.contributes.grammars[0];
const grammar = readJson<{ scopeName: string; patterns: Rule[]; repository: Record<string, Rule> }>(
  grammarContribution.path,
);

describe("language contribution", () => {
  it("claims the plan file names", () => {
    assert.equal(language.id, "plan");
    assert.deepEqual(language.extensions, [".plan", ".plan.md", ".plan.txt"]);
    assert.deepEqual(language.filenames, ["dag.md"]);
  });

  it("recognises a file by a first-line STAGE marker, with or without a BOM", () => {
    const firstLine = new RegExp(language.firstLine);
    assert.match('## STAGE ## name="构建" mode="serial"', firstLine);
    assert.match('\uFEFF## STAGE ## name="构建" mode="serial"', firstLine);
    for (const other of ["# 数据迁移项目", "## STAGE 3 execute", " ## STAGE ##", "## TASK ##"]) {
      assert.doesNotMatch(other, firstLine);
    }
  });

  it("has a language configuration with # line comments and valid folding markers", () => {
    const config = readJson<{
      comments: { lineComment: string };
      folding: { markers: { start: string; end: string } };
      wordPattern: string;
    }>(language.configuration);
    assert.equal(config.comments.lineComment, "#");
    assert.match("# region 迁移", new RegExp(config.folding.markers.start));
    assert.match("# endregion", new RegExp(config.folding.markers.end));
    const words = new RegExp(config.wordPattern, "g");
    assert.deepEqual('depends_on="test-migrate.users"'.match(words), [
      "depends_on",
      "test-migrate.users",
    ]);
  });
});

describe("grammar contribution", () => {
  it("points at the grammar file with the same scope name", () => {
    assert.equal(grammarContribution.language, "plan");
    assert.equal(grammar.scopeName, grammarContribution.scopeName);
    assert.equal(grammar.scopeName, "source.plan");
  });

  it("maps the embedded shell scope that the grammar really uses", () => {
    const text = fs.readFileSync(path.join(root, grammarContribution.path), "utf8");
    for (const [scope, languageId] of Object.entries(grammarContribution.embeddedLanguages)) {
      assert.ok(text.includes(`"${scope}"`), `${scope} is not used by the grammar`);
      assert.equal(languageId, "shellscript");
    }
  });

  it("has every local include defined and includes only the shell grammar", () => {
    const includes = collectIncludes([...grammar.patterns, ...Object.values(grammar.repository)]);
    const external = new Set<string>();
    for (const include of includes) {
      if (include.startsWith("#")) {
        assert.ok(include.slice(1) in grammar.repository, `undefined rule ${include}`);
      } else {
        external.add(include);
      }
    }
    assert.deepEqual([...external].sort(), ["source.shell", "source.shell#typical_statements"]);
  });

  it("names a rule that VS Code's shell grammar has", () => {
    const shell = JSON.parse(
      fs.readFileSync(require.resolve("tm-grammars/grammars/shellscript.json"), "utf8"),
    ) as { scopeName: string; repository: Record<string, unknown> };
    assert.equal(shell.scopeName, "source.shell");
    assert.ok("typical_statements" in shell.repository);
  });
});

describe("commands, settings and packaging", () => {
  it("declares the three commands", () => {
    const ids = manifest.contributes.commands.map((command) => command.command).sort();
    assert.deepEqual(ids, ["planlint.restartServer", "planlint.runPlan", "planlint.showGraph"]);
  });

  it("declares planlint.path as a string or a list, and the trace setting", () => {
    const settings = manifest.contributes.configuration.properties;
    assert.deepEqual(settings["planlint.path"].type, ["string", "array"]);
    assert.deepEqual(settings["planlint.path"].default, []);
    assert.equal(settings["planlint.trace.server"].default, "off");
  });

  it("keeps @types/vscode no newer than engines.vscode, which vsce requires", () => {
    const engine = manifest.engines.vscode.replace(/^\^/, "").split(".").map(Number);
    const types = manifest.devDependencies["@types/vscode"]
      .replace(/^[\^~]/, "")
      .split(".")
      .map(Number);
    assert.ok(compareVersions(types, engine) <= 0, `${types.join(".")} > ${engine.join(".")}`);
  });

  it("ships the bundle, the grammar and the language configuration", () => {
    assert.equal(manifest.main, "./out/extension.js");
    const ignored = fs.readFileSync(path.join(root, ".vscodeignore"), "utf8").split("\n");
    for (const excluded of ["src/**", "test/**", "node_modules/**", "out/tsc/**"]) {
      assert.ok(ignored.includes(excluded), `.vscodeignore must exclude ${excluded}`);
    }
    for (const shipped of ["out/extension.js", "syntaxes/**", "language-configuration.json"]) {
      assert.ok(!ignored.includes(shipped), `.vscodeignore must not exclude ${shipped}`);
    }
  });
});

function collectIncludes(rules: readonly Rule[]): string[] {
  return rules.flatMap((rule) => [
    ...(rule.include === undefined ? [] : [rule.include]),
    ...collectIncludes(rule.patterns ?? []),
    ...collectIncludes(Object.values(rule.captures ?? {})),
    ...collectIncludes(Object.values((rule.beginCaptures as Record<string, Rule>) ?? {})),
  ]);
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}
