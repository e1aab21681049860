import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKeepAlive } from '../../../server/src/language/parse/keepAliveParams';
import { predictExchange, type HeadView, type Prediction } from '../../../server/src/language/persistence';
import { describeSocketError, originOf, type PooledConnection } from './connection';
import type { ConnectionPool } from './pool';
import { serializeHead } from './prepare';
import { ResponseParser, type ResponseHead } from './responseParser';
import type { ConnectionReport, ExchangeError, ExchangeReport, PersistenceReport, PreparedRequest, ResponseReport, RunOptions, Timings } from './types';
import { watchdog, type Watched } from './watchdog';

const now = () => performance.now();

export const DEFAULTS = {
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  totalTimeoutMs: 120_000,
  maxBodyInMemory: 16 * 1024 * 1024,
  closeGraceMs: 200,
} as const;

type ExchangeOptions = Required<Omit<RunOptions, 'signal' | 'insecure'>> & Pick<RunOptions, 'signal' | 'insecure'>;

/**
 * The run's options over the defaults. Named one by one: spreading them (`{ ...DEFAULTS, ...runOptions }`)
 * copied all the run's options, its variables and environment among them, for every exchange, and an object
 * spread followed by more properties is slow in V8 (tens of microseconds here).
 */
function exchangeOptions(o: RunOptions): ExchangeOptions {
  return {
    connectTimeoutMs: o.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    idleTimeoutMs: o.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
    totalTimeoutMs: o.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs,
    maxBodyInMemory: o.maxBodyInMemory ?? DEFAULTS.maxBodyInMemory,
    closeGraceMs: o.closeGraceMs ?? DEFAULTS.closeGraceMs,
    insecure: o.insecure,
    signal: o.signal,
  };
}

/** RFC 9110 §9.2.2: requests that may be repeated without changing the outcome. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

/** Keeps a body in memory up to a limit, then moves it to a temporary file: memory stays bounded. */
class BodySink {
  private chunks: Buffer[] = [];
  private size = 0;
  private fd: number | undefined;
  file: string | undefined;

  constructor(private readonly limit: number) {}

  /** `chunk` is written over after the call (it lies in the socket's read buffer): what is kept is a copy. */
  write(chunk: Buffer): void {
    if (this.fd !== undefined) {
      writeSync(this.fd, chunk);
      return;
    }
    this.chunks.push(Buffer.from(chunk));
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.file = join(mkdtempSync(join(tmpdir(), 'http-lens-')), 'body');
      this.fd = openSync(this.file, 'w');
      for (const c of this.chunks) writeSync(this.fd, c);
      this.chunks = [];
    }
  }

  finish(): { body?: Buffer; bodyFile?: string } {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
      return { bodyFile: this.file };
    }
    return { body: this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks) };
  }
}

interface Attempt {
  readonly parser: ResponseParser;
  readonly sink: BodySink;
  readonly error?: ExchangeError;
  readonly written: number;
  readonly firstByte?: number;
  readonly done: number;
  /** The socket failed before any byte of the response arrived. */
  readonly failedBeforeResponse: boolean;
}

