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

/** Sends `first` and the requests its redirects lead to, yielding each exchange as it ends. */
export async function* sendChain(first: PreparedRequest, options: ChainOptions): AsyncGenerator<ExchangeReport> {
  let request = withJarCookies(first, options.jar);
  let redirect: RedirectHop | undefined;
  for (let hop = 0; ; hop++) {
    if (hop > 0 && options.run.signal?.aborted) return;
    let report: ExchangeReport = await runExchange(options.pool, request, options.nextIndex(), options.run);
    if (redirect) report = { ...report, redirect };
    report = storeCookies(report, options.jar);
    const next = options.followRedirects ? nextHop(report, request, hop + 1) : undefined;
    if (next && 'error' in next) report = { ...report, error: { phase: 'response', message: next.error } };
    else if (next) report = { ...report, followed: next.followed };
    yield report;
    if (!next || 'error' in next) return;
    request = withJarCookies(next.request, options.jar);
    redirect = next.redirect;
  }
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
