// Debian's Apache httpd (apache2-bin), with a config of its own: nothing from
// /etc/apache2 is read, so the system's sites, modules and ports don't matter.
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  childServer,
  DEFAULT_START_TIMEOUT_MS,
  describeExit,
  findExecutable,
  hostForUrl,
  isRoot,
  makeTempDir,
  readTextIfExists,
  removeDir,
  spawnManaged,
  startWithPortRetry,
  waitForListening,
  type LoopbackHost,
  type RunningServer,
} from './common';

export const APACHE_CANDIDATES = ['/usr/sbin/apache2', '/usr/sbin/httpd', 'apache2', 'httpd'] as const;
const MODULE_DIRS = ['/usr/lib/apache2/modules', '/usr/lib64/httpd/modules', '/usr/lib/httpd/modules', '/usr/libexec/apache2'] as const;
export const APACHE_BODY = 'ok\n';
/** The one file the document root serves. */
export const APACHE_PATH = '/index.txt';

export type ApacheKeepAlive = 'on' | 'off';
export type ApacheMpm = 'event' | 'prefork';

export interface ApacheLogEntry {
  /**
   * 1-based, derived: Apache has no connection serial in LogFormat, so a new
   * connection is counted where `%k` is 0 (its first request).
   */
  connection: number;
  /** `%k` + 1. */
  requestsOnConnection: number;
  /** `%k`: keep-alive requests handled on this connection before this one. */
  keepAlives: number;
  /** `%{remote}p`. */
  remotePort: number;
  status: number;
  request: string;
}

export interface ApacheOptions {
  keepAlive?: ApacheKeepAlive;
  /** `MaxKeepAliveRequests`; Apache lets through one more request than this (see apacheConfig). */
  maxKeepAliveRequests?: number;
  /** `KeepAliveTimeout`, seconds. */
  keepAliveTimeoutSeconds?: number;
  mpm?: ApacheMpm;
  host?: LoopbackHost;
  /** A fixed port instead of a free one (then no retry on "address in use"). */
  port?: number;
  startTimeoutMs?: number;
  binary?: string;
  modulesDir?: string;
}

export type ApacheServer = RunningServer<ApacheLogEntry>;

/** HTTP_LENS_APACHE names another binary (or, pointing nowhere, simulates a machine without Apache). */
export function findApache(): string | undefined {
  const override = process.env.HTTP_LENS_APACHE;
  return findExecutable(override ? [override] : APACHE_CANDIDATES);
}

export function findApacheModulesDir(): string | undefined {
  return MODULE_DIRS.find((dir) => existsSync(path.join(dir, 'mod_mpm_event.so')));
}

/**
 * Why each line is there (found by running it on Debian 12, Apache 2.4):
 * - an MPM must be loaded: Debian builds none in (`apache2 -l`).
 * - mod_authz_core + `Require all granted`: without any authz module every
 *   request fails with 500 "AH00025: configuration error: couldn't check
 *   user" — and a 500 also forces `Connection: close`, which would look like
 *   a keep-alive verdict.
 * - mod_mime + TypesConfig: a Content-Type on the answer, like a real site.
 * - `User`/`Group` only as root: Apache refuses to serve as root, and the
 *   temp dir is made 0755 so www-data can read the document root.
 * - `PidFile`/`DefaultRuntimeDir`: the defaults are under /run and
 *   ServerRoot/logs.
 * - small MPM limits: the defaults start 75 threads for a handful of requests.
 * - `MaxKeepAliveRequests N` allows N requests *after* the first one, i.e.
 *   N + 1 per connection: `%k` counts 0..N, and the (N+1)th answer carries
 *   `Connection: close`.
 */
export function apacheConfig(dir: string, host: LoopbackHost, port: number, modulesDir: string, options: ApacheOptions): string {
  const keepAlive = options.keepAlive ?? 'on';
  const mpm = options.mpm ?? 'event';
  const user = isRoot() ? 'User www-data\nGroup www-data\n' : '';
  const mpmLimits =
    mpm === 'event'
      ? 'StartServers 1\nServerLimit 2\nThreadLimit 8\nThreadsPerChild 8\nMaxRequestWorkers 16\nMinSpareThreads 1\nMaxSpareThreads 16\n'
      : 'StartServers 2\nMinSpareServers 1\nMaxSpareServers 4\nServerLimit 8\nMaxRequestWorkers 8\n';
  return `# Written by HTTP Lens tests.
ServerRoot "${dir}"
ServerName 127.0.0.1
Listen ${hostForUrl(host)}:${port}
LoadModule mpm_${mpm}_module ${modulesDir}/mod_mpm_${mpm}.so
LoadModule authz_core_module ${modulesDir}/mod_authz_core.so
LoadModule mime_module ${modulesDir}/mod_mime.so
${user}PidFile "${path.join(dir, 'run', 'httpd.pid')}"
DefaultRuntimeDir "${path.join(dir, 'run')}"
ErrorLog "${path.join(dir, 'logs', 'error.log')}"
LogLevel info
${mpmLimits}TypesConfig /etc/mime.types
DocumentRoot "${path.join(dir, 'htdocs')}"
<Directory />
  Require all granted
</Directory>
LogFormat "lens %{begin:usec}t %k %{remote}p %>s \\"%r\\"" lens
CustomLog "${path.join(dir, 'logs', 'access.log')}" lens
KeepAlive ${keepAlive === 'on' ? 'On' : 'Off'}
MaxKeepAliveRequests ${options.maxKeepAliveRequests ?? 3}
KeepAliveTimeout ${options.keepAliveTimeoutSeconds ?? 1}
`;
}

