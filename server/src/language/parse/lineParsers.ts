import { skipBlanks, span, trimEndIndex, type Span } from '../text';
import { isKnownHttpMethod, isTchar } from './grammar';
import type { HeaderField, HttpVersion, RequestLine, StatusLine, ValueSegment } from './types';

/**
 * Parses one field line starting at column `from`.
 *
 * RFC 9112 §5:   field-line = field-name ":" OWS field-value OWS
 * RFC 9110 §5.1: field-name = token
 *
 * Whitespace between the name and the colon is kept apart (RFC 9112 §5.1 says a server MUST reject it), so
 * that a rule can point at it. Returns undefined when the line has no colon at all.
 */
export function parseFieldLine(line: string, lineNo: number, from: number, allowTemplates: boolean): HeaderField | undefined {
  // An HTTP/2 pseudo-header as tools print it (`:authority: example.com`) keeps its leading colon in its name.
  const nameStart = from;
  let searchFrom = from;
  if (line.charCodeAt(from) === 58 /* : */ && isTchar(line.charCodeAt(from + 1))) searchFrom = from + 1;
  const colon = line.indexOf(':', searchFrom);
  if (colon < 0) return undefined;
  let nameEnd = colon;
  while (nameEnd > nameStart && (line.charCodeAt(nameEnd - 1) === 32 || line.charCodeAt(nameEnd - 1) === 9)) nameEnd--;
  const valueStart = skipBlanks(line, colon + 1);
  const valueEnd = Math.max(valueStart, trimEndIndex(line, valueStart));
  const templated = allowTemplates && line.indexOf('{{', from) >= 0;
  return new Field(line.slice(nameStart, nameEnd), line.slice(valueStart, valueEnd), lineNo, nameStart, nameEnd, colon, valueStart, templated);
}

/** Shared by every field that is not folded (nearly all of them). */
const NO_FOLDS: readonly never[] = Object.freeze([]);

/**
 * Field names repeat endlessly (every request has its Accept and Content-Type): one copy of each name and of
 * its lower case serves every field that spells it the same way.
 */
const NAMES = new Map<string, [string, string]>();

/** What a field continued on more lines carries beyond a one-line field. */
interface Continuation {
  readonly segments: readonly ValueSegment[];
  readonly folds: readonly Span[];
  readonly lastLine: number;
}

/**
 * A field line. Positions are kept as numbers and spans are made when asked for: a document holds a
 * hundred thousand fields, and only the few that a rule, a hover or a fix touches need their spans.
 */
class Field implements HeaderField {
  readonly lowerName: string;

  constructor(
    name: string,
    readonly value: string,
    private readonly line: number,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    private readonly colonAt: number,
    private readonly valueStart: number,
    readonly templated: boolean,
    private readonly continuation?: Continuation,
  ) {
    const known = NAMES.get(name);
    if (known) {
      this.name = known[0];
      this.lowerName = known[1];
    } else {
      this.name = name;
      this.lowerName = name.toLowerCase();
      if (NAMES.size < 10_000) NAMES.set(name, [name, this.lowerName]);
    }
  }

  readonly name: string;

  get nameSpan(): Span {
    return span(this.line, this.nameStart, this.nameEnd);
  }

  get spaceBeforeColon(): Span | undefined {
    return this.nameEnd < this.colonAt ? span(this.line, this.nameEnd, this.colonAt) : undefined;
  }

  get colon(): Span {
    return span(this.line, this.colonAt, this.colonAt + 1);
  }

  get segments(): readonly ValueSegment[] {
    if (this.continuation) return this.continuation.segments;
    return this.value.length > 0 ? [{ line: this.line, start: this.valueStart, offset: 0, length: this.value.length }] : [];
  }

  get lineSpan(): Span {
    const firstLength = this.continuation ? (this.continuation.segments[0]?.line === this.line ? this.continuation.segments[0].length : 0) : this.value.length;
    return span(this.line, this.nameStart, Math.max(this.valueStart + firstLength, this.colonAt + 1));
  }

  get lastLine(): number {
    return this.continuation?.lastLine ?? this.line;
  }

  get folds(): readonly Span[] {
    return this.continuation?.folds ?? NO_FOLDS;
  }

  /** This field with one more continuation line (obs-fold, RFC 9112 §5.2), the fold read as one space. */
  fold(line: string, lineNo: number, from: number, allowTemplates: boolean): Field {
    const contentStart = skipBlanks(line, from);
    const contentEnd = Math.max(contentStart, trimEndIndex(line, contentStart));
    const text = line.slice(contentStart, contentEnd);
    const folds = [...this.folds, span(lineNo, from, contentStart)];
    const joiner = this.value.length > 0 && text.length > 0 ? ' ' : '';
    const segments = text.length > 0 ? [...this.segments, { line: lineNo, start: contentStart, offset: this.value.length + joiner.length, length: text.length }] : this.segments;
    return new Field(
      this.name, this.value + joiner + text, this.line, this.nameStart, this.nameEnd, this.colonAt, this.valueStart,
      this.templated || (allowTemplates && text.includes('{{')), { segments, folds, lastLine: lineNo },
    );
  }
}

/** Appends a continuation line (obs-fold, RFC 9112 §5.2) to a field: the fold is read as one space. */
export function foldIntoField(field: HeaderField, line: string, lineNo: number, from: number, allowTemplates: boolean): HeaderField {
  return (field as Field).fold(line, lineNo, from, allowTemplates);
}

