import type { CodeLens } from 'vscode-languageserver-types';
import type { LintResult } from './lint';
import { lensText } from './persistence';
import { spanToRange } from './text';

export const SEND_REQUEST_COMMAND = 'httpLens.sendRequest';

/** On each request of an .http file: "Send Request", and the persistence prediction as plain text. */
export function codeLenses(result: LintResult, uri: string): CodeLens[] {
  if (result.doc.kind !== 'http-file') return [];
  const lenses: CodeLens[] = [];
  for (const block of result.doc.requests) {
    const start = block.message.start;
    if (!start) continue;
    const range = spanToRange(start.span);
    lenses.push({
      range,
      command: { title: 'Send Request', command: SEND_REQUEST_COMMAND, arguments: [uri, { line: start.span.line, character: start.span.start }] },
    });
    const prediction = result.predictions.find((p) => p.message === block.message)?.prediction;
    if (prediction && block.message.protocol === 'http') {
      lenses.push({ range, command: { title: lensText(prediction), command: '' } });
    }
  }
  return lenses;
}
