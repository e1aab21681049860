import { firstNonTchar, isDigits, isTchar, isToken } from './grammar';
import { endOfQuotedString, splitList } from './lists';
import { ValueCache } from './valueCache';

/**
 * RFC 2068 §19.7.1.1:
 *   Keep-Alive-header = "Keep-Alive" ":" 0# keepalive-param
 *   keepalive-param   = param-name "=" value
 * with param-name a token and value a token or quoted-string (RFC 2068 §3.6, §2.2). The parameters in use
 * are `timeout` (seconds the connection may stay idle) and `max` (requests still allowed on it).
 */
export interface KeepAliveParam {
  readonly name: string;
  readonly lowerName: string;
  readonly value: string | undefined;
  /** Offsets into the field value. */
  readonly start: number;
  readonly end: number;
  readonly nameEnd: number;
  readonly valueStart: number;
  readonly problem?: KeepAliveProblem;
}

export type KeepAliveProblem =
  /** `300`: a value with no `name=`. */
  | { readonly kind: 'no-name' }
  /** `timeout` or `timeout=`. */
  | { readonly kind: 'no-value' }
  /** `timeout=max=100`: the offset of the second `=`. */
  | { readonly kind: 'extra-equals'; readonly at: number }
  /** A name or value that is neither a token nor (for values) a quoted string: the offending offset. */
  | { readonly kind: 'bad-char'; readonly at: number };

export const KEEP_ALIVE_PARAMS = ['timeout', 'max'] as const;

const plain = new ValueCache<readonly KeepAliveParam[]>();
const withTemplates = new ValueCache<readonly KeepAliveParam[]>();

/** The parameters of one Keep-Alive value. Shared by every field with the same value: never to be changed. */
export function parseKeepAlive(value: string, templates: boolean): readonly KeepAliveParam[] {
  return (templates ? withTemplates : plain).get(value, (v) =>
    Object.freeze(splitList(v, templates).map((e) => parseParam(v, e.start, e.end, templates))));
}

function parseParam(value: string, start: number, end: number, templates: boolean): KeepAliveParam {
  const text = value.slice(start, end);
  const templated = templates && text.includes('{{');
  const eq = value.indexOf('=', start);
  if (eq < 0 || eq >= end) {
    return param(value, start, end, end, end, undefined, templated ? undefined : isToken(text) && !isDigits(text) ? { kind: 'no-value' } : { kind: 'no-name' });
  }
  let nameEnd = eq;
  while (nameEnd > start && (value.charCodeAt(nameEnd - 1) === 32 || value.charCodeAt(nameEnd - 1) === 9)) nameEnd--;
  let valueStart = eq + 1;
  while (valueStart < end && (value.charCodeAt(valueStart) === 32 || value.charCodeAt(valueStart) === 9)) valueStart++;
  const raw = value.slice(valueStart, end);
  if (templated) return param(value, start, end, nameEnd, valueStart, raw);
  const badName = firstNonTchar(value, start, nameEnd);
  if (nameEnd === start) return param(value, start, end, nameEnd, valueStart, raw, { kind: 'no-name' });
  if (badName >= 0) return param(value, start, end, nameEnd, valueStart, raw, { kind: 'bad-char', at: badName });
  if (valueStart >= end) return param(value, start, end, nameEnd, valueStart, '', { kind: 'no-value' });
  if (value.charCodeAt(valueStart) === 34 /* " */) {
    const close = endOfQuotedString(value, valueStart);
    if (close < end) return param(value, start, end, nameEnd, valueStart, raw, { kind: 'bad-char', at: close });
    return param(value, start, end, nameEnd, valueStart, raw);
  }
  for (let i = valueStart; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c === 61 /* = */) return param(value, start, end, nameEnd, valueStart, value.slice(valueStart, i), { kind: 'extra-equals', at: i });
    if (!isTchar(c)) return param(value, start, end, nameEnd, valueStart, raw, { kind: 'bad-char', at: i });
  }
  return param(value, start, end, nameEnd, valueStart, raw);
}

function param(
  value: string, start: number, end: number, nameEnd: number, valueStart: number, v: string | undefined, problem?: KeepAliveProblem,
): KeepAliveParam {
  const name = value.slice(start, nameEnd);
  return { name, lowerName: name.toLowerCase(), value: v, start, end, nameEnd, valueStart, problem };
}

