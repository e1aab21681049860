// rules/http2.ts: fields HTTP/2 and HTTP/3 forbid (RFC 9113 §8.2.2, RFC 9114 §4.2) and lower-case names
// (RFC 9113 §8.2.1).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixed, lint, none } from '../../support/lintHelpers';
import { all, applyTitled, EOLS, expectOne, lines, titles } from './ruleAssert';

test('a request line with an HTTP/2 version is a request line, however short', () => {
  // HTTP/2 and HTTP/3 versions have no minor digit (`GET / HTTP/2` is 12 characters, `X / HTTP/3` 10).
  for (const line of ['GET / HTTP/2', 'X / HTTP/3', '> GET / HTTP/2']) {
    const [message] = lint(`${line}\n${line.startsWith('>') ? '> ' : ''}host: a\n\n`).doc.messages;
    assert.equal(message?.kind, 'request', line);
    assert.equal(message?.start?.version?.major, Number(line.slice(-1)), line);
  }
});

describe('h2-connection-specific-field', () => {
  for (const [name, eol] of EOLS) {
    test(`each connection-specific field is underlined and removable (${name})`, () => {
      const text = lines(eol, 'HTTP/2 200', 'content-type: text/html', 'connection: keep-alive', 'keep-alive: timeout=5', 'proxy-connection: x',
        'transfer-encoding: chunked', 'upgrade: h2c', 'content-length: 0', '', '');
      assert.deepEqual(all(text, 'message', 'h2-connection-specific-field'),
        [['connection', 1], ['keep-alive', 1], ['proxy-connection', 1], ['transfer-encoding', 1], ['upgrade', 1]]);
      const d = lint(text).diagnostics.find((x) => x.code === 'h2-connection-specific-field')!;
      assert.equal(d.range.start.line, 2);
      assert.equal(d.message, '`connection` is not allowed in HTTP/2: the message is malformed');
      assert.deepEqual(titles(d), ['Remove `connection`']);
      assert.equal(applyTitled(text, d), lines(eol, 'HTTP/2 200', 'content-type: text/html', 'keep-alive: timeout=5', 'proxy-connection: x',
        'transfer-encoding: chunked', 'upgrade: h2c', 'content-length: 0', '', ''));
    });
  }

  test('an HTTP/2 request line as curl -v prints it, and HTTP/3', () => {
    const h2 = '> GET / HTTP/2\n> Host: a\n> Connection: close\n>\n';
    expectOne(h2, 'message', 'h2-connection-specific-field', { severity: 'error', at: 'Connection', line: 2 });
    assert.equal(fixed(h2, 'message', 'h2-connection-specific-field'), '> GET / HTTP/2\n> Host: a\n>\n');
    expectOne('HTTP/3 200\nconnection: close\ncontent-length: 0\n\n', 'message', 'h2-connection-specific-field', { severity: 'error', at: 'connection', message: 'in HTTP/3' });
    expectOne('HTTP/2.0 200 OK\nconnection: close\n\n', 'message', 'h2-connection-specific-field', { severity: 'error', at: 'connection' });
  });

  test('in an .http file with an HTTP/2 version', () => {
    const text = 'GET https://a/ HTTP/2\r\nConnection: keep-alive\r\nAccept: */*\r\n';
    expectOne(text, 'http', 'h2-connection-specific-field', { severity: 'error', at: 'Connection' });
    assert.equal(fixed(text, 'http', 'h2-connection-specific-field'), 'GET https://a/ HTTP/2\r\nAccept: */*\r\n');
  });

  test('near misses: HTTP/1.1, no version, and fields that only look alike', () => {
    none(lint('HTTP/1.1 200 OK\nConnection: keep-alive\nTransfer-Encoding: chunked\n\n'), 'h2-connection-specific-field');
    none(lint('GET http://a/\nConnection: keep-alive\n', 'http'), 'h2-connection-specific-field');
    none(lint('connection: close\ncontent-length: 0\n'), 'h2-connection-specific-field');
    none(lint('HTTP/2 200\nupgrade-insecure-requests: 1\nalt-svc: h3=":443"\nkeep-alive-timeout: 5\n\n'), 'h2-connection-specific-field');
  });
});

