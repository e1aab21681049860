import { DiagnosticTag } from 'vscode-languageserver-types';
import { withRole } from '../analysis';
import { deleteField, later, type Fix } from '../edits';
import { Role } from '../fields/nameFacts';
import type { HttpMessage, ParsedDocument } from '../parse/types';
import type { MessageContext, RuleInfo, RuleModule } from './ruleTypes';

export const singletonRepeated: RuleInfo = {
  code: 'singleton-field-repeated',
  severity: 'warning',
  title: 'Field that may appear once, given more than once',
  explanation:
    'Only list-based fields (and Set-Cookie) may be repeated: a recipient combines the copies into one ' +
    'comma-separated value. For a singleton such as Content-Type or Authorization, that combined value is ' +
    'invalid, and different recipients keep different copies.',
  spec: 'rfc9110#5.3',
};

export const hostMissing: RuleInfo = {
  code: 'host-missing',
  severity: 'error',
  title: 'HTTP/1.1 request without Host',
  explanation:
    'Every HTTP/1.1 request carries Host. A server MUST answer 400 (Bad Request) to an HTTP/1.1 request that ' +
    'lacks it, or has more than one. With an origin-form target (`GET /path`), Host is also the only place ' +
    'the server\'s name appears.',
  spec: 'rfc9112#3.2',
};

export const wrongDirection: RuleInfo = {
  code: 'field-wrong-direction',
  severity: 'warning',
  title: 'Response field in a request, or request field in a response',
  explanation:
    'Some fields only mean something in one direction: `Server`, `Set-Cookie` and the `Access-Control-Allow-*` ' +
    'fields are sent by servers; `Host`, `Cookie` and `User-Agent` by clients. In the other direction they are ' +
    'ignored. (Sending `Access-Control-Allow-Origin` in a request does not get past CORS: the server must send it.)',
  spec: 'rfc9110#6.3',
};

export const deprecatedField: RuleInfo = {
  code: 'deprecated-field',
  severity: 'information',
  title: 'Field the IANA registry marks deprecated or obsoleted',
  explanation: 'The field is no longer defined for use; recipients may ignore it. The registry names what replaced it, if anything.',
  spec: 'rfc9110#16.3.1',
  tags: [DiagnosticTag.Deprecated],
};

export const fieldPlacementRules: RuleModule = {
  rules: [singletonRepeated, hostMissing, wrongDirection, deprecatedField],
  checkMessage(ctx) {
    const { analysis, message, doc, report } = ctx;
    checkSingletons(ctx);
    if (message.kind === 'request' && message.start?.kind === 'request') {
      const v = analysis.version;
      const target = message.start.target;
      if (v && v.major === 1 && v.minor >= 1 && withRole(analysis, Role.host).length === 0) {
        // RFC 9112 §3.2: "A client MUST send a Host header field in all HTTP/1.1 request messages", whatever the
        // target's form (§3.2.2 repeats it for absolute-form). An .http tool adds Host itself from a full URL.
        if (!ctx.inHttpFile) {
          report(hostMissing, message.start.targetSpan, `${v.label} request for \`${target}\` without \`Host\`: a server must answer 400 (Bad Request)`);
        } else if (target.startsWith('/') && !ctx.definedVariables.has('host')) {
          // httpYac puts a `host` variable (often from an environment) in front of such a target.
          report(hostMissing, message.start.targetSpan,
            `No host to send \`${target}\` to: add a \`Host\` header, write the full URL, or define a \`host\` variable`, [], 'warning');
        }
      }
    }
    // The fields of the other direction (a fragment's direction is not known) and the retired ones.
    const misplaced = message.kind === 'request' ? Role.responseOnly : message.kind === 'response' ? Role.requestOnly : 0;
    if ((message.roles & (misplaced | Role.retired)) === 0) return;
    for (let k = 0; k < message.fieldCount; k++) {
      const facts = message.fieldName(k).facts;
      if ((facts.roles & (misplaced | Role.retired)) === 0) continue;
      const field = analysis.fieldAt(k);
      const info = facts.info!;
      if (facts.roles & misplaced) {
        const direction = message.kind === 'request' ? 'response' : 'request';
        report(wrongDirection, field.nameSpan, `\`${info.name}\` is a ${direction} field; in a ${message.kind} it is ignored`, later(remove, doc, field.row));
      }
      const status = info.registry?.status;
      if (status === 'deprecated' || status === 'obsoleted') {
        const comment = info.registry?.comment;
        report(deprecatedField, field.nameSpan, `\`${field.name}\` is ${status} in the IANA field registry${comment ? `: ${comment}` : ''}`);
      }
    }
  },
};

/** Each repeat of a singleton field, measured against the first field of that name. */
function checkSingletons({ message, doc, report, analysis }: MessageContext): void {
  if ((message.roles & Role.repeatedSingleton) === 0) return;
  // Where the first field of each singleton name is: a few at most, as there are few singleton names. Names
  // are compared in lower case, and most fields are firsts, which need no field view.
  let firsts: number[] | undefined;
  for (let k = 0; k < message.fieldCount; k++) {
    const name = message.fieldName(k);
    const roles = name.facts.roles;
    if ((roles & Role.singleton) === 0 || (roles & Role.contentLength) !== 0) continue;
    const firstK = firsts === undefined ? -1 : firstNamed(message, firsts, name.lower);
    if (firstK < 0) {
      if (firsts === undefined) firsts = [k];
      else firsts.push(k);
      continue;
    }
    const dup = analysis.fieldAt(k);
    const same = dup.value === analysis.fieldAt(firstK).value;
    const isHost = name.lower === 'host';
    report(singletonRepeated, dup.nameSpan,
      isHost ? '`Host` is given more than once: a server must answer 400' : `\`${name.facts.info!.name}\` may appear only once${same ? ' (this copy repeats the first)' : ': recipients will disagree on which value counts'}`,
      same ? later(removeDuplicate, doc, dup.row) : [], isHost ? 'error' : undefined);
  }
}

/** Which of the fields at `ks` is named `lower`, or -1. */
function firstNamed(message: HttpMessage, ks: readonly number[], lower: string): number {
  for (const k of ks) if (message.fieldName(k).lower === lower) return k;
  return -1;
}

function remove(doc: ParsedDocument, row: number): Fix[] {
  const field = doc.field(row);
  return [{ title: `Remove \`${field.name}\``, edits: [deleteField(doc, field)] }];
}

function removeDuplicate(doc: ParsedDocument, row: number): Fix[] {
  const dup = doc.field(row);
  return [{ title: `Remove the duplicate \`${dup.name}\``, edits: [deleteField(doc, dup)], isPreferred: true }];
}

