import { dirname } from 'node:path';
import type { ParsedDocument, RequestBlock } from '../../../server/src/language/parse/types';
import type { SystemContext } from '../../../server/src/language/systemVariables';
import { fileVariables, mapSource } from '../../../server/src/language/variables';
import { CookieJar } from './cookieJar';
import { ConnectionPool } from './pool';
import { prepareRequest, type PrepareContext, type Prepared } from './prepare';
import { askPrompts, type PromptFunction } from './prompts';
import { explainReference, newRequestResults, recordExchange, withRequestResults, type RequestResults } from './requestResults';
import { sendHop, type ChainOptions } from './sendChain';
import type { ExchangeReport, PreparedRequest, RedirectHop, RunOptions } from './types';

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
  /** Variables of the selected environment: the file's own `@name = value` lines take precedence over them. */
  readonly environment?: ReadonlyMap<string, string>;
  /** What `{{$dotenv}}`, `{{$processEnv}}` and `{{$shared}}` read. */
  readonly system?: SystemContext;
  /** Follow 301, 302, 303, 307 and 308 responses (default true); `# @no-redirect` turns it off per request. */
  readonly followRedirects?: boolean;
  /** Cookies kept across requests; pass one to keep them across calls (the editor keeps one per file). */
  readonly cookies?: CookieJar;
  /** What named requests left behind, for `{{login.response.body.$.token}}`; pass one to keep it across calls. */
  readonly results?: RequestResults;
  /** Answers `# @prompt name [description]`; without it, a request with a prompt is not sent. */
  readonly prompt?: PromptFunction;
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

/**
 * What later requests call a request by: its `# @name`, else a one-word `###` title, as the JetBrains client
 * and kulala read `### login`.
 */
function requestName(block: RequestBlock): string | undefined {
  return block.name ?? (block.title && /^[A-Za-z_][\w-]*$/.test(block.title) ? block.title : undefined);
}

/** `# @no-redirect` (also `@noredirect`) and the like: metadata keys are case-insensitive. */
function hasMetadata(block: RequestBlock, pattern: RegExp): boolean {
  return block.metadata.some((m) => pattern.test(m.key));
}

/**
 * Runs requests of an .http file in order, one at a time, yielding each report as it completes. A request
 * that is redirected yields one report per hop.
 */
export async function* runFile(doc: ParsedDocument, options: RunFileOptions): AsyncGenerator<ExchangeReport> {
  const selected = selectRequests(doc, options.select);
  if (typeof selected === 'string') throw new Error(selected);
  const pool = options.pool ?? new ConnectionPool();
  const jar = options.cookies ?? new CookieJar();
  const results = options.results ?? newRequestResults();
  const names = new Set(doc.requests.map(requestName).filter((n): n is string => n !== undefined));
  // Precedence, lowest first: the environment, the file's own variables, then --var.
  const variables = new Map([...(options.environment ?? []), ...fileVariables(doc), ...(options.variables ?? [])]);
  const contextWith = (vars: ReadonlyMap<string, string>): PrepareContext => ({
    variables: withRequestResults(mapSource(vars, options.system), results),
    baseDir: dirname(options.path),
    insecure: options.insecure,
    explainMissing: (expression) => explainReference(expression, results, names),
  });
  // A request reads the results of earlier ones through `results` when it is prepared, so one context serves
  // every request that asks no prompt.
  const context = contextWith(variables);
  // The answer to a request's prompt wins, for that request, over every other definition of the name.
  const contextFor = (answers: ReadonlyMap<string, string>) => (answers.size ? contextWith(new Map([...variables, ...answers])) : context);
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
        const prepared = await prepareBlock(block, options.prompt, contextFor);
        if (!prepared.ok) {
          yield notSent(block, prepared, index++);
          continue;
        }
        const chain: ChainOptions = {
          pool,
          run: options,
          jar: hasMetadata(block, /^no-?cookie-?jar$/i) ? undefined : jar,
          followRedirects: options.followRedirects !== false && !hasMetadata(block, /^no-?redirect$/i),
          nextIndex: () => index++,
        };
        let first: ExchangeReport | undefined;
        let last: ExchangeReport | undefined;
        let request: PreparedRequest | undefined = prepared.request;
        let redirect: RedirectHop | undefined;
        for (let hop = 0; request && !(hop > 0 && options.signal?.aborted); hop++) {
          const { report, next } = await sendHop(request, redirect, hop, chain);
          first ??= report;
          last = report;
          yield withNotes(report);
          request = next?.request;
          redirect = next?.redirect;
        }
        const name = requestName(block);
        if (name && last) results.set(name, recordExchange(first?.sent ?? prepared.request, last));
      }
    }
  } finally {
    if (!options.pool) pool.closeAll();
  }
}

/** Asks the request's prompts, then prepares it with every variable it may use. */
async function prepareBlock(block: RequestBlock, prompt: PromptFunction | undefined, contextFor: (answers: ReadonlyMap<string, string>) => PrepareContext): Promise<Prepared> {
  const prompted = await askPrompts(block, prompt);
  if (typeof prompted === 'string') {
    return { ok: false, error: { phase: 'prepare', message: prompted }, line: block.message.start?.span.line ?? block.firstLine, name: block.name };
  }
  return prepareRequest(block, contextFor(prompted));
}

function notSent(block: RequestBlock, prepared: Prepared & { ok: false }, index: number): ExchangeReport {
  const start = block.message.start;
  return {
    index,
    request: { method: start?.kind === 'request' ? start.method : '?', url: start?.kind === 'request' ? start.target : '', version: start?.version?.text ?? 'HTTP/1.1', line: prepared.line, name: prepared.name },
    findings: [],
    error: prepared.error,
  };
}
