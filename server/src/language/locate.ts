import type { Position } from 'vscode-languageserver-types';
import type { LintResult } from './lint';
import type { ConnectionOption } from './parse/connectionOptions';
import { parseConnectionOptions } from './parse/connectionOptions';
import { parseKeepAlive, type KeepAliveParam } from './parse/keepAliveParams';
import type { HeaderField, HttpMessage, TemplateReference } from './parse/types';
import { valuePosition } from './parse/lineParsers';
import { spanContains } from './text';

/** What sits under the cursor, as hover and completion need to know it. */
export type Spot =
  | { readonly kind: 'field-name'; readonly message: HttpMessage; readonly field: HeaderField }
  | { readonly kind: 'keep-alive-param'; readonly message: HttpMessage; readonly field: HeaderField; readonly param: KeepAliveParam }
  | { readonly kind: 'connection-option'; readonly message: HttpMessage; readonly field: HeaderField; readonly option: ConnectionOption }
  | { readonly kind: 'field-value'; readonly message: HttpMessage; readonly field: HeaderField }
  | { readonly kind: 'start-line'; readonly message: HttpMessage }
  | { readonly kind: 'template'; readonly template: TemplateReference }
  | { readonly kind: 'none' };

/** The message whose lines include `line` (its head, body, and the line just after its head). */
export function messageAt(result: LintResult, line: number): HttpMessage | undefined {
  const messages = result.doc.messages;
  let lo = 0;
  let hi = messages.length - 1;
  let found: HttpMessage | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = messages[mid]!;
    if (m.firstLine <= line) {
      found = m;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (!found) return undefined;
  return line <= Math.max(found.lastLine, found.headEndLine + 1) ? found : undefined;
}

export function fieldAt(message: HttpMessage, line: number): HeaderField | undefined {
  if (line < message.firstLine || line > message.headEndLine) return undefined;
  for (const f of message.headers) if (f.nameSpan.line <= line && line <= f.lastLine) return f;
  return undefined;
}

function offsetInValue(field: HeaderField, p: Position): number | undefined {
  for (const s of field.segments) {
    if (s.line === p.line && p.character >= s.start && p.character <= s.start + s.length) return s.offset + (p.character - s.start);
  }
  return undefined;
}

export function locate(result: LintResult, p: Position): Spot {
  for (const t of result.doc.templates) if (spanContains(t.span, p)) return { kind: 'template', template: t };
  const message = messageAt(result, p.line);
  if (!message) return { kind: 'none' };
  if (message.start && spanContains(message.start.span, p)) return { kind: 'start-line', message };
  const field = fieldAt(message, p.line);
  if (!field) return { kind: 'none' };
  if (p.line === field.nameSpan.line && p.character <= field.colon.start) return { kind: 'field-name', message, field };
  const offset = offsetInValue(field, p);
  if (offset === undefined) return { kind: 'field-value', message, field };
  const templates = result.doc.kind === 'http-file';
  if (field.lowerName === 'keep-alive') {
    const param = parseKeepAlive(field.value, templates).find((k) => offset >= k.start && offset <= k.end);
    if (param) return { kind: 'keep-alive-param', message, field, param };
  }
  if (field.lowerName === 'connection' || field.lowerName === 'proxy-connection') {
    const option = parseConnectionOptions(field.value, templates).find((o) => offset >= o.start && offset <= o.end);
    if (option) return { kind: 'connection-option', message, field, option };
  }
  return { kind: 'field-value', message, field };
}

export { valuePosition };
