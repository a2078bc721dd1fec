// Drives `planlint lsp` with VS Code's own JSON-RPC library (vscode-jsonrpc, from
// the extension's node_modules): VS Code's reader breaks on any stray byte on the
// server's stdout, where pygls' and Neovim's readers skip it.
//
// usage: node vscode_jsonrpc.js EXTENSION_DIR PLAN_FILE LINE CHARACTER
// env: PLANLINT_LSP_CMD_JSON, the server command as a JSON list.
// Prints one JSON object: what the client saw.
'use strict';
const path = require('node:path');
const cp = require('node:child_process');
const { createRequire } = require('node:module');
const fs = require('node:fs');
const url = require('node:url');

const [extensionDir, planFile, line, character] = process.argv.slice(2);
const rpc = createRequire(path.join(extensionDir, 'package.json'))('vscode-jsonrpc/node');
const [command, ...args] = JSON.parse(process.env.PLANLINT_LSP_CMD_JSON);

function waitFor(test, ms) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (test()) return resolve();
      if (Date.now() - started > ms) return reject(new Error('timed out'));
      setTimeout(poll, 10);
    };
    poll();
  });
}

function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const child = cp.spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const errors = [];
  const diagnostics = {};
  connection.onError((e) => errors.push(String(e && e[0] && e[0].message)));
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    diagnostics[p.uri] = p.diagnostics;
  });
  connection.onNotification('window/logMessage', () => {});
  connection.listen();

  const init = await connection.sendRequest('initialize', {
    processId: process.pid, rootUri: null,
    capabilities: { general: { positionEncodings: ['utf-16'] } },
  });
  connection.sendNotification('initialized', {});
  const uri = url.pathToFileURL(planFile).href;
  const text = fs.readFileSync(planFile, 'utf8');
  connection.sendNotification('textDocument/didOpen',
    { textDocument: { uri, languageId: 'plan', version: 1, text } });
  await waitFor(() => uri in diagnostics, 20000);

  const hovers = [];
  for (let i = 0; i < 3; i++) {
    const hover = await within(connection.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: Number(line), character: Number(character) },
    }), 15000, 'hover');
    hovers.push(hover && hover.contents.value);
  }
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  await new Promise((resolve) => child.on('exit', resolve));
  return {
    encoding: init.capabilities.positionEncoding,
    diagnostics: diagnostics[uri],
    hovers,
    errors,
    exitCode: child.exitCode,
  };
}

main().then(
  (seen) => { console.log(JSON.stringify(seen)); process.exit(0); },
  (error) => { console.log(JSON.stringify({ fatal: String(error) })); process.exit(1); });
