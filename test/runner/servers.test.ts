// The fixtures the runner is checked against must themselves be right: for
// every real server here, the server's own log and curl's own trace have to
// tell the same story about which request went over which connection.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { APACHE_PATH, findApache, findApacheModulesDir, startApache } from '../support/servers/apache';
import { findExecutable, FixtureTimeoutError, isListening, makeTempDir, processGroupAlive, removeDir, startWithPortRetry, waitForListening, type LoopbackHost, type RunningServer } from '../support/servers/common';
import { curlTrace, findCurl, parseCurlTrace, type CurlTraceOptions, type CurlVerdict } from '../support/servers/curlTrace';
import { findNginx, startNginx } from '../support/servers/nginx';
import { startNodeServer } from '../support/servers/nodeServer';
import { startPythonServer } from '../support/servers/pythonServer';
import { makeSelfSignedCert, nodeSelfSignedCert, startTlsServer, type CertMaker } from '../support/servers/tls';

const TIMEOUT = { timeout: 20_000 };
const REQUIRE_SERVERS = process.env.HTTP_LENS_REQUIRE_SERVERS === '1';

type Need = 'curl' | 'python3' | 'nginx' | 'apache2' | 'ipv6';

const available: Record<Need, boolean> = {
  curl: findCurl() !== undefined,
  python3: findExecutable(['python3']) !== undefined,
  nginx: findNginx() !== undefined,
  apache2: findApache() !== undefined && findApacheModulesDir() !== undefined,
  ipv6: Object.values(os.networkInterfaces()).some((list) => list?.some((i) => i.address === '::1')),
};

/**
 * A test that needs installed tools. A missing tool skips it on a developer
 * machine (each test, so the runner's closing count shows the skips), but with
 * HTTP_LENS_REQUIRE_SERVERS=1 (CI) the test runs and fails, so a broken
 * install can't pass as "all green". No IPv6 loopback always just skips: that
 * is the machine, not the install.
 */
function serverTest(name: string, needs: Need[], body: () => Promise<void>, timeout = TIMEOUT.timeout): void {
  const missing = needs.filter((need) => need !== 'ipv6' && !available[need]);
  let skip: string | false = false;
  if (needs.includes('ipv6') && !available.ipv6) skip = 'no IPv6 loopback (::1) on this machine';
  else if (missing.length > 0 && !REQUIRE_SERVERS) {
    skip = `${missing.join(' and ')} not installed (run .ci/install-servers.sh; HTTP_LENS_REQUIRE_SERVERS=1 makes this a failure)`;
  }
  test(name, { timeout, skip }, async () => {
    if (missing.length > 0) assert.fail(`HTTP_LENS_REQUIRE_SERVERS=1 but ${missing.join(' and ')} not installed: run .ci/install-servers.sh`);
    await body();
  });
}

