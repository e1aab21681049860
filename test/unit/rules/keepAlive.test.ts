// rules/keepAlive.ts: the Keep-Alive field (RFC 2068 §19.7.1, §19.7.1.1):
//   Keep-Alive-header = "Keep-Alive" ":" 0# keepalive-param
//   keepalive-param   = param-name "=" value
// and "The Keep-Alive header MUST be ignored if received without the connection token".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixed, lint, none } from '../../support/lintHelpers';
import { all, applyTitled, EOLS, expectOne, lines, titles } from './ruleAssert';

/** An HTTP/1.1 response that backs its Keep-Alive with the connection option, so only the value is judged. */
function response(eol: string, keepAlive: string): string {
  return lines(eol, 'HTTP/1.1 200 OK', 'Connection: keep-alive', `Keep-Alive: ${keepAlive}`, 'Content-Length: 0', '', '');
}

describe('keep-alive-not-a-parameter', () => {
  for (const [name, eol] of EOLS) {
    test(`a bare number is underlined and becomes timeout= (${name})`, () => {
      const text = response(eol, '300');
      const d = expectOne(text, 'message', 'keep-alive-not-a-parameter', { severity: 'error', at: '300', line: 2, message: 'as in `timeout=300`' });
      assert.deepEqual(titles(d), ['Write `timeout=300`']);
      assert.equal(applyTitled(text, d), response(eol, 'timeout=300'));
    });
  }

  test('only the bare element is underlined in a list', () => {
    const text = response('\n', 'timeout=5, 100');
    const d = expectOne(text, 'message', 'keep-alive-not-a-parameter', { severity: 'error', at: '100' });
    assert.equal(applyTitled(text, d), response('\n', 'timeout=5, timeout=100'));
  });

  test('a value that is not a number gets no fix', () => {
    for (const [value, at] of [['5 seconds', '5 seconds'], ['=5', '=5']] as const) {
      const d = expectOne(response('\r\n', value), 'message', 'keep-alive-not-a-parameter', { severity: 'error', at });
      assert.deepEqual(titles(d), []);
    }
  });

  test('in a fragment and an .http file', () => {
    expectOne('Keep-Alive: 300\nConnection: keep-alive\n', 'message', 'keep-alive-not-a-parameter', { severity: 'error', at: '300' });
    expectOne('GET http://a/ HTTP/1.0\nConnection: keep-alive\nKeep-Alive: 115\n', 'http', 'keep-alive-not-a-parameter', { severity: 'error', at: '115' });
  });

  test('near misses: name=value parameters, a bare token, a templated element', () => {
    none(lint(response('\n', 'timeout=5, max=100')), 'keep-alive-not-a-parameter');
    none(lint(response('\n', 'timeout')), 'keep-alive-not-a-parameter');
    none(lint('GET http://a/ HTTP/1.0\nConnection: keep-alive\nKeep-Alive: {{ka}}\n', 'http'), 'keep-alive-not-a-parameter');
  });
});

describe('keep-alive-syntax', () => {
  for (const [name, eol] of EOLS) {
    test(`timeout=max=100: the second = is underlined; both fixes rewrite the parameter (${name})`, () => {
      const text = response(eol, 'timeout=max=100');
      const d = expectOne(text, 'message', 'keep-alive-syntax', { severity: 'error', at: '=', line: 2, message: 'second `=` in `timeout=max=100`' });
      assert.equal(d.range.start.character, 'Keep-Alive: timeout=max'.length);
      assert.deepEqual(titles(d), ['Replace with `timeout=5, max=100`', 'Replace with `max=100`']);
      assert.equal(applyTitled(text, d), response(eol, 'timeout=5, max=100'));
      assert.equal(applyTitled(text, d, 'Replace with `max=100`'), response(eol, 'max=100'));
    });
  }

  test('max=timeout=5 splits the other way round', () => {
    const text = response('\n', 'max=timeout=5');
    const d = expectOne(text, 'message', 'keep-alive-syntax', { severity: 'error', at: '=' });
    assert.deepEqual(titles(d), ['Replace with `max=100, timeout=5`', 'Replace with `timeout=5`']);
    assert.equal(applyTitled(text, d), response('\n', 'max=100, timeout=5'));
  });

  test('two = around unknown names: reported without a guess', () => {
    const d = expectOne(response('\n', 'foo=bar=1'), 'message', 'keep-alive-syntax', { severity: 'error', at: '=' });
    assert.deepEqual(titles(d), []);
  });

  test('a parameter with no value underlines the whole parameter', () => {
    expectOne(response('\n', 'timeout=5, max'), 'message', 'keep-alive-syntax', { severity: 'error', at: 'max', message: 'write `max=N`' });
    expectOne(response('\n', 'timeout='), 'message', 'keep-alive-syntax', { severity: 'error', at: 'timeout=' });
  });

  test('a character outside token underlines that character', () => {
    expectOne(response('\r\n', 'a@b=1'), 'message', 'keep-alive-syntax', { severity: 'error', at: '@', message: 'Unexpected `@`' });
    expectOne(response('\r\n', 'timeout="5"x'), 'message', 'keep-alive-syntax', { severity: 'error', at: 'x' });
    const spaced = response('\r\n', 'timeout=5 6');
    const d = expectOne(spaced, 'message', 'keep-alive-syntax', { severity: 'error', at: ' ' });
    assert.equal(d.range.start.character, 'Keep-Alive: timeout=5'.length);
  });

  test('in an .http file', () => {
    const text = 'GET http://a/ HTTP/1.0\r\nConnection: keep-alive\r\nKeep-Alive: timeout=max=100\r\n';
    expectOne(text, 'http', 'keep-alive-syntax', { severity: 'error', at: '=' });
    assert.equal(fixed(text, 'http', 'keep-alive-syntax'), 'GET http://a/ HTTP/1.0\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=100\r\n');
  });

  test('near misses: spaces around = and quoted values are fine, a template is not judged', () => {
    none(lint(response('\n', 'timeout = 5, max="100"')), 'keep-alive-syntax');
    none(lint('GET http://a/ HTTP/1.0\nConnection: keep-alive\nKeep-Alive: timeout={{t}}, max={{a=b}}\n', 'http'), 'keep-alive-syntax');
  });
});

