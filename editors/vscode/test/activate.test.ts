// The bundled extension (out/extension.js, as shipped in the .vsix) activated against a
// fake `vscode` module: it registers its commands and folding, logs every step of
// looking for planlint, and explains a failure with a "Show log" button.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, beforeEach, describe, it } from "node:test";

import { extensionRoot, readLines, seedFiles } from "./support/paths";
import { type FakeDocument, installVscodeStub, resetState, state } from "./support/vscodeStub";

interface ExtensionModule {
  activate(context: { subscriptions: { dispose(): unknown }[] }): Promise<void>;
  deactivate(): Promise<void>;
}

installVscodeStub();
const bundle = path.join(extensionRoot(), "out", "extension.js");
assert.ok(fs.existsSync(bundle), `${bundle} is missing: run "npm run build" first`);
const extension = require(bundle) as ExtensionModule;

const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "planlint-empty-path-"));
const originalPath = process.env.PATH;

async function activate(): Promise<{ dispose(): unknown }[]> {
  const context = { subscriptions: [] as { dispose(): unknown }[] };
  await extension.activate(context);
  await new Promise((resolve) => setImmediate(resolve));
  return context.subscriptions;
}

describe("activating the bundled extension", () => {
  beforeEach(() => {
    resetState();
    process.env.PATH = emptyPath;
  });
  after(() => {
    process.env.PATH = originalPath;
    fs.rmSync(emptyPath, { recursive: true, force: true });
  });

  it("registers the three commands and STAGE/TASK folding", async () => {
    state.settings["planlint.path"] = "/nonexistent/planlint";
    const subscriptions = await activate();

    assert.deepEqual([...state.commands.keys()].sort(), [
      "planlint.restartServer",
      "planlint.runPlan",
      "planlint.showGraph",
    ]);
    assert.deepEqual(
      state.foldingProviders.map((entry) => entry.selector),
      [{ language: "plan" }],
    );
    assert.ok(subscriptions.length >= 5, "everything registered is disposed on deactivation");
  });

  it("reports a planlint.path that does not exist, with a button that opens the log", async () => {
    state.settings["planlint.path"] = ["/nonexistent/planlint"];
    state.answer = "Show log";
    await activate();

    assert.deepEqual(state.log.slice(0, 3), [
      "info looking for planlint",
      "info planlint.path is set: /nonexistent/planlint",
      "info /nonexistent/planlint (from planlint.path) is not an executable file",
    ]);
    assert.equal(state.errors.length, 1);
    assert.match(
      state.errors[0].message,
      /^planlint: no entry of planlint\.path .*\/nonexistent\/planlint/,
    );
    assert.deepEqual(state.errors[0].items, ["Show log"]);
    assert.equal(state.shownChannels, 1);
  });

  it("asks the Python extension, then PATH, and says what to do when both fail", async () => {
    state.extensions["ms-python.python"] = {
      isActive: true,
      exports: {
        environments: {
          getActiveEnvironmentPath: () => ({ id: "venv", path: "/nonexistent/venv/bin/python" }),
          resolveEnvironment: async () => ({ executable: { uri: undefined } }),
        },
      },
    };
    await activate();

    const log = state.log.join("\n");
    assert.match(log, /planlint\.path is not set/);
    assert.match(log, /active environment \/nonexistent\/venv\/bin\/python/);
    assert.match(log, /\/nonexistent\/venv\/bin\/python cannot run "-m planlint"/);
    assert.match(log, /planlint is not on PATH/);
    assert.match(state.errors[0].message, /set planlint\.path, select a Python interpreter/);
  });

  it("notes a missing Python extension in the log", async () => {
    await activate();

    assert.ok(state.log.includes("info the Python extension (ms-python.python) is not installed"));
  });

  it("looks for planlint again on restartServer", async () => {
    await activate();
    const before = state.log.filter((line) => line === "info looking for planlint").length;
    await state.commands.get("planlint.restartServer")?.();

    const afterRestart = state.log.filter((line) => line === "info looking for planlint").length;
    assert.equal(afterRestart, before + 1);
  });

  it("asks for a plan when showGraph or runPlan runs without one", async () => {
    await activate();
    await state.commands.get("planlint.showGraph")?.();
    await state.commands.get("planlint.runPlan")?.();

    assert.deepEqual(state.warnings, [
      "planlint: open a plan file first.",
      "planlint: open a plan file first.",
    ]);
  });

  it("folds the seed's stages and tasks through the registered provider", async () => {
    await activate();
    const lines = readLines(seedFiles()[0]);
    const document = { lineCount: lines.length, lineAt: (i: number) => ({ text: lines[i] }) };
    const ranges = state.foldingProviders[0].provider.provideFoldingRanges(document) as {
      start: number;
      end: number;
      kind: number;
    }[];

    assert.equal(ranges.length, 15);
    assert.ok(ranges.every((range) => range.kind === 3 && range.end > range.start));
  });

  it("deactivates cleanly", async () => {
    await activate();
    await extension.deactivate();
  });
});

