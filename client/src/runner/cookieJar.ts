// A cookie jar for one run (or one editor session) of an .http file, as RFC 6265 describes a user agent's:
// Set-Cookie is parsed as §5.2 says, stored as §5.3 says, and sent back as §5.4 says.

import net from 'node:net';
import { skipBlanks, trimEndIndex } from '../../../server/src/language/text';

export interface Cookie {
  readonly name: string;
  readonly value: string;
  /** The host (host-only) or the Domain attribute, lower case, without a leading dot. */
  readonly domain: string;
  /** No Domain attribute: sent to exactly this host, not its subdomains (§5.3 step 6). */
  readonly hostOnly: boolean;
  readonly path: string;
  /** Milliseconds since the epoch; Infinity for a session cookie, which lasts as long as the jar. */
  readonly expires: number;
  /** Sent over https only (§5.4 step 1). */
  readonly secure: boolean;
  /** Recorded, but it changes nothing here: every request of a run is an HTTP API request (§5.4). */
  readonly httpOnly: boolean;
  /** Creation time; a replaced cookie keeps the old one (§5.3 step 11.3). */
  readonly created: number;
}

/** Stored; or came already expired, which removes a stored one of that name (how servers delete cookies); or refused, and why. */
export type SetCookieResult = { readonly stored: Cookie } | { readonly expired: string } | { readonly ignored: string };

/** What §5.2 reads out of one Set-Cookie value. */
interface ParsedSetCookie {
  readonly name: string;
  readonly value: string;
  readonly expires?: number;
  readonly maxAge?: number;
  readonly domain?: string;
  readonly path?: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
}

/** RFC 6265 §6.1 asks for at least 3000 cookies; a run that sets more drops the least recently used. */
const MAX_COOKIES = 3000;
/** RFC 6265bis §5.6 step 5: a name and value longer than this together are ignored. */
const MAX_NAME_VALUE = 4096;

export class CookieJar {
  private readonly cookies: (Cookie & { lastAccess: number; order: number })[] = [];
  private order = 0;

  /** Stores one Set-Cookie value received in answer to `url` (§5.3). */
  setCookie(header: string, url: URL, now = Date.now()): SetCookieResult {
    const parsed = parseSetCookie(header, now);
    if (typeof parsed === 'string') return { ignored: parsed };
    const host = requestHost(url);
    const domain = cookieDomain(parsed.domain, host);
    if (typeof domain !== 'string') return { ignored: domain.ignored };
    const cookie = {
      name: parsed.name,
      value: parsed.value,
      domain: domain || host,
      hostOnly: !domain,
      path: parsed.path ?? defaultPath(url),
      // §5.3 step 3: Max-Age wins over Expires; neither makes a session cookie.
      expires: parsed.maxAge ?? parsed.expires ?? Infinity,
      secure: parsed.secure,
      httpOnly: parsed.httpOnly,
    };
    const at = this.cookies.findIndex((c) => c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path);
    const old = at >= 0 ? this.cookies.splice(at, 1)[0] : undefined;
    // §5.3 step 12 with §5.3's closing note: an expiry in the past removes the cookie and stores nothing.
    if (cookie.expires <= now) return { expired: cookie.name };
    const stored = { ...cookie, created: old?.created ?? now, lastAccess: now, order: old?.order ?? this.order++ };
    this.cookies.push(stored);
    this.evict(now);
    return { stored: publicCookie(stored) };
  }

