// Shared assertions for the rule tests: one finding, its severity, the exact text it underlines, and its fixes.
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix } from '../../../server/src/language/edits';
import type { LensDiagnostic } from '../../../server/src/language/rules/ruleTypes';
import { applyFix, lint, only, textAt, type Kind } from '../../support/lintHelpers';

export const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** Both line endings a document may use: every raw-dump case runs with each. */
export const EOLS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const;

export function lines(eol: string, ...ls: string[]): string {
  return ls.join(eol);
}

export interface Expected {
  readonly severity: keyof typeof SEVERITY;
  /** The exact text the range covers. */
  readonly at: string;
  /** The 0-based line the range starts on, when the text alone could be ambiguous. */
  readonly line?: number;
  /** A fragment the message must contain. */
  readonly message?: string | RegExp;
}

/** Lints `text`, asserts exactly one `code` finding as described, and returns it. */
export function expectOne(text: string, kind: Kind, code: string, want: Expected): LensDiagnostic {
  const d = only(lint(text, kind), code);
  assert.equal(d.severity, SEVERITY[want.severity], `severity of ${code}`);
  assert.equal(textAt(text, d.range), want.at, `text under ${code}`);
  if (want.line !== undefined) assert.equal(d.range.start.line, want.line, `line of ${code}`);
  if (typeof want.message === 'string') assert.ok(d.message.includes(want.message), `message of ${code}: ${d.message}`);
  else if (want.message) assert.match(d.message, want.message);
  return d;
}

/** All findings with `code`, as [text under the range, severity]. */
export function all(text: string, kind: Kind, code: string): [string, DiagnosticSeverity | undefined][] {
  return lint(text, kind).diagnostics.filter((d) => d.code === code).map((d) => [textAt(text, d.range), d.severity]);
}

export function titles(d: LensDiagnostic): string[] {
  return d.data.fixes.map((f) => f.title);
}

/** Applies the fix titled `title`, or the preferred one. */
export function applyTitled(text: string, d: LensDiagnostic, title?: string): string {
  const fixes: readonly Fix[] = d.data.fixes;
  const fix = title ? fixes.find((f) => f.title === title) : fixes.find((f) => f.isPreferred);
  assert.ok(fix, `no fix ${title ?? '(preferred)'} on ${d.code}; fixes: ${fixes.map((f) => f.title).join(' | ')}`);
  return applyFix(text, fix);
}
