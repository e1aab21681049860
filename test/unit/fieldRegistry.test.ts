import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { IANA_FIELDS } from '../../server/src/language/fields/ianaRegistry';
import { lookupField } from '../../server/src/language/fields/fieldTable';

const root = resolve(__dirname, '../..');

test('the checked-in field table is what the generator makes from the IANA registry', () => {
  const r = spawnSync(process.execPath, ['scripts/generate-field-registry.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every registered name is known with its status; Proxy-Connection is known although unregistered', () => {
  assert.equal(IANA_FIELDS.length, 253); // 254 records, less "*" (reserved for Vary, never sent as a field)
  assert.equal(lookupField('keep-alive')?.registry?.status, 'permanent');
  assert.equal(lookupField('Content-MD5')?.registry?.status, 'obsoleted');
  assert.equal(lookupField('Accept-Charset')?.registry?.status, 'deprecated');
  const proxy = lookupField('proxy-connection');
  assert.equal(proxy?.registry, undefined);
  assert.equal(proxy?.note?.hopByHop, true);
  for (const r of IANA_FIELDS) assert.ok(['permanent', 'provisional', 'deprecated', 'obsoleted'].includes(r.status), r.name);
});
