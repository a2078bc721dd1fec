// The interpreter selected in the Python extension (ms-python.python), read through its
// exported `environments` API. Any failure means "no interpreter", never an exception.

import * as vscode from "vscode";

import type { Log } from "./discovery";

const PYTHON_EXTENSION_ID = "ms-python.python";

interface EnvironmentPath {
  readonly id: string;
  readonly path: string;
}

interface ResolvedEnvironment {
  readonly executable: { readonly uri: vscode.Uri | undefined };
}

/** The part of the Python extension's API that planlint uses. */
interface PythonExtensionApi {
  readonly environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
    resolveEnvironment?(
      environment: EnvironmentPath | string,
    ): Promise<ResolvedEnvironment | undefined>;
  };
}

/** The executable of the active Python environment for `resource`, if there is one. */
export async function activeInterpreter(
  resource: vscode.Uri | undefined,
  log: Log,
): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    log(`the Python extension (${PYTHON_EXTENSION_ID}) is not installed`);
    return undefined;
  }

  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    return await interpreterFromApi(api, resource, log);
  } catch (error) {
    log(`the Python extension failed to report an interpreter: ${String(error)}`);
    return undefined;
  }
}

async function interpreterFromApi(
  api: PythonExtensionApi | undefined,
  resource: vscode.Uri | undefined,
  log: Log,
): Promise<string | undefined> {
  const environments = api?.environments;
  if (environments === undefined) {
    log("the Python extension does not export the environments API");
    return undefined;
  }

  const active = environments.getActiveEnvironmentPath(resource);
  log(`Python extension: active environment ${active.path}`);
  const resolved = await environments.resolveEnvironment?.(active);
  return resolved?.executable.uri?.fsPath ?? active.path;
}
