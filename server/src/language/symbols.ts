import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { LintResult } from './lint';
import type { HttpMessage } from './parse/types';
import { spanToRange } from './text';

function messageLabel(m: HttpMessage): string {
  const s = m.start;
  if (!s) return 'header fields';
  return s.kind === 'request' ? `${s.method} ${s.target}` : `${s.version.text} ${s.status} ${s.reason}`.trim();
}

function fullRange(first: number, last: number, lines: readonly string[]) {
  return { start: { line: first, character: 0 }, end: { line: last, character: lines[last]?.length ?? 0 } };
}

/** Each request (by its `@name`, else `METHOD target`), or each message of a dump. */
export function documentSymbols(result: LintResult): DocumentSymbol[] {
  const { doc } = result;
  if (doc.kind === 'http-file') {
    return doc.requests.map((block) => {
      const start = block.message.start!;
      const label = messageLabel(block.message);
      return {
        name: block.name ?? block.title ?? label,
        detail: block.name || block.title ? label : undefined,
        kind: SymbolKind.Method,
        range: fullRange(block.firstLine, Math.max(block.lastLine, block.firstLine), doc.lines),
        selectionRange: spanToRange(start.span),
      };
    });
  }
  return doc.messages.map((m) => ({
    name: messageLabel(m),
    detail: m.kind,
    kind: m.kind === 'request' ? SymbolKind.Method : SymbolKind.Event,
    range: fullRange(m.firstLine, m.lastLine, doc.lines),
    selectionRange: m.start ? spanToRange(m.start.span) : fullRange(m.firstLine, m.firstLine, doc.lines),
  }));
}

/** A fold per request or message, and per script or comment block of two lines or more. */
export function foldingRanges(result: LintResult): FoldingRange[] {
  const { doc } = result;
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind) => {
    if (end > start) out.push({ startLine: start, endLine: end, kind });
  };
  if (doc.kind === 'http-file') {
    for (const block of doc.requests) {
      add(block.firstLine, block.lastLine, FoldingRangeKind.Region);
      for (const s of block.scripts) add(s.firstLine, s.lastLine, s.kind === 'comment' ? FoldingRangeKind.Comment : undefined);
    }
  } else {
    for (const m of doc.messages) add(m.firstLine, m.lastLine, FoldingRangeKind.Region);
  }
  return out;
}
