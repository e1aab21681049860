// rules/framing.ts: how an HTTP/1.x message says where its body ends (RFC 9112 §6.1, §6.2, §6.3; RFC 9110 §8.6).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixed, lint, none } from '../../support/lintHelpers';
import { all, applyTitled, EOLS, expectOne, lines, titles } from './ruleAssert';

describe('content-length-invalid', () => {
  for (const [name, eol] of EOLS) {
    test(`a value that is not 1*DIGIT is underlined (${name})`, () => {
      const text = lines(eol, 'HTTP/1.1 200 OK', 'Content-Length: 12a', '', '');
      expectOne(text, 'message', 'content-length-invalid', { severity: 'error', at: '12a', line: 1, message: '`12a` is not a valid `Content-Length`' });
    });
  }

  test('only the bad element of a list is underlined', () => {
    expectOne('POST / HTTP/1.1\nHost: a\nContent-Length: 5, -5\n\n', 'message', 'content-length-invalid', { severity: 'error', at: '-5' });
    expectOne('HTTP/1.1 200 OK\nContent-Length: 1.5\n\n', 'message', 'content-length-invalid', { severity: 'error', at: '1.5' });
  });

  test('an empty value underlines the name', () => {
    expectOne('HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n', 'message', 'content-length-invalid', { severity: 'error', at: 'Content-Length', message: 'has no value' });
  });

  test('in an .http file', () => {
    expectOne('POST http://a/\nContent-Length: ten\n\nbody', 'http', 'content-length-invalid', { severity: 'error', at: 'ten' });
  });

  test('near misses: digits (leading zeros too), a template, HTTP/2', () => {
    none(lint('HTTP/1.1 200 OK\nContent-Length: 0012\n\n'), 'content-length-invalid');
    none(lint('POST http://a/\nContent-Length: {{len}}\n\nbody', 'http'), 'content-length-invalid');
    none(lint('HTTP/2 200\ncontent-length: abc\n\n'), 'content-length-invalid');
  });
});

describe('content-length-repeated', () => {
  for (const [name, eol] of EOLS) {
    test(`identical copies: the second name is underlined; the fix keeps one field (${name})`, () => {
      const text = lines(eol, 'HTTP/1.1 200 OK', 'Content-Length: 5', 'Content-Type: text/plain', 'Content-Length: 5', '', 'hello');
      const d = expectOne(text, 'message', 'content-length-repeated', { severity: 'warning', at: 'Content-Length', line: 3 });
      assert.deepEqual(titles(d), ['Keep one `Content-Length`']);
      assert.equal(applyTitled(text, d), lines(eol, 'HTTP/1.1 200 OK', 'Content-Length: 5', 'Content-Type: text/plain', '', 'hello'));
    });
  }

  test('three identical fields: one finding, the fix removes the two extra', () => {
    const text = 'POST / HTTP/1.1\nHost: a\nContent-Length: 2\nContent-Length: 2\nContent-Length: 2\n\n{}';
    expectOne(text, 'message', 'content-length-repeated', { severity: 'warning', at: 'Content-Length', line: 3 });
    assert.equal(fixed(text, 'message', 'content-length-repeated'), 'POST / HTTP/1.1\nHost: a\nContent-Length: 2\n\n{}');
  });

  test('an identical list in one field underlines the second value', () => {
    const d = expectOne('HTTP/1.1 200 OK\nContent-Length: 42, 42\n\n', 'message', 'content-length-repeated', { severity: 'warning', at: '42' });
    assert.equal(d.range.start.character, 'Content-Length: 42, '.length);
  });

  test('different values are an error, at the second value', () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n';
    const d = expectOne(text, 'message', 'content-length-repeated', { severity: 'error', at: '6', line: 2, message: 'Conflicting `Content-Length` values (5 and 6)' });
    assert.deepEqual(titles(d), []);
    expectOne('HTTP/1.1 200 OK\nContent-Length: 5, 6\n\n', 'message', 'content-length-repeated', { severity: 'error', at: '6' });
  });

  test('in an .http file', () => {
    const text = 'POST http://a/\nContent-Length: 2\nContent-Length: 2\n\n{}';
    expectOne(text, 'http', 'content-length-repeated', { severity: 'warning', at: 'Content-Length', line: 2 });
    assert.equal(fixed(text, 'http', 'content-length-repeated'), 'POST http://a/\nContent-Length: 2\n\n{}');
  });

  test('near misses: one value; an invalid second value is reported as invalid instead', () => {
    none(lint('HTTP/1.1 200 OK\nContent-Length: 5\n\n'), 'content-length-repeated');
    none(lint('HTTP/1.1 200 OK\nContent-Length: 5\nContent-Length: x\n\n'), 'content-length-repeated');
  });
});

