// The runner against real servers on loopback. Every verdict (new or reused connection) must match the
// server's own log (nginx $connection_requests, Apache %k, the client port it saw) and curl's verdict on the
// same sequence of requests; every new connection must say why the previous one could not be reused.
import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, test } from 'node:test';
import { ConnectionPool } from '../../client/src/runner/pool';
import type { ExchangeReport } from '../../client/src/runner/types';
import { runHttp } from '../support/runHelpers';
import { findApache, findApacheModulesDir, startApache } from '../support/servers/apache';
import { findExecutable, sleep, type RunningServer } from '../support/servers/common';
import { curlTrace, findCurl, type CurlHttpVersion } from '../support/servers/curlTrace';
import { findNginx, startNginx } from '../support/servers/nginx';
import { startNodeServer } from '../support/servers/nodeServer';
import { startPythonServer } from '../support/servers/pythonServer';
import { startTlsServer } from '../support/servers/tls';

const REQUIRE = process.env.HTTP_LENS_REQUIRE_SERVERS === '1';
const have = {
  curl: findCurl() !== undefined,
  python3: findExecutable(['python3']) !== undefined,
  nginx: findNginx() !== undefined,
  apache2: findApache() !== undefined && findApacheModulesDir() !== undefined,
  ipv6: Object.values(os.networkInterfaces()).some((list) => list?.some((i) => i.address === '::1')),
};
type Need = keyof typeof have;

/** Skips when a server is not installed on a developer machine; with HTTP_LENS_REQUIRE_SERVERS=1 (CI), fails. */
function serverTest(name: string, needs: Need[], body: () => Promise<void>): void {
  const missing = needs.filter((n) => !have[n]);
  const skip = missing.length && !REQUIRE ? `${missing.join(', ')} not available (see .ci/install-servers.sh)` : missing.includes('ipv6') ? 'no IPv6 loopback' : false;
  test(name, { timeout: 30_000, skip }, async () => {
    if (missing.length) assert.fail(`HTTP_LENS_REQUIRE_SERVERS=1 but ${missing.join(', ')} is missing`);
    await body();
  });
}

