import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import { allFields, lookupField } from './fields/fieldTable';
import { FIELD_VALUES, HTTP_VERSIONS } from './fields/fieldValues';
import { fieldMarkdown } from './hover';
import { SYSTEM_VARIABLES } from './systemVariables';
import { looksSecret } from './secrets';
import type { VariableValue } from './variableHover';
import { requestNamesOf } from './variables';
import type { LintResult } from './lint';
import { messageAt } from './locate';
import { STANDARD_METHODS } from './parse/grammar';
import type { HttpMessage, VariableDefinition } from './parse/types';

/** Variables every .http tool offers; resolved when a request is sent. */
let fieldItems: CompletionItem[] | undefined;

/** What `{{` completes to beyond the text of `result`. */
export interface VariableScope {
  /** The variables of the whole file, when `result` covers only part of it (the server lints piece by piece). */
  readonly fileVariables?: readonly VariableDefinition[];
  /** The selected environment's variables. */
  readonly environment?: ReadonlyMap<string, VariableValue>;
  /** Named requests of the whole file, for `{{login.response.body.$}}`. */
  readonly requestNames?: readonly string[];
}

/** Completion: field names, known values, methods and versions, and `{{variables}}`. */
export function doComplete(result: LintResult, requested: Position, scope: VariableScope = {}): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const line = result.doc.lines[requested.line];
  if (line === undefined) return empty;
  const position = { line: requested.line, character: Math.min(requested.character, line.length) };
  const before = line.slice(0, position.character);

  const open = before.lastIndexOf('{{');
  if (open >= 0 && before.indexOf('}}', open) < 0) return variableItems(result, scope, position, open + 2);

  const prefix = curlPrefix(line, result);
  if (position.character < prefix) return empty; // inside curl's `> ` or `< `
  const message = messageAt(result, position.line);
  const http = result.doc.kind === 'http-file';
  if (message && position.line === message.firstLine && message.start) return startLineItems(before, position, prefix);
  if (message && inHeaderSection(message, position.line)) {
    const colon = before.indexOf(':', prefix);
    if (colon < 0) return fieldNameItems(line, position, prefix);
    return valueItems(before.slice(prefix, colon).trim(), before, position, colon);
  }
  if (http && !message && /^[A-Za-z]*$/.test(before)) return methodItems(position, before);
  return empty;
}

/** The header section, and the line just after it, where a new field is being typed. */
function inHeaderSection(message: HttpMessage, line: number): boolean {
  if (line <= message.firstLine) return false;
  if (line <= message.headEndLine) return true;
  return line === message.headEndLine + 1 && (message.body === undefined || message.bodyWithoutBlankLine?.line === line);
}

function curlPrefix(line: string, result: LintResult): number {
  if (result.doc.kind !== 'message') return 0;
  return /^[<>] /.test(line) ? 2 : 0;
}

function wordRange(line: string, position: Position, from: number, stop: RegExp): Range {
  let start = position.character;
  while (start > from && !stop.test(line[start - 1]!)) start--;
  let end = position.character;
  while (end < line.length && !stop.test(line[end]!)) end++;
  return { start: { line: position.line, character: start }, end: { line: position.line, character: end } };
}

function fieldNameItems(line: string, position: Position, prefix: number): CompletionList {
  const range = wordRange(line, position, prefix, /[\s:]/);
  const hasColon = line.indexOf(':', range.end.character) >= 0;
  // The documentation of each field is added when the editor asks for it (resolveCompletion): three hundred
  // fields' worth in every answer would slow every keystroke.
  fieldItems ??= allFields().map((info) => ({
    label: info.name,
    kind: CompletionItemKind.Property,
    detail: info.note?.summary ?? (info.registry ? `IANA: ${info.registry.status}` : undefined),
    sortText: `${info.note ? 0 : info.registry?.status === 'permanent' ? 1 : 2}${info.name.toLowerCase()}`,
    deprecated: info.registry?.status === 'deprecated' || info.registry?.status === 'obsoleted',
    data: { field: info.name },
  }));
  // Once something is typed, only names that hold its letters in order are sent (a superset of what the
  // editor's fuzzy match keeps); the list is marked incomplete, so the editor asks again as the word changes.
  const typed = line.slice(range.start.character, position.character).toLowerCase();
  const candidates = typed ? fieldItems.filter((item) => holdsInOrder(item.label.toLowerCase(), typed)) : fieldItems;
  return {
    isIncomplete: typed.length > 0,
    items: candidates.map((item) => ({ ...item, textEdit: { range, newText: hasColon ? item.label : `${item.label}: ` } })),
  };
}

