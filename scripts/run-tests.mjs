#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx) and exits with its status.
// Usage: node scripts/run-tests.mjs [unit|lsp|runner|e2e ...]   (all suites when none is named)
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const suites = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = suites.length ? suites : ['unit', 'lsp', 'runner', 'e2e'];

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

const files = chosen.flatMap((suite) => testFiles(join(root, 'test', suite))).map((f) => relative(root, f)).sort();
if (files.length === 0) {
  console.error(`no test files in ${chosen.join(', ')}`);
  process.exit(1);
}
const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...process.argv.slice(2).filter((a) => a.startsWith('-')), ...files], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 1));
