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

/** `scanFieldLine`'s answer for a line whose name holds a `{{variable}}`: `parseFieldLine` reads those. */
export const TEMPLATED_NAME = -2;

/**
 * Reads the common field line of an .http file (`Name: value`, the name made of token characters from column 0)
 * in one pass over the name and one over the value, noting on the way what `parseFieldLine` and the store would
 * each scan the line again for: the name's hash, a `{{` in the value, a character outside printable ASCII.
 * Adds the field to `store` and returns its row; -1 when the line is not a field line (no colon after the name
 * and its blanks), or `TEMPLATED_NAME`.
 *
 * RFC 9112 §5:     field-line = field-name ":" OWS field-value OWS
 * RFC 9110 §5.6.2: token = 1*tchar
 */
export function scanFieldLine(store: FieldStore, line: string, lineNo: number, lineStart: number): number {
  const n = line.length;
  let hash = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (!isTchar(c)) break;
    hash = (hash * 31 + c) | 0;
  }
  const nameEnd = i;
  if (nameEnd === 0) return -1;
  if (line.charCodeAt(i) === 123 /* { */ && line.charCodeAt(i + 1) === 123) return TEMPLATED_NAME;
  while (i < n && isBlankCode(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) !== 58 /* : */) return -1;
  const colon = i++;
  while (i < n && isBlankCode(line.charCodeAt(i))) i++;
  const valueStart = i;
  let valueEnd = i;
  let flags = 0;
  let previous = 0;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) valueEnd = i + 1;
    if ((c < 32 && c !== 9) || c > 126) flags |= FieldFlag.unusualValue;
    else if (c === 123 /* { */ && previous === 123) flags |= FieldFlag.templated;
    previous = c;
  }
  if (nameEnd < colon) flags |= FieldFlag.spaceBeforeColon;
  return store.addScanned(hashedName(line, nameEnd, hash), lineStart, lineNo, 0, nameEnd, colon, valueStart, valueEnd, flags);
}

/** The names met last, by the hash of their spelling. */
const byHash: (InternedName | undefined)[] = new Array(1024).fill(undefined);

function hashedName(line: string, length: number, hash: number): InternedName {
  const slot = hash & 1023;
  const hit = byHash[slot];
  if (hit !== undefined && hit.name.length === length && spells(line, hit.name)) return hit;
  return (byHash[slot] = fieldName(line, 0, length));
}

/** Whether `line` starts with `name`. */
function spells(line: string, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (line.charCodeAt(k) !== name.charCodeAt(k)) return false;
  return true;
}

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9;
}

/** A field name as written, and in lower case, with what the rules ask of it (worked out when first asked). */
class InternedName implements FieldName {
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
