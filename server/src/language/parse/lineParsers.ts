import { skipBlanks, trimEndIndex } from '../text';
import { isTchar } from './grammar';
import { ownCopy } from './valueCache';
import { nameFacts, type NameFacts } from '../fields/nameFacts';
import { FieldFlag, type FieldName, type FieldStore } from './fieldStore';
import type { HeaderField } from './types';

/**
 * Parses one field line starting at column `from`, and adds it to `store`; returns its row, or -1 when the line
 * has no colon at all.
 *
 * RFC 9112 §5:   field-line = field-name ":" OWS field-value OWS
 * RFC 9110 §5.1: field-name = token
 *
 * Whitespace between the name and the colon is kept apart (RFC 9112 §5.1 says a server MUST reject it), so
 * that a rule can point at it. `lineStart` is where the line starts in the store's text: the field slices its
 * value from that text when asked for it, so that neither the line nor the value need be kept.
 */
export function parseFieldLine(store: FieldStore, line: string, lineNo: number, from: number, allowTemplates: boolean, lineStart: number): number {
  // An HTTP/2 pseudo-header as tools print it (`:authority: example.com`) keeps its leading colon in its name.
  const nameStart = from;
  let searchFrom = from;
  if (line.charCodeAt(from) === 58 /* : */ && isTchar(line.charCodeAt(from + 1))) searchFrom = from + 1;
  const colon = line.indexOf(':', searchFrom);
  if (colon < 0) return -1;
  let nameEnd = colon;
  while (nameEnd > nameStart && (line.charCodeAt(nameEnd - 1) === 32 || line.charCodeAt(nameEnd - 1) === 9)) nameEnd--;
  const valueStart = skipBlanks(line, colon + 1);
  const valueEnd = Math.max(valueStart, trimEndIndex(line, valueStart));
  const templated = allowTemplates && line.indexOf('{{', from) >= 0;
  return store.add(fieldName(line, nameStart, nameEnd), lineStart, lineNo, nameStart, nameEnd, colon, valueStart, valueEnd, templated);
}

/**
 * Reads the common field line (`Name: value`, the name made of token characters from `nameStart`: column 0 of an
 * .http file, after `< ` in a curl trace) where it stands in `text`, without slicing it out. A name met lately is
 * found by the line's colon and one comparison (`knownNameAt`); any other in one pass over it, which also hashes
 * it to find its interned copy. The value is not read: its blanks are trimmed from its ends, and its `{{` and
 * unusual characters the store finds with searches of the whole text. Adds the field
 * to `store` and returns its row; -1 when the line is not such a line (no colon after the name and its blanks:
 * a name holding a `{{variable}}` is one of those, which `parseFieldLine` reads).
 *
 * RFC 9112 §5:     field-line = field-name ":" OWS field-value OWS
 * RFC 9110 §5.6.2: token = 1*tchar
 */
export function scanFieldLine(
  store: FieldStore, text: string, lineStart: number, nameStart: number, lineEnd: number, lineNo: number, templates: boolean,
): number {
  const known = knownNameAt(store, text, nameStart, lineEnd);
  if (known !== undefined) return addFieldLine(store, text, lineStart, nameStart, foundColon, foundColon, lineEnd, lineNo, templates, known);
  const nameEnd = scanName(text, nameStart, lineEnd);
  if (nameEnd === nameStart) return -1;
  let i = nameEnd;
  while (i < lineEnd && isBlankCode(text.charCodeAt(i))) i++;
  if (i >= lineEnd || text.charCodeAt(i) !== 58 /* : */) return -1;
  return addFieldLine(store, text, lineStart, nameStart, nameEnd, i, lineEnd, lineNo, templates);
}

/** The hash of the name `scanName` read last. */
let nameHash = 0;

/** Where the run of token characters from `from` ends (at most `to`), noting its hash in `nameHash`. */
export function scanName(text: string, from: number, to: number): number {
  let hash = 0;
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isTchar(c)) break;
    hash = (Math.imul(hash, 31) + c) | 0;
  }
  nameHash = hash;
  return i;
}

