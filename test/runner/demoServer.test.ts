// The runner against the embedded demo server: every verdict checked against the server's own record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemoServer, type DemoServer } from '../../client/src/runner/demoServer';
import { runHttp, verdicts } from '../support/runHelpers';

describe('runner against the demo server', { timeout: 60_000 }, () => {
  let server: DemoServer;
  let base: string;
  before(async () => {
    server = await startDemoServer({ idleTimeout: 5 });
    base = server.url;
  });
  after(() => server?.close());

  test('HTTP/1.1 keep-alive: one new connection, then reuse; the server saw one connection carry both', async () => {
    const before = server.connections.length;
    const reports = await runHttp(`GET ${base}/keep-alive\n\n###\nGET ${base}/keep-alive\n`);
    assert.deepEqual(verdicts(reports), ['new #0', 'reused #0']);
    assert.equal(reports[0]!.connection!.localPort, reports[1]!.connection!.localPort);
    assert.equal(reports[1]!.connection!.requestsOnConnection, 2);
    assert.ok(reports[1]!.timings!.saved! > 0, 'a reused connection reports what it saved');
    assert.equal(reports[1]!.timings!.connect, 0);
    const seen = server.connections.slice(before);
    assert.deepEqual(seen.map((c) => [c.remotePort, c.requests]), [[reports[0]!.connection!.localPort, 2]]);
  });

  test('`Connection: close` from the server: the next request opens a new connection and says why', async () => {
    const reports = await runHttp(`GET ${base}/close\n\n###\nGET ${base}/keep-alive\n`);
    assert.deepEqual(verdicts(reports), ['new #0', 'new #1']);
    assert.equal(reports[0]!.persistence!.predicted.persists, false);
    assert.equal(reports[0]!.persistence!.observed, 'closed-by-server');
    assert.match(reports[1]!.connection!.whyNew!, /the previous connection \(#0\) could not be reused: the server sent `Connection: close`/);
  });

  test('HTTP/1.0 is sent as HTTP/1.0: without keep-alive it closes, with keep-alive (honoured) it persists', async () => {
    const reports = await runHttp([
      `GET ${base}/echo HTTP/1.0`, '', '###', `GET ${base}/http10-keep-alive HTTP/1.0`, 'Connection: keep-alive', '', '###',
      `GET ${base}/http10-keep-alive HTTP/1.0`, 'Connection: keep-alive', '',
    ].join('\n'));
    assert.deepEqual(verdicts(reports), ['new #0', 'new #1', 'reused #1']);
    const body = reports[0]!.response!.body!.toString('latin1');
    assert.match(body, /^GET \/echo HTTP\/1\.0\r\n/, 'the version on the wire is the one written');
    assert.equal(reports[0]!.persistence!.predicted.reason, 'http10-request-without-keep-alive');
    assert.equal(reports[0]!.persistence!.observed, 'closed-by-server');
    assert.match(reports[1]!.connection!.whyNew!, /HTTP\/1\.0 request without `Connection: keep-alive`/);
    assert.equal(reports[1]!.response!.version, 'HTTP/1.0');
    assert.equal(reports[1]!.persistence!.predicted.persists, true);
  });

  test('names, case, order and misspellings are sent as written; only Host and Content-Length are added', async () => {
    const [r] = await runHttp(`POST ${base}/echo\nconnections: keep-alive\nX-ORDER: 1\nAccept: */*\n\nbody!\n`);
    const wire = r!.response!.body!.toString('latin1');
    assert.equal(wire, `POST /echo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nconnections: keep-alive\r\nX-ORDER: 1\r\nAccept: */*\r\nContent-Length: 5\r\n\r\nbody!`);
    assert.deepEqual(r!.sent!.added, ['Host', 'Content-Length']);
    assert.equal(r!.wireRequest, wire.slice(0, wire.indexOf('\r\n\r\n') + 4));
  });

  test('a close-delimited body ends the connection, and the next one says so', async () => {
    const reports = await runHttp(`GET ${base}/close-delimited\n\n###\nGET ${base}/keep-alive\n`);
    assert.equal(reports[0]!.response!.body!.toString(), 'this body ends when the connection closes\n');
    assert.equal(reports[0]!.persistence!.predicted.reason, 'close-delimited');
    assert.match(reports[1]!.connection!.whyNew!, /delimited by closing the connection/);
  });

  test('idle longer than the server keeps the connection: a new one, and why', async () => {
    const reports = await runHttp(`GET ${base}/idle?timeout=1\n`);
    await new Promise((r) => setTimeout(r, 1400));
    // Same pool: pass it through by running both in one file with a pause is not possible, so use the pool directly.
    assert.equal(reports[0]!.persistence!.observed, 'kept-open');
    const { ConnectionPool } = await import('../../client/src/runner/pool');
    const pool = new ConnectionPool();
    const first = await runHttp(`GET ${base}/idle?timeout=1\n`, { pool });
    await new Promise((r) => setTimeout(r, 1400));
    const second = await runHttp(`GET ${base}/keep-alive\n`, { pool });
    pool.closeAll();
    assert.deepEqual([...verdicts(first), ...verdicts(second)], ['new #0', 'new #1']);
    assert.match(second[0]!.connection!.whyNew!, /the server closed it after 1\.\d s idle|idle longer than the server's `Keep-Alive: timeout=1`/);
    assert.equal(first[0]!.persistence!.observed, 'closed-by-server');
  });

  test('a server that says keep-alive and closes: predicted and observed differ, and GET is retried once', async () => {
    const reports = await runHttp(`GET ${base}/broken-promise\n\n###\nGET ${base}/keep-alive\n`);
    assert.match(reports[1]!.connection!.retried ?? '', /^retried: the server had closed the idle connection #0/);
    assert.equal(reports[1]!.response!.status, 200);
    assert.equal(reports[0]!.persistence!.observed, 'closed-by-server');
    assert.match(reports[0]!.persistence!.mismatch ?? '', /announced `Keep-Alive: timeout=30`/);
    assert.match((reports[1]!.notes ?? []).join(), /left open after \[1\]/);
  });

  test('a POST is not retried on a connection the server closed: it fails and says where', async () => {
    const reports = await runHttp(`GET ${base}/broken-promise\n\n###\nPOST ${base}/echo\n\nx\n`);
    assert.equal(reports[1]!.connection?.reused, true);
    assert.equal(reports[1]!.connection?.retried, undefined, 'POST is not idempotent: never sent twice');
    assert.equal(reports[1]!.error?.phase, 'response');
    assert.match(reports[1]!.error!.message, /closed the connection before sending a response/);
  });

  test('chunked bodies and trailers, gzip bodies kept as received', async () => {
    const [chunked, gzip] = await runHttp(`GET ${base}/chunked\n\n###\nGET ${base}/gzip\n`);
    assert.equal(chunked!.response!.body!.toString(), 'chunked body');
    assert.deepEqual(chunked!.response!.trailers, [['X-Checksum', '13']]);
    assert.deepEqual(chunked!.findings, []);
    assert.equal(gzip!.response!.body![0], 0x1f, 'still gzip-compressed');
  });

  test('--repeat: the same request over one pool reuses one connection', async () => {
    const reports = await runHttp(`GET ${base}/keep-alive\n`, { repeat: 4 });
    assert.deepEqual(verdicts(reports), ['new #0', 'reused #0', 'reused #0', 'reused #0']);
    assert.deepEqual(reports.map((r) => r.connection!.requestsOnConnection), [1, 2, 3, 4]);
  });

  test('a body larger than the memory limit goes to a temporary file', async () => {
    const [r] = await runHttp(`POST ${base}/echo\n\n${'x'.repeat(5000)}\n`, { maxBodyInMemory: 1000 });
    assert.equal(r!.response!.body, undefined);
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(r!.response!.bodyFile!, 'latin1').length, r!.response!.bodyBytes);
  });

  test('timeouts, refusals, DNS failures and cancellation name their phase', async () => {
    const [slow] = await runHttp(`GET ${base}/delay?ms=3000\n`, { idleTimeoutMs: 300 });
    assert.equal(slow!.error?.phase, 'response');
    assert.match(slow!.error!.message, /sent nothing for 300 ms/);
    const [refused] = await runHttp('GET http://127.0.0.1:9/\n');
    assert.equal(refused!.error?.phase, 'connect');
    assert.match(refused!.error!.message, /cannot connect to 127\.0\.0\.1:9: connection refused \(ECONNREFUSED\)/);
    const [dns] = await runHttp('GET http://no-such-host.invalid/\n', { connectTimeoutMs: 3000 });
    assert.equal(dns!.error?.phase, 'dns');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const t0 = Date.now();
    const [cancelled] = await runHttp(`GET ${base}/delay?ms=5000\n`, { signal: controller.signal });
    assert.equal(cancelled!.error?.phase, 'cancelled');
    assert.ok(Date.now() - t0 < 2000, 'cancellation is prompt');
  });

  test('requests that cannot be sent say why, and the rest still run', async () => {
    const reports = await runHttp(`GET ${base}/{{missing}}\n\n###\nGET ${base}/x HTTP/2\n\n###\nGRPC localhost:1/x\n\n###\nGET ${base}/keep-alive\n`);
    assert.deepEqual(reports.map((r) => r.error?.phase ?? 'ok'), ['prepare', 'prepare', 'prepare', 'ok']);
    assert.match(reports[0]!.error!.message, /\{\{missing\}\}, which is not defined/);
    assert.match(reports[1]!.error!.message, /HTTP\/2 is not sent/);
  });
});
