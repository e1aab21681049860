// A document's field lines, kept as rows of numbers rather than as an object each. A large file has a hundred
// thousand fields, and objects that live as long as the document are copied by every garbage collection made
// while it is parsed; rows in a typed array are not. A `HeaderField` is made from its row when asked for.

import type { NameFacts } from '../fields/nameFacts';
import { skipBlanks, span, trimEndIndex, type Span } from '../text';
import type { HeaderField, ValueSegment } from './types';
import { withRoom } from './rows';

/** A field name as written, and in lower case, with what the rules ask of it (worked out when first asked). */
export interface FieldName {
  readonly name: string;
  readonly lower: string;
  readonly facts: NameFacts;
  /**
   * The store that last numbered this name (its serial number) and the number it gave: kept on the name, so
   * that a store finds a name's number without a lookup.
   */
  storeSerial: number;
  storeId: number;
  /** The number the same store gave the name's lower case: the same for every spelling of the name. */
  storeLowerId: number;
}

/** Bits of a row's `FLAGS` column: what the syntax rules look for, noted while the line is read. */
export const FieldFlag = {
  templated: 1,
  /** A character other than tab and printable ASCII in the value (RFC 9110 §5.5). */
  unusualValue: 2,
  folded: 4,
  /** Whitespace between the name and the colon (RFC 9112 §5.1). */
  spaceBeforeColon: 8,
} as const;

// Columns of a row. Columns of the line are counted from where the line starts in the text.
const LINE_START = 0;
const LINE = 1;
const NAME_START = 2;
const NAME_END = 3;
const COLON = 4;
const VALUE_START = 5;
const VALUE_END = 6;
const FLAGS = 7;
/** The name's number in the store's table of the names it holds. */
const NAME = 8;
const STRIDE = 9;

/** What a field continued on more lines carries beyond a one-line field. */
interface Continuation {
  readonly value: string;
  readonly segments: readonly ValueSegment[];
  readonly folds: readonly Span[];
  readonly lastLine: number;
}

/**
 * `text.indexOf('{{', from)`, found as a `{` followed by another: a search for one character runs at the speed
 * of memory, and one for two characters much slower.
 */
function openingAt(text: string, from: number): number {
  for (let i = text.indexOf('{', from); i >= 0; i = text.indexOf('{', i + 1)) if (text.charCodeAt(i + 1) === 123) return i;
  return -1;
}

/** The control characters a text may hold besides tab, CR and LF (RFC 5234 Appendix B.1: CTL). */
const CONTROLS = Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).filter((c) => !'\t\n\r'.includes(c)).concat('\x7f');

/**
 * Whether `text` holds nothing but tab, CR, LF and printable ASCII: its UTF-8 length is its length when every
 * character is ASCII, and a search for each control character runs at the speed of memory, where a regular
 * expression tests one character at a time.
 */
function isPrintableAscii(text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') !== text.length) return false;
  for (const c of CONTROLS) if (text.includes(c)) return false;
  return true;
}

/** Anything but tab and printable ASCII (RFC 9110 §5.5: field-vchar); CR and LF end lines, so are never in a value. */
const UNUSUAL = /[^\t\n\r\x20-\x7e]/g;

let serials = 0;

export class FieldStore {
  private rows = new Int32Array(STRIDE * 256);
  private count = 0;
  /** Each distinct name the rows hold, by its number. */
  private readonly names: FieldName[] = [];
  private readonly serial = ++serials;
  private continuations: Map<number, Continuation> | undefined;
  /** Where the next unusual character of the text is at or after `unusualFrom` (-1: none), found by one native scan. */
  private nextUnusual = -2;
  private unusualFrom = 0;
  /** Where the next `{{` of the text is at or after `templateFrom` (-1: none; -2: not looked for yet). */
  private nextTemplate = -2;
  private templateFrom = 0;

  constructor(
    /** The text the lines were read from: values are sliced from it when asked for. */
    readonly text: string,
  ) {
    // Most texts have no unusual character at all, and finding so is many times faster than the scan for one.
    if (isPrintableAscii(text)) this.nextUnusual = -1;
  }

  /** Adds a field line read from the line starting at `lineStart`; returns its row. */
  add(
    name: FieldName, lineStart: number, line: number, nameStart: number, nameEnd: number, colon: number,
    valueStart: number, valueEnd: number, templated: boolean,
  ): number {
    const flags = (templated ? FieldFlag.templated : 0) | (nameEnd < colon ? FieldFlag.spaceBeforeColon : 0) |
      (this.hasUnusual(lineStart + valueStart, lineStart + valueEnd) ? FieldFlag.unusualValue : 0);
    return this.addScanned(name, lineStart, line, nameStart, nameEnd, colon, valueStart, valueEnd, flags);
  }

