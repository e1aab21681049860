import { readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { BodyPart, RequestBlock } from '../../../server/src/language/parse/types';
import { resolveTemplates, type VariableSource } from '../../../server/src/language/variables';
import { graphqlBody, isGraphqlMarker } from './graphql';
import type { ExchangeError, PreparedRequest } from './types';

export interface PrepareContext {
  readonly variables: VariableSource;
  /** Folder that `< ./file` bodies are relative to: the .http file's own. */
  readonly baseDir: string;
  readonly insecure?: boolean;
  /**
   * Why a `{{reference}}` nothing defines has no value, when more can be said than "not defined": a request
   * variable whose request has not run yet, say. The text follows the `{{reference}}` in the message.
   */
  readonly explainMissing?: (expression: string) => string | undefined;
}

export type Prepared = { readonly ok: true; readonly request: PreparedRequest } | { readonly ok: false; readonly error: ExchangeError; readonly line: number; readonly name?: string };

class PrepareError extends Error {}

function fail(message: string): never {
  throw new PrepareError(message);
}

/**
 * Turns one request of an .http file into what goes on the wire. The request line and fields are sent as
 * written (version, names, case, order, misspellings included); only what the message needs is added:
 * `Host` when the target is a full URL and none is written, `Content-Length` for a body. A GraphQL request
 * (`X-Request-Type: GraphQL`) is the exception: its body becomes the JSON GraphQL servers read, with a
 * `Content-Type` when none is written, and the marker field stays behind.
 */
export function prepareRequest(block: RequestBlock, ctx: PrepareContext): Prepared {
  const message = block.message;
  const start = message.start;
  const line = start?.span.line ?? block.firstLine;
  try {
    if (!start || start.kind !== 'request') fail('no request line');
    if (message.protocol !== 'http') fail(`${start.method} requests are not HTTP/1.x: HTTP Lens does not run them`);
    const version = start.version?.text ?? 'HTTP/1.1';
    if (version !== 'HTTP/1.0' && version !== 'HTTP/1.1') {
      fail(`${version} is not sent: the runner speaks HTTP/1.0 and HTTP/1.1 (write one of them to run this request)`);
    }
    const expand = (text: string, what: string) => {
      // Most names and values hold no reference: they need no resolution, nor its bookkeeping.
      if (!text.includes('{{')) return text;
      const r = resolveTemplates(text, ctx.variables);
      if (r.missing.length) fail(missingMessage(r.missing, r.problems, what, ctx.explainMissing));
      return r.text;
    };
    const headers: [string, string][] = message.headers.map((f) => [expand(f.name, `the field name ${f.name}`), expand(f.value, `the ${f.name} field`)]);
    for (const [name, value] of headers) {
      if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value)) fail(`the ${name} field holds a line break or NUL, which would split the message`);
    }
    const graphql = headers.some(([n, v]) => isGraphqlMarker(n, v));
    const hostField = headers.find(([n]) => n.toLowerCase() === 'host');
    const url = targetUrl(expand(start.target, 'the request target'), hostField?.[1], ctx.variables);
    const added: string[] = [];
    const sent: [string, string][] = [];
    if (!hostField) {
      sent.push(['Host', url.host]);
      added.push('Host');
    }
    sent.push(...(graphql ? headers.filter(([n, v]) => !isGraphqlMarker(n, v)) : headers));
    const lower = (n: string) => headers.some(([h]) => h.toLowerCase() === n);
    let body = bodyOf(message.body?.parts ?? [], ctx, headers, expand);
    if (graphql && body !== undefined) {
      body = graphqlJson(body);
      if (!lower('content-type')) {
        sent.push(['Content-Type', 'application/json']);
        added.push('Content-Type');
      }
    }
    const chunked = headers.some(([h, v]) => h.toLowerCase() === 'transfer-encoding' && /chunked\s*$/i.test(v));
    const sendsContent = body !== undefined || ['POST', 'PUT', 'PATCH'].includes(start.method);
    // RFC 9110 §8.6: a user agent SHOULD send Content-Length when the method defines a meaning for content.
    if (sendsContent && !lower('content-length') && !lower('transfer-encoding')) {
      sent.push(['Content-Length', String(body?.length ?? 0)]);
      added.push('Content-Length');
    }
    return {
      ok: true,
      request: {
        name: block.name,
        line,
        method: start.method,
        version,
        url,
        target: `${url.pathname}${url.search}`,
        headers: sent,
        added,
        body: chunked && body ? chunkEncode(body) : body,
        insecure: ctx.insecure || block.metadata.some((m) => /^no-?reject-?unauthori[sz]ed$/i.test(m.key)),
      },
    };
  } catch (err) {
    if (!(err instanceof PrepareError)) throw err;
    return { ok: false, error: { phase: 'prepare', message: err.message }, line, name: block.name };
  }
}

