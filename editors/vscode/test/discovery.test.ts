// Server discovery: setting, then the Python extension's interpreter, then PATH, with a
// log line for every step. The host is a fake, so each test states the whole machine.

import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";

import {
  configuredPaths,
  describe as describeInvocation,
  type DiscoveryHost,
  discoverServer,
  expandPath,
  pathCandidates,
  withArgs,
} from "../src/discovery";

interface FakeMachine {
  configuredPath?: unknown;
  executables?: string[];
  interpreter?: string;
  pythonsWithPlanlint?: string[];
  pathEnv?: string;
}

/** A host whose answers come from `machine`, recording which probes ran. */
function fakeHost(machine: FakeMachine): DiscoveryHost & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    configuredPath: machine.configuredPath,
    workspaceFolder: "/work/project",
    homeDir: "/home/dev",
    pathEnv: machine.pathEnv ?? "/usr/local/bin:/usr/bin",
    pathExt: undefined,
    platform: "linux",
    isExecutableFile: (file) => (machine.executables ?? []).includes(file),
    activeInterpreter: async () => {
      calls.push("activeInterpreter");
      return machine.interpreter;
    },
    hasPlanlintModule: async (python) => {
      calls.push(`hasPlanlintModule ${python}`);
      return (machine.pythonsWithPlanlint ?? []).includes(python);
    },
  };
}

async function discover(machine: FakeMachine) {
  const log: string[] = [];
  const host = fakeHost(machine);
  const result = await discoverServer(host, (message) => log.push(message));
  return { result, log, calls: host.calls };
}

describe("configuredPaths", () => {
  it("accepts a string or a list and drops blanks and non-strings", () => {
    assert.deepEqual(configuredPaths(" /opt/planlint "), ["/opt/planlint"]);
    assert.deepEqual(configuredPaths(["", "/a", 3, null, " /b"]), ["/a", "/b"]);
  });

  it("treats unset or unusable values as not set", () => {
    for (const value of [undefined, null, "", "   ", [], 42, { path: "/x" }]) {
      assert.deepEqual(configuredPaths(value), [], JSON.stringify(value));
    }
  });
});

describe("expandPath", () => {
  it("substitutes ${workspaceFolder}", () => {
    const expanded = expandPath("${workspaceFolder}/.venv/bin/planlint", "/w", "/h");
    assert.equal(expanded, "/w/.venv/bin/planlint");
  });

  it("expands a leading ~ to the home directory", () => {
    assert.equal(expandPath("~/bin/planlint", "/w", "/h"), path.join("/h", "bin/planlint"));
    assert.equal(expandPath("~other/planlint", undefined, "/h"), "~other/planlint");
  });

  it("resolves relative paths against the workspace folder only when there is one", () => {
    assert.equal(expandPath("venv/bin/planlint", "/w", "/h"), "/w/venv/bin/planlint");
    assert.equal(expandPath("venv/bin/planlint", undefined, "/h"), "venv/bin/planlint");
    assert.equal(expandPath("/abs/planlint", "/w", "/h"), "/abs/planlint");
  });
});

describe("pathCandidates", () => {
  it("lists PATH directories in order and skips empty entries", () => {
    const candidates = pathCandidates("planlint", "/a::/b/", "linux", undefined);
    assert.deepEqual(candidates, ["/a/planlint", "/b/planlint"]);
  });

  it("tries each PATHEXT suffix on Windows", () => {
    const candidates = pathCandidates("planlint", "C:\\py\\Scripts;D:\\bin", "win32", ".EXE;.CMD");
    assert.deepEqual(candidates, [
      "C:\\py\\Scripts\\planlint.exe",
      "C:\\py\\Scripts\\planlint.cmd",
      "D:\\bin\\planlint.exe",
      "D:\\bin\\planlint.cmd",
    ]);
  });

  it("finds nothing when PATH is unset", () => {
    assert.deepEqual(pathCandidates("planlint", undefined, "linux", undefined), []);
  });
});

