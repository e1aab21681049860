import { fieldsOfMessage, hasOption, OptionBit, withRole } from '../analysis';
import { deleteField, insertFieldBefore, later, removeListElement, replaceInValue, replaceValue, valueRange } from '../edits';
import { Role } from '../fields/nameFacts';
import { osaDistance } from '../fields/spelling';
import { isDigits } from '../parse/grammar';
import { KEEP_ALIVE_PARAMS, parseKeepAlive, type KeepAliveParam } from '../parse/keepAliveParams';
import type { HeaderField, ParsedDocument } from '../parse/types';
import type { Fix } from '../edits';
import type { MessageContext, RuleInfo, RuleModule } from './ruleTypes';

const RFC2068 = 'rfc2068#19.7.1.1';

export const keepAliveNotAParameter: RuleInfo = {
  code: 'keep-alive-not-a-parameter',
  severity: 'error',
  title: 'Keep-Alive value that is not a `name=value` parameter',
  explanation:
    'Keep-Alive carries a comma-separated list of `name=value` parameters: `timeout=5, max=100`. A bare ' +
    'number such as `Keep-Alive: 300` (which old Firefox versions sent) is not a parameter and means nothing; ' +
    'the idle timeout is written `timeout=300`.',
  spec: RFC2068,
};

export const keepAliveSyntax: RuleInfo = {
  code: 'keep-alive-syntax',
  severity: 'error',
  title: 'Malformed Keep-Alive parameter',
  explanation:
    'Each Keep-Alive parameter is one `name=value`, and parameters are separated by commas: ' +
    '`timeout=5, max=100`. `timeout=max=100` has two `=` in one parameter, so neither the timeout nor the ' +
    'maximum can be read.',
  spec: RFC2068,
};

export const keepAliveBadNumber: RuleInfo = {
  code: 'keep-alive-bad-number',
  severity: 'error',
  title: 'Keep-Alive `timeout` or `max` that is not a whole number',
  explanation:
    '`timeout` is the number of seconds the server keeps an idle connection open; `max` is how many more ' +
    'requests it will take on this connection. Both are non-negative whole numbers.',
  spec: RFC2068,
};

export const keepAliveDuplicate: RuleInfo = {
  code: 'keep-alive-duplicate-parameter',
  severity: 'warning',
  title: 'Keep-Alive parameter given twice',
  explanation: 'A parameter given twice leaves the recipient to guess which value counts; give each once.',
  spec: RFC2068,
};

export const keepAliveUnknown: RuleInfo = {
  code: 'keep-alive-unknown-parameter',
  severity: 'information',
  title: 'Keep-Alive parameter other than `timeout` and `max`',
  explanation: 'Only `timeout` and `max` are in use; recipients ignore other parameters.',
  spec: RFC2068,
};

export const keepAliveIgnored: RuleInfo = {
  code: 'keep-alive-ignored',
  severity: 'warning',
  title: 'Keep-Alive without `Connection: keep-alive`',
  explanation:
    'Keep-Alive is hop-by-hop and only means something when the Connection field lists `keep-alive` ' +
    '(RFC 2068 §19.7.1: "The Keep-Alive header MUST be ignored if received without the connection token"). ' +
    'Without it, the parameters are ignored and, in HTTP/1.0, the connection closes after the response.',
  spec: 'rfc2068#19.7.1',
};

export const keepAliveInRequest: RuleInfo = {
  code: 'keep-alive-in-request',
  severity: 'information',
  title: 'Keep-Alive parameters in a request',
  explanation:
    '`timeout` and `max` are the server\'s hints to the client about how long and for how many requests it ' +
    'will keep the connection. Servers do not read them from requests: to ask for a persistent connection, ' +
    '`Connection: keep-alive` (HTTP/1.0) is all a client sends.',
  spec: RFC2068,
};

const DEFAULTS: Record<string, string> = { timeout: '5', max: '100' };

