// A Node http server on 127.0.0.1 for runner tests: it records every request it answers (with the client's
// port, which is the same for two requests exactly when they shared a connection) and stops with all sockets.
import http from 'node:http';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** Field names as received, with their case. */
  readonly rawNames: readonly string[];
  readonly body: Buffer;
  readonly remotePort: number;
}

export interface Loopback {
  readonly url: string;
  readonly port: number;
  readonly seen: SeenRequest[];
  stop(): Promise<void>;
}

export type Handler = (req: SeenRequest, res: http.ServerResponse) => void;

export async function startLoopback(handler: Handler): Promise<Loopback> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawNames: req.rawHeaders.filter((_, i) => i % 2 === 0),
        body: Buffer.concat(chunks),
        remotePort: req.socket.remotePort ?? 0,
      };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with `status`, the given fields and a short body. */
export function reply(res: http.ServerResponse, status: number, headers: Record<string, string | string[]> = {}, body = ''): void {
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
