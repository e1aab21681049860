// The playground: a small HTTP/1.x server written on raw sockets, so that it can answer exactly as old and
// odd servers do (HTTP/1.0 status lines, bodies that end at close, a keep-alive promise it then breaks) and
// echo a request byte for byte. It listens on loopback only unless told otherwise.

import net from 'node:net';
import { gzipSync } from 'node:zlib';

export interface DemoServerOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Seconds an idle connection stays open (announced as `Keep-Alive: timeout=N`). */
  readonly idleTimeout?: number;
  /** Requests a connection may carry (announced as `Keep-Alive: max=N`, counting down). */
  readonly maxRequests?: number;
}

export interface DemoConnectionRecord {
  readonly id: number;
  readonly remotePort: number;
  requests: number;
  closedBy?: 'server' | 'client';
}

export interface DemoServer {
  readonly url: string;
  readonly port: number;
  /** One record per accepted connection: the server's own view, for comparing with the runner's. */
  readonly connections: readonly DemoConnectionRecord[];
  close(): Promise<void>;
}

export const DEMO_ENDPOINTS: readonly { readonly path: string; readonly what: string }[] = [
  { path: '/keep-alive', what: 'HTTP/1.1, keeps the connection open (`Keep-Alive: timeout, max` announced)' },
  { path: '/close', what: 'answers with `Connection: close` and closes' },
  { path: '/http10', what: 'answers as an HTTP/1.0 server without keep-alive: closes after each response' },
  { path: '/http10-keep-alive', what: 'HTTP/1.0 server that honours `Connection: keep-alive` when the request sends it' },
  { path: '/close-delimited', what: 'no Content-Length: the body ends when the server closes the connection' },
  { path: '/chunked', what: 'chunked body with a trailer field' },
  { path: '/idle?timeout=2', what: 'keeps the connection open, then closes it after N idle seconds' },
  { path: '/broken-promise', what: 'says keep-alive, then closes the connection anyway' },
  { path: '/echo', what: 'returns the request exactly as it arrived on the wire' },
  { path: '/delay?ms=500', what: 'answers after a delay' },
  { path: '/status/404', what: 'answers with the given status code' },
  { path: '/gzip', what: 'a gzip-encoded JSON body' },
];

interface ParsedRequest {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  readonly headers: [string, string][];
  readonly raw: Buffer;
}

const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** Reads one request from the front of `buf`; undefined until it is complete, an error string when it never will be. */
function readRequest(buf: Buffer): { request: ParsedRequest; used: number } | string | undefined {
  let end = buf.indexOf('\r\n\r\n');
  let sep = 4;
  if (end < 0) {
    end = buf.indexOf('\n\n');
    sep = 2;
  }
  if (end < 0) return buf.length > 64 * 1024 ? 'request head too large' : undefined;
  const lines = buf.subarray(0, end).toString('latin1').split(/\r?\n/);
  const m = /^(\S+) (\S+) (HTTP\/\d\.\d)$/.exec(lines[0] ?? '');
  if (!m) return 'bad request line';
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line[colon - 1]!)) return 'bad field line';
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const get = (n: string) => headers.find(([h]) => h.toLowerCase() === n)?.[1];
  let used = end + sep;
  const te = get('transfer-encoding');
  if (te && /chunked\s*$/i.test(te)) {
    for (;;) {
      const lf = buf.indexOf('\n', used);
      if (lf < 0) return undefined;
      const size = parseInt(buf.subarray(used, lf).toString('latin1'), 16);
      if (Number.isNaN(size)) return 'bad chunk size';
      used = lf + 1 + size + (size > 0 ? 2 : 0);
      if (size === 0) {
        const blank = buf.indexOf('\r\n', used);
        if (blank < 0) return undefined;
        used = blank + 2;
        break;
      }
      if (used > buf.length) return undefined;
    }
  } else {
    const length = Number(get('content-length') ?? 0);
    if (!Number.isInteger(length) || length < 0) return 'bad Content-Length';
    if (buf.length < used + length) return undefined;
    used += length;
  }
  return { request: { method: m[1]!, target: m[2]!, version: m[3]!, headers, raw: buf.subarray(0, used) }, used };
}

function options(req: ParsedRequest): Set<string> {
  return new Set(req.headers.filter(([n]) => n.toLowerCase() === 'connection').flatMap(([, v]) => v.split(',')).map((v) => v.trim().toLowerCase()));
}

