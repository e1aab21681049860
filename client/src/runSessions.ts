import { CookieJar } from './runner/cookieJar';
import { ConnectionPool } from './runner/pool';
import type { RecordedExchange } from './runner/requestResults';
import type { ExchangeReport } from './runner/types';

/**
 * What the editor keeps per .http file: its connections (so reuse spans clicks), its cookies and what its
 * named requests returned (so a request sent alone can use a login sent before it), and its last run.
 */
export class RunSession {
  readonly pool = new ConnectionPool();
  readonly cookies = new CookieJar();
  readonly results = new Map<string, RecordedExchange>();
  reports: ExchangeReport[] = [];
  running: AbortController | undefined;

  dispose(): void {
    this.running?.abort();
    this.pool.closeAll();
    this.cookies.clear();
  }
}

export class RunSessions {
  private readonly sessions = new Map<string, RunSession>();

  get(uri: string): RunSession {
    let s = this.sessions.get(uri);
    if (!s) {
      s = new RunSession();
      this.sessions.set(uri, s);
    }
    return s;
  }

  /** The sessions with a run in progress. */
  running(): RunSession[] {
    return [...this.sessions.values()].filter((s) => s.running);
  }

  /**
   * Another environment was chosen: what named requests returned came from the old one's servers, and a token
   * from dev must not go to prod. Cookies stay: the jar sends them only to the hosts that set them.
   */
  forgetResults(): void {
    for (const s of this.sessions.values()) s.results.clear();
  }

  close(uri: string): void {
    this.sessions.get(uri)?.dispose();
    this.sessions.delete(uri);
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
  }
}
