import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-types';
import type { LintResult } from './lint';
import { foldingOf, outlineOf, symbolsOf } from './outline';

/** Each request (by its `@name`, else `METHOD target`), or each message of a dump. */
export function documentSymbols(result: LintResult): DocumentSymbol[] {
  return symbolsOf(outlineOf(result));
}

/** A fold per request or message, and per script or comment block of two lines or more. */
export function foldingRanges(result: LintResult): FoldingRange[] {
  return foldingOf(outlineOf(result));
}
