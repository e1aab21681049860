import type { CodeLens } from 'vscode-languageserver-types';
import type { LintResult } from './lint';
import { lensesOf, outlineOf } from './outline';

export { SEND_REQUEST_COMMAND } from './outline';

/** On each request of an .http file: "Send Request", and the persistence prediction as plain text. */
export function codeLenses(result: LintResult, uri: string): CodeLens[] {
  return lensesOf(outlineOf(result), uri);
}