/** A stand-in planlint: `graph` prints Mermaid naming its arguments, `run` does nothing. */
const FAKE_PLANLINT = `#!/bin/sh
if [ "$1" = graph ]; then
  if [ ! -f "$2" ]; then echo "planlint graph: cannot read $2" >&2; exit 2; fi
  printf 'flowchart LR\\n  %%%% args: %s\\n  a["<b>备份</b>"] --> b\\n' "$*"
fi
`;

function planDocument(file: string): FakeDocument & { saved: boolean } {
  return {
    languageId: "plan",
    isUntitled: false,
    isDirty: true,
    uri: { scheme: "file", fsPath: file },
    saved: false,
    async save() {
      this.saved = true;
      return true;
    },
  };
}

describe("the graph and run commands", { skip: process.platform === "win32" }, () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "planlint-fake-"));
  const fake = path.join(bin, "planlint");
  fs.writeFileSync(fake, FAKE_PLANLINT, { mode: 0o755 });
  const plan = path.join(bin, "seed.plan.txt");
  fs.copyFileSync(seedFiles()[0], plan);

  /** Activates without a server (a LanguageClient needs the real VS Code), then points
   * planlint.path at the fake, which the commands find when they look again. */
  async function activateForCommands(document: FakeDocument | undefined): Promise<void> {
    resetState();
    state.settings["planlint.path"] = "/nonexistent/planlint";
    await activate();
    state.errors = [];
    state.settings["planlint.path"] = fake;
    state.activeDocument = document;
  }

  after(() => fs.rmSync(bin, { recursive: true, force: true }));

  it("shows planlint graph's Mermaid output, escaped, in a webview without scripts", async () => {
    const document = planDocument(plan);
    await activateForCommands(document);
    await state.commands.get("planlint.showGraph")?.();

    assert.ok(document.saved, "the plan is saved before planlint reads it");
    assert.equal(state.panels.length, 1);
    const { html } = state.panels[0].webview;
    assert.equal(state.panels[0].options.enableScripts, false);
    assert.match(html, new RegExp(`%% args: graph ${plan} --format mermaid`));
    assert.match(html, /a\[&quot;&lt;b&gt;备份&lt;\/b&gt;&quot;\] --&gt; b/);
  });

  it("reports a failing planlint graph with its first error line", async () => {
    await activateForCommands(planDocument(path.join(bin, "gone.plan")));
    await state.commands.get("planlint.showGraph")?.();

    assert.equal(state.panels.length, 0);
    assert.match(state.errors[0].message, /planlint graph failed \(exit status 2\)/);
    assert.match(state.errors[0].message, /cannot read .*gone\.plan/);
    assert.deepEqual(state.errors[0].items, ["Show log"]);
  });

  it("opens a dry run first and the real run only when confirmed", async () => {
    await activateForCommands(planDocument(plan));
    state.warningAnswer = "Run for real";
    await state.commands.get("planlint.runPlan")?.();

    assert.deepEqual(
      state.terminals.map(({ shellPath, shellArgs, cwd }) => [shellPath, shellArgs, cwd]),
      [
        [fake, ["run", "--dry-run", plan], bin],
        [fake, ["run", plan], bin],
      ],
    );
  });

  it("stops after the dry run when the real run is not confirmed", async () => {
    await activateForCommands(planDocument(plan));
    await state.commands.get("planlint.runPlan")?.();

    assert.deepEqual(
      state.terminals.map((terminal) => terminal.shellArgs),
      [["run", "--dry-run", plan]],
    );
    assert.match(state.warnings[0], /Run the plan for real/);
  });

  it("refuses a plan that is not saved to a file", async () => {
    await activateForCommands({ ...planDocument(plan), isUntitled: true });
    await state.commands.get("planlint.runPlan")?.();

    assert.deepEqual(state.terminals, []);
    assert.deepEqual(state.warnings, ["planlint: save the plan to a file first."]);
  });
});
