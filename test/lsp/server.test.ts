// The language server, driven over stdio by a real LSP client, as an editor drives it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest, CodeLensRequest, CompletionRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest,
  type CodeAction, type CompletionItem, type MarkupContent, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { applyEdits, textAt } from '../support/lintHelpers';
import { LspClient } from '../support/lspClient';

const QUESTION = 'Keep-Alive: 300\nConnections:keep-alive\n\nKeep-Alive: timeout=max=100\n';
const HTTP10_EXCHANGE = 'GET /index.html HTTP/1.0\r\nHost: example.com\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi\r\n';

describe('language server over stdio', { timeout: 30_000 }, () => {
  let client: LspClient;
  let capabilities: Record<string, unknown>;

  before(async () => {
    const started = await LspClient.start();
    client = started.client;
    capabilities = started.init.capabilities as Record<string, unknown>;
  });
  after(() => client?.kill());

  test('announces the features it serves', () => {
    for (const key of ['hoverProvider', 'completionProvider', 'codeActionProvider', 'codeLensProvider', 'documentSymbolProvider', 'foldingRangeProvider']) {
      assert.ok(capabilities[key], `missing ${key}`);
    }
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
  });

  test('the forum question: three findings, each with its RFC link, pushed on open', async () => {
    const uri = 'untitled:question';
    await client.open(uri, 'http-message', QUESTION);
    const published = await client.waitForDiagnostics(uri);
    assert.equal(published.version, 1);
    const found = published.diagnostics.map((d) => [d.code, textAt(QUESTION, d.range)]);
    assert.deepEqual(found, [['keep-alive-not-a-parameter', '300'], ['misspelled-field-name', 'Connections'], ['keep-alive-syntax', '=']]);
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'http-lens');
      assert.match(d.codeDescription?.href ?? '', /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+#section-/);
    }
  });

  test('the forum question: each fix arrives as a code action and changes the text as it says', async () => {
    const uri = 'untitled:question';
    const published = await client.waitForDiagnostics(uri);
    const expected: Record<string, string> = {
      'keep-alive-not-a-parameter': 'Keep-Alive: timeout=300\nConnections:keep-alive\n\nKeep-Alive: timeout=max=100\n',
      'misspelled-field-name': 'Keep-Alive: 300\nConnection:keep-alive\n\nKeep-Alive: timeout=max=100\n',
      'keep-alive-syntax': 'Keep-Alive: 300\nConnections:keep-alive\n\nKeep-Alive: timeout=5, max=100\n',
    };
    for (const d of published.diagnostics) {
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
      })) as CodeAction[];
      const preferred = actions.find((a) => a.isPreferred && a.diagnostics?.[0]?.code === d.code);
      assert.ok(preferred, `no preferred quick fix for ${d.code}`);
      const edits = preferred.edit!.changes![uri]! as TextEdit[];
      assert.equal(applyEdits(QUESTION, edits), expected[String(d.code)]);
    }
  });

  test('hover on `Connections` explains the finding (the editor shows its did-you-mean message with it)', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'untitled:question' }, position: { line: 1, character: 4 } });
    const text = (hover?.contents as MarkupContent).value;
    assert.match(text, /`Connections: keep-alive` does not ask for a persistent connection/);
    assert.match(text, /no `Connection` field at all/);
  });

  test('hover on the first line of an HTTP/1.0 exchange explains why the connection closes', async () => {
    const uri = 'untitled:exchange10';
    await client.open(uri, 'http-message', HTTP10_EXCHANGE);
    await client.waitForDiagnostics(uri);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } });
    const text = (hover?.contents as MarkupContent).value;
    assert.match(text, /Is this connection persistent\?\*\* Closes after the response/);
    assert.match(text, /HTTP\/1\.0 request without `Connection: keep-alive`/);
    assert.match(text, /RFC 9112 §9\.3/);
    assert.deepEqual(hover?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 24 } });
  });

  test('completion offers field names with `Name: ` and Connection options after the colon', async () => {
    const uri = 'file:///tmp/complete.http';
    const text = 'GET http://127.0.0.1:8080/ HTTP/1.0\nConn\n';
    await client.open(uri, 'http', text);
    const names = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } })) as { items: CompletionItem[]; isIncomplete: boolean };
    const connection = names.items.find((i) => i.label === 'Connection');
    assert.ok(connection, 'Connection is offered');
    assert.deepEqual(connection.textEdit, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, newText: 'Connection: ' });
    assert.equal(names.isIncomplete, true, 'a typed word narrows the list: the editor asks again as it grows');
    assert.ok(names.items.every((i) => /c.*o.*n.*n/i.test(i.label)), 'only names holding the typed letters in order');

    const version = await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, text: 'Connection: ' }]);
    await client.waitForDiagnostics(uri, (p) => p.version === version);
    const values = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 12 } })) as { items: CompletionItem[] };
    assert.deepEqual(values.items.map((i) => i.label).slice(0, 2), ['close', 'keep-alive']);
  });

  test('code lenses: Send Request and the persistence prediction on each request', async () => {
    const uri = 'file:///tmp/lenses.http';
    await client.open(uri, 'http', 'GET http://127.0.0.1:8080/a HTTP/1.0\n\n###\nGET http://127.0.0.1:8080/b\n');
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.deepEqual(lenses?.map((l) => [l.range.start.line, l.command?.title]), [
      [0, 'Send Request'],
      [0, 'closes after response: HTTP/1.0 request without Connection: keep-alive'],
      [3, 'Send Request'],
      [3, 'keeps connection open (HTTP/1.1 default)'],
    ]);
    assert.deepEqual(lenses![0]!.command!.arguments, [uri, { line: 0, character: 0 }]);
    assert.equal(lenses![0]!.command!.command, 'httpLens.sendRequest');
  });

  test('incremental edits: the diagnostics that arrive are for the newest version', async () => {
    const uri = 'untitled:edits';
    await client.open(uri, 'http-message', 'GET / HTTP/1.1\r\nHost: a\r\nConection: close\r\n\r\n');
    const first = await client.waitForDiagnostics(uri);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['misspelled-field-name']);
    // Three quick edits, one character each: only the last state counts.
    await client.change(uri, [{ range: { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } }, text: 'n' }]);
    await client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, text: 'c' }]);
    const last = await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'X-' }]);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === last);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['host-missing']);
    const forUri = client.diagnostics.filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(forUri, [1, last], 'debounced: one publication for the burst of edits');
  });

  test('fix all: one source action fixes every finding with a preferred fix', async () => {
    const uri = 'untitled:question';
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.httpLens'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.httpLens');
    assert.equal(applyEdits(QUESTION, actions[0]!.edit!.changes!['untitled:question']! as TextEdit[]), 'Keep-Alive: timeout=300\nConnection:keep-alive\n\nKeep-Alive: timeout=5, max=100\n');
  });

  test('document symbols and folding ranges follow the requests', async () => {
    const uri = 'file:///tmp/symbols.http';
    await client.open(uri, 'http', '# @name first\nGET http://a/\nAccept: */*\n\n###\nPOST http://b/\n\n{"x":1}\n');
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as { name: string }[];
    assert.deepEqual(symbols.map((s) => s.name), ['first', 'POST http://b/']);
    const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.deepEqual(folds?.map((f) => [f.startLine, f.endLine]), [[0, 2], [4, 7]]);
  });

  test('settings: a rule turned off disappears, a severity override applies', async () => {
    const uri = 'untitled:settings';
    await client.open(uri, 'http-message', QUESTION);
    await client.waitForDiagnostics(uri);
    const before = client.diagnostics.length;
    await client.changeSettings({ rules: { 'misspelled-field-name': 'off', 'keep-alive-syntax': 'hint' } });
    const published = await client.waitForDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= before);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['keep-alive-not-a-parameter', 1], ['keep-alive-syntax', 4]]);
    await client.changeSettings({});
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'untitled:edits';
    const count = client.diagnostics.length;
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= count);
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('bad input never takes the server down', async () => {
    const uri = 'untitled:garbage';
    const garbage = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 0x2fff)).join('') + '\r\r\n:\n\u0000: \u0001\n';
    await client.open(uri, 'http-message', garbage);
    await client.waitForDiagnostics(uri);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9999, character: 9999 } });
    assert.equal(hover, null);
    const lens = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: 'file:///not/open.http' } });
    assert.deepEqual(lens, []);
  });

  test('shutdown and exit end the process cleanly', async () => {
    assert.equal(await client.stop(), 0);
  });
});

