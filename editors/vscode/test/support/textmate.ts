// Tokenising plans with vscode-textmate and vscode-oniguruma, the engine VS Code uses,
// with the real shell grammar (tm-grammars' shellscript) for the embedded commands.

import * as fs from "node:fs";
import * as path from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";

import { extensionRoot } from "./paths";

export interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

export interface TokenizedLine {
  readonly text: string;
  readonly tokens: readonly Token[];
}

const GRAMMAR_FILES: Readonly<Record<string, () => string>> = {
  "source.plan": () => path.join(extensionRoot(), "syntaxes", "plan.tmLanguage.json"),
  "source.shell": () => require.resolve("tm-grammars/grammars/shellscript.json"),
};

let grammar: Promise<vsctm.IGrammar> | undefined;

/** The plan grammar, loaded once per test process. */
export function planGrammar(): Promise<vsctm.IGrammar> {
  grammar ??= loadPlanGrammar();
  return grammar;
}

async function loadPlanGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(
    path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"),
  );
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = GRAMMAR_FILES[scopeName]?.();
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, "utf8"), file) : null;
    },
  });
  const loaded = await registry.loadGrammar("source.plan");
  if (loaded === null) {
    throw new Error("source.plan did not load");
  }
  return loaded;
}

/** Tokenises lines in order, carrying the rule stack from line to line as VS Code does. */
export async function tokenizeLines(lines: readonly string[]): Promise<TokenizedLine[]> {
  const plan = await planGrammar();
  let stack = vsctm.INITIAL;
  return lines.map((text) => {
    const result = plan.tokenizeLine(text, stack);
    stack = result.ruleStack;
    const tokens = result.tokens.map((token) => ({
      start: token.startIndex,
      end: Math.min(token.endIndex, text.length),
      text: text.slice(token.startIndex, token.endIndex),
      scopes: token.scopes,
    }));
    return { text, tokens: tokens.filter((token) => token.end > token.start) };
  });
}

export async function tokenizeText(text: string): Promise<TokenizedLine[]> {
  return tokenizeLines(text.split(/\r\n|\r|\n/));
}

/** The tokens overlapping `text[start, end)`. */
export function tokensIn(line: TokenizedLine, start: number, end: number): Token[] {
  return line.tokens.filter((token) => token.start < end && token.end > start);
}

/** Scopes shared by every token of the first occurrence of `needle` at or after `from`. */
export function scopesOf(line: TokenizedLine, needle: string, from = 0): string[] {
  const start = line.text.indexOf(needle, from);
  if (start < 0) {
    throw new Error(`"${needle}" not in line: ${line.text}`);
  }
  const tokens = tokensIn(line, start, start + needle.length);
  return tokens[0].scopes.filter((scope) => tokens.every((token) => token.scopes.includes(scope)));
}

/** Every scope used anywhere on the line. */
export function allScopes(line: TokenizedLine): Set<string> {
  return new Set(line.tokens.flatMap((token) => token.scopes));
}
