// rules/fieldNames.ts: a name that is a slip for a known one is an unknown field (RFC 9110 §5.1).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixed, lint, none } from '../../support/lintHelpers';
import { all, applyTitled, EOLS, expectOne, lines, titles } from './ruleAssert';

describe('misspelled-field-name', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the name and renames it (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.0', 'Host: a', 'Connections: keep-alive', '', '');
      const d = expectOne(text, 'message', 'misspelled-field-name', { severity: 'warning', at: 'Connections', line: 2 });
      assert.equal(d.message, 'Unknown header `Connections`: did you mean `Connection`? (field names are singular)');
      assert.deepEqual(titles(d), ['Rename to `Connection`']);
      assert.equal(applyTitled(text, d), lines(eol, 'GET / HTTP/1.0', 'Host: a', 'Connection: keep-alive', '', ''));
    });
  }

  test('each kind of slip is named in the message', () => {
    const cases: [string, string, string][] = [
      ['Keep_Alive', 'Keep-Alive', '(field names use `-`, not `_`'],
      ['KeepAlive', 'Keep-Alive', '(the hyphens differ)'],
      ['Content-Lenght', 'Content-Length', 'did you mean `Content-Length`?'],
      ['Authorisation', 'Authorization', 'did you mean `Authorization`?'],
    ];
    for (const [wrong, right, words] of cases) {
      const text = `GET / HTTP/1.1\r\nHost: a\r\n${wrong}: x\r\n\r\n`;
      const d = expectOne(text, 'message', 'misspelled-field-name', { severity: 'warning', at: wrong, message: words });
      assert.equal(applyTitled(text, d), `GET / HTTP/1.1\r\nHost: a\r\n${right}: x\r\n\r\n`);
    }
    // A plain typo has no parenthesis to add.
    assert.doesNotMatch(only(`HTTP/1.1 200 OK\nContent-Lenght: 0\n\n`).message, /\(/);
  });

  test('an all-lower-case name is renamed in lower case (as HTTP/2 dumps write them)', () => {
    const text = 'HTTP/2 200\ncontent-lenght: 0\nserver: x\n\n';
    const d = expectOne(text, 'message', 'misspelled-field-name', { severity: 'warning', at: 'content-lenght' });
    assert.deepEqual(titles(d), ['Rename to `content-length`']);
    assert.equal(applyTitled(text, d), 'HTTP/2 200\ncontent-length: 0\nserver: x\n\n');
  });

  test('a mixed-case name gets the canonical spelling', () => {
    assert.equal(fixed('GET / HTTP/1.1\nHost: a\nUSER_AGENT: x\n\n', 'message', 'misspelled-field-name'), 'GET / HTTP/1.1\nHost: a\nUser-Agent: x\n\n');
  });

  test('in a fragment, a curl trace and an .http file', () => {
    expectOne('Keep-Alive: timeout=5\nConnectoin: keep-alive\n', 'message', 'misspelled-field-name', { severity: 'warning', at: 'Connectoin', line: 1 });
    const trace = '> GET / HTTP/1.1\n> Host: a\n> Acept: */*\n>\n';
    expectOne(trace, 'message', 'misspelled-field-name', { severity: 'warning', at: 'Acept' });
    assert.equal(fixed(trace, 'message', 'misspelled-field-name'), '> GET / HTTP/1.1\n> Host: a\n> Accept: */*\n>\n');
    const http = 'GET http://a/\r\nReferrer: http://b/\r\n';
    expectOne(http, 'http', 'misspelled-field-name', { severity: 'warning', at: 'Referrer' });
    assert.equal(fixed(http, 'http', 'misspelled-field-name'), 'GET http://a/\r\nReferer: http://b/\r\n');
  });

  test('every misspelled field of a message is reported', () => {
    const text = 'GET / HTTP/1.1\nHots: a\nConection: close\nContent_Type: x\n\n';
    assert.deepEqual(all(text, 'message', 'misspelled-field-name').map(([t]) => t), ['Hots', 'Conection', 'Content_Type']);
  });

  test('near misses: known names in any case, custom names, pseudo-headers', () => {
    none(lint('GET / HTTP/1.1\nHost: a\nkeep-alive: timeout=5\nKEEP-ALIVE: max=3\nConnection: keep-alive\n\n'), 'misspelled-field-name');
    none(lint('GET / HTTP/1.1\nHost: a\nX-Request-Id: 1\nX-My-Thing: 2\nX-Host: 3\nHostname: 4\nIP: 5\nData: 6\nPage: 7\n\n'), 'misspelled-field-name');
    none(lint('GET / HTTP/2\n:authority: a\n:path: /\n\n'), 'misspelled-field-name');
  });

  test('near misses in .http files: templated names and httpYac client certificates', () => {
    none(lint('GET http://a/\nConnections{{n}}: 1\nclientcert: ./c.pem\nX-ClientCert: ./c.pem\n', 'http'), 'misspelled-field-name');
    // The same line in a raw dump was sent: there it is a slip for the registered `Client-Cert`.
    expectOne('GET / HTTP/1.1\nHost: a\nclientcert: x\n\n', 'message', 'misspelled-field-name', { severity: 'warning', at: 'clientcert' });
  });
});

function only(text: string) {
  const found = lint(text).diagnostics.filter((d) => d.code === 'misspelled-field-name');
  assert.equal(found.length, 1);
  return found[0]!;
}
