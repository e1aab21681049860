import { connectionRules } from './connection';
import { fieldNameRules } from './fieldNames';
import { fieldPlacementRules } from './fieldPlacement';
import { fieldSyntaxRules } from './fieldSyntax';
import { framingRules } from './framing';
import { hopByHopRules } from './hopByHop';
import { http2Rules } from './http2';
import { keepAliveRules } from './keepAlive';
import type { MessageContext, RuleInfo, RuleModule } from './ruleTypes';
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

/**
 * Every module's check of one message, in module order: called for each message of a large file, one list of
 * functions spares looking each up on modules of as many shapes.
 */
export const MESSAGE_CHECKS: readonly ((ctx: MessageContext) => void)[] = RULE_MODULES.flatMap((m) => (m.checkMessage ? [m.checkMessage] : []));

/** The rule table: every diagnostic HTTP Lens can produce, by code. */
export const RULES: ReadonlyMap<string, RuleInfo> = new Map(RULE_MODULES.flatMap((m) => m.rules.map((r) => [r.code, r] as const)));
