// Properties that must hold for any input: no exception, every range inside the document, linear time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Range } from 'vscode-languageserver-types';
import { doComplete } from '../../server/src/language/completion';
import { doHover } from '../../server/src/language/hover';
import { lintText, type LintResult } from '../../server/src/language/lint';
import type { DocumentKind } from '../../server/src/language/parse/types';
import { splitLines } from '../../server/src/language/text';
import { assertLinearTime } from '../support/linearTime';

/** Lines that look like HTTP, so that the fuzzer reaches deep into the parsers rather than bouncing off. */
const httpish = fc.oneof(
  fc.constantFrom(
    'GET / HTTP/1.1', 'GET http://a/ HTTP/1.0', 'HTTP/1.1 200 OK', 'HTTP/1.0 204 No Content', 'HTTP/2 200', 'POST {{host}}/x',
    'Connection: keep-alive', 'Connection: close, keep-alive', 'Connections:keep-alive', 'Keep-Alive: 300', 'Keep-Alive: timeout=max=100',
    'Keep-Alive: timeout="5", max=', 'Content-Length: 12', 'Content-Length: 1, 2', 'Transfer-Encoding: gzip', 'TE: trailers', 'Host: a',
    '###', '### title', '# @name x', '@var = {{other}}', '< ./file.json', '<@ ./f', '> {%', '%}', '{{', '}}', '/*', '*/', '?? status == 200',
    '> GET / HTTP/1.1', '< HTTP/1.1 200 OK', '* Connected to a', '< ', '>', '', ' ', '\t folded', ':authority: x', ': novalue', 'Name : v',
    '"a": 1', '{', '}', '$ curl -v x', '```', 'fragment X on Y {', 'proto < ./p', 'import ./a.http', 'ws://x', '...spread',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const documentText = fc.tuple(fc.array(httpish, { maxLength: 40 }), eol).map(([lines, e]) => lines.join(e));
const kind = fc.constantFrom<DocumentKind>('http-file', 'message');

function assertInside(range: Range, lines: readonly string[], what: string): void {
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} outside 0..${lines.length - 1}`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line]!.length, `${what}: character ${p.character} outside line ${p.line} (length ${lines[p.line]!.length})`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: range ends before it starts`);
}

function assertRangesInside(text: string, result: LintResult): void {
  const { lines } = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  for (const d of result.diagnostics) {
    assertInside(d.range, lines, `diagnostic ${d.code}`);
    for (const fix of d.data.fixes) for (const e of fix.edits) assertInside(e.range, lines, `fix "${fix.title}" of ${d.code}`);
  }
}

test('parse and lint never throw, and every range and edit lies inside the document', () => {
  fc.assert(
    fc.property(documentText, kind, (text, k) => {
      assertRangesInside(text, lintText(text, k));
    }),
    { numRuns: 3000 },
  );
});

test('the same holds for arbitrary strings, not only HTTP-looking ones', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), kind, (text, k) => assertRangesInside(text, lintText(text, k))), { numRuns: 2000 });
});

test('hover and completion never throw, wherever the cursor is', () => {
  fc.assert(
    fc.property(documentText, kind, fc.nat(60), fc.nat(80), (text, k, line, character) => {
      const result = lintText(text, k);
      const hover = doHover(result, { line, character });
      if (hover?.range) assertInside(hover.range, result.doc.lines, 'hover');
      for (const item of doComplete(result, { line, character }).items) {
        const edit = item.textEdit as { range: Range } | undefined;
        if (edit) assertInside(edit.range, result.doc.lines, `completion ${item.label}`);
      }
    }),
    { numRuns: 1500 },
  );
});

