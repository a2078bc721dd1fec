// Entry point: wires the output channel, the language server, the commands and folding.
// Finding planlint lives in discovery.ts; each step of it is logged to "planlint".

import * as vscode from "vscode";

import { PlanCommands } from "./commands";
import { planFoldingRanges } from "./folding";
import { PlanlintServer } from "./server";

let server: PlanlintServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const channel = vscode.window.createOutputChannel("planlint", { log: true });
  server = new PlanlintServer(channel);
  const commands = new PlanCommands(server, channel);
  context.subscriptions.push(channel, server, commands, ...registerCommands(server, commands));
  context.subscriptions.push(restartOnPathChange(server));

  await server.start();
  if (!server.providesFolding()) {
    context.subscriptions.push(registerFolding());
  }
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}

function registerCommands(server: PlanlintServer, commands: PlanCommands): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("planlint.restartServer", () => server.restart()),
    vscode.commands.registerCommand("planlint.showGraph", (uri?: vscode.Uri) =>
      commands.showGraph(uri),
    ),
    vscode.commands.registerCommand("planlint.runPlan", (uri?: vscode.Uri) =>
      commands.runPlan(uri),
    ),
  ];
}

function restartOnPathChange(server: PlanlintServer): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration("planlint.path")) {
      void server.restart();
    }
  });
}

function registerFolding(): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(
    { language: "plan" },
    {
      provideFoldingRanges(document) {
        const lines = Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text);
        const kind = vscode.FoldingRangeKind.Region;
        return planFoldingRanges(lines).map(
          (range) => new vscode.FoldingRange(range.start, range.end, kind),
        );
      },
    },
  );
}
