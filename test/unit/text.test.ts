import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineReader, splitLines } from '../../server/src/language/text';

/** The lines an LSP client sees: vscode-languageserver-textdocument is the reference. */
function lspLines(text: string): string[] {
  const d = TextDocument.create('file:///t', 'x', 1, text);
  return Array.from({ length: d.lineCount }, (_, i) =>
    d.getText({ start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } }).replace(/\r\n$|\r$|\n$/, ''),
  );
}

test('lines split exactly as LSP clients split them (CRLF, CR and LF)', () => {
  for (const text of ['', 'a', 'a\n', 'a\r\nb', 'a\rb\r\nc\n', '\r\n\r\n', 'x\r', 'a\nb\r\nc', '\r', '\n\r', 'ab\r\r\n']) {
    assert.deepEqual(splitLines(text).lines, lspLines(text), JSON.stringify(text));
  }
  fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', ' ', '\r', '\n', '\r\n'), { maxLength: 60 }).map((p) => p.join('')), (text) => {
    const expected = lspLines(text);
    assert.deepEqual(splitLines(text).lines, expected);
    // The parsers read lines one at a time, each where it stands in the text.
    const reader = new LineReader(text);
    const read: string[] = [];
    while (reader.next()) read.push(text.slice(reader.start, reader.end));
    assert.deepEqual(read, expected);
  }), { numRuns: 3000 });
});

test('the line ending reported is the first one used', () => {
  assert.equal(splitLines('a\r\nb\nc').eol, '\r\n');
  assert.equal(splitLines('a\nb\r\nc').eol, '\n');
  assert.equal(splitLines('a\rb').eol, '\r');
  assert.equal(splitLines('one line').eol, '\n');
});
