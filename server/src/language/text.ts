import type { Position, Range } from 'vscode-languageserver-types';

/** A stretch of one line: [start, end) in UTF-16 code units, as LSP counts characters. */
export interface Span {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export function span(line: number, start: number, end: number): Span {
  return { line, start, end };
}

export function spanToRange(s: Span): Range {
  return { start: { line: s.line, character: s.start }, end: { line: s.line, character: s.end } };
}

export function position(line: number, character: number): Position {
  return { line, character };
}

/** True when `p` lies inside `r`, ends included (a cursor just after a token still hovers it). */
export function rangeContains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

export function spanContains(s: Span, p: Position): boolean {
  return p.line === s.line && p.character >= s.start && p.character <= s.end;
}

/**
 * How `text` ends its lines: its first line ending (`\n` when it has none), whether it has a CR at all, and
 * whether a CR alone ends a line anywhere.
 */
function lineEndings(text: string): { eol: string; cr: boolean; loneCr: boolean } {
  const firstLf = text.indexOf('\n');
  const firstCr = text.indexOf('\r');
  if (firstCr < 0) return { eol: '\n', cr: false, loneCr: false };
  if (!hasLoneCr(text, firstCr)) return { eol: firstLf >= 0 && firstLf > firstCr ? '\r\n' : '\n', cr: true, loneCr: false };
  const first = firstLf >= 0 && firstLf < firstCr ? firstLf : firstCr;
  return { eol: text.charCodeAt(first) === 10 ? '\n' : text.charCodeAt(first + 1) === 10 ? '\r\n' : '\r', cr: true, loneCr: true };
}

/**
 * Whether a CR at or after `from` (the first CR) is not followed by LF: a search from CR to CR, at the speed of
 * memory, where the pattern `\r(?!\n)` tests each character.
 */
function hasLoneCr(text: string, from: number): boolean {
  for (let i = from; i >= 0; i = text.indexOf('\r', i + 2)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/**
 * Splits text into lines the way LSP does (CRLF, CR and LF all end a line), so that our line numbers
 * and the editor's always agree. Also reports the first line ending, for edits that insert lines.
 */
export function splitLines(text: string): { lines: string[]; eol: string } {
  const { eol, cr, loneCr } = lineEndings(text);
  // Native split is many times faster than a character loop; CR alone as a line end is rare enough to take
  // the slow path.
  if (loneCr) return { lines: splitLinesSlowly(text), eol };
  const lines = text.split('\n');
  if (cr) {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
    }
  }
  return { lines, eol };
}

function splitLinesSlowly(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lines.push(text.slice(start, i));
      start = i + 1;
    } else if (c === 13 /* \r */) {
      lines.push(text.slice(start, i));
      if (i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/**
 * The lines of a text one at a time, split as splitLines splits them, each with where it starts and ends in the
 * text: a parser that reads them so keeps none it does not need, and need not even slice those it reads in place.
 */
export class LineReader {
  readonly eol: string;
  /** Where the line read last starts in the text. */
  start = 0;
  /** Where the line read last ends, before its line ending. */
  end = 0;
  private at = 0;
  readonly loneCr: boolean;

  constructor(
    private readonly text: string,
    /** Another reader of the same text, whose finding of its line endings (a scan of the whole text) serves this one. */
    like?: LineReader,
  ) {
    const endings = like ?? lineEndings(text);
    this.eol = endings.eol;
    this.loneCr = endings.loneCr;
  }

  /** Moves to the next line and sets `start` and `end`; false after the last. */
  next(): boolean {
    const text = this.text;
    const from = this.at;
    if (from > text.length) return false;
    this.start = from;
    let end = text.length;
    this.at = end + 1;
    if (!this.loneCr) {
      const nl = text.indexOf('\n', from);
      if (nl >= 0) {
        this.at = nl + 1;
        end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      }
    } else {
      for (let i = from; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) {
          end = i;
          this.at = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
          break;
        }
      }
    }
    this.end = end;
    return true;
  }

  /** The next line, or undefined after the last. */
  read(): string | undefined {
    return this.next() ? this.text.slice(this.start, this.end) : undefined;
  }
}

/** Index of the first character at or after `from` that is not a space or tab, or the line length. */
export function skipBlanks(line: string, from = 0): number {
  let i = from;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

export function isBlank(line: string): boolean {
  return skipBlanks(line) === line.length;
}

/** Index just past the last character that is not a space or tab, at or after `from`. */
export function trimEndIndex(line: string, from = 0): number {
  let end = line.length;
  while (end > from) {
    const c = line.charCodeAt(end - 1);
    if (c !== 32 && c !== 9) break;
    end--;
  }
  return end;
}

/** Whether `String.prototype.trim` trims character code `c` (ECMAScript WhiteSpace and LineTerminator). */
export function isWhitespace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Index of the first character at or after `from` (before `to`) that `String.prototype.trim` would keep, or `to`. */
export function skipWhitespace(s: string, from = 0, to = s.length): number {
  let i = from;
  while (i < to && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past the last character before `to` (not before `from`) that `String.prototype.trim` would keep. */
export function whitespaceEnd(s: string, from = 0, to = s.length): number {
  let end = to;
  while (end > from && isWhitespace(s.charCodeAt(end - 1))) end--;
  return end;
}
