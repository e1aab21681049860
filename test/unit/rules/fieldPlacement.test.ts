// rules/fieldPlacement.ts: how often a field may appear (RFC 9110 §5.3), Host (RFC 9112 §3.2), which direction a
// field belongs to, and the registry's deprecated names (RFC 9110 §16.3.1).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixed, lint, none } from '../../support/lintHelpers';
import { all, applyTitled, EOLS, expectOne, lines, titles } from './ruleAssert';

describe('singleton-field-repeated', () => {
  for (const [name, eol] of EOLS) {
    test(`an identical copy: underlined at its name, removable (${name})`, () => {
      const text = lines(eol, 'POST / HTTP/1.1', 'Host: a', 'Content-Type: application/json', 'Content-Type: application/json', 'Content-Length: 2', '', '{}');
      const d = expectOne(text, 'message', 'singleton-field-repeated', { severity: 'warning', at: 'Content-Type', line: 3, message: 'this copy repeats the first' });
      assert.deepEqual(titles(d), ['Remove the duplicate `Content-Type`']);
      assert.equal(applyTitled(text, d), lines(eol, 'POST / HTTP/1.1', 'Host: a', 'Content-Type: application/json', 'Content-Length: 2', '', '{}'));
    });
  }

  test('a different value: no fix, since which one to keep is the question', () => {
    const text = 'GET / HTTP/1.1\nHost: a\nAuthorization: Bearer x\nauthorization: Bearer y\n\n';
    const d = expectOne(text, 'message', 'singleton-field-repeated', { severity: 'warning', at: 'authorization', line: 3, message: '`Authorization` may appear only once: recipients will disagree' });
    assert.deepEqual(titles(d), []);
  });

  test('every extra copy is reported', () => {
    const text = 'HTTP/1.1 200 OK\nETag: "a"\nETag: "a"\nETag: "b"\nContent-Length: 0\n\n';
    assert.deepEqual(all(text, 'message', 'singleton-field-repeated'), [['ETag', 2], ['ETag', 2]]);
  });

  test('Host twice is an error (a server must answer 400)', () => {
    const text = 'GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n';
    expectOne(text, 'message', 'singleton-field-repeated', { severity: 'error', at: 'Host', line: 2, message: 'a server must answer 400' });
    assert.equal(fixed(text, 'message', 'singleton-field-repeated'), 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    const d = expectOne('GET / HTTP/1.1\nHost: a\nHost: b\n\n', 'message', 'singleton-field-repeated', { severity: 'error', at: 'Host', line: 2 });
    assert.deepEqual(titles(d), []);
  });

  test('in an .http file', () => {
    const text = 'GET http://a/\nAccept: */*\nUser-Agent: x\nUser-Agent: x\n';
    expectOne(text, 'http', 'singleton-field-repeated', { severity: 'warning', at: 'User-Agent', line: 3 });
    assert.equal(fixed(text, 'http', 'singleton-field-repeated'), 'GET http://a/\nAccept: */*\nUser-Agent: x\n');
  });

  test('near misses: list fields, Set-Cookie, unknown fields, and Content-Length (its own rule)', () => {
    none(lint('HTTP/1.1 200 OK\nVary: a\nVary: b\nSet-Cookie: a=1\nSet-Cookie: b=2\nX-Custom: 1\nX-Custom: 2\nContent-Length: 0\nContent-Length: 0\n\n'), 'singleton-field-repeated');
    none(lint('GET / HTTP/1.1\nHost: a\nAccept: text/html\nAccept: */*\nCache-Control: no-cache\nCache-Control: max-age=0\n\n'), 'singleton-field-repeated');
  });
});

describe('host-missing', () => {
  for (const [name, eol] of EOLS) {
    test(`an HTTP/1.1 request without Host: the target is underlined (${name})`, () => {
      const text = lines(eol, 'GET /index.html HTTP/1.1', 'Accept: */*', '', '');
      expectOne(text, 'message', 'host-missing', { severity: 'error', at: '/index.html', line: 0, message: 'a server must answer 400' });
    });
  }

  test('whatever the form of the target (RFC 9112 §3.2, §3.2.2: "all HTTP/1.1 request messages")', () => {
    expectOne('GET http://example.com/ HTTP/1.1\n\n', 'message', 'host-missing', { severity: 'error', at: 'http://example.com/' });
    expectOne('CONNECT example.com:443 HTTP/1.1\n\n', 'message', 'host-missing', { severity: 'error', at: 'example.com:443' });
    expectOne('OPTIONS * HTTP/1.1\n\n', 'message', 'host-missing', { severity: 'error', at: '*' });
  });

  test('in a curl trace', () => {
    expectOne('> GET /x HTTP/1.1\n> Accept: */*\n>\n', 'message', 'host-missing', { severity: 'error', at: '/x' });
  });

  test('in an .http file, a path with nowhere to go is a warning', () => {
    const d = expectOne('GET /api/users\nAccept: */*\n', 'http', 'host-missing', { severity: 'warning', at: '/api/users' });
    assert.match(d.message, /define a `host` variable/);
    expectOne('POST /api HTTP/1.1\r\n\r\n{}', 'http', 'host-missing', { severity: 'warning', at: '/api' });
  });

  test('near misses: Host in any case, HTTP/1.0, HTTP/2, responses and fragments', () => {
    none(lint('GET / HTTP/1.1\nhost: a\n\n'), 'host-missing');
    none(lint('GET / HTTP/1.0\n\n'), 'host-missing');
    none(lint('GET / HTTP/2\n:authority: a\n\n'), 'host-missing');
    none(lint('HTTP/1.1 200 OK\nContent-Length: 0\n\n'), 'host-missing');
    none(lint('Accept: */*\nUser-Agent: x\n'), 'host-missing');
  });

  test('near misses in .http files: a full URL, a host variable, a templated target, a Host header', () => {
    none(lint('GET http://a/x\n', 'http'), 'host-missing');
    none(lint('@host = http://a\n\nGET /x\n', 'http'), 'host-missing');
    none(lint('GET {{baseUrl}}/x\n', 'http'), 'host-missing');
    none(lint('GET /x\nHost: a\n', 'http'), 'host-missing');
  });
});

describe('field-wrong-direction', () => {
  for (const [name, eol] of EOLS) {
    test(`a response field in a request: underlined, removable (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host: a', 'Access-Control-Allow-Origin: *', 'Accept: */*', '', '');
      const d = expectOne(text, 'message', 'field-wrong-direction', { severity: 'warning', at: 'Access-Control-Allow-Origin', line: 2, message: 'is a response field; in a request it is ignored' });
      assert.deepEqual(titles(d), ['Remove `Access-Control-Allow-Origin`']);
      assert.equal(applyTitled(text, d, 'Remove `Access-Control-Allow-Origin`'), lines(eol, 'GET / HTTP/1.1', 'Host: a', 'Accept: */*', '', ''));
    });

    test(`a request field in a response (${name})`, () => {
      const text = lines(eol, 'HTTP/1.1 200 OK', 'Content-Length: 0', 'user-agent: x', '', '');
      const d = expectOne(text, 'message', 'field-wrong-direction', { severity: 'warning', at: 'user-agent', line: 2, message: '`User-Agent` is a request field' });
      assert.equal(applyTitled(text, d, 'Remove `user-agent`'), lines(eol, 'HTTP/1.1 200 OK', 'Content-Length: 0', '', ''));
    });
  }

  test('the fix is offered but not preferred: the user may have pasted the wrong half', () => {
    const d = expectOne('GET / HTTP/1.1\nHost: a\nServer: x\n\n', 'message', 'field-wrong-direction', { severity: 'warning', at: 'Server' });
    assert.equal(d.data.fixes[0]!.isPreferred, undefined);
  });

  test('in an .http file', () => {
    const text = 'GET http://a/\nSet-Cookie: a=1\nAccept: */*\n';
    const d = expectOne(text, 'http', 'field-wrong-direction', { severity: 'warning', at: 'Set-Cookie' });
    assert.equal(applyTitled(text, d, 'Remove `Set-Cookie`'), 'GET http://a/\nAccept: */*\n');
  });

  test('near misses: fields for both directions, unknown fields, and fragments (their direction is a guess)', () => {
    none(lint('GET / HTTP/1.1\nHost: a\nCache-Control: no-cache\nX-Thing: 1\n\n'), 'field-wrong-direction');
    none(lint('HTTP/1.1 200 OK\nDate: x\nContent-Length: 0\n\n'), 'field-wrong-direction');
    none(lint('Server: nginx\nHost: a\n'), 'field-wrong-direction');
  });
});

describe('deprecated-field', () => {
  for (const [name, eol] of EOLS) {
    test(`a deprecated name is underlined (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host: a', 'Accept-Charset: utf-8', '', '');
      const d = expectOne(text, 'message', 'deprecated-field', { severity: 'information', at: 'Accept-Charset', line: 2, message: 'is deprecated in the IANA field registry' });
      assert.deepEqual(d.tags, [2 /* DiagnosticTag.Deprecated */]);
    });
  }

  test('an obsoleted name carries the registry comment', () => {
    expectOne('GET / HTTP/1.1\nHost: a\nCookie2: $Version="1"\n\n', 'message', 'deprecated-field',
      { severity: 'information', at: 'Cookie2', message: 'is obsoleted in the IANA field registry: Obsoleted by RFC 6265' });
  });

  test('in a fragment and an .http file', () => {
    expectOne('Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\n', 'message', 'deprecated-field', { severity: 'information', at: 'Content-MD5' });
    expectOne('GET http://a/\nexpect-ct: max-age=0\n', 'http', 'deprecated-field', { severity: 'information', at: 'expect-ct' });
  });

  test('near misses: permanent and unregistered names', () => {
    none(lint('GET / HTTP/1.1\nHost: a\nAccept: */*\nX-Request-ID: 1\nAccept-Encoding: gzip\n\n'), 'deprecated-field');
  });
});
