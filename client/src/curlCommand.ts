import type { PreparedRequest } from './runner/types';

/** POSIX shell quoting: single quotes, with each embedded quote written as '\''. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_\/:.,=@%+-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The request as a curl command line that sends the same thing: same method, version, fields and body. Of the
 * fields HTTP Lens added, Host and Content-Length are left to curl, which adds them too; others (a GraphQL
 * request's Content-Type, cookies from the jar) are written out, since curl would not send them.
 */
export function toCurl(request: PreparedRequest): string {
  const parts = ['curl', request.version === 'HTTP/1.0' ? '--http1.0' : '--http1.1'];
  if (request.method !== 'GET' || request.body) parts.push('-X', shellQuote(request.method));
  const added = new Set<string>(request.added.map((a) => a.toLowerCase()).filter((a) => a === 'host' || a === 'content-length'));
  for (const [name, value] of request.headers) {
    if (added.has(name.toLowerCase())) continue;
    // `-H 'Name;'` is curl's way to send a field with an empty value.
    parts.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  }
  if (request.body && request.body.length > 0) {
    // curl gives a body Content-Type: application/x-www-form-urlencoded unless told otherwise; `-H 'Content-Type:'` tells it.
    if (!request.headers.some(([n]) => n.toLowerCase() === 'content-type')) parts.push('-H', shellQuote('Content-Type:'));
    // --data-raw, not --data-binary: a body starting with @ is text, not a file name.
    parts.push('--data-raw', shellQuote(request.body.toString('utf8')));
  }
  if (request.insecure) parts.push('--insecure');
  parts.push(shellQuote(request.url.href));
  return parts.join(' ');
}
