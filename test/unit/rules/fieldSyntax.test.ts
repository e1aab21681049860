// rules/fieldSyntax.ts: the shape of each field line (RFC 9110 §5.1, §5.5, §5.6.2; RFC 9112 §5, §5.1, §5.2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixed, lint, none, textAt } from '../../support/lintHelpers';
import { all, applyTitled, EOLS, expectOne, lines, titles } from './ruleAssert';

describe('invalid-field-name', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the first character outside tchar (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host: a', 'X-Trace@Id: 1', '', '');
      expectOne(text, 'message', 'invalid-field-name', { severity: 'error', at: '@', line: 2, message: '`X-Trace@Id` contains `@`' });
    });
  }

  test('names a space and a tab in words', () => {
    const text = 'GET / HTTP/1.1\r\nHost: a\r\nX Forwarded: 1\r\nX\tReal: 2\r\n\r\n';
    const found = lint(text).diagnostics.filter((d) => d.code === 'invalid-field-name');
    assert.deepEqual(found.map((d) => [textAt(text, d.range), d.range.start.line, d.range.start.character]), [[' ', 2, 1], ['\t', 3, 1]]);
    assert.match(found[0]!.message, /contains a space/);
    assert.match(found[1]!.message, /contains a tab/);
  });

  test('only the first bad character of a name is reported', () => {
    const text = 'HTTP/1.1 200 OK\nX@Y@Z: 1\nContent-Length: 0\n\n';
    assert.deepEqual(all(text, 'message', 'invalid-field-name'), [['@', 1]]);
    expectOne(text, 'message', 'invalid-field-name', { severity: 'error', at: '@', line: 1 });
    assert.equal(only1(text).range.start.character, 1);
  });

  test('a non-ASCII letter is underlined whole, even outside the BMP', () => {
    const text = 'GET / HTTP/1.1\r\nHost: a\r\nX-Größe: 1\r\nX-😀-Id: 2\r\n\r\n';
    const found = lint(text).diagnostics.filter((d) => d.code === 'invalid-field-name');
    assert.deepEqual(found.map((d) => textAt(text, d.range)), ['ö', '😀']);
    assert.match(found[1]!.message, /non-ASCII character `😀`/);
  });

  test('a pseudo-header is invalid in HTTP/1.1 but not in HTTP/2', () => {
    expectOne('GET / HTTP/1.1\nHost: a\n:authority: a\n\n', 'message', 'invalid-field-name', { severity: 'error', at: ':', line: 2 });
    none(lint('GET / HTTP/2\n:authority: a\n:path: /\n\n'), 'invalid-field-name');
    none(lint('HTTP/2 200\n:status: 200\ncontent-length: 0\n\n'), 'invalid-field-name');
  });

  test('every tchar is accepted', () => {
    none(lint("GET / HTTP/1.1\r\nHost: a\r\nX-A_b.c~!#$%&'*+^`|9: 1\r\n\r\n"), 'invalid-field-name');
  });

  test('a templated name in an .http file is not judged', () => {
    none(lint('GET http://a/\nX-{{suffix}}: 1\n{{name}}: 2\n\n', 'http'), 'invalid-field-name');
  });

  test('in an .http file a line whose name is not a token is where the body starts (as httpYac reads it)', () => {
    const text = 'POST http://a/\nX-Trace@Id: 1\n';
    none(lint(text, 'http'), 'invalid-field-name');
    expectOne(text, 'http', 'body-without-blank-line', { severity: 'information', at: 'X-Trace@Id: 1' });
  });
});

/** The one invalid-field-name finding. */
function only1(text: string) {
  const found = lint(text).diagnostics.filter((d) => d.code === 'invalid-field-name');
  assert.equal(found.length, 1);
  return found[0]!;
}

