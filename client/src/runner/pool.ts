import { openConnection, type ConnectOptions, type Origin, PooledConnection } from './connection';
import type { ExchangeError } from './types';

export interface Acquired {
  readonly connection: PooledConnection;
  readonly reused: boolean;
  /** Why no earlier connection to the origin could carry this request. */
  readonly whyNew?: string;
}

/**
 * Idle connections per origin. A connection goes back to the pool only when the persistence model says the
 * exchange left it open; before reuse it is checked against what the server announced and what it did since.
 */
export class ConnectionPool {
  private nextId = 0;
  private readonly idle = new Map<string, PooledConnection[]>();
  /** Why the most recent connection to each origin stopped being usable. */
  private readonly retired = new Map<string, { id: number; reason: string }>();
  private readonly all = new Set<PooledConnection>();

  async acquire(origin: Origin, options: ConnectOptions): Promise<Acquired | ExchangeError> {
    const list = this.idle.get(origin.key) ?? [];
    while (list.length > 0) {
      const candidate = list.pop()!;
      const unusable = this.whyUnusable(candidate);
      if (!unusable) return { connection: candidate, reused: true };
      if (!candidate.closed) candidate.close(unusable);
      this.retire(candidate, unusable);
    }
    return this.open(origin, options);
  }

  /** A new connection, even if an idle one exists (for a retry, or to compare with keep-alive). */
  async open(origin: Origin, options: ConnectOptions, whyNew?: string): Promise<Acquired | ExchangeError> {
    const previous = this.retired.get(origin.key);
    const connection = await openConnection(this.nextId, origin, options);
    if (!(connection instanceof PooledConnection)) return connection;
    this.nextId++;
    this.all.add(connection);
    return { connection, reused: false, whyNew: whyNew ?? (previous ? `the previous connection (#${previous.id}) could not be reused: ${previous.reason}` : undefined) };
  }

  private whyUnusable(c: PooledConnection): string | undefined {
    if (c.closed) {
      const idle = ((c.closed.at - c.idleSince) / 1000).toFixed(1);
      return c.closed.by === 'server' ? `the server closed it after ${idle} s idle` : c.closed.reason;
    }
    if (c.strayBytes > 0) return `the server sent ${c.strayBytes} unexpected bytes while the connection was idle`;
    const idleSeconds = (performance.now() - c.idleSince) / 1000;
    const timeout = c.keepAlive?.timeout;
    if (timeout !== undefined && idleSeconds >= timeout) return `idle longer than the server's \`Keep-Alive: timeout=${timeout}\``;
    if (c.keepAlive?.max !== undefined && c.keepAlive.max <= 0) return `the server's \`Keep-Alive: max\` was reached`;
    return undefined;
  }

  /** Puts a connection back, or closes it for `reason` when it must not be reused. */
  release(c: PooledConnection, keep: boolean, reason: string): void {
    c.detach();
    if (!keep || c.closed) {
      if (!c.closed) c.close(reason);
      this.retire(c, c.closed?.by === 'server' && keep ? 'the server closed it' : reason);
      return;
    }
    c.idleSince = performance.now();
    const list = this.idle.get(c.origin.key);
    if (list) list.push(c);
    else this.idle.set(c.origin.key, [c]);
  }

  private retire(c: PooledConnection, reason: string): void {
    this.retired.set(c.origin.key, { id: c.id, reason });
  }

  connections(): readonly PooledConnection[] {
    return [...this.all];
  }

  closeAll(): void {
    for (const c of this.all) if (!c.closed) c.close('the run ended');
    this.idle.clear();
  }
}