describe('keep-alive-bad-number', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the value of timeout and max (${name})`, () => {
      const text = response(eol, 'timeout=abc, max=1.5');
      const found = lint(text).diagnostics.filter((d) => d.code === 'keep-alive-bad-number');
      assert.deepEqual(found.map((d) => [d.range.start.line, d.severity, d.message]), [
        [2, 1, 'Keep-Alive `timeout` must be a whole number of seconds, not `abc`'],
        [2, 1, 'Keep-Alive `max` must be a whole number of requests, not `1.5`'],
      ]);
      assert.deepEqual(all(text, 'message', 'keep-alive-bad-number'), [['abc', 1], ['1.5', 1]]);
    });
  }

  test('a negative number and a quoted word', () => {
    expectOne(response('\n', 'timeout=-1'), 'message', 'keep-alive-bad-number', { severity: 'error', at: '-1' });
    expectOne(response('\n', 'max="ten"'), 'message', 'keep-alive-bad-number', { severity: 'error', at: '"ten"' });
  });

  test('in an .http file', () => {
    expectOne('GET http://a/ HTTP/1.0\nConnection: keep-alive\nKeep-Alive: timeout=5s\n', 'http', 'keep-alive-bad-number', { severity: 'error', at: '5s' });
  });

  test('near misses: whole numbers, quoted or not, and other parameters with any value', () => {
    none(lint(response('\n', 'timeout=0, max="100"')), 'keep-alive-bad-number');
    none(lint(response('\n', 'foo=abc')), 'keep-alive-bad-number');
    none(lint('GET http://a/ HTTP/1.0\nConnection: keep-alive\nKeep-Alive: timeout={{t}}\n', 'http'), 'keep-alive-bad-number');
  });
});

describe('keep-alive-duplicate-parameter', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines the second copy and removes it from the list (${name})`, () => {
      const text = response(eol, 'timeout=5, max=100, Timeout=7');
      const d = expectOne(text, 'message', 'keep-alive-duplicate-parameter', { severity: 'warning', at: 'Timeout=7', line: 2 });
      assert.deepEqual(titles(d), ['Remove this `Timeout`']);
      assert.equal(applyTitled(text, d), response(eol, 'timeout=5, max=100'));
    });
  }

  test('a copy in the middle takes its comma with it', () => {
    const text = response('\n', 'max=1, max=2, timeout=5');
    expectOne(text, 'message', 'keep-alive-duplicate-parameter', { severity: 'warning', at: 'max=2' });
    assert.equal(fixed(text, 'message', 'keep-alive-duplicate-parameter'), response('\n', 'max=1, timeout=5'));
  });

  test('a copy alone in a second Keep-Alive field removes that field', () => {
    const text = 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nKeep-Alive: timeout=6\r\nContent-Length: 0\r\n\r\n';
    expectOne(text, 'message', 'keep-alive-duplicate-parameter', { severity: 'warning', at: 'timeout=6', line: 3 });
    assert.equal(fixed(text, 'message', 'keep-alive-duplicate-parameter'), 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 0\r\n\r\n');
  });

  test('in an .http file', () => {
    const http = 'GET http://a/ HTTP/1.0\r\nConnection: keep-alive\r\nKeep-Alive: max=1, max=2\r\n';
    expectOne(http, 'http', 'keep-alive-duplicate-parameter', { severity: 'warning', at: 'max=2' });
    assert.equal(fixed(http, 'http', 'keep-alive-duplicate-parameter'), 'GET http://a/ HTTP/1.0\r\nConnection: keep-alive\r\nKeep-Alive: max=1\r\n');
  });

  test('among many parameters, each copy of any of them', () => {
    const found = all(response('\n', 'a=1, b=2, c=3, d=4, b=5, d=6, a=7, e=8'), 'message', 'keep-alive-duplicate-parameter');
    assert.deepEqual(found.map(([at]) => at), ['b=5', 'd=6', 'a=7']);
  });

  test('near misses: each parameter once; a malformed first copy does not count', () => {
    none(lint(response('\n', 'timeout=5, max=100')), 'keep-alive-duplicate-parameter');
    none(lint(response('\n', 'a=1, b=2, c=3, d=4, e=5')), 'keep-alive-duplicate-parameter');
    none(lint(response('\n', 'timeout=max=100, timeout=5')), 'keep-alive-duplicate-parameter');
  });
});