describe('empty-field-name', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the colon of a field line with no name (${name})`, () => {
      const text = lines(eol, 'HTTP/1.1 200 OK', ': value', 'Content-Length: 0', '', '');
      expectOne(text, 'message', 'empty-field-name', { severity: 'error', at: ':', line: 1 });
    });
  }

  test('near misses: a pseudo-header has a name; a fragment does not start at a bare colon', () => {
    none(lint('HTTP/2 200\n:status: 200\n\n'), 'empty-field-name');
    none(lint(': value\nX-A: 1\n'), 'empty-field-name');
    none(lint('GET http://a/\nX-A: 1\n', 'http'), 'empty-field-name');
  });
});

describe('space-before-colon', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the whitespace and removes it (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host : example.com', 'Accept: */*', '', '');
      const d = expectOne(text, 'message', 'space-before-colon', { severity: 'error', at: ' ', line: 1, message: '`Host`' });
      assert.deepEqual(titles(d), ['Remove the whitespace']);
      assert.equal(applyTitled(text, d), lines(eol, 'GET / HTTP/1.1', 'Host: example.com', 'Accept: */*', '', ''));
    });
  }

  test('tabs and several spaces are underlined together', () => {
    const text = 'HTTP/1.1 200 OK\nContent-Type \t : text/plain\nContent-Length: 0\n\n';
    expectOne(text, 'message', 'space-before-colon', { severity: 'error', at: ' \t ' });
    assert.equal(fixed(text, 'message', 'space-before-colon'), 'HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 0\n\n');
  });

  test('in an .http file too', () => {
    const text = 'POST http://a/\r\nContent-Type  : application/json\r\n\r\n{}';
    expectOne(text, 'http', 'space-before-colon', { severity: 'error', at: '  ' });
    assert.equal(fixed(text, 'http', 'space-before-colon'), 'POST http://a/\r\nContent-Type: application/json\r\n\r\n{}');
  });

  test('near misses: whitespace after the colon, or none at all', () => {
    none(lint('GET / HTTP/1.1\nHost:a\nAccept:    */*   \n\n'), 'space-before-colon');
    none(lint('GET http://a/\nAccept:\t*/*\n', 'http'), 'space-before-colon');
  });
});

describe('obsolete-line-folding', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the continuation line and joins it (${name})`, () => {
      const text = lines(eol, 'HTTP/1.1 200 OK', 'X-Long: a,', '  b', 'Content-Length: 0', '', '');
      const d = expectOne(text, 'message', 'obsolete-line-folding', { severity: 'warning', at: '  b', line: 2, message: '`X-Long`' });
      assert.deepEqual(titles(d), ['Join the value onto one line']);
      assert.equal(applyTitled(text, d), lines(eol, 'HTTP/1.1 200 OK', 'X-Long: a, b', 'Content-Length: 0', '', ''));
    });

    test(`several continuation lines: one finding, one fix for all (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host: a', 'X-List: a,  ', '\tb,', '    c', 'Accept: */*', '', '');
      const d = expectOne(text, 'message', 'obsolete-line-folding', { severity: 'warning', at: lines(eol, '\tb,', '    c'), line: 3 });
      assert.equal(applyTitled(text, d), lines(eol, 'GET / HTTP/1.1', 'Host: a', 'X-List: a, b, c', 'Accept: */*', '', ''));
    });
  }

  test('a fold after an empty first line', () => {
    const text = 'HTTP/1.1 200 OK\nX-Long:\n  value\nContent-Length: 0\n\n';
    assert.equal(fixed(text, 'message', 'obsolete-line-folding'), 'HTTP/1.1 200 OK\nX-Long: value\nContent-Length: 0\n\n');
  });

  test('a fold in a curl trace keeps the `< ` prefix out of the value', () => {
    const text = '< HTTP/1.1 200 OK\n< X-Long: a\n<    b\n< Content-Length: 0\n<\n';
    expectOne(text, 'message', 'obsolete-line-folding', { severity: 'warning', at: '   b' });
    assert.equal(fixed(text, 'message', 'obsolete-line-folding'), '< HTTP/1.1 200 OK\n< X-Long: a b\n< Content-Length: 0\n<\n');
  });

  test('in an indented dump, the indentation shared by every line is not underlined', () => {
    const text = '    HTTP/1.1 200 OK\n    X-Long: a\n      b\n    Content-Length: 0\n\n';
    expectOne(text, 'message', 'obsolete-line-folding', { severity: 'warning', at: '  b', line: 2 });
    assert.equal(fixed(text, 'message', 'obsolete-line-folding'), '    HTTP/1.1 200 OK\n    X-Long: a b\n    Content-Length: 0\n\n');
  });

  test('near misses: a uniformly indented dump, spaces inside a value, an .http continuation', () => {
    none(lint('  HTTP/1.1 200 OK\n  X-A: 1\n  Content-Length: 0\n\n'), 'obsolete-line-folding');
    none(lint('HTTP/1.1 200 OK\nX-A: a   b\nContent-Length: 0\n\n'), 'obsolete-line-folding');
    // .http tools join indented lines themselves: nothing folded reaches the wire.
    none(lint('GET http://a/\nX-Long: a,\n  b\n', 'http'), 'obsolete-line-folding');
  });
});

describe('non-ascii-field-value', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the run of non-ASCII characters (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host: a', 'X-City: Zürich', '', '');
      expectOne(text, 'message', 'non-ascii-field-value', { severity: 'warning', at: 'ü', line: 2, message: '`X-City`' });
    });
  }

  test('one finding per field, at its first run; characters outside the BMP are whole', () => {
    const text = 'HTTP/1.1 200 OK\nX-A: naïve café\nX-B: ok 😀😀 ok\nContent-Length: 0\n\n';
    assert.deepEqual(all(text, 'message', 'non-ascii-field-value'), [['ï', 2], ['😀😀', 2]]);
  });

  test('in an .http file too', () => {
    expectOne('GET http://a/\nX-Name: José\n', 'http', 'non-ascii-field-value', { severity: 'warning', at: 'é' });
  });

  test('non-ASCII in a start line, a body or a name marks no field value after it; one far after them is found', () => {
    const text = 'POST /café HTTP/1.1\nHost: a\nContent-Length: 6\n\ncrème\n' + 'GET / HTTP/1.1\nHost: b\nX-Größe: 1\nX-A: plain\n\n'.repeat(50) +
      'GET / HTTP/1.1\nHost: c\nX-City: Zürich\nX-B: plain\n\n';
    const found = lint(text).diagnostics.filter((d) => d.code === 'non-ascii-field-value');
    assert.deepEqual(found.map((d) => [textAt(text, d.range), d.range.start.line]), [['ü', 257]]);
  });

  test('in a folded continuation, and in a value after a folded one', () => {
    assert.deepEqual(all('HTTP/1.1 200 OK\nX-A: plain\n  café\nX-B: señor\nContent-Length: 0\n\n', 'message', 'non-ascii-field-value'), [['é', 2], ['ñ', 2]]);
  });

  test('near misses: ASCII with a tab, percent-encoding, a templated value', () => {
    none(lint('GET / HTTP/1.1\nHost: a\nX-A: a\tb\nX-B: Jos%C3%A9\n\n'), 'non-ascii-field-value');
    none(lint('GET http://a/\nX-Name: {{name}} é\n', 'http'), 'non-ascii-field-value');
  });

  test('a value is templated by its own {{, however far the one before it, and not by the next line\'s', () => {
    const between = 'X-Plain: ' + 'a'.repeat(100) + '\n';
    const text = 'GET http://a/\nX-A: {{a}}\n' + between.repeat(100) + 'X-Name: {{name}} é\nX-City: Zürich {\n{{b}}\n';
    assert.deepEqual(all(text, 'http', 'non-ascii-field-value'), [['ü', 2]]);
  });
});

describe('invalid-field-value', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines a NUL in a value (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host: a', 'X-A: a\u0000b', '', '');
      expectOne(text, 'message', 'invalid-field-value', { severity: 'error', at: '\u0000', line: 2, message: 'U+0000' });
    });
  }

  test('DEL is a control character; only the first one is reported, and it hides the non-ASCII finding', () => {
    const text = 'HTTP/1.1 200 OK\nX-A: é\u007fx\u0001\nContent-Length: 0\n\n';
    expectOne(text, 'message', 'invalid-field-value', { severity: 'error', at: '\u007f', message: 'U+007F' });
    none(lint(text), 'non-ascii-field-value');
  });

  test('in an .http file too', () => {
    expectOne('GET http://a/\nX-A: a\u0001b\n', 'http', 'invalid-field-value', { severity: 'error', at: '\u0001', message: 'U+0001' });
  });

  test('every control character is found in a file otherwise of plain ASCII, in a dump and in an .http file', () => {
    const controls = [...Array.from({ length: 32 }, (_, c) => c).filter((c) => c !== 9 && c !== 10 && c !== 13), 0x7f];
    const plain = 'X-Plain: ' + 'a'.repeat(200) + '\n';
    for (const c of controls) {
      const ch = String.fromCharCode(c);
      const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      expectOne(`GET / HTTP/1.1\nHost: a\n${plain.repeat(20)}X-A: a${ch}b\n\n`, 'message', 'invalid-field-value', { severity: 'error', at: ch, message: code });
      expectOne(`GET http://a/\n${plain.repeat(20)}X-A: a${ch}b\n`, 'http', 'invalid-field-value', { severity: 'error', at: ch, message: code });
    }
  });

  test('near miss: a tab inside a value is allowed', () => {
    none(lint('GET / HTTP/1.1\r\nHost: a\r\nX-A: a\tb\r\n\r\n'), 'invalid-field-value');
  });
});

