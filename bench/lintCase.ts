// One case of `npm run bench lint`, bundled and run in a process of its own: timed in the process that linted the
// other file first, a case would pay for collecting what that one left behind.
import { readFileSync } from 'node:fs';
import { lintText } from '../server/src/language/lint';
import type { DocumentKind } from '../server/src/language/parse/types';
import { scanFields } from './scanFloor';
import { timeMedian } from './stats';

export interface CaseTimes {
  readonly split: number;
  readonly lint: number;
  readonly scan: number;
  readonly diagnostics: number;
}

const [path, kind, runs, warmups] = process.argv.slice(2) as [string, DocumentKind, string, string];
const split = timeMedian(() => readFileSync(path, 'utf8').split(/\r?\n/), Number(runs), Number(warmups));
let diagnostics = 0;
const lint = timeMedian(() => {
  diagnostics = lintText(readFileSync(path, 'utf8'), kind).diagnostics.length;
}, Number(runs), Number(warmups));
const scan = timeMedian(() => scanFields(readFileSync(path, 'utf8')), Number(runs), Number(warmups));
const times: CaseTimes = { split, lint, scan, diagnostics };
console.log(JSON.stringify(times));
