import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { lintText, type LintOptions, type LintResult } from '../../server/src/language/lint';
import type { DocumentKind } from '../../server/src/language/parse/types';
import type { LensDiagnostic } from '../../server/src/language/rules/ruleTypes';
import type { Fix } from '../../server/src/language/edits';

export type Kind = 'http' | 'message';

export function lint(text: string, kind: Kind = 'message', options?: LintOptions): LintResult {
  const docKind: DocumentKind = kind === 'http' ? 'http-file' : 'message';
  return lintText(text, docKind, options);
}

export function codes(result: LintResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

/** The one diagnostic with `code`; fails when there are none or several. */
export function only(result: LintResult, code: string): LensDiagnostic {
  const found = result.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected exactly one ${code}, got ${found.length}: ${JSON.stringify(result.diagnostics.map((d) => [d.code, d.message]))}`);
  return found[0]!;
}

export function none(result: LintResult, code: string): void {
  const found = result.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 0, `expected no ${code}, got: ${JSON.stringify(found.map((d) => [d.message, d.range]))}`);
}

/** The text a range covers, read with an independent implementation of LSP positions. */
export function textAt(text: string, range: Range): string {
  const doc = TextDocument.create('file:///t', 'http', 1, text);
  return doc.getText(range);
}

/** Applies a fix's edits the way an editor would (vscode-languageserver-textdocument), returning the new text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const doc = TextDocument.create('file:///t', 'http', 1, text);
  return TextDocument.applyEdits(doc, [...edits]);
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Applies the fix titled `title` (or the preferred one) of the single `code` diagnostic. */
export function fixed(text: string, kind: Kind, code: string, title?: string): string {
  const d = only(lint(text, kind), code);
  const fixes = d.data.fixes;
  const fix = title ? fixes.find((f) => f.title === title) : fixes.find((f) => f.isPreferred) ?? fixes[0];
  assert.ok(fix, `no fix ${title ?? '(preferred)'} on ${code}; fixes: ${fixes.map((f) => f.title).join(' | ')}`);
  return applyFix(text, fix);
}

/** Joins lines with CRLF, as real HTTP messages are written. */
export function crlf(...lines: string[]): string {
  return lines.join('\r\n');
}

/** Splits `text` at its `|` cursor marker: the text without it, and the cursor's position. */
export function cursor(marked: string): { text: string; position: { line: number; character: number } } {
  const at = marked.indexOf('|');
  assert.ok(at >= 0, 'the text needs a | cursor marker');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = marked.slice(0, at).split(/\r\n|\r|\n/);
  return { text, position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}
