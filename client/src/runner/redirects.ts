// Following redirects (RFC 9110 §15.4) the way curl -L does by default: the request that follows a 3xx is
// built from the one that got it, with the method, body and credentials the rules below allow.

import { originOf } from './connection';
import type { PreparedRequest, ResponseReport } from './types';

/**
 * RFC 9110 §15.4: "a user agent MAY automatically redirect its request to the URI referenced by the Location
 * field value" for 301, 302, 303, 307 and 308. 300 leaves the choice to the user and 304 is not a redirect.
 */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** curl's and browsers' limit: a chain longer than this is most likely a loop. */
export const MAX_REDIRECTS = 10;

/** Fields that describe the content: they go when the body goes (as the Fetch standard's redirect steps do). */
const CONTENT_FIELDS = new Set(['content-length', 'content-type', 'content-encoding', 'content-language', 'content-location', 'transfer-encoding']);

/** Fields that carry credentials: they are not handed to another origin (curl drops them too). */
const CREDENTIAL_FIELDS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/**
 * The method of the request that follows a redirect, and whether it keeps the body.
 * - 303 (§15.4.4): "a user agent ... performs a GET or HEAD request": any method but HEAD becomes GET.
 * - 301, 302 (§15.4.2, §15.4.3): "For historical reasons, a user agent MAY change the request method from
 *   POST to GET for the subsequent request": curl -L and browsers do, for POST only.
 * - 307, 308 (§15.4.8, §15.4.9): "the user agent MUST NOT change the request method".
 */
export function redirectMethod(method: string, status: number): { readonly method: string; readonly keepBody: boolean } {
  const upper = method.toUpperCase();
  if (status === 303 && upper !== 'HEAD') return { method: upper === 'GET' ? method : 'GET', keepBody: false };
  if ((status === 301 || status === 302) && upper === 'POST') return { method: 'GET', keepBody: false };
  return { method, keepBody: true };
}

/** The Location a 3xx response asks to follow; undefined when it is not a redirect to follow. */
export function locationOf(response: ResponseReport): string | { readonly error: string } | undefined {
  if (!REDIRECT_STATUSES.has(response.status)) return undefined;
  const values = response.headers.filter(([n]) => n.toLowerCase() === 'location').map(([, v]) => v);
  // §15.4: without a Location, a 3xx is the final response.
  if (values.length === 0) return undefined;
  // §10.2.2: Location holds one URI-reference; two different ones leave nothing to follow.
  if (new Set(values).size > 1) return { error: `the ${response.status} has ${values.length} different Location fields (${values.join(', ')}), so it is not followed` };
  return values[0]!;
}

/**
 * §10.2.2: `Location = URI-reference`; "If the Location value is a relative reference, the final value is
 * computed by resolving it against the target URI".
 */
export function resolveLocation(location: string, base: URL): URL | { readonly error: string } {
  if (location.trim() === '') return { error: 'the Location field is empty' };
  let url: URL;
  try {
    url = new URL(location.trim(), base);
  } catch {
    return { error: `the Location ${JSON.stringify(location)} is not a URI reference` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `the Location ${JSON.stringify(location)} is a ${url.protocol} URL: only http and https are followed` };
  return url;
}

export interface FollowUp {
  readonly request: PreparedRequest;
  /** What differs from the request that got the redirect, besides the URL: method, body, dropped fields. */
  readonly changes: readonly string[];
}

/**
 * The request that follows `status` with `location`, built from `request`: same version and fields, the new
 * target and Host, and the method, body and credential changes the rules above call for. Cookie fields the jar
 * added are left out: the jar adds them again for the new URL.
 */
export function followUp(request: PreparedRequest, status: number, location: string): FollowUp | { readonly error: string } {
  const url = resolveLocation(location, request.url);
  if (!(url instanceof URL)) return url;
  const { method, keepBody } = redirectMethod(request.method, status);
  const sameOrigin = originOf(url).key === originOf(request.url).key;
  const jarCookie = request.added.includes('Cookie');
  const hostAdded = request.added.includes('Host');
  const changes: string[] = [];
  if (method !== request.method) changes.push(`${request.method} became ${method} (RFC 9110 §15.4.${status === 303 ? 4 : status === 301 ? 2 : 3})`);
  const dropped = new Set<string>();
  const headers: [string, string][] = [];
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'host') {
      // A written Host stays while the origin does; else it names the new one.
      headers.push([name, sameOrigin && !hostAdded ? value : url.host]);
      continue;
    }
    if (lower === 'cookie' && jarCookie) continue;
    if ((!keepBody && CONTENT_FIELDS.has(lower)) || (!sameOrigin && CREDENTIAL_FIELDS.has(lower))) {
      dropped.add(name);
      continue;
    }
    headers.push([name, value]);
  }
  if (!keepBody && request.body?.length) changes.push('the body was dropped');
  const credentials = [...dropped].filter((n) => CREDENTIAL_FIELDS.has(n.toLowerCase()));
  if (credentials.length) changes.push(`${credentials.join(' and ')} not sent to another origin`);
  const added = request.added.filter((a) => a !== 'Cookie' && !(dropped.has(a) && CONTENT_FIELDS.has(a.toLowerCase())));
  return {
    request: {
      ...request,
      method,
      url,
      target: `${url.pathname}${url.search}`,
      headers,
      added,
      body: keepBody ? request.body : undefined,
      jarCookies: undefined,
    },
    changes,
  };
}