function missingMessage(missing: readonly string[], problems: readonly string[], what: string, explain: PrepareContext['explainMissing']): string {
  const parts: string[] = [];
  const unexplained: string[] = [];
  for (const m of missing) {
    const why = explain?.(m);
    if (why === undefined) unexplained.push(m);
    else parts.push(`{{${m}}} ${why}`);
  }
  if (unexplained.length) {
    const why = problems.length ? ` (${problems.join('; ')})` : '';
    parts.push(`${what} uses ${unexplained.map((m) => `{{${m}}}`).join(', ')}, which ${unexplained.length === 1 ? 'is' : 'are'} not defined${why}`);
  }
  return parts.join('; ');
}

/** A GraphQL body (query, blank line, variables) as the JSON object servers expect. */
function graphqlJson(body: Buffer): Buffer {
  const json = graphqlBody(body.toString('utf8'));
  if (typeof json !== 'string') fail(json.error);
  return Buffer.from(json, 'utf8');
}

/**
 * The URL to send to. A full URL is used as is; `/path` needs a Host field (JetBrains style) or a `host`
 * variable (httpYac style); `example.com/path` is read as http://example.com/path, as REST Client does.
 */
function targetUrl(target: string, host: string | undefined, vars: VariableSource): URL {
  let text = target;
  if (text.startsWith('/')) {
    if (host) text = `http://${host}${text}`;
    else {
      const base = vars.lookup('host');
      if (!base) fail(`no host to send ${target} to: add a Host field, write the full URL, or define a host variable`);
      text = `${/^https?:\/\//i.test(base) ? base.replace(/\/$/, '') : `http://${base}`}${text}`;
    }
  } else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    text = `http://${text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(`${JSON.stringify(target)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${url.protocol} URLs are not HTTP: only http:// and https:// are run`);
  return url;
}

function bodyOf(
  parts: readonly BodyPart[], ctx: PrepareContext, headers: readonly (readonly [string, string])[], expand: (t: string, what: string) => string,
): Buffer | undefined {
  if (parts.length === 0) return undefined;
  const multipart = headers.some(([n, v]) => n.toLowerCase() === 'content-type' && /^multipart\//i.test(v));
  // Multipart bodies need CRLF between their lines (RFC 2046 §5.1.1); other bodies go as the file writes them.
  const eol = multipart ? '\r\n' : '\n';
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) chunks.push(Buffer.from(eol));
    if ('text' in part) {
      chunks.push(Buffer.from(expand(part.text.split('\n').join(eol), 'the body'), 'utf8'));
      return;
    }
    const path = isAbsolute(part.file.path) ? part.file.path : resolvePath(ctx.baseDir, part.file.path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      fail(`cannot read the body file ${part.file.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    chunks.push(part.file.processVariables ? Buffer.from(expand(bytes.toString('utf8'), `the body file ${part.file.path}`), 'utf8') : bytes);
  });
  return Buffer.concat(chunks);
}

/** RFC 9112 §7.1: the body as one chunk and the last chunk, for a request that says it is chunked. */
function chunkEncode(body: Buffer): Buffer {
  if (body.length === 0) return Buffer.from('0\r\n\r\n');
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
}

/** The request head as written to the socket. */
export function serializeHead(request: PreparedRequest): string {
  let head = `${request.method} ${request.target} ${request.version}\r\n`;
  for (const [name, value] of request.headers) head += `${name}: ${value}\r\n`;
  return head + '\r\n';
}
