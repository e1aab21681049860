import net from 'node:net';
import type tls from 'node:tls';
import type { ConnectionReport, ExchangeError, PersistenceReport } from './types';

export interface Origin {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:8080`: connections are pooled per origin (scheme, host, port). */
  readonly key: string;
}

export function originOf(url: URL): Origin {
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  return { scheme, host, port, key: `${scheme}://${url.host.includes(':') ? url.hostname : url.host}:${port}` };
}

/** What the exchange using a connection wants to hear from its socket. */
export interface SocketListener {
  /** `chunk` is valid during the call only: its memory is read into again afterwards. */
  data(chunk: Buffer): void;
  end(): void;
  error(err: Error): void;
}

export interface ConnectOptions {
  readonly connectTimeoutMs: number;
  readonly insecure: boolean;
  readonly signal?: AbortSignal;
}

const now = () => performance.now();

/**
 * What plain TCP connections read into, all of them: a chunk is dealt with before the next read. Reading into
 * one buffer spares a new buffer per read and the stream machinery a 'data' event goes through, which together
 * came to 5-10% of a run of small requests.
 */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/** One TCP (or TLS) connection, with what the runner learns about it over its life. */
export class PooledConnection {
  requests = 0;
  /** The server's `Keep-Alive: timeout=N, max=M`, from the last response. */
  keepAlive: { timeout?: number; max?: number } | undefined;
  idleSince = 0;
  closed: { by: 'server' | 'client'; at: number; reason: string } | undefined;
  /** Bytes that arrived while no request was outstanding. */
  strayBytes = 0;
  /** The persistence report of the last exchange, updated if the server closes the connection later. */
  lastPersistence: PersistenceReport | undefined;
  private listener: SocketListener | undefined;

  constructor(
    readonly id: number,
    readonly origin: Origin,
    readonly socket: net.Socket,
    readonly setup: { readonly dns: number; readonly connect: number; readonly tls: number },
  ) {
    socket.on('end', () => {
      this.markClosed('server', 'the server closed the connection');
      this.listener?.end();
    });
    socket.on('error', (err) => {
      this.markClosed('server', `the connection failed: ${describeSocketError(err)}`);
      this.listener?.error(err);
    });
    socket.on('close', () => {
      this.markClosed('server', 'the server closed the connection');
      this.listener?.end();
    });
  }

  /** Bytes from the socket, valid during the call only. */
  received(chunk: Buffer): void {
    if (this.listener) this.listener.data(chunk);
    else this.strayBytes += chunk.length;
  }

  get setupMs(): number {
    return this.setup.dns + this.setup.connect + this.setup.tls;
  }

  attach(listener: SocketListener): void {
    this.listener = listener;
  }

  detach(): void {
    this.listener = undefined;
  }

  close(reason: string): void {
    this.markClosed('client', reason);
    this.listener = undefined;
    this.socket.destroy();
  }

  private markClosed(by: 'server' | 'client', reason: string): void {
    if (this.closed) return;
    this.closed = { by, at: now(), reason };
    const p = this.lastPersistence;
    if (by === 'server' && p && p.observed === 'kept-open') {
      const idle = (this.closed.at - this.idleSince) / 1000;
      p.observed = 'closed-by-server';
      p.observedReason = `the server closed the idle connection after ${idle.toFixed(1)} s`;
      const announced = this.keepAlive?.timeout;
      if (announced !== undefined && idle < announced - 0.5) {
        p.mismatch = `the server announced \`Keep-Alive: timeout=${announced}\` but closed the connection after ${idle.toFixed(1)} s`;
      }
    }
  }

  report(reused: boolean, extra: Pick<ConnectionReport, 'whyNew' | 'retried'>): ConnectionReport {
    const s = this.socket;
    const secure = this.origin.scheme === 'https' ? (s as tls.TLSSocket) : undefined;
    return {
      id: this.id,
      reused,
      localAddress: s.localAddress,
      localPort: s.localPort,
      remoteAddress: s.remoteAddress,
      remotePort: s.remotePort,
      requestsOnConnection: this.requests,
      tls: secure && {
        version: secure.getProtocol(),
        cipher: secure.getCipher()?.name,
        alpn: secure.alpnProtocol,
        authorized: secure.authorized,
        authorizationError: secure.authorizationError ? String(secure.authorizationError) : undefined,
      },
      ...extra,
    };
  }
}

export function describeSocketError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNRESET': return 'the connection was reset by the server (ECONNRESET)';
    case 'EPIPE': return 'the server had closed the connection when the request was written (EPIPE)';
    case 'ECONNREFUSED': return 'connection refused (ECONNREFUSED)';
    case 'ETIMEDOUT': return 'timed out (ETIMEDOUT)';
    default: return code ? `${err.message} (${code})` : err.message;
  }
}