describe('malformed-header-line', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines a line with no colon, trailing blanks excluded (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host: a', 'this is not a header   ', 'Accept: */*', '', '');
      expectOne(text, 'message', 'malformed-header-line', { severity: 'error', at: 'this is not a header', line: 2 });
    });
  }

  test('in an .http file it is a warning, and says a blank line may be missing', () => {
    const text = 'POST http://a/\nContent-Type application/json\n\n{}';
    const d = expectOne(text, 'http', 'malformed-header-line', { severity: 'warning', at: 'Content-Type application/json', line: 1 });
    assert.match(d.message, /or a blank line before the body/);
  });

  test('near misses: prose after a fragment, comments in an .http header section, a body after the blank line', () => {
    none(lint('X-A: 1\nthis sentence follows the headers\n'), 'malformed-header-line');
    none(lint('GET http://a/\n# a comment\n// another\nAccept: */*\n\nnot a header\n', 'http'), 'malformed-header-line');
    none(lint('HTTP/1.1 200 OK\nContent-Length: 12\n\nnot a header'), 'malformed-header-line');
  });
});

describe('body-without-blank-line', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the first body line and inserts the blank line (${name})`, () => {
      const text = lines(eol, 'POST http://a/', 'Content-Type: application/json', '{"a": 1}', '');
      const d = expectOne(text, 'http', 'body-without-blank-line', { severity: 'information', at: '{"a": 1}', line: 2 });
      assert.deepEqual(titles(d), ['Insert a blank line before the body']);
      assert.equal(applyTitled(text, d), lines(eol, 'POST http://a/', 'Content-Type: application/json', '', '{"a": 1}', ''));
    });
  }

  test('near misses: a blank line is there; raw dumps never get it', () => {
    none(lint('POST http://a/\nContent-Type: application/json\n\n{"a": 1}\n', 'http'), 'body-without-blank-line');
    none(lint('POST / HTTP/1.1\nHost: a\nContent-Length: 2\n\n{}'), 'body-without-blank-line');
  });
});