const MB = 1 << 20;
/** Makes every text of the distinct-names case new, so that the spelling memo never answers for it. */
let distinctRuns = 0;
const pathological: [string, (n: number) => string, number, DocumentKind][] = [
  ['one long field value', (n) => `GET / HTTP/1.1\r\nHost: a\r\nX-Long: ${'a'.repeat(n)}\r\n\r\n`, MB / 8, 'message'],
  ['one long field name', (n) => `HTTP/1.1 200 OK\r\n${'N'.repeat(n)}: v\r\n\r\n`, MB / 8, 'message'],
  ['one long line of no kind', (n) => 'x'.repeat(n), MB / 8, 'message'],
  ['a long Connection list', (n) => `GET / HTTP/1.1\r\nHost: a\r\nConnection: ${'keep-alive, '.repeat(n / 12)}close\r\n\r\n`, MB / 8, 'message'],
  ['a long Keep-Alive list', (n) => `HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: ${'timeout=5, '.repeat(n / 11)}max=1\r\n\r\n`, MB / 8, 'message'],
  ['a long run of `=`', (n) => `HTTP/1.1 200 OK\r\nKeep-Alive: timeout${'='.repeat(n)}\r\n\r\n`, MB / 8, 'message'],
  ['unclosed quotes and templates', (n) => `GET {{x/\nKeep-Alive: "${'{{'.repeat(n / 2)}\n`, MB / 8, 'http-file'],
  ['many headers', (n) => `GET / HTTP/1.1\r\n${Array.from({ length: n }, (_, i) => `X-H${i % 97}: v${i}`).join('\r\n')}\r\n\r\n`, 100_000 / 8, 'message'],
  ['many misspelled distinct headers', (n) => {
    const salt = ++distinctRuns;
    return `HTTP/1.1 200 OK\r\n${Array.from({ length: n }, (_, i) => `Conection${salt}x${i}: x`).join('\r\n')}\r\n\r\n`;
  }, 100_000 / 8, 'message'],
  ['a run of spaces inside a metadata value', (n) => `# @name a${' '.repeat(n)}b\nGET http://a/\n`, MB / 64, 'http-file'],
  ['a run of spaces inside a variable value', (n) => `@x = a${' '.repeat(n)}b\nGET http://a/\n`, MB / 64, 'http-file'],
  ['a run of spaces inside a body file path', (n) => `POST http://a/\n\n< ./a${' '.repeat(n)}b\n`, MB / 64, 'http-file'],
  ['a request line of unclosed {{', (n) => `GET http://a/${'{{'.repeat(n / 2)} HTTP/1.1\n`, MB / 64, 'http-file'],
  ['a run of CRLFs ending in a lone CR', (n) => `${'X-A: 1\r\n'.repeat(n / 8)}\r`, MB / 8, 'message'],
  // Each head line without a colon would search the lines after it for one.
  ['many dump head lines with no colon before one with', (n) => `HTTP/1.1 200 OK\r\n${'Xa\r\n'.repeat(n / 4)}X: 1\r\n\r\n`, MB / 8, 'message'],
  ['many requests', (n) => Array.from({ length: n }, (_, i) => `###\nGET http://127.0.0.1/${i} HTTP/1.0\nConnection: keep-alive\n`).join(''), 10_000 / 8, 'http-file'],
  ['many curl lines', (n) => Array.from({ length: n }, () => '> GET / HTTP/1.1\n> Host: a\n>\n< HTTP/1.1 200 OK\n< Content-Length: 0\n<\n').join(''), 20_000 / 8, 'message'],
];

for (const [name, make, n, k] of pathological) {
  test(`linear time: ${name}`, () => assertLinearTime(name, make, (text) => lintText(text, k), n));
}

test('a 1 MB single line and 100,000 headers lint without error', () => {
  const oneLine = `GET / HTTP/1.1\r\nHost: a\r\nX: ${'z'.repeat(MB)}\r\n\r\n`;
  assert.equal(lintText(oneLine, 'message').diagnostics.length, 0);
  const many = `HTTP/1.1 200 OK\r\nContent-Length: 0\r\n${Array.from({ length: 100_000 }, (_, i) => `X-Header-${i}: ${i}`).join('\r\n')}\r\n\r\n`;
  const result = lintText(many, 'message');
  assert.equal(result.doc.messages[0]!.headers.length, 100_001);
});
