import { readFileSync } from 'node:fs';
import { parseHttpFile } from '../../../server/src/language/parse/httpFile';
import { looksSecret } from '../../../server/src/language/secrets';
import { exchangeJson, formatExchange, formatSummary, formatTimeline } from '../runner/reuseReport';
import { runFile, selectRequests, type Selection } from '../runner/runFile';
import type { PromptFunction } from '../runner/prompts';
import type { ExchangeReport } from '../runner/types';
import { cliEnvironment, environmentProblemLines } from './environmentOption';
import type { Io } from './lintCommand';
import { UsageError, parseArgs, readFailure } from './usage';

/** The terminal, plus a way to ask the user a question; without `ask`, questions go to a TTY on stdin if any. */
export interface RunIo extends Io {
  /** `hidden`: what is typed is a secret and must not be echoed. */
  readonly ask?: (question: string, hidden: boolean) => Promise<string | undefined>;
}

/**
 * Asks `question` on `output` and reads one line from `input`; undefined when input ends or Ctrl+C is pressed.
 * With `hidden`, what is typed is not echoed: readline echoes through its output, which then swallows it.
 */
export function askLine(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, signal?: AbortSignal, hidden = false): Promise<string | undefined> {
  // node:readline and node:stream are loaded for the first question: most runs ask none.
  const { createInterface } = require('node:readline') as typeof import('node:readline');
  const { Writable } = require('node:stream') as typeof import('node:stream');
  const echo = hidden ? new Writable({ write: (_chunk, _encoding, next) => next() }) : output;
  if (hidden) output.write(question);
  return new Promise((resolve) => {
    const rl = createInterface({ input, output: echo, terminal: hidden ? true : undefined });
    if (hidden) rl.once('close', () => output.write('\n'));
    let answered = false;
    const done = (answer: string | undefined) => {
      if (answered) return;
      answered = true;
      signal?.removeEventListener('abort', cancel);
      resolve(answer);
      rl.close();
    };
    const cancel = () => done(undefined);
    signal?.addEventListener('abort', cancel, { once: true });
    rl.on('SIGINT', cancel);
    rl.on('close', cancel);
    rl.question(hidden ? '' : question, (answer) => done(answer));
  });
}

function nameValues(values: readonly string[], flag: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} takes name=value, not ${v}`);
    map.set(v.slice(0, eq), v.slice(eq + 1));
  }
  return map;
}

/**
 * Answers `# @prompt` from `--prompt name=value`, else asks on the terminal (remembering the answer for the
 * rest of the run), else says which flag would answer it.
 */
function cliPrompt(answers: Map<string, string>, io: RunIo, signal?: AbortSignal): PromptFunction {
  // process.stdin is made on first use, which costs a few milliseconds: only a file with a prompt pays for it.
  const terminal = () => (process.stdin.isTTY ? (q: string, hidden: boolean) => askLine(q, process.stdin, process.stderr, signal, hidden) : undefined);
  const told = new Set<string>();
  return async (name, description) => {
    const given = answers.get(name);
    if (given !== undefined) return given;
    const ask = io.ask ?? terminal();
    if (!ask) {
      if (!told.has(name)) io.stderr(`http-lens: a request asks for ${name} (# @prompt) and standard input is not a terminal: give it with --prompt ${name}=value\n`);
      told.add(name);
      return undefined;
    }
    const answer = await ask(`${name}${description ? ` (${description})` : ''}: `, looksSecret(name));
    if (answer !== undefined) answers.set(name, answer);
    return answer;
  };
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} takes a whole number of 1 or more, not ${value}`);
  return Number(value);
}

/**
 * `http-lens run <file.http> [--json] [--request N | --name X] [--repeat N] [--env NAME] [--var n=v]...
 * [--prompt n=v]... [--no-redirect] [--insecure]`; returns the exit status.
 */
export async function runCommand(argv: readonly string[], io: RunIo, signal?: AbortSignal): Promise<number> {
  const { positionals, options, repeated } = parseArgs(argv, ['--request', '--name', '--repeat', '--timeout', '--var', '--prompt', '--env'], ['--json', '--insecure', '--no-redirect']);
  if (positionals.length !== 1) throw new UsageError('run takes exactly one .http file');
  if (options.has('--request') && options.has('--name')) throw new UsageError('give --request or --name, not both');
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`http-lens: cannot read ${file}: ${readFailure(err)}\n`);
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
  const env = cliEnvironment(file, options.get('--env'));
  for (const line of environmentProblemLines(env)) io.stderr(line);
  const variables = nameValues(repeated.get('--var') ?? [], '--var');
  const prompt = cliPrompt(nameValues(repeated.get('--prompt') ?? [], '--prompt'), io, signal);
  const json = options.has('--json');
  const reports: ExchangeReport[] = [];
  for await (const report of runFile(doc, {
    path: file,
    select,
    repeat: positiveInt(options.get('--repeat'), '--repeat'),
    insecure: options.has('--insecure'),
    signal,
    environment: env.variables,
    system: env.system,
    variables,
    prompt,
    followRedirects: !options.has('--no-redirect'),
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
