import { CodeActionKind, type CodeAction, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { LintResult } from './lint';
import type { LensDiagnostic } from './rules/ruleTypes';

/** The kind under which "Fix All" and `editor.codeActionsOnSave` find HTTP Lens's fixes. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.httpLens`;

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Quick fixes for the findings that touch `range`, and a fix-all action when `only` asks for it. */
export function codeActions(result: LintResult, uri: string, range: Range, only?: readonly string[]): CodeAction[] {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of result.diagnostics) {
      if (!overlaps(d.range, range)) continue;
      for (const fix of d.data.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.isPreferred,
          edit: { changes: { [uri]: [...fix.edits] } },
        });
      }
    }
  }
  if (only && wants(FIX_ALL_KIND)) {
    const action = fixAllAction(result.diagnostics, uri);
    if (action) actions.push(action);
  }
  return actions;
}

/**
 * Every preferred fix whose edits do not collide with one already taken: applying overlapping edits at
 * once is undefined, and the rest is fixed by running Fix All again.
 */
export function fixAllEdits(diagnostics: readonly LensDiagnostic[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const d of diagnostics) {
    const fix = d.data.fixes.find((f) => f.isPreferred);
    if (!fix) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(t.range, e.range)))) continue;
    taken.push(...fix.edits);
  }
  return taken;
}

function fixAllEdit(diagnostics: readonly LensDiagnostic[], uri: string): WorkspaceEdit | undefined {
  const edits = fixAllEdits(diagnostics);
  return edits.length ? { changes: { [uri]: edits } } : undefined;
}

/** The fix-all action for a set of findings, or none when nothing has a preferred fix. */
export function fixAllAction(diagnostics: readonly LensDiagnostic[], uri: string): CodeAction | undefined {
  const edit = fixAllEdit(diagnostics, uri);
  return edit && { title: 'Fix all HTTP Lens problems', kind: FIX_ALL_KIND, edit };
}
