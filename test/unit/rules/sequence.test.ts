// rules/sequence.ts: a request after an exchange that closed the connection needs a new one (RFC 9112 §9.3, §9.6).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lint, none } from '../../support/lintHelpers';
import { all, EOLS, expectOne, lines } from './ruleAssert';

describe('request-after-close', () => {
  for (const [name, eol] of EOLS) {
    test(`after Connection: close in the request, the next request line is underlined (${name})`, () => {
      const text = lines(eol,
        'GET /a HTTP/1.1', 'Host: a', 'Connection: close', '',
        'HTTP/1.1 200 OK', 'Content-Length: 0', '',
        'GET /b HTTP/1.1', 'Host: a', '', '');
      const d = expectOne(text, 'message', 'request-after-close', { severity: 'information', at: 'GET /b HTTP/1.1', line: 7 });
      // The connection ends after the response, which starts on line 5.
      assert.equal(d.message, 'This request needs a new connection: the exchange on line 5 closes after the response: the request sends `Connection: close`');
    });
  }

  test('after Connection: close in the response', () => {
    const text = 'GET /a HTTP/1.1\nHost: a\n\nHTTP/1.1 200 OK\nConnection: close\nContent-Length: 0\n\nGET /b HTTP/1.1\nHost: a\n\n';
    expectOne(text, 'message', 'request-after-close', { severity: 'information', at: 'GET /b HTTP/1.1', message: 'the server sends `Connection: close`' });
  });

  test('after an HTTP/1.0 exchange without keep-alive, and after a close-delimited response', () => {
    const http10 = 'GET /a HTTP/1.0\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\nGET /b HTTP/1.0\r\n\r\n';
    expectOne(http10, 'message', 'request-after-close', { severity: 'information', at: 'GET /b HTTP/1.0', line: 5 });
    const unframed = 'GET /a HTTP/1.1\nHost: a\n\nHTTP/1.1 200 OK\nContent-Type: text/html\n\n<html></html>\nGET /b HTTP/1.1\nHost: a\n\n';
    expectOne(unframed, 'message', 'request-after-close', { severity: 'information', at: 'GET /b HTTP/1.1', line: 7 });
  });

  test('after a request with no response shown, and after a response with no request shown', () => {
    const requestOnly = 'GET /a HTTP/1.1\nHost: a\nConnection: close\n\nGET /b HTTP/1.1\nHost: a\n\n';
    const d = expectOne(requestOnly, 'message', 'request-after-close', { severity: 'information', at: 'GET /b HTTP/1.1', line: 4 });
    assert.match(d.message, /the exchange on line 1 /);
    expectOne('HTTP/1.1 200 OK\nConnection: close\nContent-Length: 0\n\nGET /b HTTP/1.1\nHost: a\n\n', 'message', 'request-after-close', { severity: 'information', at: 'GET /b HTTP/1.1' });
  });

  test('every request after a closing exchange is reported', () => {
    const text = 'GET /a HTTP/1.0\n\nGET /b HTTP/1.0\n\nGET /c HTTP/1.1\nHost: a\n\n';
    assert.deepEqual(all(text, 'message', 'request-after-close'), [['GET /b HTTP/1.0', 3], ['GET /c HTTP/1.1', 3]]);
  });

  test('a curl trace that re-uses the closed connection: a warning, without the `> ` prefix underlined', () => {
    const text = [
      '* Connected to a (127.0.0.1) port 80', '> GET /a HTTP/1.0', '> Host: a', '>',
      '< HTTP/1.0 200 OK', '< Content-Length: 2', '<', 'ok',
      '* Re-using existing connection with host a', '> GET /b HTTP/1.1', '> Host: a', '>',
      '< HTTP/1.1 200 OK', '< Content-Length: 0', '<',
    ].join('\n');
    const d = expectOne(text, 'message', 'request-after-close', { severity: 'warning', at: 'GET /b HTTP/1.1', line: 9 });
    assert.match(d.message, /^The trace re-uses a connection that the exchange on line 5 closed \(closes after the response: HTTP\/1\.0 request without `Connection: keep-alive`\)$/);
  });

  test('near misses: a persistent exchange before; the trace opens a new connection; the first request', () => {
    none(lint('GET /a HTTP/1.1\nHost: a\n\nHTTP/1.1 200 OK\nContent-Length: 0\n\nGET /b HTTP/1.1\nHost: a\n\n'), 'request-after-close');
    none(lint('GET /a HTTP/1.0\nConnection: keep-alive\n\nHTTP/1.0 200 OK\nConnection: keep-alive\nContent-Length: 0\n\nGET /b HTTP/1.0\nConnection: keep-alive\n\n'), 'request-after-close');
    const reconnected = [
      '* Connected to a (127.0.0.1) port 80', '> GET /a HTTP/1.1', '> Host: a', '> Connection: close', '>',
      '< HTTP/1.1 200 OK', '< Content-Length: 0', '<',
      '* Connected to a (127.0.0.1) port 80', '> GET /b HTTP/1.1', '> Host: a', '>',
      '< HTTP/1.1 200 OK', '< Content-Length: 0', '<',
    ].join('\r\n');
    none(lint(reconnected), 'request-after-close');
    none(lint('GET /a HTTP/1.1\nHost: a\nConnection: close\n\n'), 'request-after-close');
  });

  test('near misses: HTTP/2 multiplexes; a response after a close is no new request; .http requests run on their own', () => {
    none(lint('GET /a HTTP/2\n:authority: a\n\nHTTP/2 200\ncontent-length: 0\n\nGET /b HTTP/2\n:authority: a\n\n'), 'request-after-close');
    none(lint('HTTP/1.1 200 OK\nConnection: close\nContent-Length: 0\n\nHTTP/1.1 200 OK\nContent-Length: 0\n\n'), 'request-after-close');
    none(lint('GET http://a/\nConnection: close\n\n###\nGET http://a/b\n', 'http'), 'request-after-close');
    none(lint('GET http://a/ HTTP/1.0\n\n###\nGET http://a/b HTTP/1.0\n', 'http'), 'request-after-close');
  });
});
