import type { CodeAction, CodeActionKind, CodeLens, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range } from 'vscode-languageserver-types';
import { codeActions, FIX_ALL_KIND, fixAllAction } from './language/codeActions';
import { doComplete } from './language/completion';
import { doHover } from './language/hover';
import { summaryOf, type Part } from './language/incremental';
import { foldingOf, lensesOf, symbolsOf } from './language/outline';
import type { VariableDefinition } from './language/parse/types';
import {
  shiftCodeAction, shiftCodeLens, shiftCompletion, shiftDiagnostic, shiftFolding, shiftHover, shiftRange, shiftSymbol,
} from './language/shift';
import type { SystemContext } from './language/systemVariables';
import { visibleValues, type VariableValue } from './language/variableHover';

/** What a document's variables come from besides its text: the selected environment, `.env`, the process. */
export interface DocumentScope {
  readonly environment: ReadonlyMap<string, VariableValue>;
  readonly system?: SystemContext;
}

const NO_SCOPE: DocumentScope = { environment: new Map() };

/**
 * A document as the server holds it: one or more linted parts (pieces of an .http file between `###`, or a
 * whole dump). What covers the whole document (diagnostics, lenses, symbols, folding) comes from each part's
 * summary; a request at a position is answered by the part under it, in that part's lines, and moved back.
 */
export class DocumentParts {
  private values?: Map<string, VariableValue>;
  private names?: { readonly variables: readonly VariableDefinition[]; readonly requests: readonly string[] };

  constructor(readonly parts: readonly Part[], private readonly scope: DocumentScope = NO_SCOPE) {}

  /** Every variable the document can use, for hovers: the environment's, then the file's (which win). */
  private variableValues(): Map<string, VariableValue> {
    if (!this.values) {
      this.values = new Map(this.scope.environment);
      for (const { offset, result } of this.parts) for (const [k, v] of visibleValues(new Map(), summaryOf(result).variables, offset)) this.values.set(k, v);
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
    for (const { offset, result } of this.parts) for (const d of summaryOf(result).published.at(offset)) out.push(d);
    return out;
  }

  hover(p: Position): Hover | null {
    const { part, position } = this.local(p);
    return shiftHover(doHover(part.result, position, { values: this.variableValues(), system: this.scope.system }), part.offset);
  }

  complete(p: Position): CompletionList {
    const { part, position } = this.local(p);
    const whole = this.parts.length > 1 ? this.fileNames() : undefined;
    return shiftCompletion(doComplete(part.result, position, {
      fileVariables: whole?.variables,
      requestNames: whole?.requests,
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
    return this.parts.flatMap(({ offset, result }) => lensesOf(summaryOf(result).outline, uri).map((l) => shiftCodeLens(l, offset)));
  }

  symbols(): DocumentSymbol[] {
    return this.parts.flatMap(({ offset, result }) => symbolsOf(summaryOf(result).outline).map((s) => shiftSymbol(s, offset)));
  }

  folding(): FoldingRange[] {
    return this.parts.flatMap(({ offset, result }) => foldingOf(summaryOf(result).outline).map((f) => shiftFolding(f, offset)));
  }

  /** The variables and request names of the whole file, for completion in any of its parts. */
  private fileNames(): { readonly variables: readonly VariableDefinition[]; readonly requests: readonly string[] } {
    this.names ??= {
      variables: this.parts.flatMap((x) => summaryOf(x.result).variables),
      requests: this.parts.flatMap((x) => summaryOf(x.result).requestNames),
    };
    return this.names;
  }
}