export const keepAliveRules: RuleModule = {
  rules: [keepAliveNotAParameter, keepAliveSyntax, keepAliveBadNumber, keepAliveDuplicate, keepAliveUnknown, keepAliveIgnored, keepAliveInRequest],
  checkMessage(ctx) {
    const keepAlives = withRole(ctx.analysis, Role.keepAlive);
    if (keepAlives.length === 0) return;
    const seen = new SeenNames();
    for (const field of keepAlives) {
      const params = parseKeepAlive(field.value, ctx.inHttpFile);
      for (let i = 0; i < params.length; i++) checkParam(ctx, field, params[i]!, seen, params.length === 1);
    }
    if ((ctx.analysis.version?.major ?? 1) >= 2) return; // the HTTP/2 rule says these fields are forbidden outright
    if (!checkIgnored(ctx, keepAlives) && ctx.message.kind === 'request') {
      ctx.report(keepAliveInRequest, keepAlives[0]!.nameSpan, '`Keep-Alive` parameters are a server\'s hints; servers ignore them in a request', later(removeKeepAlive, ctx.doc, ctx.message.index));
    }
  },
};

function removeAll(doc: ParsedDocument, keepAlives: readonly HeaderField[]): Fix {
  return { title: 'Remove `Keep-Alive`', edits: keepAlives.map((f) => deleteField(doc, f)) };
}

function removeKeepAlive(doc: ParsedDocument, index: number): Fix[] {
  return [removeAll(doc, fieldsOfMessage(doc, index, Role.keepAlive))];
}

function writeTimeout(doc: ParsedDocument, row: number, p: KeepAliveParam): Fix[] {
  const field = doc.field(row);
  const written = field.value.slice(p.start, p.end);
  return [{ title: `Write \`timeout=${written}\``, edits: [replaceInValue(field, p.start, p.end, `timeout=${written}`)], isPreferred: true }];
}

/** Alone in its field, the parameter goes with the field: an empty `Keep-Alive:` line would be left otherwise. */
function removeParam(doc: ParsedDocument, row: number, p: KeepAliveParam, alone: boolean): Fix[] {
  const field = doc.field(row);
  return [{ title: `Remove this \`${p.name}\``, edits: [alone ? deleteField(doc, field) : removeListElement(field, p.start, p.end)], isPreferred: true }];
}

function renameParam(doc: ParsedDocument, row: number, p: KeepAliveParam, near: string): Fix[] {
  const field = doc.field(row);
  return [{ title: `Rename to \`${near}\``, edits: [replaceInValue(field, p.start, p.nameEnd, near)], isPreferred: true }];
}

/** The parameter in use that `lower` is a slip for. */
function nearParam(lower: string): string | undefined {
  for (const k of KEEP_ALIVE_PARAMS) if (osaDistance(k, lower) <= (k.length > 3 ? 2 : 1)) return k;
  return undefined;
}

/**
 * The parameter names of a message met so far. Nearly every message has two (`timeout`, `max`): two fields
 * serve, and a set takes the rest should there be more.
 */
class SeenNames {
  // The first two names are fields: most messages have no more, and need no list at all.
  private one: string | undefined;
  private two: string | undefined;
  private set: Set<string> | undefined;

  /** Whether `name` is met for the first time; notes it. */
  first(name: string): boolean {
    if (name === this.one || name === this.two) return false;
    if (this.one === undefined) this.one = name;
    else if (this.two === undefined) this.two = name;
    else {
      const set = (this.set ??= new Set());
      if (set.has(name)) return false;
      set.add(name);
    }
    return true;
  }
}

