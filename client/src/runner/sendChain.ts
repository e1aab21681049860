// One request of a file as it goes out: cookies from the jar added, the exchange run, Set-Cookie stored, and
// redirects followed, each hop its own exchange over the same pool (so a hop to the same origin can reuse
// the connection, and the report shows whether it did).

import type { CookieJar } from './cookieJar';
import { runExchange } from './exchange';
import type { ConnectionPool } from './pool';
import { MAX_REDIRECTS, followUp, locationOf } from './redirects';
import type { ParserFinding } from './responseParser';
import type { ExchangeReport, PreparedRequest, RedirectHop, RunOptions } from './types';

export interface ChainOptions {
  readonly pool: ConnectionPool;
  readonly run: RunOptions;
  /** Absent when the request is sent without the jar (`# @no-cookie-jar`). */
  readonly jar?: CookieJar;
  readonly followRedirects: boolean;
  /** Numbers the exchanges: called once per hop. */
  readonly nextIndex: () => number;
}

/** One exchange of a chain, and the request that follows it when its response is a redirect to follow. */
export interface Hop {
  readonly report: ExchangeReport;
  readonly next?: { readonly request: PreparedRequest; readonly redirect: RedirectHop };
}

/**
 * Sends hop number `hop` of a chain: `request` with the jar's cookies, sent because of `redirect` (for every
 * hop but the first). The caller goes on with `next` while there is one: a chain is driven one hop at a time
 * rather than through a generator per request, whose machinery cost microseconds a request for nothing.
 */
export async function sendHop(request: PreparedRequest, redirect: RedirectHop | undefined, hop: number, options: ChainOptions): Promise<Hop> {
  const sent = withJarCookies(request, options.jar);
  let report: ExchangeReport = await runExchange(options.pool, sent, options.nextIndex(), options.run);
  if (redirect) report = { ...report, redirect };
  report = storeCookies(report, options.jar);
  const next = options.followRedirects ? nextHop(report, sent, hop + 1) : undefined;
  if (next && 'error' in next) return { report: { ...report, error: { phase: 'response', message: next.error } } };
  if (!next) return { report };
  return { report: { ...report, followed: next.followed }, next };
}

type NextHop =
  | { readonly request: PreparedRequest; readonly redirect: RedirectHop; readonly followed: NonNullable<ExchangeReport['followed']> }
  | { readonly error: string };

/** The request that follows the redirect `report` got, or why it cannot be followed; undefined for none. */
function nextHop(report: ExchangeReport, request: PreparedRequest, hop: number): NextHop | undefined {
  const response = report.response;
  if (!response || report.error) return undefined;
  const location = locationOf(response);
  if (location === undefined) return undefined;
  if (typeof location !== 'string') return location;
  if (hop > MAX_REDIRECTS) return { error: `more than ${MAX_REDIRECTS} redirects: the ${response.status} to ${location} was not followed` };
  const next = followUp(request, response.status, location);
  if ('error' in next) return { error: `cannot follow the ${response.status}: ${next.error}` };
  const from = request.url.href;
  return {
    request: next.request,
    redirect: { hop, from, status: response.status, location, changes: next.changes },
    followed: { status: response.status, location, url: next.request.url.href, hop },
  };
}

/**
 * RFC 6265 §5.4: the jar's cookies for the request's URL go in one `Cookie` field, unless the request has one
 * written, which is sent as written.
 */
function withJarCookies(request: PreparedRequest, jar: CookieJar | undefined): PreparedRequest {
  if (!jar || request.headers.some(([n]) => n.toLowerCase() === 'cookie')) return request;
  const cookies = jar.cookieHeader(request.url);
  if (!cookies) return request;
  return { ...request, headers: [...request.headers, ['Cookie', cookies.value]], added: [...request.added, 'Cookie'], jarCookies: cookies.names };
}

/** RFC 6265 §5.3: every Set-Cookie of the response goes to the jar; what it refuses becomes a finding. */
function storeCookies(report: ExchangeReport, jar: CookieJar | undefined): ExchangeReport {
  const response = report.response;
  if (!jar || !response || !report.sent) return report;
  const stored: string[] = [];
  const expired: string[] = [];
  const findings: ParserFinding[] = [];
  for (const [name, value] of response.headers) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    const result = jar.setCookie(value, report.sent.url);
    if ('stored' in result) stored.push(result.stored.name);
    else if ('expired' in result) expired.push(result.expired);
    else findings.push({ code: 'cookie-ignored', message: `Set-Cookie ignored: ${result.ignored} (RFC 6265 §5.3)` });
  }
  if (!stored.length && !expired.length && !findings.length) return report;
  return {
    ...report,
    ...(stored.length ? { storedCookies: stored } : {}),
    ...(expired.length ? { expiredCookies: expired } : {}),
    findings: [...report.findings, ...findings],
  };
}
