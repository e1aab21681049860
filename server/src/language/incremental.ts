// Incremental lint for .http files. A file is cut at its `###` separators; each piece is parsed and linted on
// its own and cached by its text, so an edit re-lints only the request it touches. Pieces do not depend on each
// other except through the names of the file's variables and requests, which are part of the cache key.

import { lintDocument, lintText, type LintOptions, type LintResult } from './lint';
import { parseHttpFile } from './parse/httpFile';
import type { ParsedDocument } from './parse/types';
import { implicitVariables, requestNamesOf } from './variables';

export interface Part {
  /** Line of the document where this part starts. */
  readonly offset: number;
  readonly result: LintResult;
}

/** Where each `###` piece starts: character offsets and line numbers. */
function pieces(text: string): { start: number; line: number }[] {
  const out = [{ start: 0, line: 0 }];
  let line = 0;
  let at = 0;
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    line++;
    at = nl + 1;
    if (text.startsWith('###', at)) out.push({ start: at, line });
  }
  return out;
}

/**
 * Parses are cached by a piece's text alone; lint results by the text and the names of the variables and
 * requests the whole file defines (what a piece's findings depend on beyond its own text).
 */
export class IncrementalLinter {
  private parsed = new Map<string, ParsedDocument>();
  /** Lint results of the pieces, for the variable names they were linted with. */
  private linted = new Map<string, LintResult>();
  private lintedContext = '';

  constructor(private readonly options: LintOptions = {}) {}

  lint(text: string): Part[] {
    // A lone CR ends a line for LSP but not for this cutter: such files are linted whole.
    if (/\r(?!\n)/.test(text)) return [{ offset: 0, result: lintText(text, 'http-file', this.options) }];
    const starts = pieces(text);
    const parsed = new Map<string, ParsedDocument>();
    const docs = starts.map((p, i) => {
      const piece = text.slice(p.start, i + 1 < starts.length ? starts[i + 1]!.start : text.length);
      const doc = parsed.get(piece) ?? this.parsed.get(piece) ?? parseHttpFile(piece);
      parsed.set(piece, doc);
      return { piece, doc, offset: p.line };
    });
    const names = new Set(this.options.variables ?? []);
    const requestNames = new Set(this.options.requestNames ?? []);
    for (const { doc } of docs) {
      for (const v of doc.variables) names.add(v.name);
      for (const n of implicitVariables(doc)) names.add(n);
      for (const n of requestNamesOf(doc)) requestNames.add(n);
    }
    const context = `${[...names].sort().join(' ')}\n${[...requestNames].sort().join(' ')}`;
    // New variable or request names can change any piece's findings: then nothing linted before is reused.
    const previous = context === this.lintedContext ? this.linted : new Map<string, LintResult>();
    const options: LintOptions = { ...this.options, variables: names, requestNames };
    const linted = new Map<string, LintResult>();
    const parts = docs.map(({ piece, doc, offset }) => {
      const result = linted.get(piece) ?? previous.get(piece) ?? lintDocument(doc, options);
      linted.set(piece, result);
      return { offset, result };
    });
    // Only what this version uses stays cached: memory follows the document, not its history.
    this.parsed = parsed;
    this.linted = linted;
    this.lintedContext = context;
    return parts;
  }
}
