// The runner's side of request variables: what a named request leaves behind, and a variable source that
// answers `{{login.response.body.$.token}}` from it.

import type { VariableSource } from '../../../server/src/language/variables';
import {
  evaluateRequestReference, parseRequestReference, parseShortReference, type RecordedExchange, type RecordedMessage, type RequestReference, type RequestResults,
} from '../../../server/src/language/requestVariables';
import { decodeBody } from './decode';
import type { ExchangeReport, PreparedRequest } from './types';

export type { RecordedExchange, RequestResults };

/** A store for one run, or for an editor session of one file. */
export function newRequestResults(): RequestResults {
  return new Map<string, RecordedExchange>();
}

/**
 * What later requests may read of a named request: the request as first sent (the fields as written, plus
 * those HTTP Lens added), and the last response, which after redirects is the one at the end of the chain.
 */
export function recordExchange(first: PreparedRequest, last: ExchangeReport): RecordedExchange {
  const request: RecordedMessage = { headers: first.headers, body: first.body ? requestBodyText(first).toString('utf8') : undefined };
  const r = last.response;
  if (!r) return { request, error: last.error?.message ?? 'no response' };
  if (r.bodyFile) return { request, response: { headers: r.headers, bodyUnavailable: `was too large to keep in memory (${r.bodyBytes} bytes)` } };
  const decoded = decodeBody(r);
  const response: RecordedMessage = decoded.error
    ? { headers: r.headers, bodyUnavailable: `could not be decoded (${decoded.error.replace(/^could not decode: /, '')})` }
    : { headers: r.headers, body: decoded.text };
  return { request, response, error: last.error?.message };
}

/** The body as written, without the chunked framing a `Transfer-Encoding: chunked` request went out with. */
function requestBodyText(request: PreparedRequest): Buffer {
  const body = request.body!;
  const chunked = request.headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /chunked\s*$/i.test(v));
  return chunked ? unchunk(body) ?? body : body;
}

/** RFC 9112 §7.1: `chunk-size [ext] CRLF chunk-data CRLF`, ended by a zero-size chunk. */
function unchunk(wire: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = wire.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = parseInt(wire.subarray(at, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    parts.push(wire.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/**
 * `source`, also answering request references from `results`. The source's own variables come first, so a
 * variable defined with the same name as a reference (unlikely, but possible) keeps its value; whatever else
 * the source carries (what system variables read) is kept.
 */
export function withRequestResults(source: VariableSource, results: RequestResults): VariableSource {
  return {
    ...source,
    lookup(expression) {
      const own = source.lookup(expression);
      if (own !== undefined) return own;
      const ref = referenceIn(expression, (name) => results.get(name) !== undefined);
      if (!ref) return undefined;
      const value = evaluateRequestReference(ref, results.get(ref.name));
      return value.ok ? value.value : undefined;
    },
    literal: (expression) =>
      source.literal?.(expression) === true || (source.lookup(expression) === undefined && referenceIn(expression, (name) => results.get(name) !== undefined) !== undefined),
  };
}

/** `login.response.body.$.token`, or httpYac's `login.token` when `login` names a request. */
function referenceIn(expression: string, isRequest: (name: string) => boolean): RequestReference | undefined {
  return parseRequestReference(expression) ?? parseShortReference(expression, isRequest);
}

/**
 * Why a request reference has no value, for the prepare error: `needs the request login to run first`, or
 * that no request has that name at all.
 */
export function explainReference(expression: string, results: RequestResults, names: ReadonlySet<string>): string | undefined {
  const ref = referenceIn(expression, (name) => names.has(name) || results.get(name) !== undefined);
  if (!ref) return undefined;
  const recorded = results.get(ref.name);
  if (!recorded && !names.has(ref.name)) return `refers to a request named ${ref.name}, and no request has that name`;
  const value = evaluateRequestReference(ref, recorded);
  return value.ok ? undefined : value.problem;
}