  /**
   * The `Cookie` field value for a request to `url` (§5.4): cookies whose domain and path match, not expired,
   * Secure ones only over https; longer paths first, then older ones. Undefined when none match.
   */
  cookieHeader(url: URL, now = Date.now()): { readonly value: string; readonly names: readonly string[] } | undefined {
    this.removeExpired(now);
    if (this.cookies.length === 0) return undefined;
    const host = requestHost(url);
    const path = url.pathname || '/';
    const secure = url.protocol === 'https:';
    const matching = this.cookies
      .filter((c) => (c.hostOnly ? c.domain === host : domainMatches(host, c.domain)) && pathMatches(path, c.path) && (!c.secure || secure))
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created || a.order - b.order);
    if (matching.length === 0) return undefined;
    for (const c of matching) c.lastAccess = now;
    return { value: matching.map((c) => `${c.name}=${c.value}`).join('; '), names: matching.map((c) => c.name) };
  }

  /** Every stored cookie that has not expired. */
  list(now = Date.now()): Cookie[] {
    this.removeExpired(now);
    return this.cookies.map(publicCookie);
  }

  clear(): void {
    this.cookies.length = 0;
  }

  private removeExpired(now: number): void {
    for (let i = this.cookies.length - 1; i >= 0; i--) if (this.cookies[i]!.expires <= now) this.cookies.splice(i, 1);
  }

  /** §5.3 closing note: expired cookies go first, then the least recently used. */
  private evict(now: number): void {
    if (this.cookies.length <= MAX_COOKIES) return;
    this.removeExpired(now);
    while (this.cookies.length > MAX_COOKIES) {
      let oldest = 0;
      this.cookies.forEach((c, i) => {
        if (c.lastAccess < this.cookies[oldest]!.lastAccess) oldest = i;
      });
      this.cookies.splice(oldest, 1);
    }
  }
}

function publicCookie(c: Cookie): Cookie {
  return { name: c.name, value: c.value, domain: c.domain, hostOnly: c.hostOnly, path: c.path, expires: c.expires, secure: c.secure, httpOnly: c.httpOnly, created: c.created };
}

/** §5.1.2 canonicalized host name: lower case; an IPv6 address without its brackets. */
function requestHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/**
 * §5.3 steps 4-6: the cookie's domain, '' for host-only, or why the cookie is ignored. Without a public suffix
 * list, a one-label Domain (`com`, `local`) other than the host itself is treated as a public suffix.
 */
function cookieDomain(attribute: string | undefined, host: string): string | { ignored: string } {
  if (attribute === undefined) return '';
  if (!attribute.includes('.') && attribute !== host) return { ignored: `Domain=${attribute} is a public suffix: a cookie for every host under it would be refused` };
  if (attribute === host && !attribute.includes('.')) return '';
  if (!domainMatches(host, attribute)) return { ignored: `Domain=${attribute} does not domain-match the host ${host}` };
  return attribute;
}

/**
 * §5.1.3: a string domain-matches a domain string when they are identical, or when the domain string is a
 * suffix of it, the character before that suffix is ".", and the string is a host name, not an IP address.
 */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.endsWith(domain) && host.charAt(host.length - domain.length - 1) === '.' && net.isIP(host) === 0;
}

/**
 * §5.1.4 default-path: the request path up to, not including, its right-most "/"; "/" when the path is empty,
 * does not start with "/", or holds no other "/".
 */
export function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/**
 * §5.1.4 path-match: identical; or the cookie path is a prefix of the request path and either ends with "/" or
 * is followed in the request path by "/".
 */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

/** WSP = SP / HTAB (RFC 5234), which §5.2 trims from names, values and attributes. */
/** Without leading and trailing spaces and tabs (WSP); not with `/[ \t]+$/`, which tries the rest of each inner run of blanks. */
function trimWsp(s: string): string {
  const start = skipBlanks(s);
  return s.slice(start, trimEndIndex(s, start));
}

/** CTLs other than HTAB: RFC 6265bis §5.6 step 3 ignores a cookie whose name or value holds one. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * §5.2: `name=value` up to the first ";", then `;`-separated attributes, each `name[=value]` and
 * case-insensitive. Returns why the whole Set-Cookie is ignored when it is.
 */
export function parseSetCookie(header: string, now: number): ParsedSetCookie | string {
  const semicolon = header.indexOf(';');
  const pair = semicolon < 0 ? header : header.slice(0, semicolon);
  // §5.2 step 2: "If the name-value-pair string lacks a "=" character, ignore the set-cookie-string entirely."
  const eq = pair.indexOf('=');
  if (eq < 0) return `${JSON.stringify(clip(pair))} has no "=" between a cookie name and value`;
  const name = trimWsp(pair.slice(0, eq));
  const value = trimWsp(pair.slice(eq + 1));
  if (!name) return 'the cookie has no name';
  if (CONTROL.test(name) || CONTROL.test(value)) return `the cookie ${clip(name)} holds a control character`;
  if (name.length + value.length > MAX_NAME_VALUE) return `the cookie ${clip(name)} is longer than ${MAX_NAME_VALUE} bytes`;
  const cookie: { -readonly [K in keyof ParsedSetCookie]: ParsedSetCookie[K] } = { name, value, secure: false, httpOnly: false };
  if (semicolon < 0) return cookie;
  // §5.3: when an attribute repeats, the last one counts, which applying them in order gives.
  for (const av of header.slice(semicolon + 1).split(';')) applyAttribute(cookie, av, now);
  return cookie;
}

