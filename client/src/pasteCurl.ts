import * as vscode from 'vscode';
import { curlToHttp, textToInsert } from './curlImport';

/** Reads a curl command from the clipboard and writes it as a request where the cursor is. */
export async function pasteCurlAsRequest(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'http') {
    void vscode.window.showErrorMessage('HTTP Lens: open an .http file and put the cursor where the request should go.');
    return;
  }
  const clipboard = await vscode.env.clipboard.readText();
  const converted = curlToHttp(clipboard);
  if (!converted.ok) {
    const where = converted.offset === undefined ? '' : ` (at character ${converted.offset + 1} of the clipboard text)`;
    void vscode.window.showErrorMessage(`HTTP Lens: cannot paste the clipboard as a request: ${converted.message}${where}.`);
    return;
  }
  const document = editor.document;
  // Like a paste, the request replaces the selection.
  const selection = editor.selection;
  const before = document.getText(new vscode.Range(new vscode.Position(0, 0), selection.start));
  const after = document.getText(new vscode.Range(selection.end, document.lineAt(document.lineCount - 1).range.end));
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const text = textToInsert(before, after, converted.text).replace(/\n/g, eol);
  const edited = await editor.edit((edit) => edit.replace(selection, text));
  if (!edited) {
    void vscode.window.showErrorMessage('HTTP Lens: the editor did not take the pasted request (was the file changed meanwhile?).');
    return;
  }
  if (converted.notes.length > 0) {
    void vscode.window.showInformationMessage(`HTTP Lens: pasted the curl command as a request. ${converted.notes.map((n) => `${n}.`).join(' ')}`);
  }
}
