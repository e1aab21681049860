#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx) and exits non-zero if any failed.
// Usage: node scripts/run-tests.mjs [unit|lsp|runner|e2e ...]   (all suites when none is named)
// The end-to-end suite runs on its own after the others: a real VS Code next to CPU-heavy property tests
// makes its timings flaky.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const named = args.filter((a) => !a.startsWith('-'));
const chosen = named.length ? named : ['unit', 'lsp', 'runner', 'e2e'];

function testFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'support' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filesOf = (suites) => suites.flatMap((suite) => testFiles(join(root, 'test', suite))).map((f) => relative(root, f)).sort();
const batches = [filesOf(chosen.filter((s) => s !== 'e2e')), filesOf(chosen.filter((s) => s === 'e2e'))].filter((b) => b.length > 0);
if (batches.length === 0) {
  console.error(`no test files in ${chosen.join(', ')}`);
  process.exit(1);
}
let failed = false;
for (const files of batches) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...flags, ...files], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
