// The server the extension finds, driven by VS Code's own JSON-RPC stack (vscode-jsonrpc,
// which vscode-languageclient uses). Unlike pygls' client or Neovim, it breaks on any stray
// byte on the server's stdout, and the client rejects any position encoding but UTF-16.

import * as assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import * as rpc from "vscode-jsonrpc/node";

import { discoverServer, type Invocation, withArgs } from "../src/discovery";
import { hasPlanlintModule, isExecutableFile } from "../src/system";
import { examplePlan, repoRoot } from "./support/paths";

interface Diagnostic {
  range: { start: { line: number; character: number } };
  code?: string | number;
  source?: string;
}

/** The Python that has planlint: $PYTHON (pytest sets it), else the repository's .venv. */
function python(): string {
  const candidate = process.env.PYTHON ?? path.join(repoRoot(), ".venv", "bin", "python");
  assert.ok(fs.existsSync(candidate), `no Python with planlint at ${candidate}; set PYTHON`);
  return candidate;
}

async function discoverWithInterpreter(interpreter: string): Promise<Invocation> {
  const result = await discoverServer(
    {
      configuredPath: undefined,
      workspaceFolder: repoRoot(),
      homeDir: os.homedir(),
      pathEnv: "",
      pathExt: undefined,
      platform: process.platform,
      isExecutableFile,
      activeInterpreter: async () => interpreter,
      hasPlanlintModule,
    },
    () => undefined,
  );
  assert.ok(result.found, result.found ? "" : result.reason);
  assert.equal(result.source, "python");
  return result.invocation;
}

describe("planlint lsp over vscode-jsonrpc", () => {
  let server: ChildProcess;
  let connection: rpc.MessageConnection;
  const errors: string[] = [];
  const diagnostics = new Map<string, Diagnostic[]>();
  let notify: (() => void) | undefined;

  before(async () => {
    const invocation = withArgs(await discoverWithInterpreter(python()), "lsp");
    server = spawn(invocation.command, [...invocation.args], { stdio: ["pipe", "pipe", "ignore"] });
    connection = rpc.createMessageConnection(
      new rpc.StreamMessageReader(server.stdout!),
      new rpc.StreamMessageWriter(server.stdin!),
    );
    connection.onError(([error]) => errors.push(error.message));
    connection.onNotification("textDocument/publishDiagnostics", (params) => {
      diagnostics.set(params.uri, params.diagnostics);
      notify?.();
    });
    connection.listen();
  });

  after(() => {
    connection.dispose();
    server.kill();
  });

  it("negotiates UTF-16 positions, as vscode-languageclient requires", async () => {
    const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>(
      "initialize",
      {
        processId: process.pid,
        rootUri: pathToFileURL(repoRoot()).href,
        capabilities: { general: { positionEncodings: ["utf-16"] } },
      },
    );
    connection.sendNotification("initialized", {});

    const encoding = result.capabilities.positionEncoding;
    assert.ok(encoding === undefined || encoding === "utf-16", `got ${String(encoding)}`);
  });

  it("publishes the seed's header-count warning in UTF-16 columns", async () => {
    const uri = pathToFileURL(examplePlan()).href;
    const published = new Promise<void>((resolve) => (notify = resolve));
    const text = fs.readFileSync(examplePlan(), "utf8");
    connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "plan", version: 1, text },
    });
    await Promise.race([published, timeout(20_000, "no publishDiagnostics within 20 s")]);

    const header = (diagnostics.get(uri) ?? []).find((item) => item.code === "PL701");
    assert.ok(header !== undefined, JSON.stringify(diagnostics.get(uri)));
    assert.deepEqual(header.range.start, { line: 3, character: 9 }, "`10` in `# 预计任务数: 10`");
    assert.equal(header.source, "planlint");
  });

  it("shuts down cleanly, without a byte out of protocol on stdout", async () => {
    const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
    await connection.sendRequest("shutdown");
    await connection.sendNotification("exit");

    assert.equal(await Promise.race([exited, timeout(10_000, "the server did not exit")]), 0);
    assert.deepEqual(errors, []);
  });
});

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