/** Maps an offset within a field's joined value back to the document. */
export function valuePosition(field: HeaderField, offset: number): { line: number; character: number } {
  const segs = field.segments;
  if (segs.length === 0) return { line: field.colon.line, character: field.colon.end };
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i]!;
    if (offset >= s.offset) return { line: s.line, character: s.start + Math.min(offset - s.offset, s.length) };
  }
  return { line: segs[0]!.line, character: segs[0]!.start };
}

/** RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT; HTTP/2 and HTTP/3 are written without a minor. */
export function parseVersion(text: string, lineNo: number, start: number): HttpVersion | undefined {
  if (!text.startsWith('HTTP/')) return undefined;
  const rest = text.slice(5);
  let major: number;
  let minor = 0;
  if (/^\d$/.test(rest)) major = Number(rest);
  else if (/^\d\.\d$/.test(rest)) {
    major = Number(rest[0]);
    minor = Number(rest[2]);
  } else return undefined;
  return { major, minor, text, span: span(lineNo, start, start + text.length) };
}

/** Splits `s` at runs of spaces and tabs, keeping each word's column. */
/** Words split at spaces and tabs; with `templates`, a `{{...}}` is never split (`{{$timestamp -1 d}}`). */
function words(s: string, from: number, to: number, templates = false): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  let i = from;
  while (i < to) {
    while (i < to && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    if (i >= to) break;
    const start = i;
    while (i < to && s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== 9) {
      if (templates && s.charCodeAt(i) === 123 && s.charCodeAt(i + 1) === 123) {
        const close = s.indexOf('}}', i + 2);
        if (close >= 0 && close + 2 <= to) {
          i = close + 2;
          continue;
        }
      }
      i++;
    }
    out.push({ text: s.slice(start, i), start, end: i });
  }
  return out;
}

/**
 * A request line as it appears on the wire or in a dump.
 * RFC 9112 §3: request-line = method SP request-target SP HTTP-version
 */
export function parseStrictRequestLine(line: string, lineNo: number, from: number): RequestLine | undefined {
  const end = trimEndIndex(line, from);
  // Cheap refusals first: a request line ends with a version and starts with a method token. The shortest
  // is `M / HTTP/2` (10 characters): HTTP/2 and HTTP/3 traces (`curl -v --http2`) write the version without a minor.
  if (end - from < 10 || line.charCodeAt(end - 1) < 48 || line.charCodeAt(end - 1) > 57) return undefined;
  if (!isTchar(line.charCodeAt(from))) return undefined;
  const w = words(line, from, end);
  if (w.length !== 3) return undefined;
  const [m, t, v] = w as [typeof w[0], typeof w[0], typeof w[0]];
  for (let i = 0; i < m.text.length; i++) if (!isTchar(m.text.charCodeAt(i))) return undefined;
  const version = parseVersion(v.text, lineNo, v.start);
  if (!version) return undefined;
  return {
    kind: 'request',
    method: m.text,
    methodSpan: span(lineNo, m.start, m.end),
    target: t.text,
    targetSpan: span(lineNo, t.start, t.end),
    targetContinuations: [],
    version,
    span: span(lineNo, from, end),
  };
}

/**
 * RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
 * (HTTP/2 and HTTP/3 have no status line; tools print one as `HTTP/2 200`.)
 */
export function parseStatusLine(line: string, lineNo: number, from: number): StatusLine | undefined {
  if (!line.startsWith('HTTP/', from)) return undefined;
  let i = from + 5;
  while (i < line.length && line.charCodeAt(i) !== 32) i++;
  const version = parseVersion(line.slice(from, i), lineNo, from);
  if (!version) return undefined;
  let j = i;
  while (j < line.length && line.charCodeAt(j) === 32) j++;
  if (j === i) return undefined;
  const code = line.slice(j, j + 3);
  if (!/^\d{3}$/.test(code) || (j + 3 < line.length && line.charCodeAt(j + 3) !== 32 && line.charCodeAt(j + 3) !== 9)) return undefined;
  const end = trimEndIndex(line, from);
  return {
    kind: 'status',
    version,
    status: Number(code),
    statusSpan: span(lineNo, j, j + 3),
    reason: line.slice(Math.min(j + 4, end), end),
    span: span(lineNo, from, end),
  };
}

/**
 * A request line as .http files write it (JetBrains HTTP Client spec, REST Client, httpYac):
 *   [method SP] target [SP HTTP-version]
 * The method may be left out (GET is meant), and so may the version.
 */
export function parseLooseRequestLine(line: string, lineNo: number, from: number): RequestLine | undefined {
  const end = trimEndIndex(line, from);
  const w = words(line, from, end, true);
  if (w.length === 0) return undefined;
  let first = 0;
  let last = w.length - 1;
  let version: HttpVersion | undefined;
  if (w.length >= 2) {
    version = parseVersion(w[last]!.text, lineNo, w[last]!.start);
    if (version) last--;
  }
  let method = 'GET';
  let methodSpan;
  const firstWord = w[0]!.text;
  if (last >= 1 && (/^[A-Z][A-Z-]*$/.test(firstWord) || isKnownHttpMethod(firstWord))) {
    method = firstWord.toUpperCase();
    methodSpan = span(lineNo, w[0]!.start, w[0]!.end);
    first = 1;
  }
  // A target is one word: anything else on the line means it is not a request line.
  if (first !== last) return undefined;
  const targetStart = w[first]!.start;
  const targetEnd = w[last]!.end;
  return {
    kind: 'request',
    method,
    methodSpan,
    target: line.slice(targetStart, targetEnd),
    targetSpan: span(lineNo, targetStart, targetEnd),
    targetContinuations: [],
    version,
    span: span(lineNo, from, end),
  };
}
