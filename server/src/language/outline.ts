// What document symbols, folding ranges and code lenses need of a document: an entry per request (per message in
// a dump), small enough for the server to keep for every piece of a file without keeping the piece's parse.
import { FoldingRangeKind, SymbolKind, type CodeLens, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { LintResult } from './lint';
import type { HttpMessage, RequestBlock } from './parse/types';
import { lensText, type Prediction } from './persistence';
import { spanToRange, type Span } from './text';

export const SEND_REQUEST_COMMAND = 'httpLens.sendRequest';

export interface OutlineEntry {
  /** A request's `@name` or title, else `METHOD target`; a message's start line. */
  readonly name: string;
  readonly detail: string | undefined;
  readonly kind: SymbolKind;
  readonly firstLine: number;
  /** The block's or message's last line: folded when after the first. */
  readonly lastLine: number;
  /** Where the symbol ends: the last line (the first, if that is later) and its length. */
  readonly endLine: number;
  readonly endCharacter: number;
  /** The start line, which the symbol selects and the lenses sit on; without one, the first line is selected. */
  readonly start: Span | undefined;
  readonly firstLength: number;
  /** Scripts and comments of a request, each folded when it spans lines. */
  readonly scripts: RequestBlock['scripts'];
  /** A request's persistence lens: only .http requests get lenses, and only HTTP/1.x ones this one. */
  readonly lens: string | undefined;
  readonly lenses: boolean;
}

const NO_SCRIPTS: RequestBlock['scripts'] = Object.freeze([]);

function messageLabel(m: HttpMessage): string {
  const s = m.start;
  if (!s) return 'header fields';
  return s.kind === 'request' ? `${s.method} ${s.target}` : `${s.version.text} ${s.status} ${s.reason}`.trim();
}

/** Lens texts repeat from request to request: one copy of each. */
const lensTexts = new Map<string, string>();

function lensOf(prediction: Prediction): string {
  const text = lensText(prediction);
  let known = lensTexts.get(text);
  if (known === undefined) {
    if (lensTexts.size >= 1000) lensTexts.clear();
    lensTexts.set(text, (known = text));
  }
  return known;
}

/** Each request of an .http file (by its `@name`, else `METHOD target`), or each message of a dump. */
export function outlineOf(result: LintResult): OutlineEntry[] {
  const { doc } = result;
  const length = (line: number) => doc.lines[line]?.length ?? 0;
  if (doc.kind === 'http-file') {
    const predictions = new Map(result.predictions.map((p) => [p.message, p.prediction] as const));
    return doc.requests.map((block) => {
      const label = messageLabel(block.message);
      const endLine = Math.max(block.lastLine, block.firstLine);
      const prediction = predictions.get(block.message);
      return {
        name: block.name ?? block.title ?? label,
        detail: block.name || block.title ? label : undefined,
        kind: SymbolKind.Method,
        firstLine: block.firstLine,
        lastLine: block.lastLine,
        endLine,
        endCharacter: length(endLine),
        start: block.message.start?.span,
        firstLength: length(block.firstLine),
        scripts: block.scripts,
        lens: prediction && block.message.protocol === 'http' ? lensOf(prediction) : undefined,
        lenses: true,
      };
    });
  }
  return doc.messages.map((m) => ({
    name: messageLabel(m),
    detail: m.kind,
    kind: m.kind === 'request' ? SymbolKind.Method : SymbolKind.Event,
    firstLine: m.firstLine,
    lastLine: m.lastLine,
    endLine: m.lastLine,
    endCharacter: length(m.lastLine),
    start: m.start?.span,
    firstLength: length(m.firstLine),
    scripts: NO_SCRIPTS,
    lens: undefined,
    lenses: false,
  }));
}

export function symbolsOf(outline: readonly OutlineEntry[]): DocumentSymbol[] {
  return outline.map((e) => ({
    name: e.name,
    detail: e.detail,
    kind: e.kind,
    range: { start: { line: e.firstLine, character: 0 }, end: { line: e.endLine, character: e.endCharacter } },
    selectionRange: e.start ? spanToRange(e.start) : { start: { line: e.firstLine, character: 0 }, end: { line: e.firstLine, character: e.firstLength } },
  }));
}

/** A fold per request or message, and per script or comment block of two lines or more. */
export function foldingOf(outline: readonly OutlineEntry[]): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind) => {
    if (end > start) out.push({ startLine: start, endLine: end, kind });
  };
  for (const e of outline) {
    add(e.firstLine, e.lastLine, FoldingRangeKind.Region);
    for (const s of e.scripts) add(s.firstLine, s.lastLine, s.kind === 'comment' ? FoldingRangeKind.Comment : undefined);
  }
  return out;
}

/** On each request of an .http file: "Send Request", and the persistence prediction as plain text. */
export function lensesOf(outline: readonly OutlineEntry[], uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const e of outline) {
    if (!e.lenses || !e.start) continue;
    const range = spanToRange(e.start);
    lenses.push({
      range,
      command: { title: 'Send Request', command: SEND_REQUEST_COMMAND, arguments: [uri, { line: e.start.line, character: e.start.start }] },
    });
    if (e.lens !== undefined) lenses.push({ range, command: { title: e.lens, command: '' } });
  }
  return lenses;
}
