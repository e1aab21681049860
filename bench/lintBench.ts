// `npm run bench lint`: a full lint beside the time to merely read the file and split it into lines.
import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { lintText as LintText } from '../server/src/language/lint';
import { dump, httpFile } from './generate';
import type { scanFields as ScanFields } from './scanFloor';
import { fmt, timeMedian } from './stats';

/**
 * A module bundled and minified as the CLI ships the linter: the same code through tsx, one module at a time,
 * runs slower, and would measure the benchmark's loader rather than what users run.
 */
function bundled<T>(entry: string, dir: string): T {
  const outfile = join(dir, entry.replace(/\W/g, '_') + '.js');
  buildSync({ entryPoints: [resolve(__dirname, entry)], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile, logLevel: 'warning' });
  return require(outfile) as T;
}

export function lintBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'http-lens-bench-'));
  const { lintText } = bundled<{ lintText: typeof LintText }>('../server/src/language/lint.ts', dir);
  const { scanFields } = bundled<{ scanFields: typeof ScanFields }>('./scanFloor.ts', dir);
  const cases = [
    { name: '10,000-request .http file', path: join(dir, 'big.http'), text: httpFile(10_000), kind: 'http-file' as const },
    { name: '1 MB curl -v dump', path: join(dir, 'big.txt'), text: dump(1 << 20), kind: 'message' as const },
  ];
  console.log('Lint, bundled as the CLI runs it (median of 7 runs, after a warm-up)\n');
  for (const c of cases) {
    writeFileSync(c.path, c.text);
    const lines = c.text.split('\n').length;
    const split = timeMedian(() => readFileSync(c.path, 'utf8').split(/\r?\n/));
    let diagnostics = 0;
    const lint = timeMedian(() => {
      diagnostics = lintText(readFileSync(c.path, 'utf8'), c.kind).diagnostics.length;
    });
    console.log(`  ${c.name}: ${(c.text.length / 1024).toFixed(0)} KiB, ${lines.toLocaleString('en')} lines, ${diagnostics.toLocaleString('en')} findings`);
    const scan = timeMedian(() => scanFields(readFileSync(c.path, 'utf8')));
    console.log(`    read and split:  ${fmt(split)}`);
    console.log(`    read and scan:   ${fmt(scan)}  (${(scan / split).toFixed(1)}x: only each field's colon, name and value characters)`);
    console.log(`    read and lint:   ${fmt(lint)}  (${(lint / split).toFixed(1)}x read-and-split)\n`);
  }
}
