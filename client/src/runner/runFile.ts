import { dirname } from 'node:path';
import type { ParsedDocument, RequestBlock } from '../../../server/src/language/parse/types';
import { fileVariables, mapSource } from '../../../server/src/language/variables';
import { runExchange } from './exchange';
import { ConnectionPool } from './pool';
import { prepareRequest } from './prepare';
import type { ExchangeReport, RunOptions } from './types';

export interface Selection {
  /** 1-based position of the request in the file. */
  readonly index?: number;
  readonly name?: string;
  /** The request whose lines include this 0-based line (the editor's cursor). */
  readonly line?: number;
}

export interface RunFileOptions extends RunOptions {
  /** The .http file's path: bodies `< ./file` are read relative to it. */
  readonly path: string;
  readonly select?: Selection;
  /** Runs the selection this many times in a row, over the same pool. */
  readonly repeat?: number;
  /** Pass one to share connections across calls (the editor keeps one per file); else one is made and closed. */
  readonly pool?: ConnectionPool;
  /** Variables that take precedence over the file's own (`--var base=...`). */
  readonly variables?: ReadonlyMap<string, string>;
  /** Number of the first exchange (the editor continues a file's numbering from run to run). */
  readonly firstIndex?: number;
}

/** The requests a selection names; an error message when it names none. */
export function selectRequests(doc: ParsedDocument, select: Selection | undefined): RequestBlock[] | string {
  const all = doc.requests;
  if (!select || (select.index === undefined && select.name === undefined && select.line === undefined)) return [...all];
  if (select.index !== undefined) {
    const block = all[select.index - 1];
    return block ? [block] : `there is no request ${select.index}: the file has ${all.length}`;
  }
  if (select.name !== undefined) {
    const block = all.find((b) => b.name === select.name);
    return block ? [block] : `no request is named ${select.name}${all.some((b) => b.name) ? ` (names: ${all.filter((b) => b.name).map((b) => b.name).join(', ')})` : ''}`;
  }
  const block = all.find((b) => b.firstLine <= select.line! && select.line! <= Math.max(b.lastLine, b.message.lastLine));
  return block ? [block] : `no request at line ${select.line! + 1}`;
}

/** Runs requests of an .http file in order, one at a time, yielding each report as it completes. */
export async function* runFile(doc: ParsedDocument, options: RunFileOptions): AsyncGenerator<ExchangeReport> {
  const selected = selectRequests(doc, options.select);
  if (typeof selected === 'string') throw new Error(selected);
  const pool = options.pool ?? new ConnectionPool();
  const variables = mapSource(new Map([...fileVariables(doc), ...(options.variables ?? [])]));
  const repeat = Math.max(1, options.repeat ?? 1);
  let index = options.firstIndex ?? 0;
  // Exchanges that left their connection open: if the server closes it later, the next report says so.
  const watching = new Map<ExchangeReport, string>();
  const withNotes = (report: ExchangeReport): ExchangeReport => {
    for (const [earlier, seen] of watching) {
      const p = earlier.persistence!;
      if (p.observedReason === seen) continue;
      watching.delete(earlier);
      if (p.observed !== 'closed-by-server') continue;
      const note = `connection #${earlier.connection!.id}, left open after [${earlier.index + 1}]: ${p.observedReason}${p.mismatch ? ` (${p.mismatch})` : ''}`;
      (report.notes ??= []).push(note);
    }
    if (report.persistence?.observed === 'kept-open') watching.set(report, report.persistence.observedReason);
    return report;
  };
  try {
    for (let round = 0; round < repeat; round++) {
      for (const block of selected) {
        if (options.signal?.aborted) return;
        const prepared = prepareRequest(block, { variables, baseDir: dirname(options.path), insecure: options.insecure });
        if (!prepared.ok) {
          const start = block.message.start;
          yield {
            index: index++,
            request: { method: start?.kind === 'request' ? start.method : '?', url: start?.kind === 'request' ? start.target : '', version: start?.version?.text ?? 'HTTP/1.1', line: prepared.line, name: prepared.name },
            findings: [],
            error: prepared.error,
          };
          continue;
        }
        yield withNotes(await runExchange(pool, prepared.request, index++, options));
      }
    }
  } finally {
    if (!options.pool) pool.closeAll();
  }
}
