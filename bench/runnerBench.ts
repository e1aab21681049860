// `npm run bench runner`: 1,000 sequential GETs to a local nginx from one .http file, the whole process timed:
// HTTP Lens's CLI beside curl (one process, `curl -K`), Node's own floor (starting, and a bare request loop),
// and httpYac (`httpyac send --all`, installed from npm into a temporary folder for this benchmark only).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findNginx, startNginx } from '../test/support/servers/nginx';
import { fmt, median } from './stats';

const COUNT = 1000;
const RUNS = 5;
const CLI = resolve(__dirname, '../dist/cli.js');

/**
 * The floor for Node on this machine: one connection, each request written once the previous answer is
 * complete, nothing parsed beyond the framing and nothing reported. What `run` costs above it is its own.
 */
const BARE_LOOP = String.raw`
const net = require('node:net');
const [port, count] = process.argv.slice(2).map(Number);
const socket = net.connect(port, '127.0.0.1');
socket.setNoDelay(true);
let sent = 0;
let pending = Buffer.alloc(0);
const next = () => (sent < count ? socket.write('GET /?n=' + sent++ + ' HTTP/1.1\r\nHost: 127.0.0.1:' + port + '\r\n\r\n') : socket.end());
socket.on('connect', next);
socket.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const end = pending.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/content-length: *(\d+)/i.exec(pending.subarray(0, end).toString('latin1'))?.[1] ?? 0);
    if (pending.length < end + 4 + length) return;
    pending = pending.subarray(end + 4 + length);
    next();
  }
});
`;

function wallTime(command: string, args: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const elapsed = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 500)}`);
  return elapsed;
}

/** httpYac in a folder of its own, outside the project: it is a point of comparison, not a dependency. */
function httpyac(): string | undefined {
  const dir = join(tmpdir(), 'http-lens-bench-httpyac');
  const bin = join(dir, 'node_modules/.bin/httpyac');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', 'httpyac@6'], { cwd: dir, stdio: 'ignore' });
  return r.status === 0 && existsSync(bin) ? bin : undefined;
}

export async function runnerBench(): Promise<void> {
  console.log(`Runner: ${COUNT} sequential GETs to a local nginx, whole process, median of ${RUNS} runs\n`);
  if (!findNginx()) {
    console.log('  nginx is not installed (.ci/install-servers.sh installs it): skipped\n');
    return;
  }
  const nginx = await startNginx({ keepaliveRequests: 100_000, keepaliveTimeoutSeconds: 60 });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'http-lens-bench-run-'));
    const urls = Array.from({ length: COUNT }, (_, i) => `${nginx.url}/?n=${i}`);
    writeFileSync(join(dir, 'requests.http'), urls.map((u) => `GET ${u}\n`).join('\n###\n'));
    writeFileSync(join(dir, 'curl.conf'), urls.map((u) => `url = "${u}"\noutput = "/dev/null"\n`).join(''));
    const results: { name: string; ms: number }[] = [];
    const measure = (name: string, command: string, args: string[]) => {
      wallTime(command, args, dir); // warm caches
      results.push({ name, ms: median(Array.from({ length: RUNS }, () => wallTime(command, args, dir))) });
    };
    writeFileSync(join(dir, 'bare.js'), BARE_LOOP);
    measure('curl -K (one process)', 'curl', ['-s', '--http1.1', '-K', 'curl.conf']);
    measure('node, start only', process.execPath, ['-e', '0']);
    measure('node, bare request loop', process.execPath, ['bare.js', new URL(nginx.url).port, String(COUNT)]);
    measure('http-lens run --json', process.execPath, [CLI, 'run', 'requests.http', '--json']);
    measure('http-lens run', process.execPath, [CLI, 'run', 'requests.http']);
    const yac = httpyac();
    if (yac) measure('httpyac send --all', yac, ['send', 'requests.http', '--all', '-o', 'none', '--no-color']);
    else console.log('  (httpyac could not be installed from npm: left out)');
    const curl = results[0]!.ms;
    for (const r of results) console.log(`  ${r.name.padEnd(26)} ${fmt(r.ms).padStart(9)}   ${(r.ms / curl).toFixed(2)}x curl`);

    // Node's start weighs less over more requests: the same three at five times the count.
    const more = COUNT * 5;
    const moreUrls = Array.from({ length: more }, (_, i) => `${nginx.url}/?n=${i}`);
    writeFileSync(join(dir, 'more.http'), moreUrls.map((u) => `GET ${u}\n`).join('\n###\n'));
    writeFileSync(join(dir, 'more.conf'), moreUrls.map((u) => `url = "${u}"\noutput = "/dev/null"\n`).join(''));
    const timeOf = (command: string, args: string[]) => median(Array.from({ length: 3 }, () => wallTime(command, args, dir)));
    const moreCurl = timeOf('curl', ['-s', '--http1.1', '-K', 'more.conf']);
    const moreBare = timeOf(process.execPath, ['bare.js', new URL(nginx.url).port, String(more)]);
    const moreRun = timeOf(process.execPath, [CLI, 'run', 'more.http', '--json']);
    console.log(`\n  ${more} requests: curl ${fmt(moreCurl)}, bare Node loop ${fmt(moreBare)} (${(moreBare / moreCurl).toFixed(2)}x), http-lens run --json ${fmt(moreRun)} (${(moreRun / moreCurl).toFixed(2)}x)`);

    // New against reused: one run over one keep-alive connection, one with `Connection: close` on every request.
    const keep = JSON.parse(execFileSync(process.execPath, [CLI, 'run', 'requests.http', '--json'], { cwd: dir, maxBuffer: 1 << 28 }).toString()) as { exchanges: { connection: { reused: boolean }; timings: { total: number } }[] };
    writeFileSync(join(dir, 'close.http'), urls.slice(0, 200).map((u) => `GET ${u}\nConnection: close\n`).join('\n###\n'));
    const close = JSON.parse(execFileSync(process.execPath, [CLI, 'run', 'close.http', '--json'], { cwd: dir, maxBuffer: 1 << 28 }).toString()) as typeof keep;
    const reused = keep.exchanges.filter((e) => e.connection.reused).map((e) => e.timings.total);
    const fresh = close.exchanges.filter((e) => !e.connection.reused).map((e) => e.timings.total);
    console.log(`\n  median request time: ${fmt(median(fresh))} on a new connection (${fresh.length} requests), ${fmt(median(reused))} on a reused one (${reused.length})`);
    console.log(`  reuse in the keep-alive run: ${reused.length} of ${keep.exchanges.length} requests\n`);
  } finally {
    await nginx.stop();
  }
}