describe('Send Request lenses when the editor asked too early', { timeout: 30_000 }, () => {
  let client: LspClient;
  before(async () => {
    client = (await LspClient.start(undefined, undefined, { codeLensRefresh: true })).client;
  });
  after(() => client?.kill());

  const settled = () => new Promise((done) => setTimeout(done, 2500));

  test('a file whose lenses the editor has not asked for soon after opening it: the editor is told to ask again', async () => {
    await settled(); // the refresh that follows reading the settings
    const before = client.lensRefreshes.length;
    await client.open('file:///work/unasked.http', 'http', 'GET http://127.0.0.1/\n');
    await settled();
    assert.equal(client.lensRefreshes.length, before + 1);
  });

  test('several files opened together and not asked for: one refresh serves them all', async () => {
    const before = client.lensRefreshes.length;
    for (const name of ['a', 'b', 'c']) await client.open(`file:///work/many-${name}.http`, 'http', 'GET http://127.0.0.1/\n');
    await settled();
    assert.equal(client.lensRefreshes.length, before + 1);
  });

  test('a file whose lenses the editor asked for, or a message dump, is left alone', async () => {
    const before = client.lensRefreshes.length;
    const uri = 'file:///work/asked.http';
    await client.open(uri, 'http', 'GET http://127.0.0.1/\n');
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.ok(lenses && lenses.length > 0);
    await client.open('file:///work/dump.txt', 'http-message', 'HTTP/1.1 200 OK\r\n\r\n');
    await settled();
    assert.equal(client.lensRefreshes.length, before);
  });
});