export function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const host = opts.host ?? '127.0.0.1';
  const idleTimeout = opts.idleTimeout ?? 5;
  const maxRequests = opts.maxRequests ?? 100;
  const records: DemoConnectionRecord[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    const record: DemoConnectionRecord = { id: records.length, remotePort: socket.remotePort ?? 0, requests: 0 };
    records.push(record);
    let pending = Buffer.alloc(0);
    let idleSeconds = idleTimeout;
    let idleTimer: NodeJS.Timeout | undefined;
    let busy = false;
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => closeFromServer(), idleSeconds * 1000);
    };
    const closeFromServer = () => {
      record.closedBy ??= 'server';
      socket.end();
    };
    socket.on('end', () => {
      record.closedBy ??= 'client';
      socket.end();
    });
    socket.on('close', () => {
      clearTimeout(idleTimer);
      sockets.delete(socket);
    });
    socket.on('error', () => socket.destroy());
    armIdle();

    const serveNext = async (): Promise<void> => {
      if (busy) return;
      const parsed = readRequest(pending);
      if (parsed === undefined) return;
      busy = true;
      clearTimeout(idleTimer);
      if (typeof parsed === 'string') {
        socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: ${parsed.length}\r\n\r\n${parsed}`);
        record.closedBy = 'server';
        return;
      }
      pending = pending.subarray(parsed.used);
      record.requests++;
      const reply = await respond(parsed.request, record.requests, { idleTimeout, maxRequests });
      if (socket.destroyed) return;
      socket.write(reply.bytes);
      busy = false;
      if (reply.idleSeconds !== undefined) idleSeconds = reply.idleSeconds;
      if (reply.close) return closeFromServer();
      armIdle();
      if (pending.length > 0) void serveNext();
    };
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      void serveNext();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      const port = (server.address() as net.AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}`,
        port,
        connections: records,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

interface Reply {
  readonly bytes: Buffer;
  readonly close: boolean;
  readonly idleSeconds?: number;
}

async function respond(req: ParsedRequest, count: number, limits: { idleTimeout: number; maxRequests: number }): Promise<Reply> {
  const url = new URL(req.target, 'http://demo');
  const asked = options(req);
  const http10 = req.version === 'HTTP/1.0';
  const head = req.method === 'HEAD';
  // The demo's own policy, as nginx and Apache decide: close when asked, when an HTTP/1.0 client did not ask
  // to keep the connection, or when the connection has carried its maximum.
  const wantsClose = asked.has('close') || (http10 && !asked.has('keep-alive'));
  const left = limits.maxRequests - count;
  const build = (status: number, fields: [string, string][], body: Buffer | string, version = 'HTTP/1.1', close = false): Buffer => {
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const lines = [`${version} ${status} ${REASONS[status] ?? 'Status'}`, 'Server: http-lens-demo', ...fields.map(([n, v]) => `${n}: ${v}`)];
    // RFC 9110 §8.6: no Content-Length in a 1xx or 204 response; a close-delimited body has none on purpose.
    const bodiless = status < 200 || status === 204 || status === 304;
    if (!fields.some(([n]) => /^(content-length|transfer-encoding)$/i.test(n)) && !close && !bodiless) lines.push(`Content-Length: ${payload.length}`);
    return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), head ? Buffer.alloc(0) : payload]);
  };
  const persistent = (status: number, fields: [string, string][], body: Buffer | string, timeout = limits.idleTimeout): Reply => {
    if (wantsClose || left <= 0) return { bytes: build(status, [['Connection', 'close'], ...fields], body), close: true };
    return { bytes: build(status, [['Connection', 'keep-alive'], ['Keep-Alive', `timeout=${timeout}, max=${left}`], ...fields], body), close: false, idleSeconds: timeout };
  };
  const text = (s: string): [string, string] => ['Content-Type', s];

  switch (url.pathname) {
    case '/':
      return persistent(200, [text('text/plain; charset=utf-8')], DEMO_ENDPOINTS.map((e) => `${e.path.padEnd(22)} ${e.what}`).join('\n') + '\n');
    case '/keep-alive':
      return persistent(200, [text('text/plain; charset=utf-8')], `request ${count} on this connection\n`);
    case '/close':
      return { bytes: build(200, [['Connection', 'close'], text('text/plain; charset=utf-8')], 'closing after this response\n'), close: true };
    case '/http10':
      return { bytes: build(200, [text('text/plain; charset=utf-8')], 'an HTTP/1.0 server closes after every response\n', 'HTTP/1.0'), close: true };
    case '/http10-keep-alive':
      if (asked.has('keep-alive')) {
        return { bytes: build(200, [['Connection', 'keep-alive'], ['Keep-Alive', `timeout=${limits.idleTimeout}, max=${Math.max(left, 0)}`], text('text/plain; charset=utf-8')], 'kept open: you asked for keep-alive\n', 'HTTP/1.0'), close: left <= 0 };
      }
      return { bytes: build(200, [text('text/plain; charset=utf-8')], 'closing: no Connection: keep-alive in the request\n', 'HTTP/1.0'), close: true };
    case '/close-delimited':
      return { bytes: build(200, [text('text/plain; charset=utf-8')], 'this body ends when the connection closes\n', 'HTTP/1.1', true), close: true };
    case '/chunked': {
      const body = '7\r\nchunked\r\n5\r\n body\r\n0\r\nX-Checksum: 13\r\n\r\n';
      return persistent(200, [text('text/plain; charset=utf-8'), ['Transfer-Encoding', 'chunked'], ['Trailer', 'X-Checksum']], body);
    }
    case '/idle': {
      const seconds = Math.min(Math.max(Number(url.searchParams.get('timeout') ?? 2) || 2, 0), 60);
      return persistent(200, [text('text/plain; charset=utf-8')], `idle connections close after ${seconds} s\n`, seconds);
    }
    case '/broken-promise':
      return { bytes: build(200, [['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=30'], text('text/plain; charset=utf-8')], 'said keep-alive, closing anyway\n'), close: true };
    case '/echo':
      return persistent(200, [text('text/plain; charset=utf-8')], req.raw);
    case '/delay': {
      const ms = Math.min(Math.max(Number(url.searchParams.get('ms') ?? 500) || 0, 0), 30_000);
      await new Promise((r) => setTimeout(r, ms));
      return persistent(200, [text('text/plain; charset=utf-8')], `answered after ${ms} ms\n`);
    }
    case '/gzip':
      return persistent(200, [['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']], gzipSync(JSON.stringify({ compressed: true, endpoint: '/gzip' })));
    default: {
      const status = /^\/status\/(\d{3})$/.exec(url.pathname);
      if (status) return persistent(Number(status[1]), [text('text/plain; charset=utf-8')], Number(status[1]) === 204 || Number(status[1]) === 304 ? '' : `status ${status[1]}\n`);
      return persistent(404, [text('text/plain; charset=utf-8')], `no such endpoint: ${url.pathname}\n`);
    }
  }
}
