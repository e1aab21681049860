import { readFileSync } from 'node:fs';
import { parseHttpFile } from '../../../server/src/language/parse/httpFile';
import { exchangeJson, formatExchange, formatSummary, formatTimeline } from '../runner/reuseReport';
import { runFile, selectRequests, type Selection } from '../runner/runFile';
import type { ExchangeReport } from '../runner/types';
import type { Io } from './lintCommand';
import { UsageError, parseArgs } from './usage';

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} takes a whole number of 1 or more, not ${value}`);
  return Number(value);
}

/** `http-lens run <file.http> [--json] [--request N | --name X] [--repeat N] [--insecure]`; returns the exit status. */
export async function runCommand(argv: readonly string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { positionals, options, repeated } = parseArgs(argv, ['--request', '--name', '--repeat', '--timeout', '--var'], ['--json', '--insecure']);
  if (positionals.length !== 1) throw new UsageError('run takes exactly one .http file');
  if (options.has('--request') && options.has('--name')) throw new UsageError('give --request or --name, not both');
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`http-lens: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
    return 2;
  }
  const doc = parseHttpFile(text);
  const select: Selection = { index: positiveInt(options.get('--request'), '--request'), name: options.get('--name') };
  const chosen = selectRequests(doc, select);
  if (typeof chosen === 'string') {
    io.stderr(`http-lens: ${file}: ${chosen}\n`);
    return 2;
  }
  if (chosen.length === 0) {
    io.stderr(`http-lens: ${file} holds no requests\n`);
    return 2;
  }
  const timeout = positiveInt(options.get('--timeout'), '--timeout');
  const variables = new Map<string, string>();
  for (const v of repeated.get('--var') ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var takes name=value, not ${v}`);
    variables.set(v.slice(0, eq), v.slice(eq + 1));
  }
  const json = options.has('--json');
  const reports: ExchangeReport[] = [];
  for await (const report of runFile(doc, {
    path: file,
    select,
    repeat: positiveInt(options.get('--repeat'), '--repeat'),
    insecure: options.has('--insecure'),
    signal,
    variables,
    ...(timeout ? { totalTimeoutMs: timeout * 1000, idleTimeoutMs: timeout * 1000 } : {}),
  })) {
    reports.push(report);
    if (!json) io.stdout(formatExchange(report, io.style));
  }
  if (json) io.stdout(JSON.stringify({ exchanges: reports.map(exchangeJson) }, null, 2) + '\n');
  else {
    if (reports.length > 1) io.stdout('\n' + formatTimeline(reports, io.style) + '\n');
    io.stdout(formatSummary(reports, io.style));
  }
  return reports.some((r) => r.error) ? 1 : 0;
}