/** Writes the request on `c` and reads the response, bounded by the idle and total timeouts. */
function attempt(c: PooledConnection, request: PreparedRequest, head: string, options: ExchangeOptions, deadline: number): Promise<Attempt> {
  const sink = new BodySink(options.maxBodyInMemory);
  const parser = new ResponseParser({ method: request.method, onBody: (chunk) => sink.write(chunk) });
  return new Promise((resolve) => {
    let written = now();
    let firstByte: number | undefined;
    let lastActivity = written;
    let settled = false;
    const finish = (error?: ExchangeError) => {
      if (settled) return;
      settled = true;
      watchdog.delete(watched);
      c.detach();
      if (error && !c.closed) c.close(error.message);
      resolve({ parser, sink, error, written, firstByte, done: now(), failedBeforeResponse: !!error && !parser.started && error.phase !== 'cancelled' });
    };
    const watched: Watched = {
      signal: options.signal,
      dueAt: () => Math.min(deadline, lastActivity + options.idleTimeoutMs),
      check(t) {
        if (t >= deadline) finish({ phase: 'response', message: `no complete response within ${options.totalTimeoutMs} ms` });
        else if (t - lastActivity >= options.idleTimeoutMs) finish({ phase: 'response', code: 'ETIMEDOUT', message: `the server sent nothing for ${options.idleTimeoutMs} ms` });
      },
      cancel: () => finish({ phase: 'cancelled', message: 'cancelled' }),
    };
    if (options.signal?.aborted) return watched.cancel();
    c.attach({
      data(chunk) {
        lastActivity = now();
        firstByte ??= lastActivity;
        parser.push(chunk);
        if (parser.error) finish({ phase: 'response', message: parser.error });
        else if (parser.complete) finish();
      },
      end() {
        parser.end();
        if (parser.complete) finish();
        else finish({ phase: 'response', message: parser.error ?? 'the server closed the connection' });
      },
      error(err) {
        finish({ phase: parser.started ? 'response' : 'write', code: (err as NodeJS.ErrnoException).code, message: describeSocketError(err) });
      },
    });
    if (c.closed) return finish({ phase: 'write', message: 'the server had closed the connection' });
    // A retry may start when the deadline has already passed.
    watched.check(now());
    if (settled) return;
    watchdog.add(watched);
    // Usually the kernel takes the whole request at once and write returns true: it has been written. Write
    // errors arrive as the socket's 'error' event, handled above. A head alone goes as the string it is.
    const whole = request.body ? c.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), request.body])) : c.socket.write(head, 'latin1');
    if (whole) written = lastActivity = now();
    else c.socket.once('drain', () => (written = lastActivity = now()));
  });
}

/**
 * The last prediction made, with what it was made from. A run sends the same kind of request to the same
 * server, whose answers differ in their Date field once a second at most: the next exchange with the same heads
 * gets the same prediction (predicting is a pure function of the two views below) without the cost of it.
 */
let lastPrediction: { readonly request: PreparedRequest; readonly response: ResponseHead; readonly predicted: Prediction } | undefined;

function sameFields(a: readonly (readonly [string, string])[], b: readonly (readonly [string, string])[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
  return true;
}

function predict(request: PreparedRequest, response: ResponseHead): Prediction {
  const last = lastPrediction;
  if (
    last && last.request.method === request.method && last.request.version === request.version && sameFields(last.request.headers, request.headers)
    && last.response.status === response.status && last.response.version.text === response.version.text && sameFields(last.response.headers, response.headers)
  ) return last.predicted;
  const predicted = predictExchange(requestView(request), responseView(response, request.method));
  lastPrediction = { request, response, predicted };
  return predicted;
}

function requestView(request: PreparedRequest): HeadView {
  const [major, minor] = request.version === 'HTTP/1.0' ? [1, 0] : [1, 1];
  return { kind: 'request', version: { major, minor }, method: request.method, fields: request.headers.map(([name, value]) => ({ name, value })) };
}

function responseView(head: ResponseHead, method: string): HeadView {
  return { kind: 'response', version: head.version, status: head.status, method, fields: head.headers.map(([name, value]) => ({ name, value })) };
}

/** How a connection's end reads in the report, in curl's plain voice. */
export function closeReason(p: Prediction): string {
  switch (p.reason) {
    case 'close-in-response': return 'the server sent `Connection: close`';
    case 'close-in-request': return 'the request sent `Connection: close`';
    case 'http10-response-without-keep-alive': return 'HTTP/1.0 response without keep-alive';
    case 'http10-request-without-keep-alive': return 'HTTP/1.0 request without `Connection: keep-alive`';
    case 'close-delimited': return 'the response body was delimited by closing the connection';
    default: return p.because;
  }
}

function keepAliveHint(head: ResponseHead): { timeout?: number; max?: number } | undefined {
  const values = head.headers.filter(([n]) => n.toLowerCase() === 'keep-alive').map(([, v]) => v);
  if (values.length === 0) return undefined;
  const hint: { timeout?: number; max?: number } = {};
  for (const p of values.flatMap((v) => parseKeepAlive(v, false))) {
    if (p.problem || !p.value || !/^\d+$/.test(p.value)) continue;
    if (p.lowerName === 'timeout') hint.timeout = Number(p.value);
    if (p.lowerName === 'max') hint.max = Number(p.value);
  }
  return hint;
}

/** Waits up to `ms` for the server to close `c` itself; true when it did. */
function serverCloses(c: PooledConnection, ms: number): Promise<boolean> {
  if (c.closed) return Promise.resolve(c.closed.by === 'server');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      c.socket.off('end', onEnd);
      c.socket.off('close', onEnd);
      resolve(false);
    }, ms);
    const onEnd = () => {
      clearTimeout(timer);
      resolve(true);
    };
    c.socket.once('end', onEnd);
    c.socket.once('close', onEnd);
  });
}

