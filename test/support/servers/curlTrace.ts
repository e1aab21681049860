// curl as an independent client whose own account of connection reuse is the
// reference: all URLs go through ONE curl process, so its connection pool
// decides reuse exactly as a long-lived client would, and `-v` says what it did.
import { spawn } from 'node:child_process';
import { findExecutable, FixtureTimeoutError } from './common';

export type CurlHttpVersion = '1.0' | '1.1';

export interface CurlTraceOptions {
  /** `--http1.0` or `--http1.1` (default). */
  http?: CurlHttpVersion;
  /** Extra request headers, sent with every URL. */
  headers?: readonly string[];
  /** `--cacert` for https URLs. */
  cacert?: string;
  /** curl's `--rate`, e.g. `30/m` to leave two seconds between transfers. */
  rate?: string;
  /** `--max-time` per transfer, seconds. */
  maxTimeSeconds?: number;
  /** Bound on the whole curl run. */
  timeoutMs?: number;
  extraArgs?: readonly string[];
  curl?: string;
}

export interface CurlVerdict {
  /** 0-based position in the URL list (curl's `%{urlnum}`). */
  index: number;
  url: string;
  /** curl said "Re-using existing connection" for the attempt that got the answer. */
  reused: boolean;
  /** curl's connection number `#N` (0-based), when it printed one. */
  connection: number | undefined;
  /** `%{num_connects}`: new connections this transfer made (0 when reused). */
  numConnects: number | undefined;
  /** `%{local_port}`, or a port printed in the trace: the server sees it as the client port. */
  localPort: number | undefined;
  remotePort: number | undefined;
  /** From the status line, e.g. `1.0` for `HTTP/1.0 200 OK`. */
  responseVersion: string | undefined;
  status: number | undefined;
  /** curl closed this transfer's connection at its end ("Closing connection N"). */
  closedAfter: boolean;
  /** Pooled connections curl found dead and dropped before this transfer. */
  deadConnections: number[];
  /** curl had to retry on a fresh connection after a reused one died. */
  retried: boolean;
  /** `%{exitcode}` for this transfer (0 = ok). */
  exitCode: number | undefined;
  /** This transfer's `*`, `>` and `<` lines. */
  trace: string[];
}

export interface CurlTraceResult {
  verdicts: CurlVerdict[];
  exitCode: number | null;
  stderr: string;
  args: string[];
}

/** Bounds the number of requests a test can make in one call. */
export const MAX_CURL_URLS = 64;
const MARKER = '@@HTTPLENS@@';
const WRITE_OUT =
  `%{stderr}${MARKER} urlnum=%{urlnum} exitcode=%{exitcode} code=%{response_code} ` +
  `num_connects=%{num_connects} local_port=%{local_port} remote_port=%{remote_port}\\n`;

export function findCurl(): string | undefined {
  return findExecutable(['curl']);
}

export function curlArgs(urls: readonly string[], options: CurlTraceOptions = {}): string[] {
  const args = [
    '-q', // first: ignore ~/.curlrc
    '-v',
    '--no-progress-meter',
    '--noproxy',
    '*', // an http_proxy in the environment must not reroute loopback traffic
    options.http === '1.0' ? '--http1.0' : '--http1.1',
    '--max-time',
    String(options.maxTimeSeconds ?? 10),
    '-w',
    WRITE_OUT,
  ];
  for (const header of options.headers ?? []) args.push('-H', header);
  if (options.cacert !== undefined) args.push('--cacert', options.cacert);
  if (options.rate !== undefined) args.push('--rate', options.rate);
  args.push(...(options.extraArgs ?? []));
  for (const url of urls) args.push('-o', '/dev/null', url);
  return args;
}

