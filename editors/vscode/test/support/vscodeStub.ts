// A stand-in for the `vscode` module, just large enough to activate the bundled extension
// outside VS Code and record what it does: log lines, messages, registrations.

import Module = require("node:module");

type Listener = (...args: unknown[]) => unknown;

export interface FakeState {
  settings: Record<string, unknown>;
  extensions: Record<string, { isActive: boolean; exports: unknown }>;
  log: string[];
  errors: { message: string; items: string[] }[];
  warnings: string[];
  commands: Map<string, Listener>;
  foldingProviders: { selector: unknown; provider: { provideFoldingRanges: Listener } }[];
  shownChannels: number;
  answer: string | undefined;
  warningAnswer: string | undefined;
  activeDocument: FakeDocument | undefined;
  panels: FakePanel[];
  terminals: { name: string; shellPath: string; shellArgs: string[]; cwd: string }[];
}

export interface FakeDocument {
  languageId: string;
  isUntitled: boolean;
  isDirty: boolean;
  uri: { scheme: string; fsPath: string };
  save(): Promise<boolean>;
}

export interface FakePanel {
  title: string;
  options: { enableScripts?: boolean };
  webview: { html: string; cspSource: string };
}

export const state: FakeState = freshState();

function freshState(): FakeState {
  return {
    settings: {},
    extensions: {},
    log: [],
    errors: [],
    warnings: [],
    commands: new Map(),
    foldingProviders: [],
    shownChannels: 0,
    answer: undefined,
    warningAnswer: undefined,
    activeDocument: undefined,
    panels: [],
    terminals: [],
  };
}

/** Forgets everything recorded and configured by the previous test. */
export function resetState(): void {
  Object.assign(state, freshState());
}

const disposable = { dispose: () => undefined };

class FoldingRange {
  constructor(
    public start: number,
    public end: number,
    public kind?: number,
  ) {}
}

function outputChannel(name: string) {
  const write = (level: string) => (message: string) => state.log.push(`${level} ${message}`);
  return {
    name,
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    debug: write("debug"),
    trace: write("trace"),
    appendLine: write("line"),
    show: () => {
      state.shownChannels += 1;
    },
    dispose: () => undefined,
  };
}

const fakeVscode = {
  FoldingRange,
  FoldingRangeKind: { Comment: 1, Imports: 2, Region: 3 },
  ViewColumn: { Beside: -2 },
  window: {
    createOutputChannel: (name: string) => outputChannel(name),
    showErrorMessage: async (message: string, ...items: string[]) => {
      state.errors.push({ message, items });
      return state.answer;
    },
    showWarningMessage: async (message: string) => {
      state.warnings.push(message);
      return state.warningAnswer;
    },
    get activeTextEditor() {
      return state.activeDocument && { document: state.activeDocument };
    },
    createWebviewPanel: (_type: string, title: string, _column: number, options: object) => {
      const panel = {
        title,
        options,
        webview: { html: "", cspSource: "vscode-webview:" },
        onDidDispose: () => disposable,
        reveal: () => undefined,
        dispose: () => undefined,
      };
      state.panels.push(panel);
      return panel;
    },
    createTerminal: (options: FakeState["terminals"][number]) => {
      state.terminals.push(options);
      return { show: () => undefined };
    },
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: (section: string) => ({
      get: (key: string) => state.settings[`${section}.${key}`],
    }),
    onDidChangeConfiguration: () => disposable,
    getWorkspaceFolder: () => undefined,
  },
  commands: {
    registerCommand: (id: string, handler: Listener) => {
      state.commands.set(id, handler);
      return disposable;
    },
  },
  languages: {
    registerFoldingRangeProvider: (
      selector: unknown,
      provider: { provideFoldingRanges: Listener },
    ) => {
      state.foldingProviders.push({ selector, provider });
      return disposable;
    },
  },
  extensions: {
    getExtension: (id: string) => state.extensions[id],
  },
};

/** Any API the extension does not use at activation: vscode-languageclient subclasses some
 * of them (`class X extends vscode.CompletionItem`) while its module loads. */
class Placeholder {}

/** `__esModule` makes TypeScript's import helper use this object as is, proxy included. */
const stubExports = new Proxy(fakeVscode as Record<string | symbol, unknown>, {
  get: (target, name) => {
    if (name === "__esModule") {
      return true;
    }
    if (name in target || typeof name === "symbol" || name === "then") {
      return target[name];
    }
    return Placeholder;
  },
});

const STUB_ID = "vscode-stub";
let installed = false;

/** Makes `require("vscode")` return the fake, for every module loaded afterwards. */
export function installVscodeStub(): void {
  if (installed) {
    return;
  }

  const loader = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
  };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? STUB_ID : resolve.call(this, request, ...rest);
  };
  const stubModule = new Module(STUB_ID);
  stubModule.exports = stubExports;
  stubModule.loaded = true;
  require.cache[STUB_ID] = stubModule;
  installed = true;
}
