// Files written by other people for other tools (test/fixtures/corpus, see its SOURCES.tsv files): every one
// must parse and lint calmly, and none may get an error-severity finding unless it really is wrong, as
// reviewed below.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { lintText } from '../../server/src/language/lint';
import { CORPUS, corpusFiles } from '../support/corpus';


/** Error findings a file really deserves, by file, each with why. */
const EXPECTED_ERRORS: Record<string, { codes: string[]; why: string }> = {
  'http/mistweaverco__kulala.nvim/tests__functional__fixtures__format.http': {
    codes: ['space-before-colon', 'space-before-colon', 'space-before-colon'],
    why: 'a formatter fixture: `content-type  : application/json` has whitespace before the colon, which a server must reject (RFC 9112 §5.1)',
  },
};

test('every corpus file parses and lints without an error it does not deserve', () => {
  const all = [...corpusFiles('http'), ...corpusFiles('dumps')];
  assert.ok(all.length >= 200, `found ${all.length} corpus files`);
  const unexpected: string[] = [];
  for (const file of all) {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const result = lintText(text, file.startsWith('http/') ? 'http-file' : 'message');
    const errors = result.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.code);
    const expected = EXPECTED_ERRORS[file]?.codes ?? [];
    if (JSON.stringify(errors) !== JSON.stringify(expected)) unexpected.push(`${file}: ${JSON.stringify(errors)} (expected ${JSON.stringify(expected)})`);
  }
  assert.deepEqual(unexpected, []);
});

test('the README reports the corpus counts as they are', () => {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const count = (dir: 'http' | 'dumps', worst: DiagnosticSeverity) =>
    corpusFiles(dir).filter((f) => !lintText(readFileSync(join(CORPUS, f), 'utf8'), dir === 'http' ? 'http-file' : 'message').diagnostics.some((d) => d.severity! <= worst)).length;
  const http = corpusFiles('http').length;
  const dumps = corpusFiles('dumps').length;
  assert.ok(readme.includes(`of the ${http} \`.http\` files and ${dumps} header dumps`), 'file counts');
  assert.ok(readme.includes(`**${count('http', DiagnosticSeverity.Error)} and ${count('dumps', DiagnosticSeverity.Error)} lint with no error**`), 'files with no error');
  assert.ok(readme.includes(`${count('http', DiagnosticSeverity.Warning)} of the \`.http\` files and all ${count('dumps', DiagnosticSeverity.Warning) === dumps ? dumps : -1} dumps have no\nwarning`), 'files with no warning');
});
