import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { rulesMarkdown } from '../../server/src/language/rules/docs';
import { RULES } from '../../server/src/language/rules';

const root = resolve(__dirname, '../..');

test('the README lists every rule as the rule table has it (node --import tsx scripts/print-rules.ts)', () => {
  assert.ok(readFileSync(resolve(root, 'README.md'), 'utf8').includes(rulesMarkdown()));
});

test('the httpLens.rules setting accepts exactly the rule codes', () => {
  const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.configuration.properties['httpLens.rules'].propertyNames.enum, [...RULES.keys()]);
});