describe('keep-alive-unknown-parameter', () => {
  for (const [name, eol] of EOLS) {
    test(`a slip for timeout is underlined and renamed (${name})`, () => {
      const text = response(eol, 'timout=5, max=100');
      const d = expectOne(text, 'message', 'keep-alive-unknown-parameter', { severity: 'information', at: 'timout', line: 2, message: 'did you mean `timeout`?' });
      assert.deepEqual(titles(d), ['Rename to `timeout`']);
      assert.equal(applyTitled(text, d), response(eol, 'timeout=5, max=100'));
    });
  }

  test('a slip for max', () => {
    const text = response('\n', 'timeout=5, mx=100');
    expectOne(text, 'message', 'keep-alive-unknown-parameter', { severity: 'information', at: 'mx' });
    assert.equal(fixed(text, 'message', 'keep-alive-unknown-parameter'), response('\n', 'timeout=5, max=100'));
  });

  test('any other name: only the name is underlined, with no fix', () => {
    const d = expectOne(response('\n', 'timeout=5, foo=bar'), 'message', 'keep-alive-unknown-parameter', { severity: 'information', at: 'foo', message: 'only `timeout` and `max` are in use' });
    assert.deepEqual(titles(d), []);
  });

  test('in an .http file', () => {
    const text = 'GET http://a/ HTTP/1.0\nConnection: keep-alive\nKeep-Alive: tiemout=5\n';
    expectOne(text, 'http', 'keep-alive-unknown-parameter', { severity: 'information', at: 'tiemout' });
    assert.equal(fixed(text, 'http', 'keep-alive-unknown-parameter'), 'GET http://a/ HTTP/1.0\nConnection: keep-alive\nKeep-Alive: timeout=5\n');
  });

  test('near misses: timeout and max in any case', () => {
    none(lint(response('\n', 'TIMEOUT=5, Max=100')), 'keep-alive-unknown-parameter');
  });
});