export async function startApache(options: ApacheOptions = {}): Promise<ApacheServer> {
  const binary = options.binary ?? findApache();
  if (binary === undefined) throw new Error(`apache2 not found (looked for ${APACHE_CANDIDATES.join(', ')}); run .ci/install-servers.sh`);
  const modulesDir = options.modulesDir ?? findApacheModulesDir();
  if (modulesDir === undefined) throw new Error(`Apache modules not found in ${MODULE_DIRS.join(', ')}`);
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const keepAlive = options.keepAlive ?? 'on';

  return startWithPortRetry(
    async (port) => {
      const dir = await makeTempDir('apache', true);
      for (const sub of ['logs', 'run', 'htdocs']) await mkdir(path.join(dir, sub), { mode: 0o755 });
      const index = path.join(dir, 'htdocs', APACHE_PATH.slice(1));
      await writeFile(index, APACHE_BODY);
      await chmod(index, 0o644);
      const confFile = path.join(dir, 'httpd.conf');
      const accessLog = path.join(dir, 'logs', 'access.log');
      const errorLog = path.join(dir, 'logs', 'error.log');
      await writeFile(confFile, apacheConfig(dir, host, port, modulesDir, options));
      // Debian's own apache2.conf reads these; ours does not, but apache2ctl
      // and any Include of Debian snippets would, so point them here too.
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        APACHE_RUN_DIR: path.join(dir, 'run'),
        APACHE_LOCK_DIR: path.join(dir, 'run'),
        APACHE_PID_FILE: path.join(dir, 'run', 'httpd.pid'),
        APACHE_LOG_DIR: path.join(dir, 'logs'),
        APACHE_RUN_USER: 'www-data',
        APACHE_RUN_GROUP: 'www-data',
      };
      // -DFOREGROUND keeps `-k start` from daemonising, so the master stays our
      // child (and in our process group) and stop() can reach every worker.
      const child = spawnManaged(binary, ['-f', confFile, '-k', 'start', '-DFOREGROUND'], { cwd: dir, env });
      try {
        await waitForListening(host, port, timeoutMs, `apache on port ${port}`, () => describeExit(child), path.join(dir, 'run', 'httpd.pid'));
      } catch (error) {
        await child.stop();
        const errors = await readTextIfExists(errorLog);
        await removeDir(dir);
        throw new Error(`${(error as Error).message}\nerror.log:\n${errors}`);
      }

      return childServer(`apache-keepalive-${keepAlive}`, host, port, dir, child, accessLog, parseApacheLog) satisfies ApacheServer;
    },
    host,
    'apache',
    options.port === undefined ? 3 : 1,
    options.port === undefined ? undefined : async () => options.port!,
  );
}

const APACHE_LINE = /^lens (\d+) (\d+) (\d+) (\d{3}) "(.*)"$/;

/**
 * Apache writes a line when a request completes, in whichever worker thread
 * served it, so the file's order is not the order of the requests: a client
 * can get its answer and start the next request on a new connection before
 * the previous line is written. Entries are therefore sorted by the time each
 * request began (`%{begin:usec}t`), and only then numbered into connections.
 */
export function parseApacheLog(text: string): ApacheLogEntry[] {
  const rows: { began: bigint; keepAlives: number; remotePort: number; status: number; request: string }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = APACHE_LINE.exec(line);
    if (!match) throw new Error(`unexpected apache access log line: ${JSON.stringify(line)}`);
    rows.push({ began: BigInt(match[1]!), keepAlives: Number(match[2]), remotePort: Number(match[3]), status: Number(match[4]), request: match[5]! });
  }
  rows.sort((a, b) => (a.began < b.began ? -1 : a.began > b.began ? 1 : 0));
  // A connection is the run of requests from one client port that starts at
  // %k = 0; the port alone could in principle be reused by a later connection.
  const openByPort = new Map<number, number>();
  let connections = 0;
  return rows.map((row) => {
    let connection = openByPort.get(row.remotePort);
    if (row.keepAlives === 0 || connection === undefined) {
      connection = ++connections;
      openByPort.set(row.remotePort, connection);
    }
    return {
      connection,
      requestsOnConnection: row.keepAlives + 1,
      keepAlives: row.keepAlives,
      remotePort: row.remotePort,
      status: row.status,
      request: row.request,
    };
  });
}
