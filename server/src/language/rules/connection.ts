import { DiagnosticTag, type TextEdit } from 'vscode-languageserver-types';
import { analyzeMessage, firstOption, hasOption, OptionBit, type MessageAnalysis } from '../analysis';
import { Role } from '../fields/nameFacts';
import { deleteField, later, removeListElement, replaceInValue, replaceSpan, valueRange, type Fix } from '../edits';
import { isHopByHop, lookupLower } from '../fields/fieldTable';
import { osaDistance } from '../fields/spelling';
import type { ConnectionOption } from '../parse/connectionOptions';
import type { HeaderField, ParsedDocument } from '../parse/types';
import type { MessageContext, RuleInfo, RuleModule } from './ruleTypes';

export const connectionInvalidOption: RuleInfo = {
  code: 'connection-invalid-option',
  severity: 'error',
  title: 'Connection option that is not a token',
  explanation:
    'Connection holds a comma-separated list of options, each a single token: `close`, `keep-alive`, or the ' +
    'name of a hop-by-hop field. Spaces, quotes and `=` are not allowed inside an option.',
  spec: 'rfc9110#7.6.1',
};

export const connectionUnknownOption: RuleInfo = {
  code: 'connection-unknown-option',
  severity: 'warning',
  title: 'Connection option that looks like a misspelled `close` or `keep-alive`',
  explanation:
    'Connection options are matched exactly (ignoring case). A misspelled `keep-alive` or `close` is read as ' +
    'the name of some hop-by-hop field and otherwise ignored, so the connection does not do what was asked.',
  spec: 'rfc9110#7.6.1',
};

export const connectionConflict: RuleInfo = {
  code: 'connection-close-and-keep-alive',
  severity: 'warning',
  title: 'Connection lists both `close` and `keep-alive`',
  explanation:
    '`close` wins: when the close option is present the connection will not persist after the current ' +
    'response, whatever else is listed. Keep one of the two.',
  spec: 'rfc9112#9.3',
};

export const connectionEndToEnd: RuleInfo = {
  code: 'connection-lists-end-to-end-field',
  severity: 'warning',
  title: 'Connection names a field meant for every recipient',
  explanation:
    'Options in Connection name fields that the next hop must remove before forwarding. Listing an ' +
    'end-to-end field such as `Cache-Control` or `Authorization` makes proxies strip it, so the origin never ' +
    'sees it. A sender MUST NOT do this.',
  spec: 'rfc9110#7.6.1',
};

export const connectionRedundantKeepAlive: RuleInfo = {
  code: 'connection-keep-alive-redundant',
  severity: 'hint',
  title: '`Connection: keep-alive` in HTTP/1.1',
  explanation:
    'HTTP/1.1 connections persist by default; `keep-alive` only changes anything for an HTTP/1.0 peer. It does ' +
    'no harm, and some clients send it for old proxies, but it is not needed.',
  spec: 'rfc9112#9.3',
  tags: [DiagnosticTag.Unnecessary],
};

export const proxyConnection: RuleInfo = {
  code: 'proxy-connection',
  severity: 'warning',
  title: 'Non-standard `Proxy-Connection` field',
  explanation:
    'Proxy-Connection was an attempt to send Connection options to proxies only. It was never standardised, ' +
    'layered proxies break it, and clients are encouraged not to send it. Servers ignore it: use `Connection`.',
  spec: 'rfc9112#appendix-C.2.2',
};

/** Fields meant for the next hop only, which Connection may name (RFC 9110 §7.6.1 lists these). */
const HOP_OPTIONS = new Set(['close', 'keep-alive', 'te', 'upgrade', 'transfer-encoding', 'proxy-connection', 'http2-settings', 'trailer']);

export const connectionRules: RuleModule = {
  rules: [connectionInvalidOption, connectionUnknownOption, connectionConflict, connectionEndToEnd, connectionRedundantKeepAlive, proxyConnection],
  checkMessage(ctx) {
    const { analysis } = ctx;
    if ((analysis.version?.major ?? 1) >= 2) return; // forbidden outright there: see the HTTP/2 rules
    const options = analysis.connectionOptions;
    for (let i = 0; i < options.length; i++) checkOption(ctx, options[i]!.option, options[i]!.field);
    checkConflict(ctx);
    checkRedundantKeepAlive(ctx);
    checkProxyConnection(ctx);
  },
};