describe('h2-te-not-trailers', () => {
  for (const [name, eol] of EOLS) {
    test(`TE other than trailers is underlined at the name; the fix sets trailers (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/2', ':authority: a', 'te: gzip, trailers', '', '');
      const d = expectOne(text, 'message', 'h2-te-not-trailers', { severity: 'error', at: 'te', line: 2, message: '`TE: gzip, trailers`' });
      assert.deepEqual(titles(d), ['Set to `trailers`']);
      assert.equal(applyTitled(text, d), lines(eol, 'GET / HTTP/2', ':authority: a', 'te: trailers', '', ''));
    });
  }

  test('in an .http file', () => {
    const text = 'GET https://a/ HTTP/2\nTE: deflate\n';
    expectOne(text, 'http', 'h2-te-not-trailers', { severity: 'error', at: 'TE' });
    assert.equal(fixed(text, 'http', 'h2-te-not-trailers'), 'GET https://a/ HTTP/2\nTE: trailers\n');
  });

  test('near misses: trailers in any case, a template, HTTP/1.1', () => {
    none(lint('GET / HTTP/2\n:authority: a\nte: Trailers\n\n'), 'h2-te-not-trailers');
    none(lint('GET https://a/ HTTP/2\nTE: {{te}}\n', 'http'), 'h2-te-not-trailers');
    none(lint('GET / HTTP/1.1\nHost: a\nConnection: TE\nTE: gzip\n\n'), 'h2-te-not-trailers');
  });
});

describe('h2-uppercase-field-name', () => {
  for (const [name, eol] of EOLS) {
    test(`an upper-case name is underlined and lowercased (${name})`, () => {
      const text = lines(eol, 'HTTP/2 200', 'content-type: text/html', 'Server: nginx', 'content-length: 0', '', '');
      const d = expectOne(text, 'message', 'h2-uppercase-field-name', { severity: 'error', at: 'Server', line: 2, message: '`server`' });
      assert.deepEqual(titles(d), ['Write `server`']);
      assert.equal(applyTitled(text, d), lines(eol, 'HTTP/2 200', 'content-type: text/html', 'server: nginx', 'content-length: 0', '', ''));
    });
  }

  test('one upper-case letter is enough; it is reported beside the connection-specific finding', () => {
    const text = 'HTTP/2 200\nx-Request-id: 1\nConnection: close\n\n';
    assert.deepEqual(all(text, 'message', 'h2-uppercase-field-name'), [['x-Request-id', 1], ['Connection', 1]]);
    expectOne(text, 'message', 'h2-connection-specific-field', { severity: 'error', at: 'Connection' });
  });

  test('a curl trace: the response shows what came over the wire', () => {
    const text = '> GET / HTTP/2\n> host: a\n>\n< HTTP/2 200\n< Content-Length: 0\n<\n';
    expectOne(text, 'message', 'h2-uppercase-field-name', { severity: 'error', at: 'Content-Length', line: 4 });
  });

  test('near misses: curl prints its own HTTP/2 request in HTTP/1.1 form; .http files; HTTP/1.1; pseudo-headers', () => {
    // curl -v shows `> Host:` and lowercases names (Host becoming :authority) only when it encodes the request.
    none(lint('> GET / HTTP/2\n> Host: example.com\n> User-Agent: curl/8.4.0\n> Accept: */*\n>\n< HTTP/2 200\n< content-length: 0\n<\n'), 'h2-uppercase-field-name');
    none(lint('GET https://a/ HTTP/2\nContent-Type: application/json\n', 'http'), 'h2-uppercase-field-name');
    none(lint('HTTP/1.1 200 OK\nServer: nginx\nContent-Length: 0\n\n'), 'h2-uppercase-field-name');
    none(lint('GET / HTTP/2\n:authority: a\n:path: /\n\n'), 'h2-uppercase-field-name');
  });
});