/** `alone`: `p` is the only parameter of its field. */
function checkParam(ctx: MessageContext, field: HeaderField, p: KeepAliveParam, seen: SeenNames, alone: boolean): void {
  const problem = p.problem;
  if (problem?.kind === 'no-name') {
    const written = field.value.slice(p.start, p.end);
    ctx.report(keepAliveNotAParameter, valueRange(field, p.start, p.end), `\`${written}\` is not a Keep-Alive parameter: parameters are \`name=value\`${isDigits(written) ? `, as in \`timeout=${written}\`` : ''}`,
      isDigits(written) ? later(writeTimeout, ctx.doc, field.row, p) : []);
    return;
  }
  if (problem?.kind === 'no-value') {
    ctx.report(keepAliveSyntax, valueRange(field, p.start, p.end), `Keep-Alive parameter \`${p.name}\` has no value: write \`${p.name}=N\``);
    return;
  }
  if (problem?.kind === 'extra-equals') {
    const second = p.value ?? '';
    const rest = field.value.slice(problem.at + 1, p.end);
    const fixes: Fix[] = [];
    if (KEEP_ALIVE_PARAMS.includes(second.toLowerCase() as never)) {
      if (DEFAULTS[p.lowerName]) {
        const split = `${p.name}=${DEFAULTS[p.lowerName]}, ${second}=${rest}`;
        fixes.push({ title: `Replace with \`${split}\``, edits: [replaceInValue(field, p.start, p.end, split)], isPreferred: true });
      }
      fixes.push({ title: `Replace with \`${second}=${rest}\``, edits: [replaceInValue(field, p.start, p.end, `${second}=${rest}`)] });
    }
    ctx.report(keepAliveSyntax, valueRange(field, problem.at, problem.at + 1),
      `Unexpected second \`=\` in \`${field.value.slice(p.start, p.end)}\`: each Keep-Alive parameter is one \`name=value\`, separated by commas`, fixes);
    return;
  }
  if (problem?.kind === 'bad-char') {
    const ch = field.value[problem.at] ?? '';
    ctx.report(keepAliveSyntax, valueRange(field, problem.at, problem.at + 1), `Unexpected \`${ch}\` in Keep-Alive parameter \`${field.value.slice(p.start, p.end)}\``);
    return;
  }
  if (p.value?.includes('{{')) return;
  if (!seen.first(p.lowerName)) {
    ctx.report(keepAliveDuplicate, valueRange(field, p.start, p.end), `Keep-Alive parameter \`${p.name}\` is given more than once`, later(removeParam, ctx.doc, field.row, p, alone));
    return;
  }
  if (KEEP_ALIVE_PARAMS.includes(p.lowerName as never)) {
    if (!isDigits(unquoted(p.value ?? ''))) {
      const unit = p.lowerName === 'timeout' ? 'seconds' : 'requests';
      ctx.report(keepAliveBadNumber, valueRange(field, p.valueStart, p.end), `Keep-Alive \`${p.name}\` must be a whole number of ${unit}, not \`${p.value}\``);
    }
    return;
  }
  const near = nearParam(p.lowerName);
  ctx.report(keepAliveUnknown, valueRange(field, p.start, p.nameEnd),
    near ? `Unknown Keep-Alive parameter \`${p.name}\`: did you mean \`${near}\`?` : `Unknown Keep-Alive parameter \`${p.name}\`: only \`timeout\` and \`max\` are in use`,
    near ? later(renameParam, ctx.doc, field.row, p, near) : []);
}

/** A value with its surrounding double quotes, if it has both, taken off. */
function unquoted(v: string): string {
  return v.length >= 2 && v.charCodeAt(0) === 34 && v.charCodeAt(v.length - 1) === 34 ? v.slice(1, -1) : v;
}

/** Reports Keep-Alive fields that Connection does not back; true when it did. */
function checkIgnored(ctx: MessageContext, keepAlives: readonly HeaderField[]): boolean {
  const { analysis, message, doc } = ctx;
  if (hasOption(analysis, 'keep-alive')) return false;
  if (analysis.optionBits & OptionBit.templated) return false;
  const connections = withRole(analysis, Role.connection);
  // A misspelled Connection field has its own finding, which says what this one would.
  if (message.roles & Role.misspelledConnection) return false;
  // In a fragment, a missing Connection may just be cut off; judge only what is there.
  if (message.kind === 'fragment' && connections.length === 0) return false;
  const first = keepAlives[0]!;
  const closes = hasOption(analysis, 'close');
  const why = closes ? 'the message closes the connection (`Connection: close`)' : connections.length ? '`Connection` does not list `keep-alive`' : 'there is no `Connection: keep-alive`';
  ctx.report(keepAliveIgnored, first.nameSpan, `\`Keep-Alive\` is ignored: ${why}`, later(backKeepAlive, doc, message.index, closes));
  return true;
}

/** Adding the `keep-alive` option (unless the message closes), or removing Keep-Alive. */
function backKeepAlive(doc: ParsedDocument, index: number, closes: boolean): Fix[] {
  const keepAlives = fieldsOfMessage(doc, index, Role.keepAlive);
  const connections = fieldsOfMessage(doc, index, Role.connection);
  const fixes: Fix[] = [];
  if (connections.length === 0) {
    fixes.push({ title: 'Add `Connection: keep-alive`', edits: [insertFieldBefore(doc, keepAlives[0]!, 'Connection: keep-alive')], isPreferred: true });
  } else if (!closes) {
    const c = connections[0]!;
    fixes.push({ title: 'Add `keep-alive` to `Connection`', edits: [replaceValue(doc, c, c.value ? `${c.value}, keep-alive` : 'keep-alive')], isPreferred: true });
  }
  fixes.push(removeAll(doc, keepAlives));
  return fixes;
}
