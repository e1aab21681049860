// Incremental lint for .http files. A file is cut at its `###` separators; each piece is parsed and linted on
// its own and cached by its text, so an edit re-lints only the request it touches. Pieces do not depend on each
// other except through the names of the file's variables and requests, which are part of the cache key.
//
// A piece keeps what is shown for all pieces at once (its findings as published, its outline, its names). In a
// file of modest size it keeps its whole result too (the parse, the fixes, the predictions), which hovers,
// completions and code actions read. A large file's pieces do not: ten thousand parses would be most of the
// server's memory. Their whole results are made again when asked for, and the last few made are kept.

import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { lintDocument, lintText, type LintOptions, type LintResult, type MessagePrediction } from './lint';
import { outlineOf, type OutlineEntry } from './outline';
import { parseHttpFile } from './parse/httpFile';
import type { ParsedDocument, VariableDefinition } from './parse/types';
import { ownCopy } from './parse/valueCache';
import type { LensDiagnostic } from './rules/ruleTypes';
import { shiftRange } from './shift';
import { implicitVariables, requestNamesOf } from './variables';

export interface Part {
  /** Line of the document where this part starts. */
  readonly offset: number;
  readonly result: LintResult;
}

/** The names a piece gives the rest of its file: what the other pieces' findings depend on. */
interface Names {
  readonly variables: readonly VariableDefinition[];
  readonly implicitVariables: readonly string[];
  readonly requestNames: readonly string[];
}

const NONE: readonly never[] = Object.freeze([]);

function namesOf(doc: ParsedDocument): Names {
  const implicit = implicitVariables(doc);
  const requestNames = requestNamesOf(doc);
  return {
    variables: doc.variables.length > 0 ? doc.variables : NONE,
    implicitVariables: implicit.size > 0 ? [...implicit] : NONE,
    requestNames: requestNames.length > 0 ? requestNames : NONE,
  };
}

/** What a finding shows the editor, at `range`: all its fields but the data (its fixes). */
function shown(d: Diagnostic, range: Range): Diagnostic {
  // Written out rather than spread: a spread object keeps most of its fields out of line, in a second object.
  return { range, severity: d.severity, code: d.code, codeDescription: d.codeDescription, source: d.source, message: d.message, tags: d.tags };
}

/**
 * A result's findings as published: without the fixes that only code actions need, and in the document's lines
 * for where the result was last shown. One copy is kept, and moved only when the lines above it change.
 */
export class Published {
  private diagnostics: readonly Diagnostic[];

  constructor(
    diagnostics: readonly LensDiagnostic[],
    private offset: number,
  ) {
    this.diagnostics = diagnostics.map((d) => shown(d, shiftRange(d.range, offset)));
  }

  at(offset: number): readonly Diagnostic[] {
    if (offset !== this.offset) {
      const by = offset - this.offset;
      this.diagnostics = this.diagnostics.map((d) => shown(d, shiftRange(d.range, by)));
      this.offset = offset;
    }
    return this.diagnostics;
  }
}

/** What is kept of a lint result to show a whole document at once. */
export interface Summary extends Names {
  readonly published: Published;
  readonly outline: readonly OutlineEntry[];
}

function summarize(result: LintResult, offset: number): Summary {
  const names = namesOf(result.doc);
  return {
    published: new Published(result.diagnostics, offset),
    outline: outlineOf(result),
    variables: names.variables,
    implicitVariables: names.implicitVariables,
    requestNames: names.requestNames,
  };
}

const summaries = new WeakMap<LintResult, Summary>();

/** The summary of a result: a piece is its own, one is worked out once for a document linted whole. */
export function summaryOf(result: LintResult): Summary {
  if (result instanceof Piece) return result;
  let summary = summaries.get(result);
  if (!summary) summaries.set(result, (summary = summarize(result, 0)));
  return summary;
}

/** Whole results made lately, the most recent last: hovers and completions come back to the same piece. */
class Recent {
  private readonly results = new Map<Piece, LintResult>();

  constructor(private readonly limit: number) {}

  get(piece: Piece): LintResult | undefined {
    const result = this.results.get(piece);
    if (result) this.keep(piece, result);
    return result;
  }

  keep(piece: Piece, result: LintResult): void {
    this.results.delete(piece);
    this.results.set(piece, result);
    if (this.results.size > this.limit) this.results.delete(this.results.keys().next().value!);
  }
}

/** One piece's result: its summary at hand, the rest kept or made again from its text when asked for. */
class Piece implements LintResult, Summary {
  readonly published: Published;
  readonly outline: readonly OutlineEntry[];
  readonly variables: readonly VariableDefinition[];
  readonly implicitVariables: readonly string[];
  readonly requestNames: readonly string[];
  private kept: LintResult | undefined;

  constructor(
    private readonly text: string,
    private readonly options: LintOptions,
    result: LintResult,
    offset: number,
    private readonly recent: Recent,
  ) {
    const summary = summarize(result, offset);
    this.published = summary.published;
    this.outline = summary.outline;
    this.variables = summary.variables;
    this.implicitVariables = summary.implicitVariables;
    this.requestNames = summary.requestNames;
  }