async function withServer<E, S extends RunningServer<E>>(start: () => Promise<S>, body: (server: S) => Promise<void>): Promise<void> {
  const server = await start();
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

/** Distinct targets (`?n=1`, `?n=2`, ...) so log lines can be matched to transfers. */
function urls(base: string, count: number, target = '/', first = 1): string[] {
  return Array.from({ length: count }, (_, i) => `${base}${target}?n=${first + i}`);
}

async function trace(list: string[], options: CurlTraceOptions = {}): Promise<CurlVerdict[]> {
  const result = await curlTrace(list, options);
  assert.equal(result.verdicts.length, list.length, `curl reported ${result.verdicts.length} transfers for ${list.length} URLs:\n${result.stderr}`);
  for (const v of result.verdicts) assert.equal(v.exitCode, 0, `curl transfer ${v.index} failed:\n${v.trace.join('\n')}`);
  assert.equal(result.exitCode, 0, result.stderr);
  return result.verdicts;
}

interface ServerEntry {
  remotePort: number;
  connection: number;
  requestsOnConnection: number;
  /** The request line, e.g. `GET /?n=2 HTTP/1.1`. */
  request: string;
}

/**
 * The agreement every fixture must show: request i arrived from the port curl
 * used for transfer i, and curl reused a connection exactly when the server
 * saw the request as a non-first one on its connection. Connection groupings
 * must match both ways.
 */
function assertAgree(verdicts: CurlVerdict[], log: ServerEntry[]): void {
  assert.equal(log.length, verdicts.length, `server logged ${log.length} requests, curl made ${verdicts.length}`);
  const targets = log.map((entry) => entry.request.split(' ')[1]);
  verdicts.forEach((v, i) => {
    const url = new URL(v.url);
    assert.equal(targets[i], url.pathname + url.search, `log line ${i + 1} is not for transfer ${i + 1}: ${JSON.stringify(log)}`);
    const entry = log[i]!;
    const where = `request ${i + 1}: curl ${JSON.stringify({ reused: v.reused, connection: v.connection, localPort: v.localPort })}, server ${JSON.stringify(entry)}`;
    assert.notEqual(v.connection, undefined, `curl's connection number not found in its trace; ${where}`);
    assert.equal(v.localPort, entry.remotePort, `client port differs; ${where}`);
    assert.equal(v.reused, entry.requestsOnConnection > 1, `reuse verdict differs; ${where}`);
    assert.equal(v.numConnects, v.reused ? 0 : 1, `curl's -v and %{num_connects} disagree; ${where}`);
  });
  for (let i = 0; i < log.length; i++) {
    for (let j = i + 1; j < log.length; j++) {
      const sameServer = log[i]!.connection === log[j]!.connection;
      const sameCurl = verdicts[i]!.connection === verdicts[j]!.connection;
      assert.equal(sameCurl, sameServer, `requests ${i + 1} and ${j + 1}: curl says same connection=${sameCurl}, server says ${sameServer}`);
    }
  }
}

const pick = <T, K extends keyof T>(rows: T[], key: K): T[K][] => rows.map((row) => row[key]);

// ---------------------------------------------------------------------------

describe('curl trace parser', () => {
  test('reads curl 7.88 traces: new, reused, closed by the server, dead in the pool', () => {
    const stderr = [
      '*   Trying 127.0.0.1:8080...',
      '* Connected to 127.0.0.1 (127.0.0.1) port 8080 (#0)',
      '> GET /a HTTP/1.1',
      '< HTTP/1.1 200 OK',
      '* Connection #0 to host 127.0.0.1 left intact',
      '@@HTTPLENS@@ urlnum=0 exitcode=0 code=200 num_connects=1 local_port=50000 remote_port=8080',
      '* Found bundle for host: 0x55935eaee200 [serially]',
      '* Re-using existing connection #0 with host 127.0.0.1',
      '> GET /b HTTP/1.1',
      '< HTTP/1.1 200 OK',
      '< Connection: close',
      '* Closing connection 0',
      '@@HTTPLENS@@ urlnum=1 exitcode=0 code=200 num_connects=0 local_port=50000 remote_port=8080',
      'Note: Transfer took 2 ms, waits 1998ms as set by --rate',
      '* Connection 1 seems to be dead',
      '* Closing connection 1',
      '* Connected to 127.0.0.1 (127.0.0.1) port 8080 (#2)',
      '< HTTP/1.0 200 OK',
      '* Closing connection 2',
      '@@HTTPLENS@@ urlnum=2 exitcode=0 code=200 num_connects=1 local_port=50002 remote_port=8080',
    ].join('\n');
    const verdicts = parseCurlTrace(stderr, ['u0', 'u1', 'u2']);
    assert.deepEqual(
      verdicts.map((v) => [v.url, v.reused, v.connection, v.localPort, v.closedAfter, v.deadConnections, v.responseVersion]),
      [
        ['u0', false, 0, 50000, false, [], '1.1'],
        ['u1', true, 0, 50000, true, [], '1.1'],
        ['u2', false, 2, 50002, true, [1], '1.0'],
      ],
    );
  });

  test('reads current curl wording (lib/url.c, connect.c, conncache.c), where connect and reuse carry no #N', () => {
    const stderr = [
      '* Established connection to localhost (::1 port 8080) from ::1 port 41000 ',
      '< HTTP/1.1 200 OK',
      '* Connection #0 to host localhost:8080 left intact',
      '@@HTTPLENS@@ urlnum=0 exitcode=0 code=200 num_connects=1 local_port= remote_port=8080',
      '* Reusing existing http: connection with host localhost',
      '< HTTP/1.1 200 OK',
      '< Connection: close',
      '* shutting down connection #0',
      '@@HTTPLENS@@ urlnum=1 exitcode=0 code=200 num_connects=0 local_port=41000 remote_port=8080',
      '* Connection 0 seems to be dead, terminating',
      '* Established connection to localhost (::1 port 8080) from ::1 port 41002 ',
      '< HTTP/1.1 200 OK',
      '* Connection #1 to host localhost:8080 left intact',
      '@@HTTPLENS@@ urlnum=2 exitcode=0 code=200 num_connects=1 local_port=41002 remote_port=8080',
    ].join('\n');
    const verdicts = parseCurlTrace(stderr, ['a', 'b', 'c']);
    assert.deepEqual(
      verdicts.map((v) => [v.reused, v.connection, v.localPort, v.remotePort, v.closedAfter, v.deadConnections]),
      [
        [false, 0, 41000, 8080, false, []],
        [true, 0, 41000, 8080, true, []],
        [false, 1, 41002, 8080, false, [0]],
      ],
    );
  });

  test('a reuse that dies and is retried on a fresh connection counts as new', () => {
    const stderr = [
      '* Re-using existing connection #0 with host 127.0.0.1',
      '* Connection died, retrying a fresh connect (retry count: 1)',
      '* Closing connection 0',
      '* Issue another request to this URL: \'http://127.0.0.1:8080/\'',
      '* Connected to 127.0.0.1 (127.0.0.1) port 8080 (#1)',
      '< HTTP/1.1 200 OK',
      '* Connection #1 to host 127.0.0.1 left intact',
      '@@HTTPLENS@@ urlnum=0 exitcode=0 code=200 num_connects=1 local_port=1234 remote_port=8080',
    ].join('\n');
    const [v] = parseCurlTrace(stderr, ['x']);
    assert.deepEqual([v!.reused, v!.retried, v!.connection, v!.closedAfter], [false, true, 1, false]);
  });
});

describe('fixture plumbing', () => {
  serverTest('a test process ended by SIGTERM takes its servers and their directories with it', ['nginx', 'python3'], async () => {
    const dir = await makeTempDir('sigterm');
    try {
      const script = path.join(dir, 'holder.mts');
      const nginxModule = fileURLToPath(new URL('../support/servers/nginx.ts', import.meta.url));
      const pythonModule = fileURLToPath(new URL('../support/servers/pythonServer.ts', import.meta.url));
      await writeFile(
        script,
        `import { startNginx } from ${JSON.stringify(nginxModule)};
import { startPythonServer } from ${JSON.stringify(pythonModule)};
const servers = [await startNginx(), await startPythonServer()];
console.log(JSON.stringify(servers.map((s) => ({ pid: s.pid, dir: s.dir }))));
setInterval(() => {}, 1000);
`,
      );
      const holder = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          holder.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
            if (out.includes('\n')) resolve(out.split('\n')[0]!);
          });
          holder.once('exit', (code) => reject(new Error(`holder exited early (${code}): ${out}`)));
        });
        const servers = JSON.parse(line) as { pid: number; dir: string }[];
        for (const s of servers) assert.equal(processGroupAlive(s.pid), true);
        holder.kill('SIGTERM');
        await exited;
        for (const s of servers) {
          assert.equal(processGroupAlive(s.pid), false, `process group ${s.pid} survived its test process`);
          assert.equal(existsSync(s.dir), false, `${s.dir} survived its test process`);
        }
      } finally {
        holder.kill('SIGKILL');
      }
    } finally {
      await removeDir(dir);
    }
  }, 40_000); // a second Node process compiling the fixtures with tsx: ~3 s idle, ~10 s on a loaded 2-core machine

  test('"address in use" is retried on another port; other failures are not', TIMEOUT, async () => {
    const tried: number[] = [];
    const ports = [1001, 1002, 1003];
    const result = await startWithPortRetry(
      async (port) => {
        tried.push(port);
        if (port === 1001) throw new Error('bind() to 127.0.0.1:1001 failed (98: Address already in use)');
        return port;
      },
      '127.0.0.1',
      'fake',
      3,
      async () => ports.shift()!,
    );
    assert.equal(result, 1002);
    assert.deepEqual(tried, [1001, 1002]);
    await assert.rejects(
      startWithPortRetry(async () => Promise.reject(new Error('bad config')), '127.0.0.1', 'fake', 3, async () => 1),
      /^Error: bad config$/,
    );
  });

  for (const [name, start] of [
    ['nginx', (port: number) => startNginx({ port })],
    ['apache2', (port: number) => startApache({ port })],
  ] as const) {
    serverTest(`${name} on a taken port fails with the bind error, not a timeout`, [name], async () => {
      const squatter = net.createServer();
      await new Promise<void>((resolve) => squatter.listen({ host: '127.0.0.1', port: 0 }, resolve));
      try {
        const port = (squatter.address() as net.AddressInfo).port;
        await assert.rejects(start(port), (error: Error) => {
          assert.ok(!(error instanceof FixtureTimeoutError), error.message);
          assert.match(error.message, /Address already in use/);
          assert.match(error.message, /address in use on each of 1 attempt/);
          return true;
        });
      } finally {
        squatter.close();
      }
    });
  }

  test('a start that never listens fails with a clear timeout error', TIMEOUT, async () => {
    const port = 1; // nothing of ours listens on tcpmux
    await assert.rejects(waitForListening('127.0.0.1', port, 200, 'nothing', () => undefined), (error: Error) => {
      assert.ok(error instanceof FixtureTimeoutError);
      assert.match(error.message, /nothing did not listen on 127\.0\.0\.1:1 within 200 ms/);
      return true;
    });
  });
});

