// Character classes of HTTP's grammar, as tables for speed.

/**
 * RFC 9110 §5.6.2:
 *   token = 1*tchar
 *   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
 *         / DIGIT / ALPHA
 */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TCHAR[c] = 1;
for (let c = 65; c <= 90; c++) TCHAR[c] = 1;
for (let c = 97; c <= 122; c++) TCHAR[c] = 1;

export function isTchar(code: number): boolean {
  return code < 128 && TCHAR[code] === 1;
}

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTchar(s.charCodeAt(i))) return false;
  return true;
}

/** Index of the first character of `s` (from `from`) that is not a tchar, or -1. */
export function firstNonTchar(s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) if (!isTchar(s.charCodeAt(i))) return i;
  return -1;
}

/** RFC 5234 Appendix B.1: CTL = %x00-1F / %x7F. HTAB is allowed inside field values. */
export function isCtl(code: number): boolean {
  return code < 32 || code === 127;
}

export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The methods RFC 9110 §9 defines and the common extension methods; used to recognise request lines. */
export const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;
export const EXTENSION_METHODS = [
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'MKCALENDAR', 'ACL', 'SEARCH', 'REPORT', 'QUERY',
] as const;
/** Request "methods" other tools accept in .http files for protocols that are not HTTP/1.x. */
export const NON_HTTP_METHODS = [
  'GRPC', 'WS', 'WSS', 'WEBSOCKET', 'SSE', 'EVENTSOURCE', 'MQTT', 'MQTTS', 'AMQP', 'AMQPS', 'RABBITMQ', 'KAFKA', 'GRAPHQL',
] as const;

const HTTP_METHOD_SET = new Set<string>([...STANDARD_METHODS, ...EXTENSION_METHODS]);
const NON_HTTP_METHOD_SET = new Set<string>(NON_HTTP_METHODS);

export function isKnownHttpMethod(method: string): boolean {
  return HTTP_METHOD_SET.has(method.toUpperCase());
}

/** Whether an upper-case method (as a request line's `method` always is) names a protocol other than HTTP/1.x. */
export function isNonHttpMethod(method: string): boolean {
  return NON_HTTP_METHOD_SET.has(method);
}

/**
 * Whether `method` is `name` (in upper case). Parsed methods are mostly upper case already, and are compared
 * without being copied; one written otherwise is upper-cased as the comparisons here have always done.
 */
export function isMethod(method: string | undefined, name: string): boolean {
  return method === name || (method !== undefined && method.length === name.length && method.toUpperCase() === name);
}
