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
 * Splits text into lines the way LSP does (CRLF, CR and LF all end a line), so that our line numbers
 * and the editor's always agree. Also reports the first line ending, for edits that insert lines.
 */
export function splitLines(text: string): { lines: string[]; eol: string } {
  const firstLf = text.indexOf('\n');
  const firstCr = text.indexOf('\r');
  if (firstCr < 0) return { lines: text.split('\n'), eol: '\n' };
  // Native split is many times faster than a character loop; CR alone as a line end is rare enough to take
  // the slow path.
  if (!/\r(?!\n)/.test(text)) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
    }
    return { lines, eol: firstLf >= 0 && firstLf > firstCr ? '\r\n' : '\n' };
  }
  return splitLinesSlowly(text);
}

function splitLinesSlowly(text: string): { lines: string[]; eol: string } {
  const lines: string[] = [];
  let eol = '';
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lines.push(text.slice(start, i));
      if (!eol) eol = '\n';
      start = i + 1;
    } else if (c === 13 /* \r */) {
      lines.push(text.slice(start, i));
      if (i + 1 < n && text.charCodeAt(i + 1) === 10) {
        if (!eol) eol = '\r\n';
        i++;
      } else if (!eol) {
        eol = '\r';
      }
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return { lines, eol: eol || '\n' };
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