/**
 * Sends one request over the pool and reports what happened to the connection: new or reused and why,
 * timings, and the predicted against the observed persistence.
 */
export async function runExchange(pool: ConnectionPool, request: PreparedRequest, index: number, runOptions: RunOptions = {}): Promise<ExchangeReport> {
  const options = exchangeOptions(runOptions);
  const head = serializeHead(request);
  const origin = originOf(request.url);
  const connectOptions = { connectTimeoutMs: options.connectTimeoutMs, insecure: !!(options.insecure || request.insecure), signal: options.signal };
  const start = now();
  const deadline = start + options.totalTimeoutMs;
  const startedAt = performance.timeOrigin + start;
  const summary = summarize(request);
  // What every report of this exchange starts with. The rest goes after it, not a spread of a base object
  // before the rest: V8 builds an object literal that starts with a spread and goes on slowly.
  const report = (rest: Omit<ExchangeReport, 'index' | 'startedAt' | 'request' | 'sent' | 'wireRequest'>): ExchangeReport => (
    { index, startedAt, request: summary, sent: request, wireRequest: head, ...rest }
  );

  let acquired = await pool.acquire(origin, connectOptions);
  if (!('connection' in acquired)) return report({ findings: [], error: acquired });
  const previous = settlePrevious(acquired.connection);
  let result = await attempt(acquired.connection, request, head, options, deadline);
  let retried: string | undefined;

  // A reused connection the server closed just as we wrote to it: the request never reached it, so an
  // idempotent one may go again on a new connection (RFC 9112 §9.3.1, RFC 9110 §9.2.2).
  if (result.failedBeforeResponse && acquired.reused && IDEMPOTENT.has(request.method.toUpperCase())) {
    const stale = acquired.connection;
    if (previous) closedBeforeReuse(previous, stale);
    pool.release(stale, false, 'it failed before any response byte');
    const fresh = await pool.open(origin, connectOptions, `the server had closed the idle connection #${stale.id}`);
    if (!('connection' in fresh)) return report({ findings: [], error: fresh });
    retried = `retried: the server had closed the idle connection #${stale.id} (${result.error?.message})`;
    acquired = fresh;
    settlePrevious(acquired.connection);
    result = await attempt(acquired.connection, request, head, options, deadline);
  }

  const c = acquired.connection;
  c.requests++;
  const connection: ConnectionReport = c.report(acquired.reused, { whyNew: acquired.whyNew, retried });
  const { parser } = result;
  const stored = result.sink.finish();
  const setup = acquired.reused ? { dns: 0, connect: 0, tls: 0 } : c.setup;
  const timings: Timings = {
    dns: setup.dns,
    connect: setup.connect,
    tls: setup.tls,
    send: Math.max(0, result.written - start - setup.dns - setup.connect - setup.tls),
    wait: result.firstByte !== undefined ? result.firstByte - result.written : 0,
    download: result.firstByte !== undefined ? result.done - result.firstByte : 0,
    total: result.done - start,
    saved: acquired.reused ? c.setupMs : undefined,
  };
  const findings = [...parser.findings];

  if (result.error || !parser.head) {
    pool.release(c, false, `the exchange failed: ${result.error?.message ?? 'no response'}`);
    return report({ connection, timings, findings, error: result.error ?? { phase: 'response', message: parser.error ?? 'no response' } });
  }

  const responseHead = parser.head;
  const response: ResponseReport = {
    status: responseHead.status,
    reason: responseHead.reason,
    version: responseHead.version.text,
    headers: responseHead.headers,
    rawHead: responseHead.raw,
    interim: parser.interim.map((h) => ({ status: h.status, headers: h.headers })),
    trailers: parser.trailers,
    bodyBytes: parser.bodyBytes,
    ...stored,
  };
  const predicted = predict(request, responseHead);
  const persistence = await observe(pool, c, predicted, parser, responseHead, options.closeGraceMs);
  if (parser.leftover.length > 0) findings.push({ code: 'data-after-message', message: `the server sent ${parser.leftover.length} bytes after the end of the response` });
  return report({ response, connection, timings, persistence, findings });
}

