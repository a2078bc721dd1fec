// The planlint language server's lifecycle: find planlint, start `planlint lsp` over
// stdio, restart on demand. Every step is logged to the "planlint" output channel.

import * as os from "node:os";
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

import {
  describe,
  discoverServer,
  type DiscoveryHost,
  type Invocation,
  withArgs,
} from "./discovery";
import { activeInterpreter } from "./python";
import { hasPlanlintModule, isExecutableFile } from "./system";
import { showErrorWithLog } from "./ui";

const CLIENT_OPTIONS: LanguageClientOptions = {
  documentSelector: [
    { scheme: "file", language: "plan" },
    { scheme: "untitled", language: "plan" },
  ],
};

export class PlanlintServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private planlint: Invocation | undefined;

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  /** Finds planlint and starts the server; failures are reported, never thrown. */
  async start(): Promise<void> {
    this.channel.info("looking for planlint");
    const planlint = await this.discover();
    if (planlint === undefined) {
      return;
    }

    const server = withArgs(planlint, "lsp");
    this.channel.info(`starting the language server: ${describe(server)}`);
    const client = new LanguageClient("planlint", "planlint", serverOptions(server), {
      ...CLIENT_OPTIONS,
      outputChannel: this.channel,
    });
    try {
      await client.start();
      this.client = client;
      this.channel.info("the language server is running");
    } catch (error) {
      await client.dispose(2000).catch(() => undefined);
      const reason = `the language server did not start (${describe(server)}): ${error}`;
      showErrorWithLog(this.channel, reason);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      this.channel.info("stopping the language server");
      await client.stop().catch((error) => this.channel.warn(`stop failed: ${error}`));
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    this.planlint = undefined;
    await this.start();
  }

  /** The planlint that the server runs, for the CLI commands; discovers it if needed. */
  async invocation(): Promise<Invocation | undefined> {
    return this.planlint ?? (await this.discover());
  }

  /** True when the running server answers folding-range requests itself. */
  providesFolding(): boolean {
    return Boolean(this.client?.initializeResult?.capabilities.foldingRangeProvider);
  }

  dispose(): void {
    void this.stop();
  }

  private async discover(): Promise<Invocation | undefined> {
    const result = await discoverServer(discoveryHost(this.channel), (message) =>
      this.channel.info(message),
    );
    if (!result.found) {
      showErrorWithLog(this.channel, result.reason);
      return undefined;
    }

    this.planlint = result.invocation;
    return result.invocation;
  }
}

function serverOptions(server: Invocation): ServerOptions {
  return { command: server.command, args: [...server.args], transport: TransportKind.stdio };
}

function discoveryHost(channel: vscode.LogOutputChannel): DiscoveryHost {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const settings = vscode.workspace.getConfiguration("planlint", folder?.uri);
  return {
    configuredPath: settings.get<unknown>("path"),
    workspaceFolder: folder?.uri.fsPath,
    homeDir: os.homedir(),
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    isExecutableFile,
    activeInterpreter: () => activeInterpreter(folder?.uri, (message) => channel.info(message)),
    hasPlanlintModule,
  };
}
