import { connectionRules } from './connection';
import { fieldNameRules } from './fieldNames';
import { fieldPlacementRules } from './fieldPlacement';
import { fieldSyntaxRules } from './fieldSyntax';
import { framingRules } from './framing';
import { hopByHopRules } from './hopByHop';
import { http2Rules } from './http2';
import { keepAliveRules } from './keepAlive';
import type { RuleInfo, RuleModule } from './ruleTypes';
import { sequenceRules } from './sequence';
import { variableRules } from './variables';

/** Every rule module, in the order their findings are produced. */
export const RULE_MODULES: readonly RuleModule[] = [
  fieldSyntaxRules,
  fieldNameRules,
  keepAliveRules,
  connectionRules,
  hopByHopRules,
  http2Rules,
  framingRules,
  fieldPlacementRules,
  sequenceRules,
  variableRules,
];

/** The rule table: every diagnostic HTTP Lens can produce, by code. */
export const RULES: ReadonlyMap<string, RuleInfo> = new Map(RULE_MODULES.flatMap((m) => m.rules.map((r) => [r.code, r] as const)));
