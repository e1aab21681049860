// `npm run bench lint`: a full lint beside the time to merely read the file and split it into lines.
import { buildSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump, httpFile } from './generate';
import type { CaseTimes } from './lintCase';
import { fmt } from './stats';

/**
 * A module bundled and minified as the CLI ships the linter: the same code through tsx, one module at a time,
 * runs slower, and would measure the benchmark's loader rather than what users run.
 */
function bundle(entry: string, dir: string): string {
  const outfile = join(dir, entry.replace(/\W/g, '_') + '.js');
  buildSync({ entryPoints: [resolve(__dirname, entry)], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile, logLevel: 'warning' });
  return outfile;
}

/**
 * Runs before timing: a fresh process compiles the linter's code while it runs, and takes about six runs of the
 * 1 MB dump to reach its steady speed (110, 70, 40, 28, 21, 16, then 13-15 ms): timed from the second run on, a
 * median of seven would measure the compiler.
 */
const WARMUPS = 10;
const RUNS = 15;

/** The first lint in a fresh process, compiling included: what one `http-lens lint` of the file costs beyond Node's start. */
function coldLint(lintBundle: string, path: string, kind: string): number {
  const script = `const { lintText } = require(${JSON.stringify(lintBundle)}); const text = require('fs').readFileSync(${JSON.stringify(path)}, 'utf8');` +
    `const t = performance.now(); lintText(text, ${JSON.stringify(kind)}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

export function lintBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'http-lens-bench-'));
  const lintBundle = bundle('../server/src/language/lint.ts', dir);
  const caseBundle = bundle('./lintCase.ts', dir);
  const cases = [
    { name: '10,000-request .http file', path: join(dir, 'big.http'), text: httpFile(10_000), kind: 'http-file' as const },
    { name: '1 MB curl -v dump', path: join(dir, 'big.txt'), text: dump(1 << 20), kind: 'message' as const },
  ];
  console.log(`Lint, bundled as the CLI runs it, each file in a process of its own (median of ${RUNS} runs, after ${WARMUPS} warm-up runs)\n`);
  for (const c of cases) {
    writeFileSync(c.path, c.text);
    const lines = c.text.split('\n').length;
    const cold = coldLint(lintBundle, c.path, c.kind);
    const { split, lint, scan, diagnostics } = JSON.parse(
      execFileSync(process.execPath, [caseBundle, c.path, c.kind, String(RUNS), String(WARMUPS)], { encoding: 'utf8' }),
    ) as CaseTimes;
    console.log(`  ${c.name}: ${(c.text.length / 1024).toFixed(0)} KiB, ${lines.toLocaleString('en')} lines, ${diagnostics.toLocaleString('en')} findings`);
    console.log(`    read and split:  ${fmt(split)}`);
    console.log(`    read and scan:   ${fmt(scan)}  (${(scan / split).toFixed(1)}x: only each field's colon, name and value characters)`);
    console.log(`    read and lint:   ${fmt(lint)}  (${(lint / split).toFixed(1)}x read-and-split)`);
    console.log(`    first lint in a new process, compiling included: ${fmt(cold)}\n`);
  }
}
