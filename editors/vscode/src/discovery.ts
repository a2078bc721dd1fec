// Finding the planlint executable: pure decisions, with every side effect injected
// through `DiscoveryHost` so the order of the search can be unit-tested.

import * as path from "node:path";

/** A program plus its leading arguments; subcommands are appended to `args`. */
export interface Invocation {
  readonly command: string;
  readonly args: readonly string[];
}

export type Source = "setting" | "python" | "path";

export type Discovery =
  | { readonly found: true; readonly invocation: Invocation; readonly source: Source }
  | { readonly found: false; readonly reason: string };

/** Everything discovery needs to know about the machine and the editor. */
export interface DiscoveryHost {
  readonly configuredPath: unknown;
  readonly workspaceFolder: string | undefined;
  readonly homeDir: string;
  readonly pathEnv: string | undefined;
  readonly pathExt: string | undefined;
  readonly platform: NodeJS.Platform;
  isExecutableFile(file: string): boolean;
  activeInterpreter(): Promise<string | undefined>;
  hasPlanlintModule(python: string): Promise<boolean>;
}

export type Log = (message: string) => void;

export const NOT_FOUND_HELP =
  "set planlint.path, select a Python interpreter that has planlint installed " +
  "(pip install 'planlint[lsp]'), or put planlint on PATH";

/** Normalises the `planlint.path` setting (a string or a list) to non-empty entries. */
export function configuredPaths(value: unknown): string[] {
  const entries = Array.isArray(value) ? value : [value];
  return entries
    .filter((entry): entry is string => typeof entry === "string")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/** Expands `${workspaceFolder}` and `~`, and anchors relative paths to the workspace. */
export function expandPath(
  entry: string,
  workspaceFolder: string | undefined,
  homeDir: string,
): string {
  let expanded = entry;
  if (workspaceFolder !== undefined) {
    expanded = expanded.split("${workspaceFolder}").join(workspaceFolder);
  }
  if (expanded === "~" || /^~[/\\]/.test(expanded)) {
    expanded = path.join(homeDir, expanded.slice(1));
  }
  if (!path.isAbsolute(expanded) && workspaceFolder !== undefined) {
    expanded = path.resolve(workspaceFolder, expanded);
  }
  return expanded;
}

/** Every file name under which `name` could live on PATH, in search order. */
export function pathCandidates(
  name: string,
  pathEnv: string | undefined,
  platform: NodeJS.Platform,
  pathExt: string | undefined,
): string[] {
  const windows = platform === "win32";
  const separator = windows ? ";" : ":";
  const join = windows ? path.win32.join : path.posix.join;
  const suffixes = windows ? windowsSuffixes(pathExt) : [""];
  const directories = (pathEnv ?? "").split(separator).filter((dir) => dir.length > 0);
  return directories.flatMap((dir) => suffixes.map((suffix) => join(dir, name + suffix)));
}

function windowsSuffixes(pathExt: string | undefined): string[] {
  const listed = (pathExt ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((ext) => ext);
  return listed.map((ext) => ext.toLowerCase());
}

/** The invocation with a planlint subcommand and its arguments appended. */
export function withArgs(invocation: Invocation, ...args: string[]): Invocation {
  return { command: invocation.command, args: [...invocation.args, ...args] };
}

/** A shell-like rendering of an invocation, for logs and messages only. */
export function describe(invocation: Invocation): string {
  const words = [invocation.command, ...invocation.args];
  return words.map((word) => (/[\s"']/.test(word) ? JSON.stringify(word) : word)).join(" ");
}

/** Looks for planlint in the order: setting, selected Python interpreter, PATH. */
export async function discoverServer(host: DiscoveryHost, log: Log): Promise<Discovery> {
  const entries = configuredPaths(host.configuredPath);
  if (entries.length > 0) {
    return fromSetting(host, entries, log);
  }
  log("planlint.path is not set");

  const fromPython = await fromInterpreter(host, log);
  if (fromPython !== undefined) {
    return fromPython;
  }

  return fromPathEnv(host, log);
}

function fromSetting(host: DiscoveryHost, entries: string[], log: Log): Discovery {
  log(`planlint.path is set: ${entries.join(", ")}`);
  const tried: string[] = [];
  for (const entry of entries) {
    const file = expandPath(entry, host.workspaceFolder, host.homeDir);
    if (host.isExecutableFile(file)) {
      log(`using ${file} from planlint.path`);
      return { found: true, invocation: { command: file, args: [] }, source: "setting" };
    }
    log(`${file} (from planlint.path) is not an executable file`);
    tried.push(file);
  }

  const reason = `no entry of planlint.path is an executable file (tried ${tried.join(", ")})`;
  return { found: false, reason };
}

async function fromInterpreter(host: DiscoveryHost, log: Log): Promise<Discovery | undefined> {
  const python = await host.activeInterpreter();
  if (python === undefined) {
    log("no Python interpreter selected in the Python extension");
    return undefined;
  }

  log(`Python extension selected ${python}; checking that it can import planlint`);
  if (!(await host.hasPlanlintModule(python))) {
    const install = `${python} -m pip install 'planlint[lsp]'`;
    log(`${python} cannot run "-m planlint" (to use this interpreter: ${install})`);
    return undefined;
  }

  log(`using ${python} -m planlint`);
  const invocation = { command: python, args: ["-m", "planlint"] };
  return { found: true, invocation, source: "python" };
}

function fromPathEnv(host: DiscoveryHost, log: Log): Discovery {
  const candidates = pathCandidates("planlint", host.pathEnv, host.platform, host.pathExt);
  const file = candidates.find((candidate) => host.isExecutableFile(candidate));
  if (file === undefined) {
    log(`planlint is not on PATH (${candidates.length} locations checked)`);
    return { found: false, reason: `planlint was not found: ${NOT_FOUND_HELP}` };
  }

  log(`using ${file} from PATH`);
  return { found: true, invocation: { command: file, args: [] }, source: "path" };
}