function applyAttribute(cookie: { -readonly [K in keyof ParsedSetCookie]: ParsedSetCookie[K] }, av: string, now: number): void {
  const eq = av.indexOf('=');
  const key = trimWsp(eq < 0 ? av : av.slice(0, eq)).toLowerCase();
  const value = eq < 0 ? '' : trimWsp(av.slice(eq + 1));
  switch (key) {
    case 'expires': {
      // §5.2.1: an Expires that is not a cookie-date is ignored.
      const date = parseCookieDate(value);
      if (date !== undefined) cookie.expires = date;
      return;
    }
    case 'max-age': {
      // §5.2.2: "If the first character of the attribute-value is not a DIGIT or a "-" character, ignore the
      // cookie-av"; likewise any other non-DIGIT. Zero or less means "expire now".
      if (!/^-?\d+$/.test(value)) return;
      const seconds = Number(value);
      cookie.maxAge = seconds <= 0 ? -Infinity : now + seconds * 1000;
      return;
    }
    case 'domain':
      // §5.2.3: an empty Domain is ignored; a leading "." is dropped.
      if (value) cookie.domain = value.replace(/^\./, '').toLowerCase();
      return;
    case 'path':
      // §5.2.4: a Path that is empty or does not start with "/" means the default path.
      cookie.path = value.startsWith('/') ? value : undefined;
      return;
    case 'secure':
      cookie.secure = true;
      return;
    case 'httponly':
      cookie.httpOnly = true;
      return;
    default:
      return;
  }
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// §5.1.1 cookie-date:
//   cookie-date     = *delimiter date-token-list *delimiter
//   date-token-list = date-token *( 1*delimiter date-token )
//   delimiter       = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
//   time            = hms-time ( non-digit *OCTET )
//   hms-time        = time-field ":" time-field ":" time-field
//   time-field      = 1*2DIGIT
//   day-of-month    = 1*2DIGIT ( non-digit *OCTET )
//   month           = ( "jan" / "feb" / ... / "dec" ) *OCTET
//   year            = 2*4DIGIT ( non-digit *OCTET )
const DELIMITERS = /[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/;
const TIME = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/;
const DAY_OF_MONTH = /^(\d{1,2})(?:\D|$)/;
const YEAR = /^(\d{2,4})(?:\D|$)/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** §5.1.1: the date of an Expires attribute in milliseconds since the epoch, or undefined when it is not one. */
export function parseCookieDate(text: string): number | undefined {
  let time: number[] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  // Each token is tried as the first of time, day, month, year not yet found, in that order.
  for (const token of text.split(DELIMITERS).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if (!time && (m = TIME.exec(token))) time = [Number(m[1]), Number(m[2]), Number(m[3])];
    else if (day === undefined && (m = DAY_OF_MONTH.exec(token))) day = Number(m[1]);
    else if (month === undefined && MONTHS.includes(token.slice(0, 3).toLowerCase())) month = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
    else if (year === undefined && (m = YEAR.exec(token))) year = Number(m[1]);
  }
  if (!time || day === undefined || month === undefined || year === undefined) return undefined;
  // §5.1.1 steps 3-4: two-digit years 70-99 are 19xx, 00-69 are 20xx.
  if (year >= 70 && year <= 99) year += 1900;
  else if (year <= 69) year += 2000;
  const [hour, minute, second] = time as [number, number, number];
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = Date.UTC(year, month, day, hour, minute, second);
  // §5.1.1 step 6: a date that does not exist (31 April) fails.
  return new Date(date).getUTCDate() === day ? date : undefined;
}
