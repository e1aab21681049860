import type { Range, TextEdit } from 'vscode-languageserver-types';
import { spanToRange, type Span } from './text';
import { valuePosition } from './parse/lineParsers';
import type { HeaderField, ParsedDocument } from './parse/types';

/** A fix offered with a diagnostic: applied as a whole, as a quick fix or by "Fix All". */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
}

/**
 * A finding's fixes, made when first asked for (a code action, Fix All, the CLI's output) and the same ever
 * after: most findings are only shown. It is the finding's `data`, and serialised as an eager finding's
 * `{ fixes }` is.
 */
export class LazyFixes {
  private made: readonly Fix[] | undefined;

  constructor(
    private make: FixMaker | undefined,
    // Up to four arguments, held as fields: an array of them would be one object more for each finding.
    readonly a0?: unknown,
    readonly a1?: unknown,
    readonly a2?: unknown,
    readonly a3?: unknown,
  ) {}

  /** The recipe, for a holder that keeps it in its own fields instead of keeping this object. */
  get recipe(): FixMaker | undefined {
    return this.make;
  }

  get fixes(): readonly Fix[] {
    if (this.make) {
      this.made = this.make(this.a0, this.a1, this.a2, this.a3);
      this.make = undefined;
    }
    return this.made!;
  }

  toJSON(): { readonly fixes: readonly Fix[] } {
    return { fixes: this.fixes };
  }
}

export type FixMaker = (a0: unknown, a1: unknown, a2: unknown, a3: unknown) => readonly Fix[];

/**
 * The fixes `make(...args)` will make if asked for. A finding keeps its arguments as long as the result lives,
 * so they should be numbers, words and objects the document already holds (the document, a parsed option), not
 * objects made for the finding: fields are passed by `row`, a message by its index.
 */
export function later<A extends [unknown?, unknown?, unknown?, unknown?]>(make: (...args: A) => readonly Fix[], ...args: A): LazyFixes {
  return new LazyFixes(make as unknown as FixMaker, args[0], args[1], args[2], args[3]);
}

export function replaceSpan(s: Span, newText: string): TextEdit {
  return { range: spanToRange(s), newText };
}

/** The range of `[start, end)` offsets of a field's value. */
export function valueRange(field: HeaderField, start: number, end: number): Range {
  return { start: valuePosition(field, start), end: valuePosition(field, end) };
}

export function replaceInValue(field: HeaderField, start: number, end: number, newText: string): TextEdit {
  return { range: valueRange(field, start, end), newText };
}

/** Replaces a field's whole value (all its lines). */
export function replaceValue(doc: ParsedDocument, field: HeaderField, newText: string): TextEdit {
  const first = field.segments[0];
  const start = first ? { line: first.line, character: first.start } : { line: field.colon.line, character: field.colon.end };
  const lastLine = field.lastLine;
  const end = { line: lastLine, character: endOfContent(doc.lines[lastLine] ?? '') };
  const needsSpace = !first && newText.length > 0;
  return { range: { start, end }, newText: needsSpace ? ' ' + newText : newText };
}

function endOfContent(line: string): number {
  let e = line.length;
  while (e > 0 && (line.charCodeAt(e - 1) === 32 || line.charCodeAt(e - 1) === 9)) e--;
  return e;
}

/** Deletes whole lines, their line break included. */
export function deleteLines(doc: ParsedDocument, first: number, last: number): TextEdit {
  if (last + 1 < doc.lines.length) {
    return { range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' };
  }
  // The last line of the document has no line break after it: take the one before it instead.
  const startLine = Math.max(0, first - 1);
  const startChar = first > 0 ? doc.lines[startLine]!.length : 0;
  return { range: { start: { line: startLine, character: startChar }, end: { line: last, character: doc.lines[last]!.length } }, newText: '' };
}

export function deleteField(doc: ParsedDocument, field: HeaderField): TextEdit {
  return deleteLines(doc, field.nameSpan.line, field.lastLine);
}

/** Inserts a field line just above `field`, with the same prefix (indentation, or a curl `> `). */
export function insertFieldBefore(doc: ParsedDocument, field: HeaderField, text: string): TextEdit {
  const at = { line: field.nameSpan.line, character: field.nameSpan.start };
  return { range: { start: at, end: at }, newText: text + doc.eol + linePrefix(doc, field) };
}

/** What precedes a field's name on its line (a curl `< ` prefix, indentation), to copy onto new lines. */
export function linePrefix(doc: ParsedDocument, field: HeaderField): string {
  return doc.lines[field.nameSpan.line]!.slice(0, field.nameSpan.start);
}

/** Removes element `[start, end)` from a comma-separated value, with the comma and space that joined it. */
export function removeListElement(field: HeaderField, start: number, end: number): TextEdit {
  const v = field.value;
  let s = start;
  let e = end;
  let after = e;
  while (after < v.length && (v[after] === ' ' || v[after] === '\t')) after++;
  if (v[after] === ',') {
    e = after + 1;
    while (e < v.length && (v[e] === ' ' || v[e] === '\t')) e++;
  } else {
    let before = s;
    while (before > 0 && (v[before - 1] === ' ' || v[before - 1] === '\t')) before--;
    if (before > 0 && v[before - 1] === ',') s = before - 1;
  }
  return replaceInValue(field, s, e, '');
}