async function using<S extends RunningServer<unknown>>(start: Promise<S>, body: (s: S) => Promise<void>): Promise<void> {
  const server = await start;
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

/** An .http file of GETs to distinct targets (`?n=1`...), so that log lines match requests. */
function requests(base: string, count: number, version: '1.0' | '1.1', extra = '', path = '/'): { text: string; urls: string[] } {
  const urls = Array.from({ length: count }, (_, i) => `${base}${path}?n=${i + 1}`);
  return { urls, text: urls.map((u) => `GET ${u} HTTP/${version}\n${extra}`).join('\n###\n') };
}

interface LogEntry {
  readonly remotePort: number;
  readonly connection: number;
  readonly requestsOnConnection: number;
  readonly request: string;
}

/**
 * Our reports, the server's log and curl's verdicts tell the same story: request i came from the port we
 * report, we reused exactly when the server saw a non-first request on its connection, and curl reused
 * exactly when we did.
 */
function assertSameStory(reports: readonly ExchangeReport[], log: readonly LogEntry[], curlReused?: readonly boolean[]): void {
  assert.equal(log.length, reports.length, `server logged ${log.length} requests for ${reports.length} sent`);
  reports.forEach((r, i) => {
    assert.ok(r.connection, `request ${i + 1} failed: ${r.error?.message}`);
    const entry = log[i]!;
    const where = `request ${i + 1}: ours ${JSON.stringify({ id: r.connection.id, reused: r.connection.reused, port: r.connection.localPort })}, server ${JSON.stringify(entry)}`;
    assert.equal(r.connection.localPort, entry.remotePort, `client port differs; ${where}`);
    assert.equal(r.connection.reused, entry.requestsOnConnection > 1, `reuse verdict differs from the server's; ${where}`);
    assert.equal(r.connection.requestsOnConnection, entry.requestsOnConnection, `request count differs; ${where}`);
    if (curlReused) assert.equal(r.connection.reused, curlReused[i], `reuse verdict differs from curl's; ${where}`);
  });
}

async function curlVerdicts(urls: string[], version: CurlHttpVersion, headers: string[] = []): Promise<boolean[]> {
  const result = await curlTrace(urls, { http: version, headers });
  assert.equal(result.exitCode, 0, result.stderr);
  return result.verdicts.map((v) => v.reused);
}

const reused = (reports: readonly ExchangeReport[]) => reports.map((r) => r.connection?.reused);

describe('runner against real servers', () => {
  serverTest('nginx, keepalive_requests 3: four requests go [new, reused, reused, new], as nginx and curl say', ['nginx', 'curl'], () =>
    using(startNginx({ keepaliveRequests: 3, keepaliveTimeoutSeconds: 5 }), async (nginx) => {
      const { text, urls } = requests(nginx.url, 4, '1.1');
      const reports = await runHttp(text);
      const ours = await nginx.readLog({ atLeast: 4 });
      assertSameStory(reports, ours);
      assert.deepEqual(reused(reports), [false, true, true, false]);
      assert.deepEqual(ours.map((e) => e.requestsOnConnection), [1, 2, 3, 1]);
      assert.equal(reports[2]!.persistence!.predicted.reason, 'close-in-response', 'nginx says `Connection: close` on the last request it allows');
      assert.match(reports[3]!.connection!.whyNew!, /the server sent `Connection: close`/);
      const curl = await curlVerdicts(urls.map((u) => u.replace('?n=', '?curl=')), '1.1');
      assert.deepEqual(curl, reused(reports), 'curl reuses exactly where we do');
    }));

  serverTest('nginx, keepalive_timeout 1s: after 1.5 s idle the connection is gone, and the report says why', ['nginx'], () =>
    using(startNginx({ keepaliveRequests: 100, keepaliveTimeoutSeconds: 1 }), async (nginx) => {
      const pool = new ConnectionPool();
      try {
        const first = await runHttp(`GET ${nginx.url}/?n=1\n`, { pool });
        await sleep(1500);
        const second = await runHttp(`GET ${nginx.url}/?n=2\n`, { pool });
        const all = [...first, ...second];
        assertSameStory(all, await nginx.readLog({ atLeast: 2 }));
        assert.deepEqual(reused(all), [false, false]);
        assert.match(second[0]!.connection!.whyNew!, /the previous connection \(#0\) could not be reused: the server closed it after 1\.\d s idle/);
        assert.equal(first[0]!.persistence!.observed, 'closed-by-server');
        assert.match(first[0]!.persistence!.observedReason, /closed the idle connection after 1\.\d s/);
      } finally {
        pool.closeAll();
      }
    }));

  serverTest('nginx and HTTP/1.0: closes without keep-alive, persists with it, as curl --http1.0 sees it', ['nginx', 'curl'], () =>
    using(startNginx({ keepaliveRequests: 100 }), async (nginx) => {
      const plain = requests(nginx.url, 3, '1.0');
      const asked = requests(nginx.url, 3, '1.0', 'Connection: keep-alive\n', '/ka');
      const reports = await runHttp(`${plain.text}\n###\n${asked.text}`);
      assertSameStory(reports, await nginx.readLog({ atLeast: 6 }));
      assert.deepEqual(reused(reports), [false, false, false, false, true, true]);
      assert.equal(reports[0]!.persistence!.predicted.reason, 'http10-request-without-keep-alive');
      assert.match(reports[1]!.connection!.whyNew!, /HTTP\/1\.0 request without `Connection: keep-alive`/);
      assert.equal(reports[3]!.persistence!.predicted.persists, true);
      assert.deepEqual(await curlVerdicts(plain.urls, '1.0'), [false, false, false]);
      assert.deepEqual(await curlVerdicts(asked.urls, '1.0', ['Connection: keep-alive']), [false, true, true]);
    }));

  serverTest('nginx on ::1', ['nginx', 'ipv6'], () =>
    using(startNginx({ host: '::1', keepaliveRequests: 100 }), async (nginx) => {
      const { text } = requests(nginx.url, 3, '1.1');
      const reports = await runHttp(text);
      assertSameStory(reports, await nginx.readLog({ atLeast: 3 }));
      assert.equal(reports[0]!.connection!.remoteAddress, '::1');
    }));

  serverTest('Apache, KeepAlive Off: every request on a new connection, each saying why', ['apache2', 'curl'], () =>
    using(startApache({ keepAlive: 'off' }), async (apache) => {
      const { text, urls } = requests(apache.url, 3, '1.1', '', '/index.txt');
      const reports = await runHttp(text);
      assertSameStory(reports, await apache.readLog({ atLeast: 3 }));
      assert.deepEqual(reused(reports), [false, false, false]);
      assert.match(reports[1]!.connection!.whyNew!, /the server sent `Connection: close`/);
      assert.deepEqual(await curlVerdicts(urls.map((u) => u.replace('?n=', '?curl=')), '1.1'), [false, false, false]);
    }));

  serverTest('Apache, MaxKeepAliveRequests 3, KeepAliveTimeout 1: Keep-Alive hints honoured, idle timeout reported', ['apache2', 'curl'], () =>
    using(startApache({ keepAlive: 'on', maxKeepAliveRequests: 3, keepAliveTimeoutSeconds: 1 }), async (apache) => {
      // Apache announces `Keep-Alive: timeout, max` to an HTTP/1.1 client only when it asks for keep-alive.
      const { text, urls } = requests(apache.url, 5, '1.1', 'Connection: keep-alive\n', '/index.txt');
      const pool = new ConnectionPool();
      try {
        const reports = await runHttp(text, { pool });
        const curl = await curlVerdicts(urls.map((u) => u.replace('?n=', '?curl=')), '1.1', ['Connection: keep-alive']);
        assert.deepEqual(curl, reused(reports), 'curl reuses exactly where we do');
        await sleep(1600);
        const late = await runHttp(`GET ${apache.url}/index.txt?n=6 HTTP/1.1\nConnection: keep-alive\n`, { pool });
        const log = (await apache.readLog({ atLeast: 11 })).filter((e) => !e.request.includes('curl='));
        assertSameStory([...reports, ...late], log);
        // Apache lets MaxKeepAliveRequests + 1 requests through, and says `Connection: close` on the last.
        const closing = reports.findIndex((r) => r.persistence?.predicted.reason === 'close-in-response');
        assert.ok(closing >= 2, `Apache closed after request ${closing + 1}`);
        assert.match(reports[closing + 1]!.connection!.whyNew!, /the server sent `Connection: close`/);
        assert.ok(reports[0]!.response!.headers.some(([n, v]) => n === 'Keep-Alive' && /timeout=1/.test(v)));
        assert.match(late[0]!.connection!.whyNew!, /idle longer than the server's `Keep-Alive: timeout=1`|the server closed it after 1\.\d s idle/);
      } finally {
        pool.closeAll();
      }
    }));

  serverTest('Python http.server (HTTP/1.0 by default): every response closes the connection', ['python3', 'curl'], () =>
    using(startPythonServer({ protocol: 'HTTP/1.0' }), async (py) => {
      const { text, urls } = requests(py.url, 3, '1.1');
      const reports = await runHttp(text);
      assertSameStory(reports, await py.readLog({ atLeast: 3 }));
      assert.deepEqual(reused(reports), [false, false, false]);
      assert.equal(reports[0]!.response!.version, 'HTTP/1.0');
      assert.equal(reports[0]!.persistence!.predicted.reason, 'http10-response-without-keep-alive');
      assert.equal(reports[0]!.persistence!.observed, 'closed-by-server');
      assert.match(reports[1]!.connection!.whyNew!, /HTTP\/1\.0 response without keep-alive/);
      assert.deepEqual(await curlVerdicts(urls, '1.1'), [false, false, false]);
    }));

  serverTest('Python http.server with protocol_version HTTP/1.1: one connection for all', ['python3', 'curl'], () =>
    using(startPythonServer({ protocol: 'HTTP/1.1' }), async (py) => {
      const { text, urls } = requests(py.url, 3, '1.1');
      const reports = await runHttp(text);
      assertSameStory(reports, await py.readLog({ atLeast: 3 }));
      assert.deepEqual(reused(reports), [false, true, true]);
      assert.deepEqual(await curlVerdicts(urls, '1.1'), [false, true, true]);
    }));

  serverTest('Node http: keep-alive reuses; a `Connection: close` server does not', [], async () => {
    await using(startNodeServer({ mode: 'keep-alive' }), async (node) => {
      const reports = await runHttp(requests(node.url, 3, '1.1').text);
      assertSameStory(reports, await node.readLog({ atLeast: 3 }));
      assert.deepEqual(reused(reports), [false, true, true]);
    });
    await using(startNodeServer({ mode: 'close' }), async (node) => {
      const reports = await runHttp(requests(node.url, 3, '1.1').text);
      assertSameStory(reports, await node.readLog({ atLeast: 3 }));
      assert.deepEqual(reused(reports), [false, false, false]);
      assert.match(reports[2]!.connection!.whyNew!, /the server sent `Connection: close`/);
    });
  });

  serverTest('TLS: a self-signed certificate is refused by default; with the opt-out, TLS details and reuse', [], () =>
    using(startTlsServer({ mode: 'keep-alive' }), async (server) => {
      const url = server.url;
      const [refused] = await runHttp(`GET ${url}/\n`);
      assert.equal(refused!.error?.phase, 'tls');
      assert.match(refused!.error!.message, /certificate of 127\.0\.0\.1:\d+ was rejected: .*# @no-reject-unauthorized/);
      const reports = await runHttp(`# @no-reject-unauthorized\nGET ${url}/?n=1\n\n###\n# @no-reject-unauthorized\nGET ${url}/?n=2\n`);
      assert.deepEqual(reused(reports), [false, true]);
      const tls = reports[0]!.connection!.tls!;
      assert.match(tls.version ?? '', /^TLSv1\.[23]$/);
      assert.equal(tls.authorized, false);
      assert.ok(reports[0]!.timings!.tls > 0);
      assert.ok(reports[1]!.timings!.saved! >= reports[0]!.timings!.tls, 'reuse saved at least the TLS handshake');
      const log = await server.readLog({ atLeast: 2 });
      assertSameStory(reports, log.slice(-2));
    }));
});