// ---------------------------------------------------------------------------

describe('node http server', () => {
  serverTest('keep-alive: three requests share one connection', ['curl'], async () => {
    await withServer(() => startNodeServer({ mode: 'keep-alive' }), async (server) => {
      const verdicts = await trace(urls(server.url, 3));
      const log = await server.readLog({ atLeast: 3 });
      assert.deepEqual(pick(verdicts, 'reused'), [false, true, true]);
      assert.deepEqual(pick(log, 'connection'), [1, 1, 1]);
      assert.deepEqual(pick(log, 'requestsOnConnection'), [1, 2, 3]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('Connection: close: every request on a new connection, closed after it', ['curl'], async () => {
    await withServer(() => startNodeServer({ mode: 'close' }), async (server) => {
      const verdicts = await trace(urls(server.url, 3));
      const log = await server.readLog({ atLeast: 3 });
      assert.deepEqual(pick(verdicts, 'reused'), [false, false, false]);
      assert.deepEqual(pick(verdicts, 'closedAfter'), [true, true, true]);
      assert.deepEqual(pick(log, 'connection'), [1, 2, 3]);
      assert.deepEqual(pick(log, 'requestsOnConnection'), [1, 1, 1]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('maxRequestsPerSocket 2: the third request opens a second connection', ['curl'], async () => {
    await withServer(() => startNodeServer({ mode: 'keep-alive', maxRequestsPerSocket: 2 }), async (server) => {
      const verdicts = await trace(urls(server.url, 3));
      const log = await server.readLog({ atLeast: 3 });
      assert.deepEqual(pick(log, 'requestsOnConnection'), [1, 2, 1]);
      assert.deepEqual(pick(verdicts, 'closedAfter'), [false, true, false]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('over ::1 as well', ['curl', 'ipv6'], async () => {
    await withServer(() => startNodeServer({ host: '::1' }), async (server) => {
      assert.match(server.url, /^http:\/\/\[::1\]:\d+$/);
      const verdicts = await trace(urls(server.url, 2));
      assertAgree(verdicts, await server.readLog({ atLeast: 2 }));
      assert.deepEqual(pick(verdicts, 'reused'), [false, true]);
    });
  });
});

// ---------------------------------------------------------------------------

/**
 * Sends requests one after another on ONE socket and returns each raw
 * response head; the socket's local port is what the server must log.
 */
async function rawSequential(host: LoopbackHost, port: number, requests: string[], timeoutMs = 5_000): Promise<{ localPort: number; heads: string[]; closedByServer: boolean }> {
  const socket = net.connect({ host, port });
  socket.setTimeout(timeoutMs);
  let buffer = Buffer.alloc(0);
  let closedByServer = false;
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake?.();
  });
  socket.on('end', () => {
    closedByServer = true;
    wake?.();
  });
  socket.on('timeout', () => socket.destroy(new Error(`raw exchange timed out after ${timeoutMs} ms`)));
  const failed = new Promise<never>((_, reject) => socket.once('error', reject));
  failed.catch(() => undefined);
  await Promise.race([new Promise<void>((resolve) => socket.once('connect', resolve)), failed]);
  const localPort = socket.localPort!;
  const heads: string[] = [];
  try {
    for (const request of requests) {
      socket.write(request);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end !== -1) {
          const head = buffer.subarray(0, end).toString('latin1');
          const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
          if (buffer.length >= end + 4 + length) {
            heads.push(head);
            buffer = buffer.subarray(end + 4 + length);
            break;
          }
        }
        if (closedByServer) throw new Error(`server closed before answering: ${JSON.stringify(buffer.toString('latin1'))}`);
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), failed]);
      }
    }
  } finally {
    socket.destroy();
  }
  return { localPort, heads, closedByServer };
}

/** Opens a connection, sends one request, and measures how long until the server hangs up while idle. */
async function idleCloseAfterMs(host: LoopbackHost, port: number, path: string, limitMs: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let answeredAt = 0;
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, limitMs);
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (answeredAt === 0 && data.includes('\r\n\r\n')) answeredAt = Date.now();
    });
    socket.on('end', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answeredAt === 0 ? -1 : Date.now() - answeredAt);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('python http.server', () => {
  serverTest('HTTP/1.0 (the default): every request on a new connection', ['python3', 'curl'], async () => {
    await withServer(() => startPythonServer({ protocol: 'HTTP/1.0' }), async (server) => {
      const verdicts = await trace(urls(server.url, 3));
      const log = await server.readLog({ atLeast: 3 });
      assert.deepEqual(pick(verdicts, 'responseVersion'), ['1.0', '1.0', '1.0']);
      assert.deepEqual(pick(verdicts, 'reused'), [false, false, false]);
      assert.deepEqual(pick(log, 'connection'), [1, 2, 3]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('HTTP/1.1: requests reuse the connection', ['python3', 'curl'], async () => {
    await withServer(() => startPythonServer({ protocol: 'HTTP/1.1' }), async (server) => {
      const verdicts = await trace(urls(server.url, 3));
      const log = await server.readLog({ atLeast: 3 });
      assert.deepEqual(pick(verdicts, 'responseVersion'), ['1.1', '1.1', '1.1']);
      assert.deepEqual(pick(verdicts, 'reused'), [false, true, true]);
      assert.deepEqual(pick(log, 'requestsOnConnection'), [1, 2, 3]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('HTTP/1.1 server, HTTP/1.0 client without keep-alive: closes each time', ['python3', 'curl'], async () => {
    await withServer(() => startPythonServer({ protocol: 'HTTP/1.1' }), async (server) => {
      const verdicts = await trace(urls(server.url, 2), { http: '1.0' });
      const log = await server.readLog({ atLeast: 2 });
      assert.deepEqual(pick(verdicts, 'reused'), [false, false]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('HTTP/1.0 server ignores an HTTP/1.0 client asking for keep-alive', ['python3', 'curl'], async () => {
    await withServer(() => startPythonServer({ protocol: 'HTTP/1.0' }), async (server) => {
      const verdicts = await trace(urls(server.url, 2), { http: '1.0', headers: ['Connection: keep-alive'] });
      const log = await server.readLog({ atLeast: 2 });
      assert.deepEqual(pick(verdicts, 'reused'), [false, false]);
      assertAgree(verdicts, log);
    });
  });

  // An edge the runner must get right: the answer is HTTP/1.1 with no
  // Connection header at all, and both sides treat the connection as
  // persistent because of the response's version.
  serverTest('HTTP/1.1 server answers an HTTP/1.0 keep-alive request as HTTP/1.1 and keeps the connection', ['python3', 'curl'], async () => {
    await withServer(() => startPythonServer({ protocol: 'HTTP/1.1' }), async (server) => {
      const verdicts = await trace(urls(server.url, 2), { http: '1.0', headers: ['Connection: keep-alive'] });
      const log = await server.readLog({ atLeast: 2 });
      assert.deepEqual(pick(verdicts, 'responseVersion'), ['1.1', '1.1']);
      assert.ok(!verdicts[0]!.trace.some((line) => /^< connection:/i.test(line)), 'expected no Connection header in the answer');
      assert.deepEqual(pick(verdicts, 'reused'), [false, true]);
      assert.deepEqual(pick(log, 'request'), ['GET /?n=1 HTTP/1.0', 'GET /?n=2 HTTP/1.0']);
      assertAgree(verdicts, log);
    });
  });

  serverTest('HTTP/1.1: two requests on one raw socket are logged on one connection from its port', ['python3'], async () => {
    await withServer(() => startPythonServer({ protocol: 'HTTP/1.1' }), async (server) => {
      const request = 'GET /raw HTTP/1.1\r\nHost: test\r\n\r\n';
      const { localPort, heads } = await rawSequential(server.host, server.port, [request, request]);
      assert.equal(heads.length, 2);
      const log = await server.readLog({ atLeast: 2 });
      assert.deepEqual(log.map((e) => [e.remotePort, e.connection, e.requestsOnConnection]), [
        [localPort, 1, 1],
        [localPort, 1, 2],
      ]);
    });
  });
});

// ---------------------------------------------------------------------------

describe('nginx', () => {
  serverTest('keepalive_requests 3: four requests give connections [1,1,1,2]', ['nginx', 'curl'], async () => {
    await withServer(() => startNginx({ keepaliveRequests: 3, keepaliveTimeoutSeconds: 1 }), async (server) => {
      const verdicts = await trace(urls(server.url, 4));
      const log = await server.readLog({ atLeast: 4 });
      assert.deepEqual(pick(log, 'connection'), [1, 1, 1, 2]);
      assert.deepEqual(pick(log, 'requestsOnConnection'), [1, 2, 3, 1]);
      assert.deepEqual(pick(log, 'status'), [200, 200, 200, 200]);
      assert.deepEqual(pick(verdicts, 'reused'), [false, true, true, false]);
      assert.deepEqual(pick(verdicts, 'closedAfter'), [false, false, true, false]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('keepalive_timeout 1s: an idle connection is closed by nginx, and curl finds it dead', ['nginx', 'curl'], async () => {
    await withServer(() => startNginx({ keepaliveRequests: 100, keepaliveTimeoutSeconds: 1 }), async (server) => {
      // --rate 30/m: two seconds between transfers, twice the keep-alive timeout.
      const verdicts = await trace(urls(server.url, 2), { rate: '30/m' });
      const log = await server.readLog({ atLeast: 2 });
      assert.deepEqual(pick(verdicts, 'reused'), [false, false]);
      assert.deepEqual(verdicts[1]!.deadConnections, [verdicts[0]!.connection]);
      assert.deepEqual(pick(log, 'connection'), [1, 2]);
      assertAgree(verdicts, log);

      const closedAfter = await idleCloseAfterMs(server.host, server.port, '/idle', 4_000);
      assert.ok(closedAfter !== undefined && closedAfter >= 0, `nginx did not close the idle connection (${closedAfter})`);
      assert.ok(closedAfter > 500 && closedAfter < 2_500, `idle close after ${closedAfter} ms, expected about 1000`);
    });
  });

  serverTest('HTTP/1.0: closes without keep-alive, keeps alive when asked', ['nginx', 'curl'], async () => {
    await withServer(() => startNginx({ keepaliveRequests: 3, keepaliveTimeoutSeconds: 1 }), async (server) => {
      const plain = await trace(urls(server.url, 2), { http: '1.0' });
      const asked = await trace(urls(server.url, 2, '/', 3), { http: '1.0', headers: ['Connection: keep-alive'] });
      const log = await server.readLog({ atLeast: 4 });
      assert.deepEqual(pick(plain, 'reused'), [false, false]);
      assert.deepEqual(pick(asked, 'reused'), [false, true]);
      assert.deepEqual(pick(log, 'requestsOnConnection'), [1, 1, 1, 2]);
      // Two curl processes: each numbers its connections from #0.
      assertAgree(plain, log.slice(0, 2));
      assertAgree(asked, log.slice(2));
    });
  });

  serverTest('over ::1 as well', ['nginx', 'curl', 'ipv6'], async () => {
    await withServer(() => startNginx({ host: '::1' }), async (server) => {
      const verdicts = await trace(urls(server.url, 2));
      assertAgree(verdicts, await server.readLog({ atLeast: 2 }));
    });
  });

  serverTest('stop() is idempotent and takes the master and its workers down', ['nginx'], async () => {
    const server = await startNginx();
    try {
      assert.ok(server.pid !== undefined && server.pid > 0);
      assert.equal(isListening(server.host, server.port), true);
    } finally {
      await Promise.all([server.stop(), server.stop()]);
      await server.stop();
    }
    assert.equal(processGroupAlive(server.pid!), false);
    assert.equal(isListening(server.host, server.port), false);
    assert.equal(existsSync(server.dir), false);
    assert.deepEqual(await server.readLog(), []);
  });
});

// ---------------------------------------------------------------------------

describe('apache', () => {
  serverTest('KeepAlive Off: every request on a new connection', ['apache2', 'curl'], async () => {
    await withServer(() => startApache({ keepAlive: 'off' }), async (server) => {
      const verdicts = await trace(urls(server.url, 3, APACHE_PATH));
      const log = await server.readLog({ atLeast: 3 });
      assert.deepEqual(pick(log, 'status'), [200, 200, 200]);
      assert.deepEqual(pick(log, 'keepAlives'), [0, 0, 0]);
      assert.deepEqual(pick(verdicts, 'reused'), [false, false, false]);
      assert.deepEqual(pick(verdicts, 'closedAfter'), [true, true, true]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('KeepAlive On, MaxKeepAliveRequests 3: four requests per connection (%k 0..3)', ['apache2', 'curl'], async () => {
    await withServer(() => startApache({ keepAlive: 'on', maxKeepAliveRequests: 3, keepAliveTimeoutSeconds: 1 }), async (server) => {
      const verdicts = await trace(urls(server.url, 5, APACHE_PATH));
      const log = await server.readLog({ atLeast: 5 });
      assert.deepEqual(pick(log, 'status'), [200, 200, 200, 200, 200]);
      assert.deepEqual(pick(log, 'keepAlives'), [0, 1, 2, 3, 0]);
      assert.deepEqual(pick(log, 'connection'), [1, 1, 1, 1, 2]);
      assert.deepEqual(pick(verdicts, 'reused'), [false, true, true, true, false]);
      assert.deepEqual(pick(verdicts, 'closedAfter'), [false, false, false, true, false]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('KeepAliveTimeout 1: an idle connection is closed after about a second', ['apache2'], async () => {
    await withServer(() => startApache({ keepAlive: 'on', keepAliveTimeoutSeconds: 1 }), async (server) => {
      const closedAfter = await idleCloseAfterMs(server.host, server.port, APACHE_PATH, 4_000);
      assert.ok(closedAfter !== undefined && closedAfter >= 0, `apache did not close the idle connection (${closedAfter})`);
      assert.ok(closedAfter > 500 && closedAfter < 2_500, `idle close after ${closedAfter} ms, expected about 1000`);
    });
  });

  serverTest('prefork MPM keeps alive the same way', ['apache2', 'curl'], async () => {
    await withServer(() => startApache({ keepAlive: 'on', mpm: 'prefork' }), async (server) => {
      const verdicts = await trace(urls(server.url, 2, APACHE_PATH));
      const log = await server.readLog({ atLeast: 2 });
      assert.deepEqual(pick(verdicts, 'reused'), [false, true]);
      assertAgree(verdicts, log);
    });
  });

  serverTest('stop() is idempotent and takes the workers (www-data) down too', ['apache2'], async () => {
    const server = await startApache();
    await Promise.all([server.stop(), server.stop()]);
    await server.stop();
    assert.equal(processGroupAlive(server.pid!), false);
    assert.equal(isListening(server.host, server.port), false);
    assert.equal(existsSync(server.dir), false);
  });

  serverTest('a broken setup fails fast with the error log in the message', ['apache2'], async () => {
    const dir = await makeTempDir('bogus-modules');
    try {
      const started = Date.now();
      await assert.rejects(startApache({ modulesDir: dir }), /apache on port \d+ failed to start[\s\S]*mod_mpm_event\.so/);
      assert.ok(Date.now() - started < 5_000);
    } finally {
      await removeDir(dir);
    }
  });
});

// ---------------------------------------------------------------------------

describe('tls', () => {
  const makers: CertMaker[] = findExecutable(['openssl']) !== undefined ? ['openssl', 'node'] : ['node'];
  for (const maker of makers) {
    test(`a self-signed certificate from ${maker} is valid for localhost, 127.0.0.1 and ::1`, TIMEOUT, async () => {
      const dir = await makeTempDir('cert');
      try {
        const cert = await makeSelfSignedCert(dir, maker);
        assert.equal(cert.via, maker);
        const x509 = new crypto.X509Certificate(cert.certPem);
        assert.ok(x509.verify(x509.publicKey), 'not self-signed');
        assert.ok(x509.checkPrivateKey(crypto.createPrivateKey(cert.keyPem)));
        assert.equal(x509.checkHost('localhost'), 'localhost');
        assert.equal(x509.checkIP('127.0.0.1'), '127.0.0.1');
        assert.equal(x509.checkIP('::1'), '::1');
        assert.ok(new Date(x509.validFrom) <= new Date() && new Date() < new Date(x509.validTo));
      } finally {
        await removeDir(dir);
      }
    });
  }

  test('the Node-built certificate is a well-formed DER that Node parses the same every time', () => {
    const { certPem } = nodeSelfSignedCert(new Date('2030-01-01T00:00:00Z'));
    const x509 = new crypto.X509Certificate(certPem);
    assert.equal(x509.subject, 'CN=HTTP Lens test');
    assert.equal(x509.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(x509.ca, true);
  });

  for (const maker of makers) {
    describe(`https server with a ${maker} certificate`, () => {
      serverTest('keep-alive: curl reuses the TLS connection', ['curl'], async () => {
        await withServer(() => startTlsServer({ certMaker: maker }), async (server) => {
          assert.match(server.url, /^https:\/\//);
          const verdicts = await trace(urls(server.url, 3), { cacert: server.caPath });
          const log = await server.readLog({ atLeast: 3 });
          assert.deepEqual(pick(verdicts, 'reused'), [false, true, true]);
          assert.deepEqual(pick(log, 'requestsOnConnection'), [1, 2, 3]);
          assertAgree(verdicts, log);
        });
      });

      serverTest('Connection: close: a new TLS connection per request', ['curl'], async () => {
        await withServer(() => startTlsServer({ mode: 'close', certMaker: maker }), async (server) => {
          const verdicts = await trace(urls(server.url, 2), { cacert: server.caPath });
          const log = await server.readLog({ atLeast: 2 });
          assert.deepEqual(pick(verdicts, 'reused'), [false, false]);
          assertAgree(verdicts, log);
        });
      });
    });
  }
});
