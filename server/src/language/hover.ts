import type { Hover, Position, Range } from 'vscode-languageserver-types';
import { valueRange } from './edits';
import { fieldReference, lookupField, type FieldInfo } from './fields/fieldTable';
import type { LintResult } from './lint';
import { locate, type Spot } from './locate';
import type { ConnectionOption } from './parse/connectionOptions';
import type { KeepAliveParam } from './parse/keepAliveParams';
import type { HeaderField, HttpMessage } from './parse/types';
import type { Prediction } from './persistence';
import { RULES } from './rules';
import { specTitle, specUrl } from './spec';
import { rangeContains, spanToRange } from './text';
import { describeTemplate, visibleValues, type HoverContext } from './variableHover';

const link = (spec: string) => `[${specTitle(spec)}](${specUrl(spec)})`;

/**
 * Hover: what a field, a Keep-Alive parameter or a Connection option means; on a start line, whether the
 * connection persists and why; on a finding, its explanation.
 */
export function doHover(result: LintResult, position: Position, context: HoverContext = {}): Hover | null {
  const sections: string[] = [];
  let range: Range | undefined;
  const spot = locate(result, position);
  const about = describeSpot(result, spot, context);
  if (about) {
    sections.push(about.markdown);
    range = about.range;
  }
  // The editor shows a finding's message in the hover already: add what it does not show, the explanation.
  for (const d of result.diagnostics) {
    if (!rangeContains(d.range, position)) continue;
    const rule = RULES.get(d.code);
    if (!rule) continue;
    sections.push(`${rule.explanation}\n\n\`${d.code}\` · ${link(rule.spec)}`);
    range ??= d.range;
  }
  if (sections.length === 0) return null;
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range };
}

function describeSpot(result: LintResult, spot: Spot, context: HoverContext): { markdown: string; range: Range } | undefined {
  switch (spot.kind) {
    case 'field-name':
      return describeField(spot.field);
    case 'keep-alive-param':
      return { markdown: describeKeepAliveParam(spot.param), range: valueRange(spot.field, spot.param.start, spot.param.end) };
    case 'connection-option':
      return { markdown: describeConnectionOption(spot.option, spot.message, result), range: valueRange(spot.field, spot.option.start, spot.option.end) };
    case 'start-line': {
      const prediction = predictionFor(result, spot.message);
      if (!prediction || !spot.message.start) return undefined;
      return { markdown: describePrediction(prediction, spot.message, result), range: spanToRange(spot.message.start.span) };
    }
    case 'template': {
      const values = context.values ?? visibleValues(new Map(), result.doc.variables);
      const markdown = describeTemplate(spot.template, values, context.system);
      return markdown ? { markdown, range: spanToRange(spot.template.span) } : undefined;
    }
    case 'field-value':
    case 'none':
      return undefined;
  }
}

export function predictionFor(result: LintResult, message: HttpMessage): Prediction | undefined {
  return result.predictions.find((p) => p.message === message)?.prediction;
}

function describeField(field: HeaderField): { markdown: string; range: Range } | undefined {
  const range = spanToRange(field.nameSpan);
  const info = lookupField(field.name);
  if (info) return { markdown: fieldMarkdown(info), range };
  // A misspelled name has a finding, whose explanation says what there is to say.
  return undefined;
}

export function fieldMarkdown(info: FieldInfo): string {
  const note = info.note;
  const facts: string[] = [];
  if (note) {
    facts.push(note.direction === 'both' ? 'requests and responses' : `${note.direction}s`);
    facts.push(note.hopByHop ? 'hop-by-hop (for the next hop only)' : 'end-to-end');
    facts.push(note.cardinality === 'list' ? 'list (may repeat)' : note.cardinality === 'singleton' ? 'singleton (once only)' : 'one field per item (may repeat)');
  }
  const status = info.registry ? `IANA: ${info.registry.status}` : note?.unregistered ? 'not in the IANA registry (de facto)' : undefined;
  if (status) facts.push(status);
  const ref = fieldReference(info);
  const lines = [`**${info.name}**${note ? ` — ${note.summary}` : ''}`];
  if (facts.length) lines.push(facts.join(' · '));
  if (info.registry?.comment) lines.push(info.registry.comment);
  if (ref) lines.push(`[${ref.title}](${ref.url})`);
  return lines.join('\n\n');
}

function describeKeepAliveParam(p: KeepAliveParam): string {
  const value = (p.value ?? '').replace(/^"(.*)"$/, '$1');
  const n = /^\d+$/.test(value) ? Number(value) : undefined;
  if (p.lowerName === 'timeout') {
    const how = n === undefined ? 'a whole number of seconds' : `${n} second${n === 1 ? '' : 's'}`;
    return `**timeout** = ${how}: how long the server keeps this connection open while it is idle. A request sent later finds it closed and must open a new connection.\n\n${link('rfc2068#19.7.1.1')}`;
  }
  if (p.lowerName === 'max') {
    const how = n === undefined ? 'a whole number of requests' : `${n} more request${n === 1 ? '' : 's'}`;
    return `**max** = ${how}: how many more requests the server will take on this connection before it closes it (Apache counts down from \`MaxKeepAliveRequests\`).\n\n${link('rfc2068#19.7.1.1')}`;
  }
  return `**${p.name}**: not a Keep-Alive parameter in use; only \`timeout\` and \`max\` are.\n\n${link('rfc2068#19.7.1.1')}`;
}

function describeConnectionOption(option: ConnectionOption, message: HttpMessage, result: LintResult): string {
  const v = message.start?.version;
  if (option.lower === 'close') {
    return `**close**: the connection closes after this ${message.kind === 'response' ? 'response' : 'exchange'}. A client that sends it must not send further requests on the connection; a server that receives it closes after responding.\n\n${link('rfc9112#9.6')}`;
  }
  if (option.lower === 'keep-alive') {
    const redundant = v ? v.major === 1 && v.minor >= 1 : result.doc.kind === 'http-file';
    return `**keep-alive**: asks for a persistent connection. It matters for HTTP/1.0, where connections close after each response unless both sides send it; ${redundant ? 'in HTTP/1.1 connections persist anyway.' : 'HTTP/1.1 persists by default.'}\n\n${link('rfc9112#appendix-C.2.2')}`;
  }
  const known = lookupField(option.text);
  if (known) return `**${option.text}**: names the \`${known.name}\` field as meant for the next hop only; that hop removes it before forwarding.\n\n${link('rfc9110#7.6.1')}`;
  return `**${option.text}**: a connection option; recipients that do not know it ignore it.\n\n${link('rfc9110#7.6.1')}`;
}

function describePrediction(p: Prediction, message: HttpMessage, result: LintResult): string {
  const verdict = p.persists ? (p.conditional ? 'Persists (if the peer agrees)' : 'Persists') : 'Closes after the response';
  const lines = [`**Is this connection persistent?** ${verdict}.`, `${capitalise(p.summary)} (${link(p.spec)}).`];
  if (p.detail) lines.push(p.detail);
  if (p.byVersion) {
    lines.push(`- As HTTP/1.0: ${p.byVersion['HTTP/1.0'].summary}\n- As HTTP/1.1: ${p.byVersion['HTTP/1.1'].summary}`);
  }
  const exchange = result.doc.exchanges.find((x) => x.request === message || x.response === message);
  if (exchange?.request && exchange.response) {
    lines.push(`Judged on the whole exchange (request on line ${exchange.request.firstLine + 1}, response on line ${exchange.response.firstLine + 1}): the ${p.decidedBy} decides.`);
  }
  return lines.join('\n\n');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
