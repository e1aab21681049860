// The reuse report in curl's voice ("#0 new connection to 127.0.0.1:8080", "re-using connection #0"),
// with the reasons curl leaves out. The CLI prints it; the editor writes it to its output channel.

import { lensText } from '../../../server/src/language/persistence';
import type { ExchangeReport } from './types';

import { ms, ordinal } from './format';

export interface ReportStyle {
  bold(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  dim(s: string): string;
}

const plain: ReportStyle = { bold: (s) => s, green: (s) => s, yellow: (s) => s, red: (s) => s, dim: (s) => s };

/** One line: how the request got its connection. */
export function connectionLine(r: ExchangeReport): string | undefined {
  const c = r.connection;
  if (!c) return undefined;
  const where = `${c.remoteAddress ?? '?'}:${c.remotePort ?? '?'}`;
  if (c.reused) {
    const saved = r.timings?.saved !== undefined ? `, saved ${ms(r.timings.saved)} of connection setup` : '';
    return `re-using connection #${c.id} to ${where} (${ordinal(c.requestsOnConnection)} request on it${saved})`;
  }
  const setup = r.timings ? ` in ${ms(r.timings.dns + r.timings.connect + r.timings.tls)}` : '';
  const why = c.whyNew ? `: ${c.whyNew}` : '';
  return `#${c.id} new connection to ${where} from local port ${c.localPort ?? '?'}${setup}${why}`;
}

export function persistenceLine(r: ExchangeReport): string | undefined {
  const p = r.persistence;
  if (!p) return undefined;
  return `predicted: ${lensText(p.predicted)} · observed: ${p.observedReason}`;
}

/** `a`, `a and b`, `a, b and c`. */
function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The redirect this response asked for, as followed: `→ 302 to /next (hop 1)`, the Location as written. */
function redirectLine(r: ExchangeReport): string | undefined {
  const f = r.followed;
  return f && `→ ${f.status} to ${f.location} (hop ${f.hop})`;
}

/** Which cookies the response set; names only, as values may be secrets. */
function storedCookieLines(r: ExchangeReport): string[] {
  const out: string[] = [];
  if (r.storedCookies?.length) out.push(`  < cookie${r.storedCookies.length === 1 ? '' : 's'} stored: ${r.storedCookies.join(', ')}`);
  if (r.expiredCookies?.length) out.push(`  < cookie${r.expiredCookies.length === 1 ? '' : 's'} removed (set already expired): ${r.expiredCookies.join(', ')}`);
  return out;
}

/** The report of one exchange, a few lines long. */
export function formatExchange(r: ExchangeReport, style: ReportStyle = plain): string {
  const out: string[] = [];
  const name = r.request.name ? ` (${r.request.name})` : '';
  for (const note of r.notes ?? []) out.push(style.yellow(`  * ${note}`));
  out.push(style.bold(`[${r.index + 1}] ${r.request.method} ${r.request.url} ${r.request.version}${name}`));
  if (r.redirect) {
    out.push(`  * hop ${r.redirect.hop}: following the ${r.redirect.status} from ${r.redirect.from}`);
    for (const change of r.redirect.changes) out.push(`  * ${change}`);
  }
  const needed = r.sent?.added.filter((a) => a !== 'Cookie') ?? [];
  if (needed.length) out.push(style.dim(`  > added ${list(needed)}, which the message needed`));
  if (r.sent?.jarCookies?.length) out.push(style.dim(`  > Cookie from the jar: ${r.sent.jarCookies.join(', ')}`));
  const conn = connectionLine(r);
  if (conn) out.push(`  * ${r.connection?.reused ? style.green(conn) : conn}`);
  if (r.connection?.retried) out.push(`  * ${style.yellow(r.connection.retried)}`);
  if (r.connection?.tls) {
    const t = r.connection.tls;
    out.push(`  * TLS ${t.version ?? '?'}, ${t.cipher ?? '?'}, ALPN ${t.alpn || 'none'}${t.authorized ? '' : ` (certificate not verified: ${t.authorizationError ?? 'check skipped'})`}`);
  }
  if (r.response) {
    const size = r.response.bodyBytes === 1 ? '1 byte' : `${r.response.bodyBytes} bytes`;
    out.push(`  < ${r.response.version} ${r.response.status} ${r.response.reason} · ${size} · ${ms(r.timings?.total ?? 0)}`);
  }
  out.push(...storedCookieLines(r).map((line) => style.dim(line)));
  const redirect = redirectLine(r);
  if (redirect) out.push(`  ${redirect}`);
  for (const f of r.findings) out.push(`  ! ${style.yellow(f.message)}`);
  const p = persistenceLine(r);
  if (p) out.push(`  * ${p}`);
  if (r.persistence?.mismatch) out.push(`  ! ${style.yellow(`predicted and observed differ: ${r.persistence.mismatch}`)}`);
  if (r.error) out.push(`  ${style.red(`✗ ${r.error.phase === 'prepare' ? 'not sent' : `failed (${r.error.phase})`}: ${r.error.message}`)}`);
  return out.join('\n') + '\n';
}

/** The closing lines: how many connections carried how many requests, and what reuse saved. */
export function formatSummary(reports: readonly ExchangeReport[], style: ReportStyle = plain): string {
  const sent = reports.filter((r) => r.connection);
  const opened = new Set(sent.filter((r) => !r.connection!.reused).map((r) => r.connection!.id)).size;
  const reused = sent.filter((r) => r.connection!.reused).length;
  const failed = reports.filter((r) => r.error).length;
  const saved = sent.reduce((n, r) => n + (r.timings?.saved ?? 0), 0);
  const mismatches = reports.filter((r) => r.persistence?.mismatch).length;
  let line = `${reports.length} request${reports.length === 1 ? '' : 's'}: ${opened} connection${opened === 1 ? '' : 's'} opened, ${reused} reuse${reused === 1 ? '' : 's'}`;
  if (reused) line += `, ${ms(saved)} of connection setup saved`;
  if (mismatches) line += `, ${mismatches} prediction${mismatches === 1 ? '' : 's'} contradicted`;
  if (failed) line += `, ${failed} failed`;
  return (failed ? style.red(line) : style.bold(line)) + '\n';
}

/**
 * A table of the run, one row per request: which connection carried it, and what was predicted and seen.
 * Reading down the connection column shows which requests shared a socket.
 */
export function formatTimeline(reports: readonly ExchangeReport[], style: ReportStyle = plain): string {
  const rows = reports.map((r) => {
    const written = r.sent ? `${r.sent.method} ${r.sent.target} ${r.sent.version}` : `${r.request.method} ${r.request.url}`;
    const target = `${written}${r.redirect ? ` (hop ${r.redirect.hop})` : ''}${r.followed ? ` → ${r.followed.status}` : ''}`;
    const conn = r.connection ? `#${r.connection.id} ${r.connection.reused ? 'reused' : 'new'}` : 'none';
    const predicted = r.persistence ? (r.persistence.predicted.persists ? 'keep open' : 'close') : '';
    const observed = r.persistence
      ? { 'kept-open': 'kept open', 'closed-by-server': 'server closed', 'closed-by-client': 'client closed', unknown: '?' }[r.persistence.observed]
      : r.error ? `failed (${r.error.phase})` : '';
    return [`[${r.index + 1}]`, target, conn, predicted, observed + (r.persistence?.mismatch ? ' !' : '')];
  });
  const header = ['', 'request', 'connection', 'predicted', 'observed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [style.bold(line(header)), ...rows.map((row) => (row[2]!.endsWith('reused') ? style.green(line(row)) : line(row)))].join('\n') + '\n';
}

/** The JSON shape of the CLI's `run --json`. */
export function exchangeJson(r: ExchangeReport): Record<string, unknown> {
  return {
    request: {
      method: r.request.method,
      url: r.request.url,
      version: r.request.version,
      ...(r.request.name ? { name: r.request.name } : {}),
      ...(r.sent?.added.length ? { added: r.sent.added } : {}),
      ...(r.sent?.jarCookies?.length ? { jarCookies: r.sent.jarCookies } : {}),
    },
    ...(r.redirect ? { redirect: r.redirect } : {}),
    ...(r.followed ? { followed: r.followed } : {}),
    ...(r.storedCookies?.length ? { storedCookies: r.storedCookies } : {}),
    ...(r.expiredCookies?.length ? { expiredCookies: r.expiredCookies } : {}),
    response: r.response ? { status: r.response.status, version: r.response.version, headers: r.response.headers, bodyBytes: r.response.bodyBytes } : null,
    connection: r.connection
      ? {
          id: r.connection.id,
          reused: r.connection.reused,
          localPort: r.connection.localPort,
          remotePort: r.connection.remotePort,
          requestsOnConnection: r.connection.requestsOnConnection,
          whyNew: r.connection.whyNew ?? null,
          ...(r.connection.retried ? { retried: r.connection.retried } : {}),
          ...(r.connection.tls ? { tls: r.connection.tls } : {}),
        }
      : null,
    timings: r.timings ?? null,
    persistence: r.persistence
      ? { predicted: r.persistence.predicted.persists, predictedReason: r.persistence.predicted.summary, observed: r.persistence.observed, reason: r.persistence.observedReason, ...(r.persistence.mismatch ? { mismatch: r.persistence.mismatch } : {}) }
      : null,
    findings: r.findings,
    error: r.error ?? null,
  };
}
