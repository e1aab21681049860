// Moving language-service results by a number of lines: a part of a document answers in its own lines, and
// the document's lines are the part's plus its offset.
import type {
  CodeAction, CodeLens, CompletionList, DocumentSymbol, FoldingRange, Hover, Position, Range, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Fix } from './edits';
import type { LensDiagnostic } from './rules/ruleTypes';
import { plainDiagnostic } from './finding';

export function shiftPosition(p: Position, by: number): Position {
  return { line: p.line + by, character: p.character };
}

export function shiftRange(r: Range, by: number): Range {
  return by === 0 ? r : { start: shiftPosition(r.start, by), end: shiftPosition(r.end, by) };
}

export function shiftEdit(e: TextEdit, by: number): TextEdit {
  return by === 0 ? e : { range: shiftRange(e.range, by), newText: e.newText };
}

function shiftFix(f: Fix, by: number): Fix {
  return by === 0 ? f : { ...f, edits: f.edits.map((e) => shiftEdit(e, by)) };
}

export function shiftDiagnostic(d: LensDiagnostic, by: number): LensDiagnostic {
  if (by === 0) return d;
  // A diagnostic attached to a code action may have come without its fixes.
  const data = d.data?.fixes ? { fixes: d.data.fixes.map((f) => shiftFix(f, by)) } : d.data;
  return plainDiagnostic(d, shiftRange(d.range, by), data);
}

export function shiftWorkspaceEdit(w: WorkspaceEdit, by: number): WorkspaceEdit {
  if (by === 0 || !w.changes) return w;
  return { changes: Object.fromEntries(Object.entries(w.changes).map(([uri, edits]) => [uri, edits.map((e) => shiftEdit(e, by))])) };
}

export function shiftCodeAction(a: CodeAction, by: number): CodeAction {
  if (by === 0) return a;
  return {
    ...a,
    diagnostics: a.diagnostics?.map((d) => shiftDiagnostic(d as LensDiagnostic, by)),
    edit: a.edit && shiftWorkspaceEdit(a.edit, by),
  };
}

export function shiftHover(h: Hover | null, by: number): Hover | null {
  return h && h.range ? { ...h, range: shiftRange(h.range, by) } : h;
}

export function shiftCompletion(list: CompletionList, by: number): CompletionList {
  if (by === 0) return list;
  return {
    ...list,
    items: list.items.map((item) => {
      const edit = item.textEdit;
      if (!edit || !('range' in edit)) return item;
      return { ...item, textEdit: { range: shiftRange(edit.range, by), newText: edit.newText } };
    }),
  };
}

export function shiftCodeLens(l: CodeLens, by: number): CodeLens {
  if (by === 0) return l;
  const args = l.command?.arguments;
  // Send Request carries the request's position: it moves with the lens.
  const moved = args && args.length === 2 && typeof args[1] === 'object' ? [args[0], shiftPosition(args[1] as Position, by)] : args;
  return { range: shiftRange(l.range, by), command: l.command && { ...l.command, arguments: moved } };
}

export function shiftSymbol(s: DocumentSymbol, by: number): DocumentSymbol {
  return by === 0 ? s : { ...s, range: shiftRange(s.range, by), selectionRange: shiftRange(s.selectionRange, by), children: s.children?.map((c) => shiftSymbol(c, by)) };
}

export function shiftFolding(f: FoldingRange, by: number): FoldingRange {
  return by === 0 ? f : { ...f, startLine: f.startLine + by, endLine: f.endLine + by };
}
