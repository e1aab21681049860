import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttpFile } from '../../server/src/language/parse/httpFile';
import { ConnectionPool } from '../../client/src/runner/pool';
import { runFile, type RunFileOptions } from '../../client/src/runner/runFile';
import type { ExchangeReport } from '../../client/src/runner/types';

/** Writes `text` as an .http file in a fresh folder and runs it; returns every report. */
export async function runHttp(text: string, options: Partial<RunFileOptions> = {}): Promise<ExchangeReport[]> {
  const dir = mkdtempSync(join(tmpdir(), 'http-lens-test-'));
  const path = join(dir, 'requests.http');
  writeFileSync(path, text);
  const reports: ExchangeReport[] = [];
  for await (const r of runFile(parseHttpFile(text), { path, ...options })) reports.push(r);
  return reports;
}

/** The verdicts in a compact form: `new #0`, `reused #0`. */
export function verdicts(reports: readonly ExchangeReport[]): string[] {
  return reports.map((r) => (r.connection ? `${r.connection.reused ? 'reused' : 'new'} #${r.connection.id}` : `error ${r.error?.phase}`));
}

export { ConnectionPool };
