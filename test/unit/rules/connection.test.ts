// rules/connection.ts: the Connection field (RFC 9110 §7.6.1: Connection = #connection-option, connection-option =
// token, case-insensitive), its `close` and `keep-alive` options (RFC 9112 §9.3, §9.6), and Proxy-Connection
// (RFC 9112 Appendix C.2.2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixed, lint, none } from '../../support/lintHelpers';
import { all, applyTitled, EOLS, expectOne, lines, titles } from './ruleAssert';

function request(eol: string, ...fields: string[]): string {
  return lines(eol, 'GET / HTTP/1.1', 'Host: a', ...fields, '', '');
}

describe('connection-invalid-option', () => {
  for (const [name, eol] of EOLS) {
    test(`an option with a space is underlined and replaced by the option meant (${name})`, () => {
      const text = request(eol, 'Connection: keep alive');
      const d = expectOne(text, 'message', 'connection-invalid-option', { severity: 'error', at: 'keep alive', line: 2 });
      assert.deepEqual(titles(d), ['Replace with `keep-alive`']);
      assert.equal(applyTitled(text, d), request(eol, 'Connection: keep-alive'));
    });
  }

  test('a quoted option, in a list', () => {
    const text = request('\n', 'Connection: Upgrade, "close"');
    expectOne(text, 'message', 'connection-invalid-option', { severity: 'error', at: '"close"' });
    assert.equal(fixed(text, 'message', 'connection-invalid-option'), request('\n', 'Connection: Upgrade, close'));
  });

  test('an element that is no slip for close or keep-alive gets no fix', () => {
    const d = expectOne(request('\r\n', 'Connection: timeout=5'), 'message', 'connection-invalid-option', { severity: 'error', at: 'timeout=5' });
    assert.deepEqual(titles(d), []);
  });

  test('in a response and an .http file', () => {
    expectOne('HTTP/1.1 200 OK\nConnection: keep alive\nContent-Length: 0\n\n', 'message', 'connection-invalid-option', { severity: 'error', at: 'keep alive' });
    const http = 'GET http://a/\r\nConnection: "keep-alive"\r\n';
    expectOne(http, 'http', 'connection-invalid-option', { severity: 'error', at: '"keep-alive"' });
    assert.equal(fixed(http, 'http', 'connection-invalid-option'), 'GET http://a/\r\nConnection: keep-alive\r\n');
  });

  test('near misses: tokens with spaces around commas, empty elements, a templated option', () => {
    none(lint(request('\n', 'Connection:  close ,, Upgrade ')), 'connection-invalid-option');
    none(lint('GET http://a/\nConnection: {{conn value}}\n', 'http'), 'connection-invalid-option');
  });
});

describe('connection-unknown-option', () => {
  for (const [name, eol] of EOLS) {
    test(`a slip for keep-alive is underlined and replaced (${name})`, () => {
      const text = request(eol, 'Connection: keepalive');
      const d = expectOne(text, 'message', 'connection-unknown-option', { severity: 'warning', at: 'keepalive', line: 2, message: 'did you mean `keep-alive`?' });
      assert.deepEqual(titles(d), ['Replace with `keep-alive`']);
      assert.equal(applyTitled(text, d), request(eol, 'Connection: keep-alive'));
    });
  }

  test('slips for close', () => {
    for (const slip of ['clsoe', 'closed', 'cloze']) {
      const text = request('\n', `Connection: ${slip}`);
      expectOne(text, 'message', 'connection-unknown-option', { severity: 'warning', at: slip, message: 'did you mean `close`?' });
      assert.equal(fixed(text, 'message', 'connection-unknown-option'), request('\n', 'Connection: close'));
    }
  });

  test('slips for keep-alive, each underlined in a list', () => {
    const text = request('\n', 'Connection: Keep_Alive, TE, keep-alives, keep-aliv');
    assert.deepEqual(all(text, 'message', 'connection-unknown-option'), [['Keep_Alive', 2], ['keep-alives', 2], ['keep-aliv', 2]]);
  });

  test('in an .http file', () => {
    const text = 'GET http://a/ HTTP/1.0\nConnection: Keep-Alvie\n';
    expectOne(text, 'http', 'connection-unknown-option', { severity: 'warning', at: 'Keep-Alvie' });
    assert.equal(fixed(text, 'http', 'connection-unknown-option'), 'GET http://a/ HTTP/1.0\nConnection: keep-alive\n');
  });

  test('near misses: the real options in any case, hop-by-hop field names, a custom field name', () => {
    none(lint(request('\n', 'Connection: CLOSE', 'Connection: Keep-Alive, te, Upgrade, Transfer-Encoding, Trailer, X-My-Hop', 'TE: trailers', 'Upgrade: h2c')), 'connection-unknown-option');
    // Too far from either word to be a slip for it.
    none(lint(request('\n', 'Connection: alive, cls')), 'connection-unknown-option');
  });
});

