// Runs inside the VS Code extension host (plain JavaScript: no build step there).
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

async function until(probe, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function run() {
  const extension = vscode.extensions.getExtension('http-lens.http-lens');
  assert.ok(extension, 'the extension is installed');
  const examples = vscode.workspace.workspaceFolders[0].uri.fsPath;

  // Linting: the forum question in an .http file.
  const mistakes = await vscode.workspace.openTextDocument(path.join(examples, 'mistakes.http'));
  await vscode.window.showTextDocument(mistakes);
  const api = await extension.activate();
  const diagnostics = await until(() => {
    const d = vscode.languages.getDiagnostics(mistakes.uri);
    return d.length > 0 && d;
  }, 'diagnostics for mistakes.http');
  const codes = new Set(diagnostics.map((d) => d.code));
  for (const code of ['keep-alive-not-a-parameter', 'misspelled-field-name', 'keep-alive-syntax']) assert.ok(codes.has(code), `finds ${code}`);

  // The quick fix renames `Connections`.
  const misspelled = diagnostics.find((d) => d.code === 'misspelled-field-name');
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', mistakes.uri, misspelled.range, vscode.CodeActionKind.QuickFix.value);
  const rename = actions.find((a) => a.title === 'Rename to `Connection`');
  assert.ok(rename, 'the rename fix is offered');

  // Sending: two requests to the playground reuse one connection.
  await vscode.commands.executeCommand('httpLens.startPlayground');
  const url = await until(() => api.playgroundUrl(), 'the playground');
  const doc = await vscode.workspace.openTextDocument({ language: 'http', content: `GET ${url}/keep-alive\n\n###\nGET ${url}/keep-alive\n` });
  await vscode.commands.executeCommand('httpLens.sendAllRequests', doc.uri);
  const html = await until(() => api.responseHtml(doc.uri.toString()), 'the response view');
  assert.match(html, /#0 reused/);
}

module.exports = { run };