class ConnectFailure extends Error {
  constructor(readonly failure: ExchangeError) {
    super(failure.message);
  }
}

/** Races a promise against a timeout and an abort signal, cleaning up after itself. */
function bounded<T>(work: Promise<T>, ms: number, onTimeout: () => ExchangeError, signal?: AbortSignal, cleanup?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup?.();
      reject(new ConnectFailure(onTimeout()));
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      cleanup?.();
      reject(new ConnectFailure({ phase: 'cancelled', message: 'cancelled' }));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

/** Opens a connection, timing DNS, TCP connect and the TLS handshake apart. Failures name their phase. */
export async function openConnection(id: number, origin: Origin, options: ConnectOptions): Promise<PooledConnection | ExchangeError> {
  const where = `${origin.host}:${origin.port}`;
  try {
    let address = origin.host;
    let family: number | undefined;
    let dnsMs = 0;
    if (!net.isIP(origin.host)) {
      const t = now();
      const found = await bounded(
        // node:dns and node:tls are loaded when first needed: a run to IP addresses over plain HTTP, the
        // usual local test, does not pay for them.
        (await import('node:dns')).promises.lookup(origin.host).catch((err: NodeJS.ErrnoException) => {
          throw new ConnectFailure({ phase: 'dns', code: err.code, message: `cannot resolve ${origin.host} (${err.code ?? err.message})` });
        }),
        options.connectTimeoutMs,
        () => ({ phase: 'dns', message: `no DNS answer for ${origin.host} within ${options.connectTimeoutMs} ms` }),
        options.signal,
      );
      address = found.address;
      family = found.family;
      dnsMs = now() - t;
    }
    const tConnect = now();
    // Reading starts once connected, and the connection exists by then.
    let connection: PooledConnection | undefined;
    // TLS reads the raw socket as a stream; plain TCP reads into the shared buffer.
    const onread = origin.scheme === 'http'
      ? {
          buffer: readBuffer,
          callback: (n: number) => {
            connection?.received(readBuffer.subarray(0, n));
            return true;
          },
        }
      : undefined;
    const raw = net.connect({ host: address, port: origin.port, family, onread });
    raw.setNoDelay(true);
    await bounded(
      new Promise<void>((resolve, reject) => {
        raw.once('connect', resolve);
        raw.once('error', (err: NodeJS.ErrnoException) =>
          reject(new ConnectFailure({ phase: 'connect', code: err.code, message: `cannot connect to ${where}: ${describeSocketError(err)}` })),
        );
      }),
      options.connectTimeoutMs,
      () => ({ phase: 'connect', code: 'ETIMEDOUT', message: `cannot connect to ${where}: no answer within ${options.connectTimeoutMs} ms` }),
      options.signal,
      () => raw.destroy(),
    );
    const connectMs = now() - tConnect;
    if (origin.scheme === 'http') return (connection = new PooledConnection(id, origin, raw, { dns: dnsMs, connect: connectMs, tls: 0 }));

    const tTls = now();
    const secure = (await import('node:tls')).connect({
      socket: raw,
      servername: net.isIP(origin.host) ? undefined : origin.host,
      ALPNProtocols: ['http/1.1'],
      rejectUnauthorized: !options.insecure,
    });
    await bounded(
      new Promise<void>((resolve, reject) => {
        secure.once('secureConnect', resolve);
        secure.once('error', (err: NodeJS.ErrnoException) => reject(new ConnectFailure({ phase: 'tls', code: err.code, message: tlsMessage(where, err) })));
      }),
      options.connectTimeoutMs,
      () => ({ phase: 'tls', message: `TLS handshake with ${where} did not finish within ${options.connectTimeoutMs} ms` }),
      options.signal,
      () => secure.destroy(),
    );
    const secureConnection = new PooledConnection(id, origin, secure, { dns: dnsMs, connect: connectMs, tls: now() - tTls });
    secure.on('data', (chunk: Buffer) => secureConnection.received(chunk));
    return secureConnection;
  } catch (err) {
    if (err instanceof ConnectFailure) return err.failure;
    return { phase: 'connect', message: `cannot connect to ${where}: ${(err as Error).message}` };
  }
}

function tlsMessage(where: string, err: NodeJS.ErrnoException): string {
  const certificate = err.code && /CERT|SELF_SIGNED|ISSUER|HOSTNAME|ERR_TLS_CERT/.test(err.code);
  if (certificate) {
    return `TLS: the certificate of ${where} was rejected: ${err.message} (${err.code}). To skip the check for a test server, add \`# @no-reject-unauthorized\` to the request or use --insecure.`;
  }
  return `TLS handshake with ${where} failed: ${err.message}${err.code ? ` (${err.code})` : ''}`;
}
