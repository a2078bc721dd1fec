// The commands that call the planlint CLI on the current plan: the dependency graph
// (`planlint graph --format mermaid`) and running the plan (dry run first).

import * as path from "node:path";
import * as vscode from "vscode";

import { describe, type Invocation, withArgs } from "./discovery";
import { graphHtml } from "./graphHtml";
import type { PlanlintServer } from "./server";
import { runInvocation } from "./system";
import { showErrorWithLog } from "./ui";

const GRAPH_TIMEOUT_MS = 60_000;
const RUN_FOR_REAL = "Run for real";

/** A saved plan file, the directory its commands run in, and the planlint to use. */
interface PlanTarget {
  readonly file: string;
  readonly cwd: string;
  readonly planlint: Invocation;
}

export class PlanCommands implements vscode.Disposable {
  private readonly graphs = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly server: PlanlintServer,
    private readonly channel: vscode.LogOutputChannel,
  ) {}

  /** Runs `planlint graph FILE --format mermaid` and shows the Mermaid source. */
  async showGraph(resource?: vscode.Uri): Promise<void> {
    const target = await this.target(resource);
    if (target === undefined) {
      return;
    }

    const graph = withArgs(target.planlint, "graph", target.file, "--format", "mermaid");
    this.channel.info(`running ${describe(graph)} in ${target.cwd}`);
    const options = { cwd: target.cwd, timeoutMs: GRAPH_TIMEOUT_MS };
    const result = await runInvocation(graph, options);
    if (result.error !== undefined) {
      this.channel.info(`planlint graph stderr:\n${result.stderr}`);
      const firstLine = result.stderr.trim().split("\n")[0] ?? "";
      showErrorWithLog(this.channel, `planlint graph failed (${result.error}) ${firstLine}`.trim());
      return;
    }

    this.showGraphPanel(target.file, result.stdout);
  }

  /** Opens a terminal with a dry run of the plan, then offers to run it for real. */
  async runPlan(resource?: vscode.Uri): Promise<void> {
    const target = await this.target(resource);
    if (target === undefined) {
      return;
    }

    const name = path.basename(target.file);
    const dryRun = withArgs(target.planlint, "run", "--dry-run", target.file);
    this.openTerminal(`planlint: dry run ${name}`, dryRun, target.cwd);
    const choice = await vscode.window.showWarningMessage(
      `The dry run of ${name} is in the terminal. Run the plan for real in ${target.cwd}?`,
      RUN_FOR_REAL,
    );
    if (choice !== RUN_FOR_REAL) {
      this.channel.info(`run of ${target.file} not confirmed`);
      return;
    }

    const run = withArgs(target.planlint, "run", target.file);
    this.openTerminal(`planlint: run ${name}`, run, target.cwd);
  }

  dispose(): void {
    this.graphs.forEach((panel) => panel.dispose());
  }

  private async target(resource: vscode.Uri | undefined): Promise<PlanTarget | undefined> {
    const plan = await savedPlan(resource);
    if (plan === undefined) {
      return undefined;
    }

    const planlint = await this.server.invocation();
    return planlint === undefined ? undefined : { ...plan, planlint };
  }

  private openTerminal(name: string, invocation: Invocation, cwd: string): void {
    this.channel.info(`terminal "${name}": ${describe(invocation)} in ${cwd}`);
    const terminal = vscode.window.createTerminal({
      name,
      shellPath: invocation.command,
      shellArgs: [...invocation.args],
      cwd,
    });
    terminal.show();
  }

  private showGraphPanel(file: string, mermaid: string): void {
    const name = path.basename(file);
    let panel = this.graphs.get(file);
    if (panel === undefined) {
      panel = vscode.window.createWebviewPanel(
        "planlint.graph",
        `Graph: ${name}`,
        vscode.ViewColumn.Beside,
        { enableScripts: false },
      );
      panel.onDidDispose(() => this.graphs.delete(file));
      this.graphs.set(file, panel);
    }
    panel.webview.html = graphHtml(name, mermaid, panel.webview.cspSource);
    panel.reveal(vscode.ViewColumn.Beside, true);
  }
}

/** The plan to act on: the given file or the active editor's, saved to disk first. */
async function savedPlan(
  resource: vscode.Uri | undefined,
): Promise<Omit<PlanTarget, "planlint"> | undefined> {
  const document = await planDocument(resource);
  if (document === undefined) {
    void vscode.window.showWarningMessage("planlint: open a plan file first.");
    return undefined;
  }
  if (document.isUntitled || document.uri.scheme !== "file") {
    void vscode.window.showWarningMessage("planlint: save the plan to a file first.");
    return undefined;
  }
  if (document.isDirty && !(await document.save())) {
    return undefined;
  }

  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const cwd = folder?.uri.fsPath ?? path.dirname(document.uri.fsPath);
  return { file: document.uri.fsPath, cwd };
}

async function planDocument(
  resource: vscode.Uri | undefined,
): Promise<vscode.TextDocument | undefined> {
  if (resource !== undefined) {
    return vscode.workspace.openTextDocument(resource);
  }
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === "plan" ? document : undefined;
}
