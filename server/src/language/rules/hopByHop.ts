import { fieldsOfMessage, hasOption, OptionBit, withRole } from '../analysis';
import { Role } from '../fields/nameFacts';
import { insertFieldBefore, later, replaceValue, type Fix } from '../edits';
import type { ParsedDocument } from '../parse/types';
import { lookupField } from '../fields/fieldTable';
import type { RuleInfo, RuleModule } from './ruleTypes';

export const hopByHopNotListed: RuleInfo = {
  code: 'hop-by-hop-not-in-connection',
  severity: 'warning',
  title: 'Hop-by-hop field that Connection does not list',
  explanation:
    'TE, Upgrade and HTTP2-Settings apply to the next hop only, and their sender MUST also list them in ' +
    'Connection (`Connection: TE`, `Connection: Upgrade`) so that a proxy that does not know them still removes ' +
    'them. Without the option, a proxy may forward them to a server that then acts on a request never meant for it.',
  spec: 'rfc9110#7.6.1',
};

/** The fields whose definitions require a matching connection option (RFC 9110 §10.1.4, §7.8; RFC 7540 §3.2.1). */
const NEEDS_OPTION = [
  { lower: 'te', role: Role.te },
  { lower: 'upgrade', role: Role.upgrade },
  { lower: 'http2-settings', role: Role.http2Settings },
] as const;
const NEEDS_OPTION_ROLES = Role.te | Role.upgrade | Role.http2Settings;

export const hopByHopRules: RuleModule = {
  rules: [hopByHopNotListed],
  checkMessage(ctx) {
    const { analysis, doc, message } = ctx;
    if ((analysis.version?.major ?? 1) >= 2 || (message.roles & NEEDS_OPTION_ROLES) === 0) return;
    const connections = withRole(analysis, Role.connection);
    if (message.kind === 'fragment' && connections.length === 0) return;
    if (analysis.optionBits & OptionBit.templated) return;
    for (const { lower, role } of NEEDS_OPTION) {
      const present = withRole(analysis, role);
      if (present.length === 0 || hasOption(analysis, lower)) continue;
      const field = present[0]!;
      const name = lookupField(lower)?.name ?? field.name;
      ctx.report(hopByHopNotListed, field.nameSpan, `\`${field.name}\` is hop-by-hop: \`Connection\` must list \`${name}\` too`, later(listOption, doc, field.row, name, message.index));
    }
  },
};

function listOption(doc: ParsedDocument, row: number, name: string, index: number): Fix[] {
  const field = doc.field(row);
  const connections = fieldsOfMessage(doc, index, Role.connection);
  return connections.length > 0
    ? [{ title: `Add \`${name}\` to \`Connection\``, edits: [replaceValue(doc, connections[0]!, connections[0]!.value ? `${connections[0]!.value}, ${name}` : name)], isPreferred: true }]
    : [{ title: `Add \`Connection: ${name}\``, edits: [insertFieldBefore(doc, field, `Connection: ${name}`)], isPreferred: true }];
}
