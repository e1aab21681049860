import type * as vscode from 'vscode';
import { redactHead } from './redaction';
import { formatExchange } from './runner/reuseReport';
import type { ExchangeReport } from './runner/types';

/** Writes each exchange to the output channel as it went on the wire, secrets redacted unless asked not to. */
export function logExchange(output: vscode.LogOutputChannel, r: ExchangeReport, redact: boolean): void {
  const lines = [formatExchange(r).trimEnd()];
  if (r.wireRequest) lines.push('--- request as sent ---', redactHead(r.wireRequest, redact).trimEnd());
  if (r.response) lines.push('--- response head as received ---', redactHead(r.response.rawHead, redact).trimEnd());
  const text = lines.join('\n');
  if (r.error) output.error(text);
  else if (r.persistence?.mismatch || r.findings.length) output.warn(text);
  else output.info(text);
}