describe('connection-close-and-keep-alive', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines keep-alive; the fixes remove one option or the other (${name})`, () => {
      const text = request(eol, 'Connection: close, keep-alive');
      const d = expectOne(text, 'message', 'connection-close-and-keep-alive', { severity: 'warning', at: 'keep-alive', line: 2, message: '`close` wins' });
      assert.deepEqual(titles(d), ['Remove `keep-alive`', 'Remove `close`']);
      assert.equal(applyTitled(text, d), request(eol, 'Connection: close'));
      assert.equal(applyTitled(text, d, 'Remove `close`'), request(eol, 'Connection: keep-alive'));
    });
  }

  test('in two Connection fields: removing an option removes its field', () => {
    const text = 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
    const d = expectOne(text, 'message', 'connection-close-and-keep-alive', { severity: 'warning', at: 'keep-alive', line: 1 });
    assert.equal(applyTitled(text, d), 'HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    assert.equal(applyTitled(text, d, 'Remove `close`'), 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n');
  });

  test('in an .http file', () => {
    const text = 'GET http://a/\nConnection: keep-alive, close\n';
    expectOne(text, 'http', 'connection-close-and-keep-alive', { severity: 'warning', at: 'keep-alive' });
    assert.equal(fixed(text, 'http', 'connection-close-and-keep-alive'), 'GET http://a/\nConnection: close\n');
  });

  test('near misses: one of the two; a misspelled close', () => {
    none(lint(request('\n', 'Connection: close')), 'connection-close-and-keep-alive');
    none(lint('GET / HTTP/1.0\nConnection: keep-alive\n\n'), 'connection-close-and-keep-alive');
    none(lint(request('\n', 'Connection: keep-alive, clsoe')), 'connection-close-and-keep-alive');
  });
});

describe('connection-lists-end-to-end-field', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the end-to-end field and removes it from the list (${name})`, () => {
      const text = request(eol, 'Connection: Upgrade, Cache-Control', 'Upgrade: h2c');
      const d = expectOne(text, 'message', 'connection-lists-end-to-end-field', { severity: 'warning', at: 'Cache-Control', line: 2 });
      assert.deepEqual(titles(d), ['Remove `Cache-Control` from `Connection`']);
      assert.equal(applyTitled(text, d), request(eol, 'Connection: Upgrade', 'Upgrade: h2c'));
    });
  }

  test('the canonical name is used in the message, whatever the case written', () => {
    const text = 'HTTP/1.1 200 OK\nConnection: authorization, close\nContent-Length: 0\n\n';
    const d = expectOne(text, 'message', 'connection-lists-end-to-end-field', { severity: 'warning', at: 'authorization', message: '`Authorization`' });
    assert.equal(applyTitled(text, d), 'HTTP/1.1 200 OK\nConnection: close\nContent-Length: 0\n\n');
  });

  test('in an .http file', () => {
    expectOne('GET http://a/\nConnection: Cookie\n', 'http', 'connection-lists-end-to-end-field', { severity: 'warning', at: 'Cookie' });
  });

  test('near misses: hop-by-hop fields and unknown names may be listed', () => {
    none(lint(request('\n', 'Connection: Keep-Alive, Proxy-Authorization, TE, Upgrade, X-Hop', 'TE: trailers', 'Upgrade: h2c')), 'connection-lists-end-to-end-field');
  });
});

