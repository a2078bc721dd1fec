// The real side effects behind discovery and the commands, run against real files,
// node itself and the machine's Python.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";

import { withArgs } from "../src/discovery";
import { hasPythonModule, isExecutableFile, runInvocation } from "../src/system";

const PYTHON = process.env.PYTHON ?? "python3";

describe("isExecutableFile", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "planlint-vscode-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function file(name: string, mode: number): string {
    const target = path.join(dir, name);
    fs.writeFileSync(target, "#!/bin/sh\n");
    fs.chmodSync(target, mode);
    return target;
  }

  it("accepts an executable regular file", () => {
    assert.equal(isExecutableFile(file("planlint", 0o755)), true);
  });

  const posixOnly = { skip: process.platform === "win32" && "Windows has no execute bit" };
  it("rejects a non-executable file, a directory and a missing path", posixOnly, () => {
    assert.equal(isExecutableFile(file("notes.txt", 0o644)), false);
    assert.equal(isExecutableFile(dir), false);
    assert.equal(isExecutableFile(path.join(dir, "missing")), false);
  });
});

describe("runInvocation", () => {
  const node = (script: string) => ({ command: process.execPath, args: ["-e", script] });

  it("returns output and the exit status of a failing command", async () => {
    const script = "process.stdout.write('graph TD'); process.stderr.write('bad'); process.exit(3)";
    const result = await runInvocation(node(script), { timeoutMs: 10_000 });
    assert.deepEqual(result, {
      exitCode: 3,
      stdout: "graph TD",
      stderr: "bad",
      error: "exit status 3",
    });
  });

  it("passes arguments without a shell", async () => {
    const echo = node("process.stdout.write(JSON.stringify(process.argv.slice(1)))");
    const result = await runInvocation(withArgs(echo, "a b", "$(x)", "'q'"), { timeoutMs: 10_000 });
    assert.equal(result.error, undefined);
    assert.deepEqual(JSON.parse(result.stdout), ["a b", "$(x)", "'q'"]);
  });

  it("reports a program that does not exist instead of throwing", async () => {
    const missing = { command: "/nonexistent/planlint", args: [] };
    const result = await runInvocation(missing, { timeoutMs: 10_000 });
    assert.equal(result.exitCode, null);
    assert.match(result.error ?? "", /ENOENT/);
  });

  it("kills a command that outlives its timeout", async () => {
    const result = await runInvocation(node("setTimeout(() => {}, 30000)"), { timeoutMs: 300 });
    assert.equal(result.error, "timed out");
  });
});

describe("hasPythonModule", () => {
  it("finds a module that the interpreter has", async () => {
    assert.equal(await hasPythonModule(PYTHON, "json.decoder"), true);
  });

  it("does not find a missing module or a missing package's submodule", async () => {
    assert.equal(await hasPythonModule(PYTHON, "planlint_vscode_no_such_module"), false);
    assert.equal(await hasPythonModule(PYTHON, "planlint_vscode_no_such_package.__main__"), false);
  });

  it("answers false for an interpreter that does not exist", async () => {
    assert.equal(await hasPythonModule("/nonexistent/python3", "json"), false);
  });
});