  /** As `add`, for a line whose flags were found while it was read (no scan of the text for them). */
  addScanned(
    name: FieldName, lineStart: number, line: number, nameStart: number, nameEnd: number, colon: number,
    valueStart: number, valueEnd: number, flags: number,
  ): number {
    const row = this.count++;
    const at = row * STRIDE;
    if (at + STRIDE > this.rows.length) this.rows = withRoom(this.rows, at + STRIDE);
    const rows = this.rows;
    rows[at + LINE_START] = lineStart;
    rows[at + LINE] = line;
    rows[at + NAME_START] = nameStart;
    rows[at + NAME_END] = nameEnd;
    rows[at + COLON] = colon;
    rows[at + VALUE_START] = valueStart;
    rows[at + VALUE_END] = valueEnd;
    rows[at + FLAGS] = flags;
    rows[at + NAME] = name.storeSerial === this.serial ? name.storeId : this.numberName(name);
    return row;
  }

  /** For each name number, the last stamp `seenBefore` marked it with. */
  private seenAt = new Int32Array(16);
  private stamps = 0;

  /** A new mark for `seenBefore`: one per message. */
  newStamp(): number {
    return ++this.stamps;
  }

  /** Whether the name of `row`, in any case, was marked with `stamp` already; marks it. */
  seenBefore(row: number, stamp: number): boolean {
    const id = this.names[this.rows[row * STRIDE + NAME]!]!.storeLowerId;
    if (id >= this.seenAt.length) this.seenAt = withRoom(this.seenAt, id + 1);
    if (this.seenAt[id] === stamp) return true;
    this.seenAt[id] = stamp;
    return false;
  }

  /** Numbers of the lower-case names, given when a spelling is first numbered. */
  private readonly lowerIds = new Map<string, number>();

  private numberName(name: FieldName): number {
    name.storeSerial = this.serial;
    name.storeId = this.names.length;
    let lowerId = this.lowerIds.get(name.lower);
    if (lowerId === undefined) this.lowerIds.set(name.lower, (lowerId = this.lowerIds.size));
    name.storeLowerId = lowerId;
    this.names.push(name);
    return name.storeId;
  }

  /**
   * The flags a value at [from, to) of the text has for its characters: `templated` when it holds a `{{` (and
   * `templates` says the text may have them), `unusualValue` when it holds a character outside tab and printable ASCII. Calls come in text order, so each
   * of the two scans of the text behind the answers is linear.
   */
  valueFlags(from: number, to: number, templates: boolean): number {
    if (from >= to) return 0;
    if (!templates) return this.hasUnusual(from, to) ? FieldFlag.unusualValue : 0;
    const open = this.nextOpening(from);
    const templated = open !== -1 && open + 1 < to;
    return (templated ? FieldFlag.templated : 0) | (this.hasUnusual(from, to) ? FieldFlag.unusualValue : 0);
  }

  /**
   * Where the first `{{` at or after `from` is in the text, or -1. Asked in text order (the parser reading its
   * lines, the values of the fields it adds), one search serves every question up to the `{{` it found.
   */
  nextOpening(from: number): number {
    if (from < this.templateFrom || (this.nextTemplate !== -1 && this.nextTemplate < from)) {
      this.nextTemplate = openingAt(this.text, from);
      this.templateFrom = from;
    }
    return this.nextTemplate;
  }

  /** Where the next `:` of the text is at or after `colonFrom` (-1: none; -2: not looked for yet). */
  private colonAt = -2;
  private colonFrom = 0;

  /**
   * Where the first `:` at or after `from` is in the text, or -1. Asked in text order (the parser reading its
   * lines), one search serves every line up to the colon it found: a line with no colon would otherwise search
   * the lines after it, again for each such line.
   */
  nextColon(from: number): number {
    if (from < this.colonFrom || (this.colonAt !== -1 && this.colonAt < from)) {
      this.colonAt = this.text.indexOf(':', from);
      this.colonFrom = from;
    }
    return this.colonAt;
  }

  /** Whether the text holds an unusual character in [from, to). Calls come in text order, so the scan is linear. */
  private hasUnusual(from: number, to: number): boolean {
    if (from >= to) return false;
    if (this.nextUnusual === -1 && this.unusualFrom === 0) return false;
    if (from < this.unusualFrom || (this.nextUnusual !== -1 && this.nextUnusual < from)) {
      UNUSUAL.lastIndex = from;
      const m = UNUSUAL.exec(this.text);
      this.nextUnusual = m ? m.index : -1;
      this.unusualFrom = from;
    }
    return this.nextUnusual !== -1 && this.nextUnusual < to;
  }