describe('connection-keep-alive-redundant', () => {
  for (const [name, eol] of EOLS) {
    test(`in HTTP/1.1 keep-alive is underlined as unnecessary; the fix removes the field (${name})`, () => {
      const text = request(eol, 'Connection: keep-alive', 'Accept: */*');
      const d = expectOne(text, 'message', 'connection-keep-alive-redundant', { severity: 'hint', at: 'keep-alive', line: 2, message: 'default in HTTP/1.1' });
      assert.deepEqual(d.tags, [1 /* DiagnosticTag.Unnecessary */]);
      assert.equal(applyTitled(text, d), request(eol, 'Accept: */*'));
    });
  }

  test('among other options only keep-alive is removed', () => {
    const text = 'HTTP/1.1 101 Switching Protocols\nConnection: keep-alive, Upgrade\nUpgrade: websocket\n\n';
    expectOne(text, 'message', 'connection-keep-alive-redundant', { severity: 'hint', at: 'keep-alive' });
    assert.equal(fixed(text, 'message', 'connection-keep-alive-redundant'), 'HTTP/1.1 101 Switching Protocols\nConnection: Upgrade\nUpgrade: websocket\n\n');
  });

  test('an .http request with no version is sent as HTTP/1.1, and the message says so', () => {
    const text = 'GET http://a/\r\nConnection: keep-alive\r\nAccept: */*\r\n';
    expectOne(text, 'http', 'connection-keep-alive-redundant', { severity: 'hint', at: 'keep-alive', message: 'the version HTTP Lens sends when none is written' });
    assert.equal(fixed(text, 'http', 'connection-keep-alive-redundant'), 'GET http://a/\r\nAccept: */*\r\n');
  });

  test('near misses: HTTP/1.0, Keep-Alive parameters present, close present, no version, HTTP/2', () => {
    none(lint('GET / HTTP/1.0\nConnection: keep-alive\n\n'), 'connection-keep-alive-redundant');
    none(lint('GET http://a/ HTTP/1.0\nConnection: keep-alive\n', 'http'), 'connection-keep-alive-redundant');
    none(lint('HTTP/1.1 200 OK\nConnection: keep-alive\nKeep-Alive: timeout=5\nContent-Length: 0\n\n'), 'connection-keep-alive-redundant');
    none(lint(request('\n', 'Connection: close, keep-alive')), 'connection-keep-alive-redundant');
    none(lint('Connection: keep-alive\nContent-Length: 0\n'), 'connection-keep-alive-redundant');
    none(lint('GET / HTTP/2\nconnection: keep-alive\n\n'), 'connection-keep-alive-redundant');
  });
});

describe('proxy-connection', () => {
  for (const [name, eol] of EOLS) {
    test(`without Connection: renamed to Connection (${name})`, () => {
      const text = request(eol, 'Proxy-Connection: keep-alive');
      const d = expectOne(text, 'message', 'proxy-connection', { severity: 'warning', at: 'Proxy-Connection', line: 2 });
      assert.deepEqual(titles(d), ['Rename to `Connection`', 'Remove `Proxy-Connection`']);
      assert.equal(applyTitled(text, d), request(eol, 'Connection: keep-alive'));
      assert.equal(applyTitled(text, d, 'Remove `Proxy-Connection`'), request(eol));
    });
  }

  test('lower case stays lower case', () => {
    const text = 'GET / HTTP/1.1\nhost: a\nproxy-connection: keep-alive\n\n';
    expectOne(text, 'message', 'proxy-connection', { severity: 'warning', at: 'proxy-connection' });
    assert.equal(fixed(text, 'message', 'proxy-connection'), 'GET / HTTP/1.1\nhost: a\nconnection: keep-alive\n\n');
  });

  test('beside Connection, the only fix is removal', () => {
    const text = 'GET / HTTP/1.0\nConnection: keep-alive\nProxy-Connection: keep-alive\n\n';
    const d = expectOne(text, 'message', 'proxy-connection', { severity: 'warning', at: 'Proxy-Connection' });
    assert.deepEqual(titles(d), ['Remove `Proxy-Connection`']);
    assert.equal(applyTitled(text, d), 'GET / HTTP/1.0\nConnection: keep-alive\n\n');
  });

  test('in an .http file', () => {
    const text = 'GET http://a/\nProxy-Connection: keep-alive\n';
    expectOne(text, 'http', 'proxy-connection', { severity: 'warning', at: 'Proxy-Connection' });
    assert.equal(fixed(text, 'http', 'proxy-connection'), 'GET http://a/\nConnection: keep-alive\n');
  });

  test('near misses: Connection itself; HTTP/2 (reported as connection-specific there)', () => {
    none(lint(request('\n', 'Connection: close')), 'proxy-connection');
    none(lint('GET / HTTP/2\nproxy-connection: keep-alive\n\n'), 'proxy-connection');
  });
});

test('no Connection rule runs on HTTP/2 messages: the HTTP/2 rules forbid the field outright', () => {
  const result = lint('GET / HTTP/2\r\n:authority: a\r\nconnection: keep alive, clsoe, close, keep-alive, cache-control\r\n\r\n');
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['h2-connection-specific-field']);
});
