import { skipBlanks, span, trimEndIndex, type Span } from '../text';
import { isTchar } from './grammar';
import { ownCopy } from './valueCache';
import { nameFacts, type NameFacts } from '../fields/nameFacts';
import type { HeaderField, ValueSegment } from './types';

/**
 * Parses one field line starting at column `from`.
 *
 * RFC 9112 §5:   field-line = field-name ":" OWS field-value OWS
 * RFC 9110 §5.1: field-name = token
 *
 * Whitespace between the name and the colon is kept apart (RFC 9112 §5.1 says a server MUST reject it), so
 * that a rule can point at it. Returns undefined when the line has no colon at all. `text` is what the line was
 * read from, the line starting at `lineStart`: the field slices its value from it when asked for it, so that
 * neither the line nor the value need be kept.
 */
export function parseFieldLine(line: string, lineNo: number, from: number, allowTemplates: boolean, text = line, lineStart = 0): HeaderField | undefined {
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
  return new Field(fieldName(line, nameStart, nameEnd), text, lineStart, lineNo, nameStart, nameEnd, colon, valueStart, valueEnd, templated);
}

/** Shared by every field that is not folded (nearly all of them). */
const NO_FOLDS: readonly never[] = Object.freeze([]);

/** A field name as written, and in lower case, with what the rules ask of it (worked out when first asked). */
class FieldName {
  private known: NameFacts | undefined;

  constructor(
    readonly name: string,
    readonly lower: string,
  ) {}

  get facts(): NameFacts {
    return (this.known ??= nameFacts(this.name, this.lower));
  }
}

/**
 * Field names repeat endlessly (every request has its Accept and Content-Type): one copy of each name and of
 * its lower case serves every field that spells it the same way. The names met last are also kept by first
 * and last letters and length, so that most lines find theirs without slicing it out of the line first.
 */
const NAMES = new Map<string, FieldName>();
const recent: (FieldName | undefined)[] = new Array(256).fill(undefined);

function fieldName(line: string, start: number, end: number): FieldName {
  const length = end - start;
  const slot = ((line.charCodeAt(start) | 0) * 31 + (line.charCodeAt(end - 1) | 0) * 7 + length) & 255;
  const hit = recent[slot];
  if (hit !== undefined && hit.name.length === length && line.startsWith(hit.name, start)) return hit;
  const name = line.slice(start, end);
  let known = NAMES.get(name);
  if (!known) {
    const own = ownCopy(name);
    known = new FieldName(own, own.toLowerCase());
    if (NAMES.size < 10_000) NAMES.set(own, known);
  }
  recent[slot] = known;
  return known;
}

/** What a field continued on more lines carries beyond a one-line field. */
interface Continuation {
  readonly value: string;
  readonly segments: readonly ValueSegment[];
  readonly folds: readonly Span[];
  readonly lastLine: number;
}

/**
 * A field line. Positions are kept as numbers and spans are made when asked for: a document holds a
 * hundred thousand fields, and only the few that a rule, a hover or a fix touches need their spans.
 */
class Field implements HeaderField {
  constructor(
    private readonly names: FieldName,
    private readonly text: string,
    private readonly lineStart: number,
    private readonly line: number,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    private readonly colonAt: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
    readonly templated: boolean,
    private readonly continuation?: Continuation,
  ) {}

  get name(): string {
    return this.names.name;
  }

  get lowerName(): string {
    return this.names.lower;
  }

  get facts(): NameFacts {
    return this.names.facts;
  }

  get value(): string {
    return this.continuation?.value ?? this.text.slice(this.lineStart + this.valueStart, this.lineStart + this.valueEnd);
  }

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
    const length = this.valueEnd - this.valueStart;
    return length > 0 ? [{ line: this.line, start: this.valueStart, offset: 0, length }] : [];
  }

  get lineSpan(): Span {
    const firstLength = this.continuation ? (this.continuation.segments[0]?.line === this.line ? this.continuation.segments[0].length : 0) : this.valueEnd - this.valueStart;
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
    const value = this.value;
    const folds = [...this.folds, span(lineNo, from, contentStart)];
    const joiner = value.length > 0 && text.length > 0 ? ' ' : '';
    const segments = text.length > 0 ? [...this.segments, { line: lineNo, start: contentStart, offset: value.length + joiner.length, length: text.length }] : this.segments;
    return new Field(
      this.names, this.text, this.lineStart, this.line, this.nameStart, this.nameEnd, this.colonAt, this.valueStart,
      this.valueEnd, this.templated || (allowTemplates && text.includes('{{')), { value: value + joiner + text, segments, folds, lastLine: lineNo },
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