  /** Keeps the whole result at hand, or (given none) lets it go. */
  hold(result: LintResult | undefined): void {
    this.kept = result;
  }

  get doc(): ParsedDocument {
    return this.whole().doc;
  }

  get diagnostics(): readonly LensDiagnostic[] {
    return this.whole().diagnostics;
  }

  get predictions(): readonly MessagePrediction[] {
    return this.whole().predictions;
  }

  private whole(): LintResult {
    if (this.kept) return this.kept;
    let result = this.recent.get(this);
    if (!result) this.recent.keep(this, (result = lintText(this.text, 'http-file', this.options)));
    return result;
  }
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

interface Parsed {
  readonly text: string;
  readonly doc: ParsedDocument;
  readonly names: Names;
}

/**
 * A piece parsed, from a copy of its text when `copy`: what is kept of a piece (its strings are slices of its
 * text) must not hold on to the whole text of a version of the document that is gone.
 */
function parse(piece: string, copy: boolean): Parsed {
  const text = copy ? ownCopy(piece) : piece;
  const doc = parseHttpFile(text);
  return { text, doc, names: namesOf(doc) };
}

/** Parses and results kept at once in a large file: an edit's worth. */
const KEPT = 16;

/** Characters up to which a file's pieces keep their whole results. */
const KEEP_WHOLE_UP_TO = 1 << 20;

/**
 * Pieces are cached by their text and the names of the variables and requests the whole file defines (what a
 * piece's findings depend on beyond its own text).
 */
export class IncrementalLinter {
  private pieces = new Map<string, Piece>();
  private context = '';
  private options: LintOptions;
  private readonly recent = new Recent(KEPT);

  constructor(private readonly base: LintOptions = {}) {
    this.options = base;
  }

  lint(text: string): Part[] {
    // A lone CR ends a line for LSP but not for this cutter: such files are linted whole.
    if (/\r(?!\n)/.test(text)) return [{ offset: 0, result: lintText(text, 'http-file', this.base) }];
    const starts = pieces(text);
    const texts = starts.map((p, i) => text.slice(p.start, i + 1 < starts.length ? starts[i + 1]!.start : text.length));
    // The pieces of a document just opened (or linted afresh) share its text, which the editor's copy holds anyway;
    // those made for an edit copy theirs, the text they were cut from being gone at the next edit.
    const copy = this.pieces.size > 0;
    // A piece not met before is parsed now for its names. After an edit that parse is kept to be linted below;
    // a file opened holds thousands of new pieces, and keeping all their parses until all are linted would hold
    // the whole file's parse at once: past a few, each is parsed again when its turn comes.
    const parsed = new Map<string, Parsed>();
    const namesIn = (piece: string): Names => {
      const known = this.pieces.get(piece);
      if (known) return known;
      let fresh = parsed.get(piece);
      if (!fresh) {
        fresh = parse(piece, copy);
        if (parsed.size < KEPT) parsed.set(piece, fresh);
      }
      return fresh.names;
    };
    const names = new Set(this.base.variables ?? []);
    const requestNames = new Set(this.base.requestNames ?? []);
    for (const piece of texts) {
      const given = namesIn(piece);
      for (const v of given.variables) names.add(v.name);
      for (const n of given.implicitVariables) names.add(n);
      for (const n of given.requestNames) requestNames.add(n);
    }
    const context = `${[...names].sort().join(' ')}\n${[...requestNames].sort().join(' ')}`;
    // New variable or request names can change any piece's findings: then nothing linted before is reused.
    const previous = context === this.context ? this.pieces : new Map<string, Piece>();
    if (context !== this.context) {
      this.context = context;
      this.options = { ...this.base, variables: names, requestNames };
    }
    const keepWhole = text.length <= KEEP_WHOLE_UP_TO;
    const linted = new Map<string, Piece>();
    const made: [Piece, LintResult][] = [];
    let count = 0;
    const parts = starts.map((p, i) => {
      const piece = texts[i]!;
      let result = linted.get(piece) ?? previous.get(piece);
      if (!result) {
        const { text: own, doc } = parsed.get(piece) ?? parse(piece, copy);
        const whole = lintDocument(doc, this.options);
        result = new Piece(own, this.options, whole, p.line, this.recent);
        if (keepWhole) result.hold(whole);
        else if (++count <= KEPT) made.push([result, whole]);
      } else if (!keepWhole) {
        result.hold(undefined);
      }
      linted.set(piece, result);
      return { offset: p.line, result };
    });
    // In a large file, the piece just edited is the one hovers and completions ask about next. The pieces of a
    // large file just opened are not kept: what is held while thousands are linted is copied by every garbage
    // collection meanwhile.
    if (count <= KEPT) for (const [piece, whole] of made) this.recent.keep(piece, whole);
    // Only what this version uses stays cached: memory follows the document, not its history.
    this.pieces = linted;
    return parts;
  }
}