/** True when every character of `typed` appears in `word`, in order. */
function holdsInOrder(word: string, typed: string): boolean {
  let at = 0;
  for (let i = 0; i < typed.length; i++) {
    at = word.indexOf(typed[i]!, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** Adds the documentation of a field-name item. */
export function resolveCompletion(item: CompletionItem): CompletionItem {
  const name = (item.data as { field?: unknown } | undefined)?.field;
  const info = typeof name === 'string' ? lookupField(name) : undefined;
  return info ? { ...item, documentation: { kind: 'markdown', value: fieldMarkdown(info) } } : item;
}

function valueItems(name: string, before: string, position: Position, colon: number): CompletionList {
  const known = FIELD_VALUES[name.toLowerCase()];
  if (!known) return { isIncomplete: false, items: [] };
  // A list field takes a new element after each comma; others take one value after the colon.
  const info = lookupField(name);
  const list = info?.note?.cardinality === 'list';
  let start = list ? Math.max(before.lastIndexOf(','), colon) + 1 : colon + 1;
  while (start < before.length && before[start] === ' ') start++;
  const range: Range = { start: { line: position.line, character: start }, end: position };
  return {
    isIncomplete: false,
    items: known.map((v, i) => ({
      label: v.value,
      kind: CompletionItemKind.Value,
      detail: v.detail,
      sortText: String(i).padStart(3, '0'),
      textEdit: { range, newText: v.value },
    })),
  };
}

function startLineItems(before: string, position: Position, prefix: number): CompletionList {
  const words = before.slice(prefix).split(/\s+/);
  if (words.length <= 1) return methodItems(position, words[0] ?? '', prefix);
  if (words.length >= 3 || (words.length === 2 && /^https?:|^\//.test(words[0]!))) {
    const typed = words[words.length - 1]!;
    const range: Range = { start: { line: position.line, character: position.character - typed.length }, end: position };
    return {
      isIncomplete: false,
      items: HTTP_VERSIONS.map((v, i) => ({ label: v.value, kind: CompletionItemKind.Constant, detail: v.detail, sortText: String(i), textEdit: { range, newText: v.value } })),
    };
  }
  return { isIncomplete: false, items: [] };
}

function methodItems(position: Position, typed: string, prefix = 0): CompletionList {
  const start = Math.max(prefix, position.character - typed.length);
  const range: Range = { start: { line: position.line, character: start }, end: position };
  return {
    isIncomplete: false,
    items: STANDARD_METHODS.map((m, i) => ({
      label: m,
      kind: CompletionItemKind.Keyword,
      sortText: String(i).padStart(2, '0'),
      textEdit: { range, newText: `${m} ` },
    })),
  };
}

function variableItems(result: LintResult, scope: VariableScope, position: Position, from: number): CompletionList {
  const range: Range = { start: { line: position.line, character: from }, end: position };
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  const add = (name: string, detail: string, group: string, kind: CompletionItemKind) => {
    if (seen.has(name)) return;
    seen.add(name);
    items.push({ label: name, kind, detail, sortText: `${group}${name}`, insertTextFormat: InsertTextFormat.PlainText, textEdit: { range, newText: name } });
  };
  for (const v of scope.fileVariables ?? result.doc.variables) add(v.name, looksSecret(v.name) ? 'file variable (secret)' : v.value, '0', CompletionItemKind.Variable);
  for (const [name, v] of scope.environment ?? []) add(name, looksSecret(name) || v.secret ? `${v.origin} (secret)` : `${v.value} — ${v.origin}`, '1', CompletionItemKind.Variable);
  for (const name of scope.requestNames ?? requestNamesOf(result.doc)) {
    add(`${name}.response.body.$`, `the JSON body of the response to ${name}`, '2', CompletionItemKind.Reference);
    add(`${name}.response.headers.`, `a field of the response to ${name}`, '2', CompletionItemKind.Reference);
  }
  for (const [name, info] of SYSTEM_VARIABLES) add(name, info.usage, '3', CompletionItemKind.Function);
  return { isIncomplete: false, items };
}
