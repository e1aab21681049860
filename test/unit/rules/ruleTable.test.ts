// The rule table as a whole: every rule is tested in the test file of its module, and reads as documented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RULE_MODULES, RULES } from '../../../server/src/language/rules';
import { connectionRules } from '../../../server/src/language/rules/connection';
import { fieldNameRules } from '../../../server/src/language/rules/fieldNames';
import { fieldPlacementRules } from '../../../server/src/language/rules/fieldPlacement';
import { fieldSyntaxRules } from '../../../server/src/language/rules/fieldSyntax';
import { framingRules } from '../../../server/src/language/rules/framing';
import { hopByHopRules } from '../../../server/src/language/rules/hopByHop';
import { http2Rules } from '../../../server/src/language/rules/http2';
import { keepAliveRules } from '../../../server/src/language/rules/keepAlive';
import type { RuleModule } from '../../../server/src/language/rules/ruleTypes';
import { sequenceRules } from '../../../server/src/language/rules/sequence';
import { variableRules } from '../../../server/src/language/rules/variables';

const FILES: [string, RuleModule][] = [
  ['fieldNames', fieldNameRules], ['fieldSyntax', fieldSyntaxRules], ['keepAlive', keepAliveRules], ['connection', connectionRules],
  ['hopByHop', hopByHopRules], ['http2', http2Rules], ['framing', framingRules], ['fieldPlacement', fieldPlacementRules], ['sequence', sequenceRules],
  ['variables', variableRules],
];

test('every rule module has a test file here, with a describe block for each of its codes', () => {
  assert.equal(FILES.length, RULE_MODULES.length);
  for (const [file, module] of FILES) {
    assert.ok(RULE_MODULES.includes(module), file);
    const source = readFileSync(new URL(`./${file}.test.ts`, import.meta.url), 'utf8');
    for (const rule of module.rules) assert.ok(source.includes(`describe('${rule.code}'`), `${file}.test.ts has no describe('${rule.code}')`);
  }
});

test('codes are unique and every row is filled in', () => {
  const codes = RULE_MODULES.flatMap((m) => m.rules.map((r) => r.code));
  assert.equal(new Set(codes).size, codes.length);
  assert.equal(RULES.size, codes.length);
  for (const rule of RULES.values()) {
    assert.match(rule.code, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, rule.code);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(rule.severity), rule.code);
    assert.ok(rule.title.length > 0 && !rule.title.includes('\n'), rule.code);
    assert.ok(rule.explanation.length > rule.title.length, rule.code);
    assert.match(rule.spec, /^(?:rfc\d+(?:#(?:\d+(?:\.\d+)*|appendix-[A-Z](?:\.\d+)*))?|https:\/\/\S+)$/, rule.code);
  }
});
