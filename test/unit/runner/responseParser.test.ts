import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ResponseParser } from '../../../client/src/runner/responseParser';

/** Feeds `bytes` to a parser in pieces of the given sizes (cycled), as a socket might deliver them. */
function parse(bytes: string | Buffer, method = 'GET', pieces: number[] = [1 << 30], close = false) {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  const body: Buffer[] = [];
  const p = new ResponseParser({ method, onBody: (c) => body.push(Buffer.from(c)) });
  let at = 0;
  let i = 0;
  while (at < buf.length) {
    const n = pieces[i++ % pieces.length]!;
    p.push(buf.subarray(at, at + n));
    at += n;
  }
  if (close) p.end();
  return { p, body: Buffer.concat(body).toString('latin1') };
}

test('Content-Length frames the body; the head is kept byte for byte', () => {
  const raw = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Case:  MiXeD  \r\nContent-Length: 5\r\n\r\nhello';
  for (const pieces of [[1 << 30], [1], [3, 7]]) {
    const { p, body } = parse(raw, 'GET', pieces);
    assert.equal(p.complete, true);
    assert.equal(body, 'hello');
    assert.equal(p.framing, 'length');
    assert.deepEqual(p.head!.headers, [['Content-Type', 'text/plain'], ['X-Case', 'MiXeD'], ['Content-Length', '5']]);
    assert.equal(p.head!.raw, raw.slice(0, raw.indexOf('hello')));
    assert.deepEqual(p.findings, []);
  }
});

test('chunked bodies with extensions and trailers', () => {
  const raw = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Sum: 9\r\n\r\n';
  const { p, body } = parse(raw, 'GET', [2, 5]);
  assert.equal(p.complete, true);
  assert.equal(body, 'Wikipedia');
  assert.deepEqual(p.trailers, [['X-Sum', '9']]);
});

test('a body with no length ends when the connection closes', () => {
  const open = parse('HTTP/1.0 200 OK\r\n\r\npartial');
  assert.equal(open.p.complete, false);
  const closed = parse('HTTP/1.0 200 OK\r\n\r\nall of it', 'GET', [4], true);
  assert.equal(closed.p.complete, true);
  assert.equal(closed.p.framing, 'close');
  assert.equal(closed.body, 'all of it');
});

test('responses to HEAD, and 204 and 304, end at the head whatever their fields say', () => {
  assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n', 'HEAD').p.complete, true);
  assert.equal(parse('HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n').p.complete, true);
  assert.equal(parse('HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n').p.complete, true);
});

test('100 Continue is interim: the final response follows on the same parser', () => {
  const { p, body } = parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok', 'POST', [9]);
  assert.deepEqual(p.interim.map((h) => h.status), [100]);
  assert.equal(p.head!.status, 201);
  assert.equal(body, 'ok');
});

test('anomalies become findings, not exceptions', () => {
  const bareLf = parse('HTTP/1.1 200 OK\nContent-Length: 1\n\nx');
  assert.equal(bareLf.p.complete, true);
  assert.deepEqual(bareLf.p.findings.map((f) => f.code), ['bare-lf']);
  const folded = parse('HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n');
  assert.deepEqual(folded.p.head!.headers[0], ['X-A', 'one two']);
  assert.deepEqual(folded.p.findings.map((f) => f.code), ['obs-fold']);
  const both = parse('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n');
  assert.equal(both.body, 'x');
  assert.deepEqual(both.p.findings.map((f) => f.code), ['length-and-chunked']);
  const badChunk = parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
  assert.match(badChunk.p.error ?? '', /bad chunk size "zz"/);
  const after = parse('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxEXTRA');
  assert.equal(after.p.leftover.toString(), 'EXTRA');
  const invalid = parse('HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nabc', 'GET', [100], true);
  assert.deepEqual(invalid.p.findings.map((f) => f.code), ['invalid-content-length']);
  assert.equal(invalid.body, 'abc');
  const space = parse('HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n');
  assert.deepEqual(space.p.findings.map((f) => f.code), ['space-before-colon']);
});

test('a closed connection mid-message is an error that says where', () => {
  assert.match(parse('', 'GET', [1], true).p.error ?? '', /before sending a response/);
  assert.match(parse('HTTP/1.1 200 OK\r\nContent-Le', 'GET', [100], true).p.error ?? '', /middle of the response head/);
  assert.match(parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', 'GET', [100], true).p.error ?? '', /3 bytes received, 7 missing/);
  assert.match(parse('garbage\r\n\r\n').p.error ?? '', /not an HTTP response/);
});

test('fuzz: any bytes, in any pieces, never throw; a complete parse accounts for every body byte', () => {
  const prefix = fc.constantFrom('HTTP/1.1 200 OK\r\n', 'HTTP/1.0 204 X\r\n', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n', '');
  const field = fc.constantFrom('Content-Length: 3\r\n', 'Transfer-Encoding: chunked\r\n', 'Content-Length: x\r\n', ' folded\r\n', 'Bad\r\n', '\n');
  const tail = fc.oneof(fc.constantFrom('\r\n', '\r\n3\r\nabc\r\n0\r\n\r\n', '\r\nabc', '\n\nzz\r\n'), fc.string({ unit: 'binary', maxLength: 50 }));
  fc.assert(
    fc.property(prefix, fc.array(field, { maxLength: 5 }), tail, fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 4 }), fc.boolean(), fc.constantFrom('GET', 'HEAD'),
      (pre, fields, end, pieces, close, method) => {
        const raw = pre + fields.join('') + end;
        const { p, body } = parse(raw, method, pieces, close);
        if (p.complete && p.framing === 'length') assert.equal(body.length, p.bodyBytes);
      }),
    { numRuns: 3000 },
  );
});

test('linear time: a 4 MB body in 1-byte and 64 KiB pieces', () => {
  const body = Buffer.alloc(4 << 20, 97);
  const raw = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
  const p = new ResponseParser({ method: 'GET' });
  for (let i = 0; i < raw.length; i += 65536) p.push(raw.subarray(i, i + 65536));
  assert.equal(p.complete, true);
  assert.equal(p.bodyBytes, body.length);
  const chunked = Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'1\r\na\r\n'.repeat(200_000)}0\r\n\r\n`);
  const q = new ResponseParser({ method: 'GET' });
  for (let i = 0; i < chunked.length; i += 4096) q.push(chunked.subarray(i, i + 4096));
  assert.equal(q.complete, true);
  assert.equal(q.bodyBytes, 200_000);
});

test('linear time: a 60 KiB head delivered one byte at a time', () => {
  const head = `HTTP/1.1 200 OK\r\n${'X-Filler: 0123456789012345678901234567890123456789\r\n'.repeat(1150)}Content-Length: 0\r\n\r\n`;
  const p = new ResponseParser({ method: 'GET' });
  const bytes = Buffer.from(head);
  for (let i = 0; i < bytes.length; i++) p.push(bytes.subarray(i, i + 1));
  assert.equal(p.complete, true);
  assert.equal(p.head!.headers.length, 1151);
});

test('body chunks handed out stay intact after more input arrives', () => {
  const kept: Buffer[] = [];
  const p = new ResponseParser({ method: 'GET', onBody: (c) => kept.push(c) });
  p.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc'));
  p.push(Buffer.from('def'));
  assert.equal(Buffer.concat(kept).toString(), 'abcdef');
});