export async function curlTrace(urls: readonly string[], options: CurlTraceOptions = {}): Promise<CurlTraceResult> {
  if (urls.length === 0) throw new Error('curlTrace: no URLs');
  if (urls.length > MAX_CURL_URLS) throw new Error(`curlTrace: ${urls.length} URLs, at most ${MAX_CURL_URLS}`);
  const curl = options.curl ?? findCurl();
  if (curl === undefined) throw new Error('curl not found on PATH; run .ci/install-servers.sh');
  const args = curlArgs(urls, options);
  const timeoutMs = options.timeoutMs ?? 15_000;

  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(curl, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new FixtureTimeoutError(`curl did not finish within ${timeoutMs} ms: curl ${args.join(' ')}\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stderr });
    });
  });
  return { verdicts: parseCurlTrace(stderr, urls), exitCode: code, stderr, args };
}

// The wording moved across curl versions, and the patterns accept each form:
//   7.88 (Debian 12): "Connected to h (ip) port p (#0)",
//     "Re-using existing connection #0 with host h", "Closing connection 0",
//     "Connection 0 seems to be dead".
//   current (lib/url.c, connect.c, conncache.c): "Established connection to h
//     (ip port p) from ip port l", "Reusing existing http: connection with
//     host h" (no #N), "shutting down connection #0" / "closing connection #0",
//     "Connection 0 seems to be dead, terminating".
//   both: "Connection #0 to host h left intact".
// Where a version prints no #N on connect or reuse, the number comes from the
// later "left intact" or closing line of the same transfer.
const RE_REUSE = /Re-?using existing (?:\S+: )?connection(?: #(\d+))?/;
const RE_CONNECTED = /^Connected to .* port (\d+)(?: \(#(\d+)\))?/;
const RE_ESTABLISHED = /^Established (?:2nd )?connection to .*\(\S+ port (\d+)\) from \S+ port (\d+)/;
const RE_LOCAL_PORT = /\bfrom \S+ port (\d+)/;
const RE_LEFT_INTACT = /^Connection #(\d+) to host .* left intact/;
const RE_CLOSING = /^(?:closing|shutting down) connection #?(-?\d+)/i;
const RE_DEAD = /^Connection #?(\d+) seems to be dead/;
const RE_RETRY = /Connection died, retrying a fresh connect|Issue another request to this URL/;
const RE_STATUS = /^HTTP\/(\d(?:\.\d)?) (\d{3})/;

/**
 * Splits curl's stderr into transfers at the write-out marker (written after
 * each transfer, on the same stream as the `-v` lines, so the order holds) and
 * reads each transfer's verdict from its lines.
 */
export function parseCurlTrace(stderr: string, urls: readonly string[]): CurlVerdict[] {
  const verdicts: CurlVerdict[] = [];
  let section: string[] = [];
  for (const rawLine of stderr.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const markerAt = line.indexOf(MARKER);
    if (markerAt === -1) {
      section.push(line);
      continue;
    }
    // The marker can follow a partial line (a body without a final newline).
    if (markerAt > 0) section.push(line.slice(0, markerAt));
    const fields = Object.fromEntries(
      line
        .slice(markerAt + MARKER.length)
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split('=') as [string, string]),
    );
    const index = numberOrUndefined(fields.urlnum) ?? verdicts.length;
    verdicts.push(verdictFrom(section, index, urls[index] ?? '', fields));
    section = [];
  }
  return verdicts;
}

function numberOrUndefined(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function verdictFrom(lines: string[], index: number, url: string, fields: Record<string, string>): CurlVerdict {
  let reused = false;
  let connection: number | undefined;
  let tracePort: number | undefined;
  let remotePort: number | undefined;
  let responseVersion: string | undefined;
  let status: number | undefined;
  let closedAfter = false;
  let retried = false;
  const deadConnections: number[] = [];
  const trace: string[] = [];

  for (const line of lines) {
    if (!/^[*<>] ?/.test(line)) continue;
    trace.push(line);
    const text = line.slice(2).trim();
    if (line.startsWith('<')) {
      const match = RE_STATUS.exec(text);
      if (match) {
        responseVersion = match[1];
        status = Number(match[2]);
      }
      continue;
    }
    if (!line.startsWith('*')) continue;
    let match: RegExpExecArray | null;
    if ((match = RE_DEAD.exec(text))) {
      deadConnections.push(Number(match[1]));
    } else if ((match = RE_REUSE.exec(text))) {
      // The last connection event decides: a reuse that dies and is retried
      // on a fresh connect ends up as "new".
      reused = true;
      connection = match[1] !== undefined ? Number(match[1]) : undefined;
      closedAfter = false;
    } else if ((match = RE_CONNECTED.exec(text) ?? RE_ESTABLISHED.exec(text))) {
      // Versions that print both lines for one connect: the second must not
      // forget the #N the first one gave.
      if (reused) connection = undefined;
      reused = false;
      remotePort = Number(match[1]);
      if (match[0].startsWith('Connected') && match[2] !== undefined) connection = Number(match[2]);
      closedAfter = false;
    } else if ((match = RE_LEFT_INTACT.exec(text))) {
      connection ??= Number(match[1]);
    } else if ((match = RE_CLOSING.exec(text))) {
      const closed = Number(match[1]);
      // A close before this transfer has its answer is pool clean-up of an
      // older connection, not a verdict on this one.
      if (connection !== undefined && closed === connection) closedAfter = true;
      else if (connection === undefined && status !== undefined) {
        connection = closed;
        closedAfter = true;
      }
    } else if (RE_RETRY.test(text)) {
      retried = true;
    }
    const local = RE_LOCAL_PORT.exec(text);
    if (local) tracePort = Number(local[1]);
  }
  const writeOutPort = numberOrUndefined(fields.local_port);
  return {
    index,
    url,
    reused,
    connection,
    numConnects: numberOrUndefined(fields.num_connects),
    localPort: writeOutPort !== undefined && writeOutPort > 0 ? writeOutPort : tracePort,
    remotePort: remotePort ?? numberOrUndefined(fields.remote_port),
    responseVersion,
    status: status ?? numberOrUndefined(fields.code),
    closedAfter,
    deadConnections,
    retried,
    exitCode: numberOrUndefined(fields.exitcode),
    trace,
  };
}