describe('content-length-with-transfer-encoding', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines Content-Length; the fix removes it (${name})`, () => {
      const text = lines(eol, 'POST / HTTP/1.1', 'Host: a', 'Content-Length: 5', 'Transfer-Encoding: chunked', '', '');
      const d = expectOne(text, 'message', 'content-length-with-transfer-encoding', { severity: 'error', at: 'Content-Length', line: 2, message: 'the connection must close' });
      assert.deepEqual(titles(d), ['Remove `Content-Length`']);
      assert.equal(applyTitled(text, d), lines(eol, 'POST / HTTP/1.1', 'Host: a', 'Transfer-Encoding: chunked', '', ''));
    });
  }

  test('every Content-Length goes', () => {
    const text = 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nContent-Length: 5\nContent-Length: 5\n\n';
    expectOne(text, 'message', 'content-length-with-transfer-encoding', { severity: 'error', at: 'Content-Length', line: 2 });
    assert.equal(fixed(text, 'message', 'content-length-with-transfer-encoding'), 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n');
  });

  test('a response to HEAD has no body: still wrong to send, but no connection is at risk', () => {
    const text = 'HEAD / HTTP/1.1\nHost: a\n\nHTTP/1.1 200 OK\nContent-Length: 5\nTransfer-Encoding: chunked\n\n';
    const d = expectOne(text, 'message', 'content-length-with-transfer-encoding', { severity: 'error', at: 'Content-Length', line: 4 });
    assert.doesNotMatch(d.message, /must close/);
  });

  test('in an .http file', () => {
    expectOne('POST http://a/\nTransfer-Encoding: chunked\nContent-Length: 2\n\n{}', 'http', 'content-length-with-transfer-encoding', { severity: 'error', at: 'Content-Length' });
  });

  test('near misses: either one alone; a templated length', () => {
    none(lint('POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n'), 'content-length-with-transfer-encoding');
    none(lint('POST / HTTP/1.1\nHost: a\nContent-Length: 0\n\n'), 'content-length-with-transfer-encoding');
    none(lint('POST http://a/\nTransfer-Encoding: chunked\nContent-Length: {{n}}\n\n{}', 'http'), 'content-length-with-transfer-encoding');
  });
});

describe('transfer-encoding-http10', () => {
  for (const [name, eol] of EOLS) {
    test(`underlines Transfer-Encoding in an HTTP/1.0 message (${name})`, () => {
      const text = lines(eol, 'HTTP/1.0 200 OK', 'Transfer-Encoding: chunked', '', '');
      expectOne(text, 'message', 'transfer-encoding-http10', { severity: 'error', at: 'Transfer-Encoding', line: 1 });
    });
  }

  test('even with a Content-Length, which is reported beside it', () => {
    const text = 'POST / HTTP/1.0\nContent-Length: 5\nTransfer-Encoding: chunked\n\n';
    expectOne(text, 'message', 'transfer-encoding-http10', { severity: 'error', at: 'Transfer-Encoding', line: 2 });
    expectOne(text, 'message', 'content-length-with-transfer-encoding', { severity: 'error', at: 'Content-Length' });
    // The HTTP/1.0 finding says it all: the not-chunked finding is not added.
    none(lint('POST / HTTP/1.0\nTransfer-Encoding: gzip\n\n'), 'transfer-encoding-not-chunked');
  });

  test('in an .http file', () => {
    expectOne('POST http://a/ HTTP/1.0\nTransfer-Encoding: chunked\n\n{}', 'http', 'transfer-encoding-http10', { severity: 'error', at: 'Transfer-Encoding' });
  });

  test('near misses: HTTP/1.1, an .http request with no version (sent as HTTP/1.1), a fragment', () => {
    none(lint('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n'), 'transfer-encoding-http10');
    none(lint('POST http://a/\nTransfer-Encoding: chunked\n\n{}', 'http'), 'transfer-encoding-http10');
    none(lint('Transfer-Encoding: chunked\nServer: x\n'), 'transfer-encoding-http10');
  });
});

describe('transfer-encoding-not-chunked', () => {
  for (const [name, eol] of EOLS) {
    test(`in a request: an error at the last coding (${name})`, () => {
      const text = lines(eol, 'POST / HTTP/1.1', 'Host: a', 'Transfer-Encoding: gzip', '', '');
      expectOne(text, 'message', 'transfer-encoding-not-chunked', { severity: 'error', at: 'gzip', line: 2, message: 'a server answers 400' });
    });

    test(`in a response: a warning, since the body then runs to the close (${name})`, () => {
      const text = lines(eol, 'HTTP/1.1 200 OK', 'Transfer-Encoding: chunked, gzip', '', '');
      const d = expectOne(text, 'message', 'transfer-encoding-not-chunked', { severity: 'warning', at: 'gzip', line: 1, message: 'the body ends only when the connection closes' });
      assert.equal(d.range.start.character, 'Transfer-Encoding: chunked, '.length);
    });
  }

  test('the last coding is found across several fields', () => {
    const text = 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nTransfer-Encoding: br\n\n';
    expectOne(text, 'message', 'transfer-encoding-not-chunked', { severity: 'warning', at: 'br', line: 2 });
  });

  test('in an .http file', () => {
    expectOne('POST http://a/\nTransfer-Encoding: deflate\n\nx', 'http', 'transfer-encoding-not-chunked', { severity: 'error', at: 'deflate' });
  });

  test('near misses: chunked last (any case, in any field); a response to HEAD or a 304, which has no body', () => {
    none(lint('HTTP/1.1 200 OK\nTransfer-Encoding: gzip, Chunked\n\n'), 'transfer-encoding-not-chunked');
    none(lint('HTTP/1.1 200 OK\nTransfer-Encoding: gzip\nTransfer-Encoding: chunked\n\n'), 'transfer-encoding-not-chunked');
    // RFC 9112 §6.1: Transfer-Encoding MAY be sent in a response to HEAD or a 304 to tell what a GET would get.
    none(lint('HEAD / HTTP/1.1\nHost: a\n\nHTTP/1.1 200 OK\nTransfer-Encoding: gzip\n\n'), 'transfer-encoding-not-chunked');
    none(lint('HTTP/1.1 304 Not Modified\nTransfer-Encoding: gzip\n\n'), 'transfer-encoding-not-chunked');
  });
});

describe('framing-in-bodyless-response', () => {
  for (const [name, eol] of EOLS) {
    test(`Content-Length in a 204: underlined at the name, removable (${name})`, () => {
      const text = lines(eol, 'HTTP/1.1 204 No Content', 'Content-Length: 0', 'Server: x', '', '');
      const d = expectOne(text, 'message', 'framing-in-bodyless-response', { severity: 'warning', at: 'Content-Length', line: 1, message: 'in a 204 response' });
      assert.deepEqual(titles(d), ['Remove `Content-Length`']);
      assert.equal(applyTitled(text, d), lines(eol, 'HTTP/1.1 204 No Content', 'Server: x', '', ''));
    });
  }

  test('each framing field of a 1xx response is reported', () => {
    const text = 'HTTP/1.1 100 Continue\nContent-Length: 0\nTransfer-Encoding: chunked\n\nHTTP/1.1 200 OK\nContent-Length: 0\n\n';
    assert.deepEqual(all(text, 'message', 'framing-in-bodyless-response'), [['Content-Length', 2], ['Transfer-Encoding', 2]]);
    expectOne('HTTP/1.1 101 Switching Protocols\nConnection: Upgrade\nUpgrade: websocket\nContent-Length: 0\n\n', 'message', 'framing-in-bodyless-response', { severity: 'warning', at: 'Content-Length', message: 'in a 101 response' });
  });

  test('near misses: a 304 may carry Content-Length (RFC 9110 §8.6); a 200 and a 205', () => {
    none(lint('HTTP/1.1 304 Not Modified\nContent-Length: 1024\n\n'), 'framing-in-bodyless-response');
    none(lint('HTTP/1.1 200 OK\nContent-Length: 0\n\n'), 'framing-in-bodyless-response');
    none(lint('HTTP/1.1 205 Reset Content\nContent-Length: 0\n\n'), 'framing-in-bodyless-response');
    // An .http file holds requests only: a response written into one is not linted as a message.
    none(lint('GET http://a/\n\nHTTP/1.1 204 No Content\nContent-Length: 0\n', 'http'), 'framing-in-bodyless-response');
  });
});

describe('close-delimited-response', () => {
  for (const [name, eol] of EOLS) {
    test(`a response with neither length nor chunking: the status line is underlined (${name})`, () => {
      const text = lines(eol, 'HTTP/1.1 200 OK', 'Content-Type: text/html', '', '<html>');
      expectOne(text, 'message', 'close-delimited-response', { severity: 'information', at: 'HTTP/1.1 200 OK', line: 0 });
    });
  }

  test('HTTP/1.0 too, and in a curl trace (without the `< ` prefix)', () => {
    expectOne('HTTP/1.0 404 Not Found\nServer: x\n\n', 'message', 'close-delimited-response', { severity: 'information', at: 'HTTP/1.0 404 Not Found' });
    expectOne('> GET / HTTP/1.1\n> Host: a\n>\n< HTTP/1.1 200 OK\n< Server: x\n<\n', 'message', 'close-delimited-response', { severity: 'information', at: 'HTTP/1.1 200 OK', line: 3 });
  });

  test('near misses: bodyless statuses, answers to HEAD and CONNECT, any framing field, HTTP/2', () => {
    for (const head of ['HTTP/1.1 204 No Content', 'HTTP/1.1 304 Not Modified', 'HTTP/1.1 100 Continue']) {
      none(lint(`${head}\nServer: x\n\n`), 'close-delimited-response');
    }
    none(lint('HEAD / HTTP/1.1\nHost: a\n\nHTTP/1.1 200 OK\nServer: x\n\n'), 'close-delimited-response');
    none(lint('CONNECT a:443 HTTP/1.1\nHost: a:443\n\nHTTP/1.1 200 Connection Established\n\n'), 'close-delimited-response');
    none(lint('HTTP/1.1 200 OK\nContent-Length: 0\n\n'), 'close-delimited-response');
    none(lint('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n'), 'close-delimited-response');
    none(lint('HTTP/2 200\nserver: x\n\n'), 'close-delimited-response');
    none(lint('GET http://a/\n\n> {% client.log(response.status) %}\n', 'http'), 'close-delimited-response');
  });

  test('a request without framing has no body, and is never close-delimited', () => {
    none(lint('GET / HTTP/1.1\nHost: a\n\n'), 'close-delimited-response');
  });
});
