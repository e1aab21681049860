// Request and status lines. As with fields, positions are kept as numbers and spans are made when asked for: a
// file holds thousands of requests, and only the few a finding, a hover or a lens touches need their spans.

import { span, trimEndIndex, type Span } from '../text';
import { isKnownHttpMethod, isTchar } from './grammar';
import type { HttpVersion, RequestLine, StatusLine } from './types';
import { intern, internRange } from './valueCache';

const NO_CONTINUATIONS: readonly never[] = Object.freeze([]);

/** The versions written, one object each: a file repeats `HTTP/1.1` in most of its requests. */
const VERSIONS: (HttpVersion | undefined)[] = [];

function versionOf(major: number, minor: number, line: string, start: number, end: number): HttpVersion {
  const key = ((major * 10 + minor) << 1) | (end - start === 6 ? 0 : 1);
  return (VERSIONS[key] ??= { major, minor, text: intern(line.slice(start, end)) });
}

// A start line's kind is a getter: an own field would be one more word in each of tens of thousands of lines.
class Request implements RequestLine {
  get kind(): 'request' {
    return 'request';
  }

  constructor(
    readonly method: string,
    readonly target: string,
    readonly version: HttpVersion | undefined,
    readonly targetContinuations: readonly Span[],
    private readonly line: number,
    private readonly from: number,
    private readonly end: number,
    /** -1 when the method is left out. */
    private readonly methodStart: number,
    private readonly methodEnd: number,
    private readonly targetStart: number,
    private readonly targetEnd: number,
    private readonly versionStart: number,
  ) {}

  get versionSpan(): Span | undefined {
    return this.version ? span(this.line, this.versionStart, this.versionStart + this.version.text.length) : undefined;
  }

  get methodSpan(): Span | undefined {
    return this.methodStart < 0 ? undefined : span(this.line, this.methodStart, this.methodEnd);
  }

  get targetSpan(): Span {
    return span(this.line, this.targetStart, this.targetEnd);
  }

  get span(): Span {
    return span(this.line, this.from, this.end);
  }

  /** This request line with its target continued on another line (`    &page=2` in an .http file). */
  continued(text: string, where: Span): Request {
    return new Request(
      this.method, this.target + text, this.version, [...this.targetContinuations, where],
      this.line, this.from, this.end, this.methodStart, this.methodEnd, this.targetStart, this.targetEnd, this.versionStart,
    );
  }
}

class Status implements StatusLine {
  get kind(): 'status' {
    return 'status';
  }

  constructor(
    readonly version: HttpVersion,
    readonly status: number,
    readonly reason: string,
    private readonly line: number,
    private readonly from: number,
    private readonly end: number,
    private readonly statusStart: number,
  ) {}

  get versionSpan(): Span {
    return span(this.line, this.from, this.from + this.version.text.length);
  }

  get statusSpan(): Span {
    return span(this.line, this.statusStart, this.statusStart + 3);
  }

  get span(): Span {
    return span(this.line, this.from, this.end);
  }
}

/** Appends a continuation line to the target of a request line. */
export function continueTarget(start: RequestLine, text: string, where: Span): RequestLine {
  return (start as Request).continued(text, where);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT; HTTP/2 and HTTP/3 are written without a minor. */
function parseVersion(line: string, start: number, end: number): HttpVersion | undefined {
  const length = end - start;
  if ((length !== 6 && length !== 8) || !line.startsWith('HTTP/', start)) return undefined;
  const major = line.charCodeAt(start + 5);
  if (!isDigit(major)) return undefined;
  if (length === 6) return versionOf(major - 48, 0, line, start, end);
  const minor = line.charCodeAt(start + 7);
  if (line.charCodeAt(start + 6) !== 46 /* . */ || !isDigit(minor)) return undefined;
  return versionOf(major - 48, minor - 48, line, start, end);
}

/**
 * Where the words of `s[from, to)` start and end, split at spaces and tabs: word k is
 * `[bounds[2k], bounds[2k + 1])`. With `templates`, a `{{...}}` is never split (`{{$timestamp -1 d}}`). No start
 * line has more than three words, so counting stops at four: a returned 4 means four or more.
 */
const bounds = new Int32Array(8);
function scanWords(s: string, from: number, to: number, templates: boolean): number {
  let count = 0;
  let i = from;
  // Once a `{{` has no `}}` after it, none later has: looking again at each would take quadratic time.
  let closable = templates;
  while (i < to && count < 4) {
    for (let c = s.charCodeAt(i); (c === 32 || c === 9) && i < to; c = s.charCodeAt(++i));
    if (i >= to) break;
    const start = i;
    while (i < to) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9) break;
      if (c === 123 /* { */ && closable && s.charCodeAt(i + 1) === 123) {
        const close = s.indexOf('}}', i + 2);
        if (close >= 0 && close + 2 <= to) {
          i = close + 2;
          continue;
        }
        closable = false;
      }
      i++;
    }
    bounds[2 * count] = start;
    bounds[2 * count + 1] = i;
    count++;
  }
  return count;
}

