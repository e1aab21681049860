// The question that started the project: is this connection persistent?
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { predictExchange, predictMessage } from '../../server/src/language/persistence';
import { analyzeDocument } from '../../server/src/language/analysis';
import { applyFix, lint, textAt } from '../support/lintHelpers';

const QUESTION = 'Keep-Alive: 300\nConnections:keep-alive\n\nKeep-Alive: timeout=max=100\n';

test('the forum dump gives exactly the misspelling and both Keep-Alive syntax errors', () => {
  const result = lint(QUESTION);
  const found = result.diagnostics.map((d) => [d.code, textAt(QUESTION, d.range), d.severity]);
  assert.deepEqual(found, [
    ['keep-alive-not-a-parameter', '300', DiagnosticSeverity.Error],
    ['misspelled-field-name', 'Connections', DiagnosticSeverity.Warning],
    ['keep-alive-syntax', '=', DiagnosticSeverity.Error],
  ]);
  // The `=` underlined is the second one, at column 24 (0-based 23).
  assert.deepEqual(result.diagnostics[2]!.range.start, { line: 3, character: 23 });
});

test('each finding of the forum dump carries its fix', () => {
  const [bare, misspelled, equals] = lint(QUESTION).diagnostics;
  assert.equal(applyFix(QUESTION, bare!.data.fixes[0]!), 'Keep-Alive: timeout=300\nConnections:keep-alive\n\nKeep-Alive: timeout=max=100\n');
  assert.equal(misspelled!.message, 'Unknown header `Connections`: did you mean `Connection`? (field names are singular)');
  assert.equal(applyFix(QUESTION, misspelled!.data.fixes[0]!), 'Keep-Alive: 300\nConnection:keep-alive\n\nKeep-Alive: timeout=max=100\n');
  const titles = equals!.data.fixes.map((f) => f.title);
  assert.deepEqual(titles, ['Replace with `timeout=5, max=100`', 'Replace with `max=100`']);
  assert.equal(applyFix(QUESTION, equals!.data.fixes[0]!), 'Keep-Alive: 300\nConnections:keep-alive\n\nKeep-Alive: timeout=5, max=100\n');
  assert.equal(applyFix(QUESTION, equals!.data.fixes[1]!), 'Keep-Alive: 300\nConnections:keep-alive\n\nKeep-Alive: max=100\n');
});

test('read as an HTTP/1.0 exchange, the connection closes because `Connections` is not `Connection`', () => {
  const dump = 'GET / HTTP/1.0\r\nKeep-Alive: 300\r\nConnections:keep-alive\r\n\r\nHTTP/1.0 200 OK\r\nKeep-Alive: timeout=max=100\r\nContent-Length: 0\r\n\r\n';
  const result = lint(dump);
  const request = result.predictions[0]!.prediction;
  assert.equal(request.persists, false);
  assert.equal(request.reason, 'http10-request-without-keep-alive');
  assert.equal(request.decidedBy, 'request');
  assert.match(request.detail ?? '', /`Connections` is not `Connection`, so its `keep-alive` is ignored/);
  // The response is part of the same exchange, and so shares its verdict.
  assert.equal(result.predictions[1]!.prediction, request);
});

test('without a start line, the fragment is predicted under both versions', () => {
  const { analyses } = analyzeDocument(lint(QUESTION).doc);
  const p = predictMessage(analyses[0]!.view);
  assert.equal(p.reason, 'no-version');
  assert.equal(p.byVersion?.['HTTP/1.0'].persists, false);
  assert.equal(p.byVersion?.['HTTP/1.1'].persists, true);
  assert.match(p.detail ?? '', /`Connections` is not `Connection`/);
});

test('spelled right, the same HTTP/1.0 request keeps the connection if the server agrees', () => {
  const req = { kind: 'request' as const, version: { major: 1, minor: 0 }, method: 'GET', fields: [{ name: 'Connection', value: 'keep-alive' }] };
  const res = { kind: 'response' as const, version: { major: 1, minor: 0 }, status: 200, fields: [{ name: 'Connection', value: 'keep-alive' }, { name: 'Content-Length', value: '0' }] };
  assert.equal(predictExchange(req, undefined).persists, true);
  assert.equal(predictExchange(req, undefined).conditional, true);
  assert.equal(predictExchange(req, res).persists, true);
  const refused = { ...res, fields: [{ name: 'Content-Length', value: '0' }] };
  assert.equal(predictExchange(req, refused).persists, false);
  assert.equal(predictExchange(req, refused).reason, 'http10-response-without-keep-alive');
});