/** A connection taken for a new request: what the previous exchange on it observed is now settled. */
function settlePrevious(c: PooledConnection): PersistenceReport | undefined {
  const previous = c.lastPersistence;
  if (previous?.observed === 'kept-open') previous.observedReason = 'the connection stayed open and carried the next request';
  c.lastPersistence = undefined;
  return previous;
}

/** The next request found the connection closed after all: the previous exchange's observation was wrong. */
function closedBeforeReuse(previous: PersistenceReport, c: PooledConnection): void {
  const idle = ((performance.now() - c.idleSince) / 1000).toFixed(1);
  previous.observed = 'closed-by-server';
  previous.observedReason = `the server closed the connection before the next request could use it (within ${idle} s)`;
  const announced = c.keepAlive?.timeout;
  previous.mismatch = announced !== undefined
    ? `the server announced \`Keep-Alive: timeout=${announced}\` but closed the connection within ${idle} s`
    : 'the response left the connection open, but the server closed it at once';
}

export function summarize(r: PreparedRequest): ExchangeReport['request'] {
  return { method: r.method, url: r.url.href, version: r.version, line: r.line, name: r.name };
}

/** Puts the connection back or closes it, and records what the server really did. */
async function observe(pool: ConnectionPool, c: PooledConnection, predicted: Prediction, parser: ResponseParser, head: ResponseHead, graceMs: number): Promise<PersistenceReport> {
  const tunnel = parser.framing === 'tunnel';
  const broken = parser.leftover.length > 0;
  if (predicted.persists && !tunnel && !broken && !parser.closeDelimited) {
    const hint = keepAliveHint(head);
    if (hint) c.keepAlive = { timeout: hint.timeout, max: hint.max };
    else if (c.keepAlive?.max !== undefined) c.keepAlive = { ...c.keepAlive, max: c.keepAlive.max - 1 };
    const report: PersistenceReport = { predicted, observed: 'kept-open', observedReason: 'the connection stayed open' };
    if (c.closed?.by === 'server') {
      report.observed = 'closed-by-server';
      report.observedReason = 'the server closed the connection right after the response';
      report.mismatch = `the messages said the connection persists (${predicted.because.replace(/`/g, '')}), but the server closed it`;
    }
    c.lastPersistence = report;
    pool.release(c, true, 'kept open');
    return report;
  }
  const reason = tunnel ? 'the connection switched to another protocol' : broken ? 'the server sent data after the response' : closeReason(predicted);
  c.detach();
  const byServer = await serverCloses(c, graceMs);
  pool.release(c, false, reason);
  return byServer
    ? { predicted, observed: 'closed-by-server', observedReason: `the server closed the connection: ${reason}` }
    : { predicted, observed: 'closed-by-client', observedReason: `HTTP Lens closed the connection (${reason}); the server had not closed it within ${graceMs} ms` };
}