/**
 * A request line as it appears on the wire or in a dump.
 * RFC 9112 §3: request-line = method SP request-target SP HTTP-version
 */
export function parseStrictRequestLine(line: string, lineNo: number, from: number): RequestLine | undefined {
  const end = trimEndIndex(line, from);
  // Cheap refusals first: a request line ends with a version and starts with a method token. The shortest
  // is `M / HTTP/2` (10 characters): HTTP/2 and HTTP/3 traces (`curl -v --http2`) write the version without a minor.
  if (end - from < 10 || !isDigit(line.charCodeAt(end - 1))) return undefined;
  if (!isTchar(line.charCodeAt(from))) return undefined;
  if (scanWords(line, from, end, false) !== 3) return undefined;
  const methodStart = bounds[0]!;
  const methodEnd = bounds[1]!;
  for (let i = methodStart; i < methodEnd; i++) if (!isTchar(line.charCodeAt(i))) return undefined;
  const version = parseVersion(line, bounds[4]!, bounds[5]!);
  if (!version) return undefined;
  return new Request(
    internRange(line, methodStart, methodEnd), line.slice(bounds[2], bounds[3]), version, NO_CONTINUATIONS,
    lineNo, from, end, methodStart, methodEnd, bounds[2]!, bounds[3]!, bounds[4]!,
  );
}

/**
 * RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
 * (HTTP/2 and HTTP/3 have no status line; tools print one as `HTTP/2 200`.)
 */
export function parseStatusLine(line: string, lineNo: number, from: number): StatusLine | undefined {
  if (!line.startsWith('HTTP/', from)) return undefined;
  let i = from + 5;
  while (i < line.length && line.charCodeAt(i) !== 32) i++;
  const version = parseVersion(line, from, i);
  if (!version) return undefined;
  let j = i;
  while (j < line.length && line.charCodeAt(j) === 32) j++;
  if (j === i) return undefined;
  if (!isDigit(line.charCodeAt(j)) || !isDigit(line.charCodeAt(j + 1)) || !isDigit(line.charCodeAt(j + 2))) return undefined;
  if (j + 3 < line.length && line.charCodeAt(j + 3) !== 32 && line.charCodeAt(j + 3) !== 9) return undefined;
  const end = trimEndIndex(line, from);
  const status = (line.charCodeAt(j) - 48) * 100 + (line.charCodeAt(j + 1) - 48) * 10 + (line.charCodeAt(j + 2) - 48);
  return new Status(version, status, internRange(line, Math.min(j + 4, end), end), lineNo, from, end, j);
}

/** Whether `s[from, to)` is an upper-case word, as methods are written: `[A-Z][A-Z-]*`. */
function isUpperCaseWord(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c === 45 /* - */ && i > from))) return false;
  }
  return to > from;
}

/**
 * A request line as .http files write it (JetBrains HTTP Client spec, REST Client, httpYac):
 *   [method SP] target [SP HTTP-version]
 * The method may be left out (GET is meant), and so may the version.
 */
export function parseLooseRequestLine(line: string, lineNo: number, from: number): RequestLine | undefined {
  const end = trimEndIndex(line, from);
  const count = scanWords(line, from, end, true);
  // A target is one word, with a method before it and a version after it at most.
  if (count === 0 || count > 3) return undefined;
  let last = count - 1;
  let version: HttpVersion | undefined;
  let versionStart = -1;
  if (count >= 2) {
    version = parseVersion(line, bounds[2 * last]!, bounds[2 * last + 1]!);
    if (version) versionStart = bounds[2 * last--]!;
  }
  let method = 'GET';
  let first = 0;
  if (last >= 1) {
    if (isUpperCaseWord(line, bounds[0]!, bounds[1]!)) {
      method = internRange(line, bounds[0]!, bounds[1]!);
      first = 1;
    } else {
      const firstWord = line.slice(bounds[0], bounds[1]);
      if (isKnownHttpMethod(firstWord)) {
        method = intern(firstWord.toUpperCase());
        first = 1;
      }
    }
  }
  if (first !== last) return undefined;
  const targetStart = bounds[2 * first]!;
  const targetEnd = bounds[2 * first + 1]!;
  return new Request(
    method, line.slice(targetStart, targetEnd), version, NO_CONTINUATIONS,
    lineNo, from, end, first === 1 ? bounds[0]! : -1, bounds[1]!, targetStart, targetEnd, versionStart,
  );
}