describe('keep-alive-ignored', () => {
  for (const [name, eol] of EOLS) {
    test(`without Connection: underlines the name; adds Connection: keep-alive above it (${name})`, () => {
      const text = lines(eol, 'HTTP/1.0 200 OK', 'Keep-Alive: timeout=5, max=100', 'Content-Length: 0', '', '');
      const d = expectOne(text, 'message', 'keep-alive-ignored', { severity: 'warning', at: 'Keep-Alive', line: 1, message: 'there is no `Connection: keep-alive`' });
      assert.deepEqual(titles(d), ['Add `Connection: keep-alive`', 'Remove `Keep-Alive`']);
      assert.equal(applyTitled(text, d), lines(eol, 'HTTP/1.0 200 OK', 'Connection: keep-alive', 'Keep-Alive: timeout=5, max=100', 'Content-Length: 0', '', ''));
      assert.equal(applyTitled(text, d, 'Remove `Keep-Alive`'), lines(eol, 'HTTP/1.0 200 OK', 'Content-Length: 0', '', ''));
    });
  }

  test('Connection without keep-alive: the option is added to it', () => {
    const text = 'HTTP/1.1 200 OK\nConnection: Upgrade\nKeep-Alive: timeout=5\nContent-Length: 0\n\n';
    const d = expectOne(text, 'message', 'keep-alive-ignored', { severity: 'warning', at: 'Keep-Alive', message: '`Connection` does not list `keep-alive`' });
    assert.equal(applyTitled(text, d), 'HTTP/1.1 200 OK\nConnection: Upgrade, keep-alive\nKeep-Alive: timeout=5\nContent-Length: 0\n\n');
  });

  test('Connection: close: the only fix is to remove every Keep-Alive field', () => {
    const text = 'HTTP/1.1 200 OK\nConnection: close\nKeep-Alive: timeout=5\nKeep-Alive: max=3\nContent-Length: 0\n\n';
    const d = expectOne(text, 'message', 'keep-alive-ignored', { severity: 'warning', at: 'Keep-Alive', line: 2, message: '(`Connection: close`)' });
    assert.deepEqual(titles(d), ['Remove `Keep-Alive`']);
    assert.equal(applyTitled(text, d, 'Remove `Keep-Alive`'), 'HTTP/1.1 200 OK\nConnection: close\nContent-Length: 0\n\n');
  });

  test('a curl trace: the inserted line keeps the `< ` prefix', () => {
    const text = '< HTTP/1.0 200 OK\n< Keep-Alive: timeout=5\n< Content-Length: 0\n<\n';
    assert.equal(fixed(text, 'message', 'keep-alive-ignored'), '< HTTP/1.0 200 OK\n< Connection: keep-alive\n< Keep-Alive: timeout=5\n< Content-Length: 0\n<\n');
  });

  test('in an .http request', () => {
    const text = 'GET http://a/\r\nKeep-Alive: timeout=5\r\n';
    expectOne(text, 'http', 'keep-alive-ignored', { severity: 'warning', at: 'Keep-Alive' });
    assert.equal(fixed(text, 'http', 'keep-alive-ignored'), 'GET http://a/\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n');
  });

  test('near misses: backed by Connection (any case), a misspelled Connection, a fragment without Connection, HTTP/2, a templated Connection', () => {
    none(lint('HTTP/1.0 200 OK\nConnection: Keep-Alive\nKeep-Alive: timeout=5\nContent-Length: 0\n\n'), 'keep-alive-ignored');
    none(lint('HTTP/1.0 200 OK\nConnections: keep-alive\nKeep-Alive: timeout=5\nContent-Length: 0\n\n'), 'keep-alive-ignored');
    none(lint('Keep-Alive: timeout=5\nContent-Length: 0\n'), 'keep-alive-ignored');
    none(lint('HTTP/2 200\nkeep-alive: timeout=5\n\n'), 'keep-alive-ignored');
    none(lint('GET http://a/\nConnection: {{conn}}\nKeep-Alive: timeout=5\n', 'http'), 'keep-alive-ignored');
  });
});

describe('keep-alive-in-request', () => {
  for (const [name, eol] of EOLS) {
    test(`a request backing Keep-Alive: underlined at the name, removable (${name})`, () => {
      const text = lines(eol, 'GET / HTTP/1.0', 'Connection: keep-alive', 'Keep-Alive: 300', '', '');
      const d = expectOne(text, 'message', 'keep-alive-in-request', { severity: 'information', at: 'Keep-Alive', line: 2 });
      assert.deepEqual(titles(d), ['Remove `Keep-Alive`']);
      assert.equal(applyTitled(text, d, 'Remove `Keep-Alive`'), lines(eol, 'GET / HTTP/1.0', 'Connection: keep-alive', '', ''));
    });
  }

  test('in an .http file, the last line is removed with the line break before it', () => {
    const text = 'GET http://a/ HTTP/1.0\nConnection: keep-alive\nKeep-Alive: timeout=5';
    expectOne(text, 'http', 'keep-alive-in-request', { severity: 'information', at: 'Keep-Alive' });
    assert.equal(fixed(text, 'http', 'keep-alive-in-request'), 'GET http://a/ HTTP/1.0\nConnection: keep-alive');
  });

  test('near misses: a response, a request whose Keep-Alive is already reported as ignored, HTTP/2', () => {
    none(lint('HTTP/1.0 200 OK\nConnection: keep-alive\nKeep-Alive: timeout=5\nContent-Length: 0\n\n'), 'keep-alive-in-request');
    const ignored = 'GET / HTTP/1.0\nKeep-Alive: 300\n\n';
    none(lint(ignored), 'keep-alive-in-request');
    expectOne(ignored, 'message', 'keep-alive-ignored', { severity: 'warning', at: 'Keep-Alive' });
    none(lint('GET / HTTP/2\nconnection: keep-alive\nkeep-alive: 300\n\n'), 'keep-alive-in-request');
  });
});