  name(row: number): FieldName {
    return this.names[this.rows[row * STRIDE + NAME]!]!;
  }

  flags(row: number): number {
    return this.rows[row * STRIDE + FLAGS]!;
  }

  line(row: number): number {
    return this.rows[row * STRIDE + LINE]!;
  }

  lastLine(row: number): number {
    return this.continuations?.get(row)?.lastLine ?? this.rows[row * STRIDE + LINE]!;
  }

  field(row: number): HeaderField {
    return new Field(this, row);
  }

  /** Appends a continuation line (obs-fold, RFC 9112 §5.2) to a field: the fold is read as one space. */
  fold(row: number, line: string, lineNo: number, from: number, allowTemplates: boolean): void {
    const field = new Field(this, row);
    const contentStart = skipBlanks(line, from);
    const contentEnd = Math.max(contentStart, trimEndIndex(line, contentStart));
    const text = line.slice(contentStart, contentEnd);
    const value = field.value;
    const joiner = value.length > 0 && text.length > 0 ? ' ' : '';
    const segments = text.length > 0 ? [...field.segments, { line: lineNo, start: contentStart, offset: value.length + joiner.length, length: text.length }] : field.segments;
    const at = row * STRIDE;
    UNUSUAL.lastIndex = 0;
    this.rows[at + FLAGS]! |= FieldFlag.folded | (allowTemplates && text.includes('{{') ? FieldFlag.templated : 0) | (UNUSUAL.test(text) ? FieldFlag.unusualValue : 0);
    (this.continuations ??= new Map()).set(row, { value: value + joiner + text, segments, folds: [...field.folds, span(lineNo, from, contentStart)], lastLine: lineNo });
  }

  /** @internal the parts of a row a `Field` reads. */
  column(row: number, column: number): number {
    return this.rows[row * STRIDE + column]!;
  }

  continuation(row: number): Continuation | undefined {
    return this.continuations?.get(row);
  }
}

/** Shared by every field that is not folded (nearly all of them). */
const NO_FOLDS: readonly never[] = Object.freeze([]);

/** A field line: a view of its row. Spans are made when asked for. */
class Field implements HeaderField {
  constructor(
    private readonly store: FieldStore,
    readonly row: number,
  ) {}

  get name(): string {
    return this.store.name(this.row).name;
  }

  get lowerName(): string {
    return this.store.name(this.row).lower;
  }

  get facts(): NameFacts {
    return this.store.name(this.row).facts;
  }

  get templated(): boolean {
    return (this.store.flags(this.row) & FieldFlag.templated) !== 0;
  }

  private col(column: number): number {
    return this.store.column(this.row, column);
  }

  /** The value, sliced once: the rules and the persistence model each read it. */
  private sliced: string | undefined;

  get value(): string {
    if (this.sliced !== undefined) return this.sliced;
    const continued = this.store.continuation(this.row);
    if (continued) return (this.sliced = continued.value);
    const lineStart = this.col(LINE_START);
    return (this.sliced = this.store.text.slice(lineStart + this.col(VALUE_START), lineStart + this.col(VALUE_END)));
  }

  get nameSpan(): Span {
    return span(this.col(LINE), this.col(NAME_START), this.col(NAME_END));
  }

  get spaceBeforeColon(): Span | undefined {
    const nameEnd = this.col(NAME_END);
    const colon = this.col(COLON);
    return nameEnd < colon ? span(this.col(LINE), nameEnd, colon) : undefined;
  }

  get colon(): Span {
    const colon = this.col(COLON);
    return span(this.col(LINE), colon, colon + 1);
  }

  get segments(): readonly ValueSegment[] {
    const continued = this.store.continuation(this.row);
    if (continued) return continued.segments;
    const valueStart = this.col(VALUE_START);
    const length = this.col(VALUE_END) - valueStart;
    return length > 0 ? [{ line: this.col(LINE), start: valueStart, offset: 0, length }] : [];
  }

  get lineSpan(): Span {
    const line = this.col(LINE);
    const continued = this.store.continuation(this.row);
    const valueStart = this.col(VALUE_START);
    const firstLength = continued ? (continued.segments[0]?.line === line ? continued.segments[0].length : 0) : this.col(VALUE_END) - valueStart;
    return span(line, this.col(NAME_START), Math.max(valueStart + firstLength, this.col(COLON) + 1));
  }

  get lastLine(): number {
    return this.store.lastLine(this.row);
  }

  get folds(): readonly Span[] {
    return this.store.continuation(this.row)?.folds ?? NO_FOLDS;
  }
}
