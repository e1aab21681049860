// The server lints .http files piece by piece (between `###`), caching each piece: what it publishes must be
// exactly what a whole-file lint gives, and an edit must re-lint only the piece it touches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { IncrementalLinter } from '../../server/src/language/incremental';
import { lintText } from '../../server/src/language/lint';
import { codeLenses } from '../../server/src/language/codeLens';
import { codeActions, FIX_ALL_KIND } from '../../server/src/language/codeActions';
import { documentSymbols } from '../../server/src/language/symbols';
import { DocumentParts } from '../../server/src/documentState';

const line = fc.constantFrom(
  '###', '### named', '# @name n', '@host = http://127.0.0.1', '@x = {{host}}/a', 'GET /a HTTP/1.1', 'GET http://a/ HTTP/1.0', 'POST {{host}}/p',
  'Connections: keep-alive', 'Connection: close, keep-alive', 'Keep-Alive: 300', 'Keep-Alive: timeout=max=1', 'Host: a', 'Host: b',
  'Content-Length: 1', 'Transfer-Encoding: chunked', 'Upgrade: websocket', '', '{"a": 1}', '> {%', '%}', '< ./file', 'GRPC x/y', '  ?q=1',
);
const docText = fc.tuple(fc.array(line, { maxLength: 50 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));

/** A finding as published (LSP carries it as JSON; the fixes stay with the server, for code actions). */
const plain = (d: object) => {
  const { data: _fixes, ...shown } = JSON.parse(JSON.stringify(d)) as { data?: unknown };
  return JSON.stringify(shown);
};

test('piecewise lint publishes exactly what a whole-file lint finds', () => {
  fc.assert(fc.property(docText, (text) => {
    const whole = lintText(text, 'http-file');
    const parts = new DocumentParts(new IncrementalLinter().lint(text));
    assert.deepEqual(parts.diagnostics().map(plain), whole.diagnostics.map(plain));
    assert.deepEqual(parts.codeLenses('u').map((l) => JSON.stringify(l)), codeLenses(whole, 'u').map((l) => JSON.stringify(l)));
    assert.deepEqual(parts.symbols().map((s) => JSON.stringify([s.name, s.range])), documentSymbols(whole).map((s) => JSON.stringify([s.name, s.range])));
  }), { numRuns: 1500 });
});

test('piecewise quick fixes and Fix All are exactly the whole-file ones, moved with their piece', () => {
  fc.assert(fc.property(docText, (text) => {
    const whole = lintText(text, 'http-file');
    const parts = new DocumentParts(new IncrementalLinter().lint(text));
    const everywhere = { start: { line: 0, character: 0 }, end: { line: whole.doc.lines.length, character: 0 } };
    const json = (actions: readonly object[]) => actions.map((a) => JSON.stringify(a));
    assert.deepEqual(json(parts.codeActions('u', everywhere)), json(codeActions(whole, 'u', everywhere)));
    assert.deepEqual(json(parts.codeActions('u', everywhere, [FIX_ALL_KIND])), json(codeActions(whole, 'u', everywhere, [FIX_ALL_KIND])));
  }), { numRuns: 500 });
});

test('an edit re-lints only the piece it touches', () => {
  const linter = new IncrementalLinter();
  const pieces = Array.from({ length: 50 }, (_, i) => `###\nGET http://a/${i}\nConnections: x\n`);
  const first = linter.lint(pieces.join(''));
  const edited = [...pieces];
  edited[20] = '###\nGET http://a/20\nConnection: x\n';
  const second = linter.lint(edited.join(''));
  const reused = second.filter((p, i) => p.result === first[i]!.result).length;
  assert.equal(reused, 49, 'the 49 unchanged requests are reused');
  assert.notEqual(second[20]!.result, first[20]!.result);
  assert.equal(second[20]!.result.diagnostics.length, 0);
});

test('a variable defined in another piece counts (host-missing), and changing it re-lints', () => {
  const linter = new IncrementalLinter();
  const text = '###\nGET /a\n\n###\n@host = http://127.0.0.1\n';
  assert.deepEqual(new DocumentParts(linter.lint(text)).diagnostics().map((d) => d.code), []);
  const without = new DocumentParts(linter.lint(text.replace('@host', '@other'))).diagnostics();
  assert.deepEqual(without.map((d) => d.code), ['host-missing']);
});
