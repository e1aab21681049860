import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { lintText, type LintOptions, type LintResult } from '../../../server/src/language/lint';
import { cliEnvironment, environmentProblemLines } from './environmentOption';
import type { DocumentKind } from '../../../server/src/language/parse/types';
import type { Prediction } from '../../../server/src/language/persistence';
import type { LensDiagnostic } from '../../../server/src/language/rules/ruleTypes';
import { specTitle } from '../../../server/src/language/spec';
import type { Style } from './style';
import { UsageError, parseArgs, readFailure } from './usage';

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readStdin: () => string;
  readonly style: Style;
}

interface LintedFile {
  readonly file: string;
  readonly result: LintResult;
}

/** `http-lens lint <file|-> ... [--json] [--as http|message] [--env NAME]`; returns the exit status. */
export function lintCommand(argv: readonly string[], io: Io): number {
  const { positionals, options } = parseArgs(argv, ['--as', '--env'], ['--json', '--hints']);
  if (positionals.length === 0) throw new UsageError('lint needs at least one file, or - for standard input');
  const as = options.get('--as');
  if (as !== undefined && as !== 'http' && as !== 'message') throw new UsageError(`--as takes http or message, not ${as}`);

  const linted: LintedFile[] = [];
  let unreadable = false;
  for (const file of positionals) {
    let text: string;
    try {
      text = file === '-' ? io.readStdin() : readFileSync(file, 'utf8');
    } catch (err) {
      io.stderr(`http-lens: cannot read ${file}: ${readFailure(err)}\n`);
      unreadable = true;
      continue;
    }
    const kind: DocumentKind = as ? (as === 'http' ? 'http-file' : 'message') : kindOf(file);
    let lintOptions: LintOptions = {};
    if (kind === 'http-file') {
      const env = cliEnvironment(file, options.get('--env'));
      for (const line of environmentProblemLines(env)) io.stderr(line);
      lintOptions = env.lint;
    }
    linted.push({ file: file === '-' ? '<stdin>' : file, result: lintText(text, kind, lintOptions) });
  }

  if (options.has('--json')) io.stdout(JSON.stringify({ files: linted.map(toJson) }, null, 2) + '\n');
  else for (const f of linted) io.stdout(formatHuman(f, io.style, options.has('--hints')));
  if (!options.has('--json') && linted.length > 0) io.stdout(summary(linted, io.style, options.has('--hints')) + '\n');

  if (unreadable) return 2;
  return linted.some((f) => f.result.diagnostics.some((d) => d.severity === 1)) ? 1 : 0;
}

function kindOf(file: string): DocumentKind {
  const ext = extname(file).toLowerCase();
  return ext === '.http' || ext === '.rest' ? 'http-file' : 'message';
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'] as const;

function formatHuman({ file, result }: LintedFile, style: Style, hints: boolean): string {
  const out: string[] = [];
  const lines = result.doc.lines;
  const notes = result.predictions.map((p) => ({ line: p.message.firstLine, p }));
  let n = 0;
  const emitNotesUpTo = (line: number) => {
    while (n < notes.length && notes[n]!.line <= line) {
      out.push(formatPrediction(file, notes[n]!.line, notes[n]!.p.prediction, style));
      n++;
    }
  };
  for (const d of result.diagnostics) {
    if (d.severity === 4 && !hints) continue;
    emitNotesUpTo(d.range.start.line);
    out.push(formatDiagnostic(file, lines, d, style));
  }
  emitNotesUpTo(Number.MAX_SAFE_INTEGER);
  return out.join('');
}

function formatDiagnostic(file: string, lines: readonly string[], d: LensDiagnostic, style: Style): string {
  const { line, character } = d.range.start;
  const severity = SEVERITY_NAMES[d.severity ?? 1] ?? 'error';
  const colour = severity === 'error' ? style.red : severity === 'warning' ? style.yellow : style.cyan;
  const source = lines[line] ?? '';
  const endChar = d.range.end.line === line ? Math.max(d.range.end.character, character + 1) : Math.max(source.length, character + 1);
  const gutter = String(line + 1);
  const pad = ' '.repeat(gutter.length);
  const shown = source.length > 200 ? source.slice(0, 200) + '…' : source;
  const caretEnd = Math.min(endChar, 201);
  let text = `${style.bold(`${file}:${line + 1}:${character + 1}:`)} ${colour(style.bold(`${severity}[${d.code}]`))} ${d.message}\n`;
  text += `${style.blue(` ${gutter} |`)} ${shown}\n`;
  text += `${style.blue(` ${pad} |`)} ${' '.repeat(Math.min(character, 200))}${colour('^'.repeat(Math.max(1, caretEnd - Math.min(character, 200))))}\n`;
  for (const fix of d.data.fixes) text += `${style.blue(` ${pad} =`)} ${style.bold('help:')} ${fix.title}\n`;
  if (d.codeDescription) text += `${style.blue(` ${pad} =`)} ${style.dim(`see ${d.codeDescription.href}`)}\n`;
  return text + '\n';
}

function formatPrediction(file: string, line: number, p: Prediction, style: Style): string {
  const verdict = p.persists ? style.green('persistence') : style.yellow('persistence');
  let text = `${style.bold(`${file}:${line + 1}:1:`)} ${style.bold(verdict)} ${p.summary} (${specTitle(p.spec)})\n`;
  if (p.detail) text += `  ${style.bold('note:')} ${p.detail}\n`;
  return text + '\n';
}

function summary(files: readonly LintedFile[], style: Style, hints: boolean): string {
  const count = (sev: number) => files.reduce((n, f) => n + f.result.diagnostics.filter((d) => d.severity === sev).length, 0);
  const errors = count(1);
  const warnings = count(2);
  const infos = count(3);
  const hidden = hints ? 0 : count(4);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  let text = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos + (hints ? count(4) : 0), 'note')} in ${plural(files.length, 'file')}`;
  if (hidden) text += ` (${plural(hidden, 'hint')} not shown: --hints shows them)`;
  return errors ? style.red(text) : warnings ? style.yellow(text) : style.green(text);
}

function toJson({ file, result }: LintedFile) {
  return {
    file,
    diagnostics: result.diagnostics,
    messages: result.predictions.map(({ message, prediction }) => ({
      line: message.firstLine,
      kind: message.kind,
      version: message.start?.version?.text ?? (result.doc.kind === 'http-file' && message.kind === 'request' ? 'HTTP/1.1' : null),
      persistence: predictionJson(prediction),
    })),
  };
}

export function predictionJson(p: Prediction): Record<string, unknown> {
  return {
    persists: p.persists,
    reason: p.summary,
    code: p.reason,
    spec: p.spec,
    conditional: p.conditional,
    ...(p.detail ? { detail: p.detail } : {}),
    ...(p.byVersion
      ? { byVersion: { 'HTTP/1.0': predictionJson(p.byVersion['HTTP/1.0']), 'HTTP/1.1': predictionJson(p.byVersion['HTTP/1.1']) } }
      : {}),
  };
}
