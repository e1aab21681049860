// rules/hopByHop.ts: TE, Upgrade and HTTP2-Settings need a matching connection option (RFC 9110 §7.6.1, §7.8,
// §10.1.4; RFC 7540 §3.2.1).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixed, lint, none } from '../../support/lintHelpers';
import { all, applyTitled, EOLS, expectOne, lines, titles } from './ruleAssert';

describe('hop-by-hop-not-in-connection', () => {
  for (const [name, eol] of EOLS) {
    test(`TE without Connection: underlined at the name; Connection: TE is inserted above (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.1', 'Host: a', 'TE: trailers', '', '');
      const d = expectOne(text, 'message', 'hop-by-hop-not-in-connection', { severity: 'warning', at: 'TE', line: 2, message: '`Connection` must list `TE` too' });
      assert.deepEqual(titles(d), ['Add `Connection: TE`']);
      assert.equal(applyTitled(text, d), lines(eol, 'GET / HTTP/1.1', 'Host: a', 'Connection: TE', 'TE: trailers', '', ''));
    });

    test(`Upgrade beside a Connection without the option: the option is appended (${name})`, () => {
      const text = lines(eol, 'GET /chat HTTP/1.1', 'Host: a', 'Connection: keep-alive', 'Upgrade: websocket', '', '');
      const d = expectOne(text, 'message', 'hop-by-hop-not-in-connection', { severity: 'warning', at: 'Upgrade', line: 3 });
      assert.deepEqual(titles(d), ['Add `Upgrade` to `Connection`']);
      assert.equal(applyTitled(text, d), lines(eol, 'GET /chat HTTP/1.1', 'Host: a', 'Connection: keep-alive, Upgrade', 'Upgrade: websocket', '', ''));
    });
  }

  test('the canonical name is added, whatever the case of the field', () => {
    const text = 'GET / HTTP/1.1\nhost: a\nupgrade: h2c\nhttp2-settings: AAMAAABkAAQAAP__\n\n';
    assert.deepEqual(all(text, 'message', 'hop-by-hop-not-in-connection'), [['upgrade', 2], ['http2-settings', 2]]);
    const d = lint(text).diagnostics.find((x) => x.code === 'hop-by-hop-not-in-connection' && x.range.start.line === 3)!;
    assert.match(d.message, /must list `HTTP2-Settings`/);
    assert.equal(applyTitled(text, d), 'GET / HTTP/1.1\nhost: a\nupgrade: h2c\nConnection: HTTP2-Settings\nhttp2-settings: AAMAAABkAAQAAP__\n\n');
  });

  test('an empty Connection gets the option as its value', () => {
    const text = 'HTTP/1.1 101 Switching Protocols\nConnection:\nUpgrade: websocket\n\n';
    expectOne(text, 'message', 'hop-by-hop-not-in-connection', { severity: 'warning', at: 'Upgrade' });
    assert.equal(fixed(text, 'message', 'hop-by-hop-not-in-connection'), 'HTTP/1.1 101 Switching Protocols\nConnection: Upgrade\nUpgrade: websocket\n\n');
  });

  test('a fragment that has a Connection field is judged', () => {
    expectOne('Connection: close\nTE: trailers\n', 'message', 'hop-by-hop-not-in-connection', { severity: 'warning', at: 'TE', line: 1 });
  });

  test('in an .http file', () => {
    const text = 'GET http://a/chat\r\nUpgrade: websocket\r\n';
    expectOne(text, 'http', 'hop-by-hop-not-in-connection', { severity: 'warning', at: 'Upgrade' });
    assert.equal(fixed(text, 'http', 'hop-by-hop-not-in-connection'), 'GET http://a/chat\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n');
  });

  test('near misses: the option is listed (any case, any Connection field); other hop-by-hop fields need no option', () => {
    none(lint('GET / HTTP/1.1\nHost: a\nConnection: keep-alive\nConnection: upgrade, te\nUpgrade: h2c\nTE: trailers\n\n'), 'hop-by-hop-not-in-connection');
    none(lint('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'), 'hop-by-hop-not-in-connection');
    none(lint('GET / HTTP/1.1\nHost: a\nProxy-Authorization: Basic eA==\nKeep-Alive: timeout=5\nConnection: keep-alive\n\n'), 'hop-by-hop-not-in-connection');
  });

  test('near misses: a fragment with no Connection (it may be cut off), a templated Connection, HTTP/2', () => {
    none(lint('TE: trailers\nUpgrade: h2c\n'), 'hop-by-hop-not-in-connection');
    none(lint('GET http://a/\nConnection: {{conn}}\nUpgrade: websocket\n', 'http'), 'hop-by-hop-not-in-connection');
    none(lint('GET / HTTP/2\n:authority: a\nte: trailers\n\n'), 'hop-by-hop-not-in-connection');
  });
});
