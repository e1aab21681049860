// Finding where an env file stops being JSON: agreeing with JSON.parse on what is valid, and pointing at the place.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { lineAndCharacter, locateJsonError } from '../../server/src/language/jsonError';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('locateJsonError', () => {
  test('valid JSON has no error', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\n\\u00e9"]} ', '"s"', '0', '{"a":{"b":{}}}']) {
      assert.equal(locateJsonError(text), undefined, text);
    }
  });

  test('each error points at the first character that cannot go on, and says what could', () => {
    const cases: [string, number, string][] = [
      ['{\n  "dev": {\n    "host": \n}', 26, 'a value'],
      ['{"a": 1,}', 8, 'a property name in double quotes'],
      ['{"a" 1}', 5, '`:`'],
      ['{"a": 1 "b": 2}', 8, '`,` or `}`'],
      ['[1, 2', 5, '`,` or `]`'],
      ['{"dev": ', 8, 'a value'],
      ['', 0, 'a value'],
      ['{} x', 3, 'the end of the text'],
      ['{"a": 01}', 7, '`,` or `}`'],
      ['{"a": "x\ty"}', 8, 'an escaped control character'],
      ['{"a": "\\q"}', 8, 'an escape: one of " \\ / b f n r t u'],
      ['{"a": -}', 7, 'a digit'],
      ['{"port": 80.}', 12, 'a digit'],
      ['[1e]', 3, 'a digit'],
      ['[1E+]', 4, 'a digit'],
      ["{'a': 1}", 1, 'a property name in double quotes'],
      ['{"a": "open', 11, 'a closing `"`'],
    ];
    for (const [text, offset, expected] of cases) {
      assert.equal(parses(text), false, text);
      assert.deepEqual(locateJsonError(text), { offset, expected }, text);
    }
  });

  test('agrees with JSON.parse on any JSON value and on any string', () => {
    fc.assert(fc.property(fc.json(), (text) => locateJsonError(text) === undefined), { numRuns: 500 });
    const jsonish = fc.array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', ' ', '\n', '1', '-', '.', 'e', 'a', '\\', 'u', 'true', 'null'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.oneof(jsonish, fc.string()), (text) => {
      const found = locateJsonError(text);
      assert.equal(found === undefined, parses(text), JSON.stringify(text));
      if (found) assert.ok(found.offset >= 0 && found.offset <= text.length);
    }), { numRuns: 3000 });
  });

  test('deep nesting neither overflows the stack nor takes more than linear time', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    assert.equal(locateJsonError(deep), undefined);
    assert.deepEqual(locateJsonError('['.repeat(200_000)), { offset: 200_000, expected: 'a value' });
  });
});

describe('lineAndCharacter', () => {
  test('counts lines ended by LF, CRLF or CR alone, as LSP does, and characters in UTF-16 units', () => {
    assert.deepEqual(lineAndCharacter('ab\ncd\r\nef', 0), { line: 0, character: 0 });
    assert.deepEqual(lineAndCharacter('ab\ncd\r\nef', 4), { line: 1, character: 1 });
    assert.deepEqual(lineAndCharacter('ab\ncd\r\nef', 8), { line: 2, character: 1 });
    assert.deepEqual(lineAndCharacter('ab\rcd\ref', 7), { line: 2, character: 1 });
    assert.deepEqual(lineAndCharacter('é😀\nx', 3), { line: 0, character: 3 });
  });
});
