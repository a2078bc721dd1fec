// Node-only side effects behind discovery and the commands: file checks and child
// processes. Kept free of the `vscode` module so the tests can run them for real.

import { execFile, type ExecFileException } from "node:child_process";
import * as fs from "node:fs";

import type { Invocation } from "./discovery";

/** Output of a finished child process. */
export interface RunResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error: string | undefined;
}

/** Python code that exits 0 when the module named by its first argument is importable. */
const MODULE_PROBE =
  "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 1)";

/** True when `file` is a regular file that this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs an invocation to completion without a shell; never rejects. */
export function runInvocation(
  invocation: Invocation,
  options: { cwd?: string; timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      invocation.command,
      [...invocation.args],
      { cwd: options.cwd, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ exitCode, stdout, stderr, error: error ? spawnFailure(error) : undefined });
      },
    );
    child.stdin?.end();
  });
}

function spawnFailure(error: ExecFileException): string {
  if (error.killed) {
    return "timed out";
  }
  return typeof error.code === "number" ? `exit status ${error.code}` : error.message;
}

/** True when `python` runs and finds `module` (a dotted name) on its import path. */
export async function hasPythonModule(
  python: string,
  module: string,
  timeoutMs = 15000,
): Promise<boolean> {
  const probe = { command: python, args: ["-c", MODULE_PROBE, module] };
  const result = await runInvocation(probe, { timeoutMs });
  return result.exitCode === 0;
}

/** True when `python -m planlint` can work: the package has a `__main__` module. */
export function hasPlanlintModule(python: string): Promise<boolean> {
  return hasPythonModule(python, "planlint.__main__");
}
