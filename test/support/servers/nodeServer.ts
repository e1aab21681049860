// Node's own http server, in-process. Its log is kept in memory, from the
// socket objects themselves, so it is the most direct truth about reuse.
import http from 'node:http';
import type https from 'node:https';
import type { Socket } from 'node:net';
import {
  DEFAULT_START_TIMEOUT_MS,
  makeTempDir,
  onceStop,
  originOf,
  pollLog,
  removeDir,
  withTimeout,
  type LoopbackHost,
  type ReadLogOptions,
  type RunningServer,
} from './common';

/** `keep-alive`: Node's defaults. `close`: every response says `Connection: close`. */
export type NodeServerMode = 'keep-alive' | 'close';

export interface NodeLogEntry {
  /** The client's port: equal for two requests iff they shared a connection. */
  remotePort: number;
  /** 1-based, in the order connections carried their first request. */
  connection: number;
  /** 1-based count of requests seen so far on this socket. */
  requestsOnConnection: number;
  /** `METHOD target HTTP/x.y`, as in nginx's `$request`. */
  request: string;
  httpVersion: string;
  /** The request's Connection header, if any. */
  connectionHeader: string | undefined;
}

export interface NodeServerOptions {
  mode?: NodeServerMode;
  host?: LoopbackHost;
  /** Node's `server.keepAliveTimeout` (its default is 5000). */
  keepAliveTimeoutMs?: number;
  /** Node's `server.maxRequestsPerSocket` (0 = unlimited), Node's analogue of keepalive_requests. */
  maxRequestsPerSocket?: number;
  startTimeoutMs?: number;
  /** Overrides the default `200 ok\n` answer; the request is logged either way. */
  respond?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

export type NodeServer = RunningServer<NodeLogEntry>;

export const NODE_BODY = 'ok\n';

function defaultRespond(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(NODE_BODY) });
  res.end(NODE_BODY);
}

/**
 * Wires the per-request log onto an http or https server. Exported so tls.ts
 * records exactly the same way. Keys on `req.socket`, which for https is the
 * TLS socket (one per TCP connection), so the counting is the same for both.
 */
export function recordRequests(
  server: http.Server | https.Server,
  mode: NodeServerMode,
  respond: (req: http.IncomingMessage, res: http.ServerResponse) => void = defaultRespond,
): NodeLogEntry[] {
  const entries: NodeLogEntry[] = [];
  const perSocket = new WeakMap<Socket, { connection: number; requests: number }>();
  let connections = 0;
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    let state = perSocket.get(req.socket);
    if (state === undefined) {
      state = { connection: ++connections, requests: 0 };
      perSocket.set(req.socket, state);
    }
    state.requests += 1;
    entries.push({
      remotePort: req.socket.remotePort ?? -1,
      connection: state.connection,
      requestsOnConnection: state.requests,
      request: `${req.method} ${req.url} HTTP/${req.httpVersion}`,
      httpVersion: req.httpVersion,
      connectionHeader: req.headers.connection,
    });
    // Setting the header is what makes Node close after this response.
    if (mode === 'close') res.setHeader('Connection', 'close');
    respond(req, res);
  });
  return entries;
}

export function applyKeepAliveOptions(server: http.Server | https.Server, options: NodeServerOptions): void {
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  if (options.maxRequestsPerSocket !== undefined) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
}

/** listen() on port 0 (no race: the kernel picks), bounded by a timeout. */
export async function listenOnLoopback(server: http.Server | https.Server, host: LoopbackHost, timeoutMs: number, what: string): Promise<number> {
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    }),
    timeoutMs,
    `${what} listen on ${host}`,
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`${what}: no TCP address after listen`);
  return address.port;
}

/** Closes the listener and every open socket, idle keep-alive ones included. */
export async function closeServer(server: http.Server | https.Server, timeoutMs: number): Promise<void> {
  if (!server.listening) {
    server.closeAllConnections();
    return;
  }
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await withTimeout(closed, timeoutMs, 'closing the Node server');
}

export async function startNodeServer(options: NodeServerOptions = {}): Promise<NodeServer> {
  const mode = options.mode ?? 'keep-alive';
  const host = options.host ?? '127.0.0.1';
  const dir = await makeTempDir('node');
  const server = http.createServer();
  applyKeepAliveOptions(server, options);
  const entries = recordRequests(server, mode, options.respond);
  let port: number;
  try {
    port = await listenOnLoopback(server, host, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, `node server (${mode})`);
  } catch (error) {
    server.close();
    await removeDir(dir);
    throw error;
  }
  return {
    name: `node-${mode}`,
    host,
    port,
    url: originOf('http', host, port),
    dir,
    stop: onceStop(async () => {
      try {
        await closeServer(server, 5_000);
      } finally {
        await removeDir(dir);
      }
    }),
    readLog: (opts?: ReadLogOptions) => pollLog(async () => entries.slice(), opts, 'node server log'),
  };
}
