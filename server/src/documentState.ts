import type { CodeAction, CodeActionKind, CodeLens, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range } from 'vscode-languageserver-types';
import { codeActions, FIX_ALL_KIND, fixAllAction } from './language/codeActions';
import { codeLenses } from './language/codeLens';
import { doComplete } from './language/completion';
import { doHover } from './language/hover';
import type { Part } from './language/incremental';
import {
  shiftCodeAction, shiftCodeLens, shiftCompletion, shiftDiagnostic, shiftFolding, shiftHover, shiftRange, shiftSymbol,
} from './language/shift';
import { documentSymbols, foldingRanges } from './language/symbols';
import type { SystemContext } from './language/systemVariables';
import { visibleValues, type VariableValue } from './language/variableHover';
import { requestNamesOf } from './language/variables';

/**
 * A document as the server holds it: one or more linted parts (pieces of an .http file between `###`, or a
 * whole dump). Each request is answered by the part under it, in that part's lines, and moved back.
 */
/** Diagnostics of a part, moved to their document lines, kept for as long as the part is. */
const published = new WeakMap<object, { offset: number; diagnostics: Diagnostic[] }>();

/** What a document's variables come from besides its text: the selected environment, `.env`, the process. */
export interface DocumentScope {
  readonly environment: ReadonlyMap<string, VariableValue>;
  readonly system?: SystemContext;
}

const NO_SCOPE: DocumentScope = { environment: new Map() };

export class DocumentParts {
  private values?: Map<string, VariableValue>;

  constructor(readonly parts: readonly Part[], private readonly scope: DocumentScope = NO_SCOPE) {}

  /** Every variable the document can use, for hovers: the environment's, then the file's (which win). */
  private variableValues(): Map<string, VariableValue> {
    if (!this.values) {
      this.values = new Map(this.scope.environment);
      for (const { offset, result } of this.parts) for (const [k, v] of visibleValues(new Map(), result.doc.variables, offset)) this.values.set(k, v);
    }
    return this.values;
  }

  private partAt(line: number): Part {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.parts[mid]!.offset <= line) lo = mid;
      else hi = mid - 1;
    }
    return this.parts[lo]!;
  }

  private local(p: Position): { part: Part; position: Position } {
    const part = this.partAt(p.line);
    return { part, position: { line: p.line - part.offset, character: p.character } };
  }

  /** What the editor shows: fixes stay here, for code actions, instead of travelling with every publication. */
  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const { offset, result } of this.parts) {
      let entry = published.get(result);
      if (!entry || entry.offset !== offset) {
        entry = { offset, diagnostics: result.diagnostics.map(({ data: _fixes, ...shown }) => (offset === 0 ? shown : { ...shown, range: shiftRange(shown.range, offset) })) };
        published.set(result, entry);
      }
      for (const d of entry.diagnostics) out.push(d);
    }
    return out;
  }

  hover(p: Position): Hover | null {
    const { part, position } = this.local(p);
    return shiftHover(doHover(part.result, position, { values: this.variableValues(), system: this.scope.system }), part.offset);
  }

  complete(p: Position): CompletionList {
    const { part, position } = this.local(p);
    const whole = this.parts.length > 1;
    return shiftCompletion(doComplete(part.result, position, {
      fileVariables: whole ? this.parts.flatMap((x) => x.result.doc.variables) : undefined,
      requestNames: whole ? this.parts.flatMap((x) => requestNamesOf(x.result.doc)) : undefined,
      environment: this.scope.environment,
    }), part.offset);
  }

  codeActions(uri: string, range: Range, only?: readonly CodeActionKind[]): CodeAction[] {
    const actions: CodeAction[] = [];
    const first = this.partAt(range.start.line);
    const last = this.partAt(range.end.line);
    const quick = only ? only.filter((k) => k !== 'source' && !k.startsWith(FIX_ALL_KIND) && k !== 'source.fixAll') : undefined;
    if (!only || quick!.length > 0) {
      for (const part of this.parts.slice(this.parts.indexOf(first), this.parts.indexOf(last) + 1)) {
        const local = shiftRange(range, -part.offset);
        actions.push(...codeActions(part.result, uri, local, quick).map((a) => shiftCodeAction(a, part.offset)));
      }
    }
    const wantsFixAll = only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(k + '.'));
    if (wantsFixAll) {
      const all = this.parts.flatMap(({ offset, result }) => result.diagnostics.map((d) => shiftDiagnostic(d, offset)));
      const action = fixAllAction(all, uri);
      if (action) actions.push(action);
    }
    return actions;
  }

  codeLenses(uri: string): CodeLens[] {
    return this.parts.flatMap(({ offset, result }) => codeLenses(result, uri).map((l) => shiftCodeLens(l, offset)));
  }

  symbols(): DocumentSymbol[] {
    return this.parts.flatMap(({ offset, result }) => documentSymbols(result).map((s) => shiftSymbol(s, offset)));
  }

  folding(): FoldingRange[] {
    return this.parts.flatMap(({ offset, result }) => foldingRanges(result).map((f) => shiftFolding(f, offset)));
  }
}
