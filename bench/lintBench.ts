// `npm run bench lint`: a full lint beside the time to merely read the file and split it into lines.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintText } from '../server/src/language/lint';
import { dump, httpFile } from './generate';
import { fmt, timeMedian } from './stats';

export function lintBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'http-lens-bench-'));
  const cases = [
    { name: '10,000-request .http file', path: join(dir, 'big.http'), text: httpFile(10_000), kind: 'http-file' as const },
    { name: '1 MB curl -v dump', path: join(dir, 'big.txt'), text: dump(1 << 20), kind: 'message' as const },
  ];
  console.log('Lint (median of 7 runs, after a warm-up)\n');
  for (const c of cases) {
    writeFileSync(c.path, c.text);
    const lines = c.text.split('\n').length;
    const split = timeMedian(() => readFileSync(c.path, 'utf8').split(/\r?\n/));
    let diagnostics = 0;
    const lint = timeMedian(() => {
      diagnostics = lintText(readFileSync(c.path, 'utf8'), c.kind).diagnostics.length;
    });
    console.log(`  ${c.name}: ${(c.text.length / 1024).toFixed(0)} KiB, ${lines.toLocaleString('en')} lines, ${diagnostics.toLocaleString('en')} findings`);
    console.log(`    read and split:  ${fmt(split)}`);
    console.log(`    read and lint:   ${fmt(lint)}  (${(lint / split).toFixed(1)}x read-and-split)\n`);
  }
}