describe("discoverServer", () => {
  it("uses planlint.path first and never asks the Python extension", async () => {
    const { result, calls } = await discover({
      configuredPath: "/opt/planlint/bin/planlint",
      executables: ["/opt/planlint/bin/planlint", "/usr/bin/planlint"],
      interpreter: "/venv/bin/python",
    });

    assert.deepEqual(result, {
      found: true,
      invocation: { command: "/opt/planlint/bin/planlint", args: [] },
      source: "setting",
    });
    assert.deepEqual(calls, []);
  });

  it("takes the first existing entry of a planlint.path list and logs the misses", async () => {
    const { result, log } = await discover({
      configuredPath: ["/missing/planlint", "${workspaceFolder}/.venv/bin/planlint"],
      executables: ["/work/project/.venv/bin/planlint"],
    });

    assert.ok(result.found);
    assert.equal(result.invocation.command, "/work/project/.venv/bin/planlint");
    assert.ok(log.some((line) => line.includes("/missing/planlint") && line.includes("not")));
  });

  it("fails, listing the tried paths, when no planlint.path entry exists", async () => {
    const { result, calls } = await discover({
      configuredPath: ["/missing/a", "/missing/b"],
      executables: ["/usr/bin/planlint"],
      interpreter: "/venv/bin/python",
      pythonsWithPlanlint: ["/venv/bin/python"],
    });

    assert.equal(result.found, false);
    assert.ok(!result.found && /\/missing\/a.*\/missing\/b/.test(result.reason), "reason");
    assert.deepEqual(calls, []);
  });

  it("runs `<python> -m planlint` when the selected interpreter has planlint", async () => {
    const { result, calls } = await discover({
      interpreter: "/venv/bin/python",
      pythonsWithPlanlint: ["/venv/bin/python"],
      executables: ["/usr/bin/planlint"],
    });

    assert.deepEqual(result, {
      found: true,
      invocation: { command: "/venv/bin/python", args: ["-m", "planlint"] },
      source: "python",
    });
    assert.deepEqual(calls, ["activeInterpreter", "hasPlanlintModule /venv/bin/python"]);
  });

  it("falls back to PATH when the interpreter lacks planlint, and says how to fix it", async () => {
    const { result, log } = await discover({
      interpreter: "/usr/bin/python3",
      executables: ["/usr/bin/planlint"],
    });

    assert.deepEqual(result, {
      found: true,
      invocation: { command: "/usr/bin/planlint", args: [] },
      source: "path",
    });
    assert.ok(log.some((line) => line.includes("/usr/bin/python3 -m pip install")));
  });

  it("uses the first planlint on PATH when no interpreter is selected", async () => {
    const { result } = await discover({
      pathEnv: "/home/dev/.local/bin:/usr/bin",
      executables: ["/usr/bin/planlint", "/home/dev/.local/bin/planlint"],
    });

    assert.ok(result.found);
    assert.equal(result.invocation.command, "/home/dev/.local/bin/planlint");
  });

  it("explains every option when planlint is nowhere, after logging each step", async () => {
    const { result, log } = await discover({});

    assert.equal(result.found, false);
    assert.ok(!result.found && result.reason.includes("planlint.path"));
    assert.ok(!result.found && result.reason.includes("PATH"));
    assert.deepEqual(log, [
      "planlint.path is not set",
      "no Python interpreter selected in the Python extension",
      "planlint is not on PATH (2 locations checked)",
    ]);
  });
});

describe("invocations", () => {
  it("appends subcommands without touching the original", () => {
    const base = { command: "/venv/bin/python", args: ["-m", "planlint"] };
    const lsp = withArgs(base, "lsp");
    assert.deepEqual(lsp.args, ["-m", "planlint", "lsp"]);
    assert.deepEqual(base.args, ["-m", "planlint"]);
  });

  it("quotes words with spaces when describing an invocation", () => {
    const graph = { command: "/My Tools/planlint", args: ["graph", "a b.plan.md"] };
    assert.equal(describeInvocation(graph), '"/My Tools/planlint" graph "a b.plan.md"');
  });
});
