// Debian's nginx, run in the foreground with everything it writes inside a
// private prefix directory, so nothing under /etc/nginx, /var/lib/nginx or
// /run is touched and several instances can run side by side.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  childServer,
  DEFAULT_START_TIMEOUT_MS,
  describeExit,
  findExecutable,
  hostForUrl,
  makeTempDir,
  readTextIfExists,
  removeDir,
  spawnManaged,
  startWithPortRetry,
  waitForListening,
  type LoopbackHost,
  type RunningServer,
} from './common';

export const NGINX_CANDIDATES = ['/usr/sbin/nginx', 'nginx'] as const;
export const NGINX_BODY = 'ok\n';

export interface NginxLogEntry {
  /** nginx's `$connection`: serial number of the connection, 1-based. */
  connection: number;
  /** `$connection_requests`: 1-based position of the request on its connection. */
  requestsOnConnection: number;
  remotePort: number;
  status: number;
  request: string;
}

export interface NginxOptions {
  host?: LoopbackHost;
  /** A fixed port instead of a free one (then no retry on "address in use"). */
  port?: number;
  /** `keepalive_requests`. */
  keepaliveRequests?: number;
  /** `keepalive_timeout` in seconds; 0 disables keep-alive. */
  keepaliveTimeoutSeconds?: number;
  startTimeoutMs?: number;
  binary?: string;
}

export type NginxServer = RunningServer<NginxLogEntry>;

/** HTTP_LENS_NGINX names another binary (or, pointing nowhere, simulates a machine without nginx). */
export function findNginx(): string | undefined {
  const override = process.env.HTTP_LENS_NGINX;
  return findExecutable(override ? [override] : NGINX_CANDIDATES);
}

/**
 * Why each line is there:
 * - `pid` and the `*_temp_path`s: the compiled-in defaults are /run/nginx.pid
 *   and /var/lib/nginx/*, which belong to the system instance (and
 *   /var/lib/nginx may be unwritable or missing).
 * - `worker_processes 1`: `$connection` is then one gap-free sequence.
 * - no `user`: as root the workers become `nobody`, which is fine because
 *   nothing is read from disk (`return` answers) and the logs are opened by
 *   the root master; as non-root the directive would only produce a warning.
 */
export function nginxConfig(dir: string, host: LoopbackHost, port: number, options: NginxOptions): string {
  const keepaliveRequests = options.keepaliveRequests ?? 3;
  const keepaliveTimeout = options.keepaliveTimeoutSeconds ?? 1;
  const tmp = path.join(dir, 'tmp');
  return `# Written by HTTP Lens tests.
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'logs', 'error.log')} info;
events {
  worker_connections 64;
}
http {
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  log_format lens 'lens $connection $connection_requests $remote_port $status "$request"';
  access_log ${path.join(dir, 'logs', 'access.log')} lens;
  keepalive_requests ${keepaliveRequests};
  keepalive_timeout ${keepaliveTimeout}s;
  server {
    listen ${hostForUrl(host)}:${port};
    server_name localhost;
    location / {
      default_type text/plain;
      return 200 "${NGINX_BODY.replace('\n', '\\n')}";
    }
  }
}
`;
}

export async function startNginx(options: NginxOptions = {}): Promise<NginxServer> {
  const binary = options.binary ?? findNginx();
  if (binary === undefined) throw new Error(`nginx not found (looked for ${NGINX_CANDIDATES.join(', ')}); run .ci/install-servers.sh`);
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;

  return startWithPortRetry(
    async (port) => {
      const dir = await makeTempDir('nginx');
      await mkdir(path.join(dir, 'logs'));
      await mkdir(path.join(dir, 'tmp'));
      const confFile = path.join(dir, 'nginx.conf');
      const accessLog = path.join(dir, 'logs', 'access.log');
      const errorLog = path.join(dir, 'logs', 'error.log');
      await writeFile(confFile, nginxConfig(dir, host, port, options));
      // -e: before the config is read nginx logs to its compiled-in error log;
      // pointing it into the prefix keeps early failures visible to us.
      const child = spawnManaged(binary, ['-p', dir, '-e', errorLog, '-c', confFile, '-g', 'daemon off;'], { cwd: dir });
      try {
        await waitForListening(host, port, timeoutMs, `nginx on port ${port}`, () => describeExit(child), path.join(dir, 'nginx.pid'));
      } catch (error) {
        await child.stop();
        const errors = await readTextIfExists(errorLog);
        await removeDir(dir);
        throw new Error(`${(error as Error).message}\nerror.log:\n${errors}`);
      }

      return childServer('nginx', host, port, dir, child, accessLog, parseNginxLog) satisfies NginxServer;
    },
    host,
    'nginx',
    options.port === undefined ? 3 : 1,
    options.port === undefined ? undefined : async () => options.port!,
  );
}

const NGINX_LINE = /^lens (\d+) (\d+) (\d+) (\d{3}) "(.*)"$/;

export function parseNginxLog(text: string): NginxLogEntry[] {
  const entries: NginxLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = NGINX_LINE.exec(line);
    if (!match) throw new Error(`unexpected nginx access log line: ${JSON.stringify(line)}`);
    entries.push({
      connection: Number(match[1]),
      requestsOnConnection: Number(match[2]),
      remotePort: Number(match[3]),
      status: Number(match[4]),
      request: match[5]!,
    });
  }
  return entries;
}