function checkOption(ctx: MessageContext, option: ConnectionOption, field: HeaderField): void {
  if (option.templated) return;
  if (!option.valid) {
    const fixed = option.text.replace(/\s+/g, '-').replace(/[^!#$%&'*+\-.^_`|~0-9A-Za-z]/g, '');
    const near = nearOption(fixed.toLowerCase());
    ctx.report(connectionInvalidOption, valueRange(field, option.start, option.end), `\`${option.text}\` is not a connection option: options are single tokens such as \`close\` or \`keep-alive\``,
      near ? later(replaceOption, ctx.doc, field.row, option, near) : []);
    return;
  }
  if (HOP_OPTIONS.has(option.lower)) return;
  const near = nearOption(option.lower);
  if (near) {
    ctx.report(connectionUnknownOption, valueRange(field, option.start, option.end), `Unknown connection option \`${option.text}\`: did you mean \`${near}\`?`, later(replaceOption, ctx.doc, field.row, option, near));
    return;
  }
  const known = lookupLower(option.lower);
  if (known && !isHopByHop(option.text)) {
    ctx.report(connectionEndToEnd, valueRange(field, option.start, option.end), `\`Connection\` lists \`${known.name}\`, an end-to-end field: proxies will strip it before it reaches the server`,
      later(unlist, ctx.doc, field.row, option));
  }
}

function replaceOption(doc: ParsedDocument, row: number, option: ConnectionOption, near: string): Fix[] {
  const field = doc.field(row);
  return [{ title: `Replace with \`${near}\``, edits: [replaceInValue(field, option.start, option.end, near)], isPreferred: true }];
}

function unlist(doc: ParsedDocument, row: number, option: ConnectionOption): Fix[] {
  const field = doc.field(row);
  return [{ title: `Remove \`${option.text}\` from \`Connection\``, edits: [removeListElement(field, option.start, option.end)], isPreferred: true }];
}

/** `keep-alive` or `close` when `word` is a slip for one of them. */
function nearOption(word: string): string | undefined {
  const bare = word.replace(/[-_\s]/g, '');
  if (bare === 'keepalive' || bare === 'keepalives') return 'keep-alive';
  if (bare === 'close' || bare === 'closed') return 'close';
  if (osaDistance(bare, 'keepalive') <= 2) return 'keep-alive';
  if (bare.length >= 4 && osaDistance(bare, 'close') <= 1) return 'close';
  return undefined;
}

function checkConflict(ctx: MessageContext): void {
  const { analysis } = ctx;
  if ((analysis.optionBits & (OptionBit.close | OptionBit.keepAlive)) !== (OptionBit.close | OptionBit.keepAlive)) return;
  const keep = firstOption(analysis, 'keep-alive')!;
  ctx.report(connectionConflict, valueRange(keep.field, keep.option.start, keep.option.end), '`Connection` lists both `close` and `keep-alive`: `close` wins and the connection closes after the response',
    later(keepOne, ctx.doc, ctx.message.index));
}

function checkRedundantKeepAlive(ctx: MessageContext): void {
  const { analysis } = ctx;
  const v = analysis.version;
  if (!v || v.major !== 1 || v.minor < 1 || hasOption(analysis, 'close')) return;
  if ((analysis.optionBits & OptionBit.keepAlive) === 0) return;
  const keep = firstOption(analysis, 'keep-alive')!;
  // Keep-Alive parameters need the option; it is not redundant while they are there.
  if (ctx.message.roles & Role.keepAlive) return;
  ctx.report(connectionRedundantKeepAlive, valueRange(keep.field, keep.option.start, keep.option.end),
    `\`keep-alive\` is the default in ${v.label}${v.implied ? ' (the version HTTP Lens sends when none is written)' : ''}`,
    later(removeKeepAlive, ctx.doc, ctx.message.index));
}

type Listed = MessageAnalysis['connectionOptions'][number];

/** Removes one option, or the whole Connection field when it is the only one there. */
function removeOption(doc: ParsedDocument, a: MessageAnalysis, c: Listed): TextEdit {
  const sameField = a.connectionOptions.filter((o) => o.field.row === c.field.row);
  return sameField.length === 1 ? deleteField(doc, c.field) : removeListElement(c.field, c.option.start, c.option.end);
}

function keepOne(doc: ParsedDocument, index: number): Fix[] {
  const a = analyzeMessage(doc, doc.messages[index]!);
  return [
    { title: 'Remove `keep-alive`', edits: [removeOption(doc, a, firstOption(a, 'keep-alive')!)], isPreferred: true },
    { title: 'Remove `close`', edits: [removeOption(doc, a, firstOption(a, 'close')!)] },
  ];
}

function removeKeepAlive(doc: ParsedDocument, index: number): Fix[] {
  const a = analyzeMessage(doc, doc.messages[index]!);
  const keep = firstOption(a, 'keep-alive')!;
  return [{ title: 'Remove `keep-alive`', edits: [removeOption(doc, a, keep)], isPreferred: true }];
}

function checkProxyConnection(ctx: MessageContext): void {
  const { analysis, doc } = ctx;
  if ((ctx.message.roles & Role.proxyConnection) === 0) return;
  const hasConnection = (ctx.message.roles & Role.connection) !== 0;
  for (const f of analysis.named(Role.proxyConnection)) {
    ctx.report(proxyConnection, f.nameSpan, '`Proxy-Connection` is non-standard and servers ignore it: use `Connection`', later(replaceProxyConnection, doc, f.row, hasConnection));
  }
}

function replaceProxyConnection(doc: ParsedDocument, row: number, hasConnection: boolean): Fix[] {
  const f = doc.field(row);
  return hasConnection
    ? [{ title: 'Remove `Proxy-Connection`', edits: [deleteField(doc, f)], isPreferred: true }]
    : [
        { title: 'Rename to `Connection`', edits: [replaceSpan(f.nameSpan, f.name === f.name.toLowerCase() ? 'connection' : 'Connection')], isPreferred: true },
        { title: 'Remove `Proxy-Connection`', edits: [deleteField(doc, f)] },
      ];
}
