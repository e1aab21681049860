import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-types';
import { codeActions, fixAllEdits, FIX_ALL_KIND } from '../../server/src/language/codeActions';
import { codeLenses } from '../../server/src/language/codeLens';
import { documentSymbols, foldingRanges } from '../../server/src/language/symbols';
import { applyEdits, lint } from '../support/lintHelpers';

const URI = 'file:///t.http';

test('quick fixes come from the findings under the range, preferred ones marked', () => {
  const text = 'GET http://a/\nConnections: close\nKeep-Alive: 300\n';
  const result = lint(text, 'http');
  const actions = codeActions(result, URI, { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } });
  assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [['Rename to `Connections`'.replace('Connections', 'Connection'), 'quickfix', true]]);
  assert.equal(applyEdits(text, actions[0]!.edit!.changes![URI]! as TextEdit[]), 'GET http://a/\nConnection: close\nKeep-Alive: 300\n');
});

test('fix all takes each preferred fix once and skips edits that collide', () => {
  const text = 'HTTP/1.1 200 OK\r\nConnections: keep-alive\r\nKeep-Alive: 300, timeout=max=9\r\nContent-Length: 0\r\n\r\n';
  const result = lint(text, 'message');
  const edits = fixAllEdits(result.diagnostics);
  assert.equal(applyEdits(text, edits), 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=300, timeout=5, max=9\r\nContent-Length: 0\r\n\r\n');
  // Running it again on the result finishes the job (the duplicated timeout is now the finding).
  const again = applyEdits(applyEdits(text, edits), fixAllEdits(lint(applyEdits(text, edits), 'message').diagnostics));
  assert.equal(again, 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=300, max=9\r\nContent-Length: 0\r\n\r\n');
});

test('the fix-all action is offered only when asked for by kind', () => {
  const result = lint('Keep-Alive: 300\n', 'message');
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  assert.equal(codeActions(result, URI, range).some((a) => a.kind === FIX_ALL_KIND), false);
  assert.deepEqual(codeActions(result, URI, range, ['source.fixAll']).map((a) => a.kind), [FIX_ALL_KIND]);
  assert.deepEqual(codeActions(result, URI, range, ['source']).map((a) => a.kind), [FIX_ALL_KIND]);
});

test('code lenses: one Send Request and one prediction per HTTP request; none for gRPC', () => {
  const text = 'GET http://a/ HTTP/1.0\nConnection: keep-alive\n\n###\nGRPC grpcb.in:9000/hello.HelloService/SayHello\n\n{}\n';
  const lenses = codeLenses(lint(text, 'http'), URI);
  assert.deepEqual(lenses.map((l) => l.command!.title), [
    'Send Request',
    'keeps connection open (HTTP/1.0 request with Connection: keep-alive)',
    'Send Request',
  ]);
  assert.deepEqual(codeLenses(lint('GET / HTTP/1.1\r\n\r\n', 'message'), URI), []);
});

test('symbols name requests by @name, ### title, or method and target', () => {
  const text = '### list users\nGET http://a/users\n\n###\n# @name create\nPOST http://a/users\n\n###\nDELETE http://a/users/1\n';
  assert.deepEqual(documentSymbols(lint(text, 'http')).map((s) => s.name), ['list users', 'create', 'DELETE http://a/users/1']);
  assert.deepEqual(foldingRanges(lint(text, 'http')).map((f) => [f.startLine, f.endLine]), [[0, 1], [3, 5], [7, 8]]);
  const dump = 'GET / HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n';
  assert.deepEqual(documentSymbols(lint(dump, 'message')).map((s) => s.name), ['GET /', 'HTTP/1.1 204 No Content']);
});