/** The names met last, by `shapeSlot`. */
const byShape: (InternedName | undefined)[] = new Array(1024).fill(undefined);

/** A slot by the first, middle and last characters and the length: common names (`Date`, `Content-Length`) differ in it. */
function shapeSlot(text: string, start: number, end: number): number {
  return (text.charCodeAt(start) * 961 + text.charCodeAt((start + end) >> 1) * 31 + text.charCodeAt(end - 1) * 7 + (end - start)) & 1023;
}

/** The colon `knownNameAt` found. */
let foundColon = 0;

/** Where the colon is of the line `knownNameAt` last found a name in. */
export function knownColon(): number {
  return foundColon;
}

/**
 * The name of the line `Name: value` starting at `nameStart` when the name, up to the line's first colon, is one
 * met lately (notes the colon in `knownColon`); undefined otherwise. Most field names are the same few over and
 * over: a search for the colon and one comparison find them without a look at each character of the name.
 */
export function knownNameAt(store: FieldStore, text: string, nameStart: number, lineEnd: number): InternedName | undefined {
  const colon = store.nextColon(nameStart);
  if (colon <= nameStart || colon >= lineEnd) return undefined;
  const hit = byShape[shapeSlot(text, nameStart, colon)];
  if (hit === undefined || hit.name.length !== colon - nameStart || !text.startsWith(hit.name, nameStart)) return undefined;
  foundColon = colon;
  return hit;
}

/**
 * Adds the field line whose name is at [nameStart, nameEnd) (`scanName` has just read it, or `name` is it) and
 * whose colon is at `colon`, the value trimmed from both ends; returns its row.
 */
export function addFieldLine(
  store: FieldStore, text: string, lineStart: number, nameStart: number, nameEnd: number, colon: number, lineEnd: number,
  lineNo: number, templates: boolean, name = hashedName(text, nameStart, nameEnd - nameStart, nameHash),
): number {
  let i = colon + 1;
  while (i < lineEnd && isBlankCode(text.charCodeAt(i))) i++;
  const valueStart = i;
  let valueEnd = lineEnd;
  while (valueEnd > valueStart && isBlankCode(text.charCodeAt(valueEnd - 1))) valueEnd--;
  let flags = store.valueFlags(valueStart, valueEnd, templates);
  if (nameEnd < colon) flags |= FieldFlag.spaceBeforeColon;
  return store.addScanned(
    name, lineStart, lineNo, nameStart - lineStart, nameEnd - lineStart, colon - lineStart, valueStart - lineStart, valueEnd - lineStart, flags,
  );
}

/** The names met last, by the hash of their spelling. */
const byHash: (InternedName | undefined)[] = new Array(1024).fill(undefined);

function hashedName(text: string, start: number, length: number, hash: number): InternedName {
  const slot = hash & 1023;
  let name = byHash[slot];
  if (name === undefined || name.name.length !== length || !text.startsWith(name.name, start)) name = byHash[slot] = fieldName(text, start, start + length);
  // Kept by shape too, so that `knownNameAt` finds it next time.
  byShape[shapeSlot(text, start, start + length)] = name;
  return name;
}

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9;
}

/** A field name as written, and in lower case, with what the rules ask of it (worked out when first asked). */
class InternedName implements FieldName {
  private known: NameFacts | undefined;
  storeSerial = 0;
  storeId = 0;
  storeLowerId = 0;

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
const NAMES = new Map<string, InternedName>();
const recent: (InternedName | undefined)[] = new Array(256).fill(undefined);

function fieldName(line: string, start: number, end: number): InternedName {
  const length = end - start;
  const slot = ((line.charCodeAt(start) | 0) * 31 + (line.charCodeAt(end - 1) | 0) * 7 + length) & 255;
  const hit = recent[slot];
  if (hit !== undefined && hit.name.length === length && line.startsWith(hit.name, start)) return hit;
  const name = line.slice(start, end);
  let known = NAMES.get(name);
  if (!known) {
    const own = ownCopy(name);
    known = new InternedName(own, own.toLowerCase());
    if (NAMES.size < 10_000) NAMES.set(own, known);
  }
  recent[slot] = known;
  return known;
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
