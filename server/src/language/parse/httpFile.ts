import { isBlank, LineReader, skipBlanks, skipWhitespace, span, trimEndIndex, whitespaceEnd } from '../text';
import { Document } from './document';
import { TemplateTable } from './templateTable';
import { BlockTable } from './blockTable';
import { firstNonTchar, isKnownHttpMethod, isNonHttpMethod } from './grammar';
import { parseFieldLine, scanFieldLine } from './lineParsers';
import { continueTarget, parseLooseRequestLine } from './startLines';
import { MessageBuilder } from './messageBuilder';
import { FieldFlag, FieldStore } from './fieldStore';
import { internRange } from './valueCache';
import { isKnownFieldName } from '../fields/fieldTable';
import type {
  Exchange, HttpMessage, ParsedDocument, ScriptKind, VariableDefinition,
} from './types';

// Lines an .http file can hold, as the JetBrains HTTP Client spec, REST Client and httpYac write them. A value
// runs to the end of the line and is trimmed in code: a lazy `(.*?)\s*$` would try the rest of the line after
// each of its characters, quadratic time on a long run of spaces inside the value.
const COMMENT = /^\s*(?:#|\/\/)/;
/** `@host = example.com`; httpYac also has `@lazy := value` */
const VARIABLE = /^\s*@([A-Za-z_$][\w.$-]*)\s*:?=\s*(.*)$/;
/** httpYac script blocks: a line of `{{` (optionally `{{+`, `{{@event`) up to a line of `}}`. */
const BLOCK_SCRIPT_OPEN = /^\{\{[+@]?[\w-]*\s*$/;
const BLOCK_SCRIPT_CLOSE = /^\}\}\s*$/;
/** kulala's `import ./other.http` and `run #name` */
const DIRECTIVE = /^(?:import|run)\s+\S/;
/** `< ./body.json`, `<@ ./body.json`, `<@latin1 ./body.txt` */
const FILE_BODY = /^<(@(\w*))?\s+(\S.*)$/;
/** httpYac's GraphQL fragments and `proto`/`gql` imports, which stand before a request. */
const GRAPHQL_FRAGMENT = /^fragment\s+\w+\s+on\s+\w+/;
const IMPORT_DIRECTIVE = /^(?:proto|gql)\s+.*<\s*\S/;
/** A request line that may start a new request without a `###` (httpYac reads files that do this). */
const BARE_REQUEST_LINE = /^([A-Z]+)\s+\S+(?:\s+HTTP\/\d+(?:\.\d+)?)?\s*$/;

type State = 'between' | 'target' | 'headers' | 'body' | 'after';

/** The block being read: its metadata are rows of the block table, its title a range of the text. */
class BlockDraft {
  /** The first of its metadata rows, when it has any. */
  metaFirst = -1;
  metaCount = 0;
  scripts: Script[] | undefined;
  builder: MessageBuilder | undefined;

  constructor(
    readonly firstLine: number,
    readonly titleStart = 0,
    readonly titleEnd = 0,
  ) {}
}

type Script = { kind: ScriptKind; firstLine: number; lastLine: number };

/** Shared by the many exchanges and messages that have none of something. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * Whether a pattern `^\s*X` can match `line`: it starts with X, or with something that may be whitespace.
 * Most lines start with a letter, and need not be tried against such patterns at all.
 */
function mayStartWith(line: string, code: number): boolean {
  const c = line.charCodeAt(0);
  return c === code || c <= 32 || c >= 127;
}

/**
 * Parses an .http / .rest request file. Tolerant by design: whatever it cannot place stays where it is and,
 * inside a header section, is reported as a malformed line. Never throws.
 */
export function parseHttpFile(text: string): ParsedDocument {
  return new HttpFileParser(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, isKnownFieldName).parse();
}

/** Targets of requests other tools send over WebSocket, gRPC, MQTT, AMQP or Kafka. */
const OTHER_SCHEME = /^(wss?|grpcs?|mqtts?|amqps?|kafka):\/\//i;

function hasOtherScheme(target: string): boolean {
  // Most targets start with `http` or `{{`: only those starting as one of the schemes need the pattern.
  const c = target.charCodeAt(0) | 32;
  return (c === 119 /* w */ || c === 103 /* g */ || c === 109 /* m */ || c === 97 /* a */ || c === 107 /* k */) && OTHER_SCHEME.test(target);
}

const metadataBounds = { keyStart: 0, keyEnd: 0, valueStart: 0 };

/**
 * A metadata line: `# @name login`, `// @no-redirect`, `# @name=login`. Where its key and value start (in one
 * object shared by every call, to be read at once), or undefined when the line is not one. As the pattern `^\s*(?:#|\/\/)\s*@([A-Za-z_][\w.-]*)(?:\s*=\s*|\s+)?(.*)$`
 * reads it, a line terminator (U+2028, U+2029) inside the value makes it no metadata line.
 */
function readMetadata(line: string): typeof metadataBounds | undefined {
  let i = skipWhitespace(line, 0);
  if (line.charCodeAt(i) === 35 /* # */) i++;
  else if (line.charCodeAt(i) === 47 /* / */ && line.charCodeAt(i + 1) === 47) i += 2;
  else return undefined;
  i = skipWhitespace(line, i);
  if (line.charCodeAt(i) !== 64 /* @ */) return undefined;
  const keyStart = ++i;
  const first = line.charCodeAt(i);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95 /* _ */)) return undefined;
  for (i++; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (!(isAlphanumeric(c) || c === 95 /* _ */ || c === 46 /* . */ || c === 45 /* - */)) break;
  }
  const keyEnd = i;
  const afterBlanks = skipWhitespace(line, keyEnd);
  const valueStart = line.charCodeAt(afterBlanks) === 61 /* = */ ? skipWhitespace(line, afterBlanks + 1) : afterBlanks;
  for (let k = valueStart; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 0x2028 || c === 0x2029) return undefined;
  }
  metadataBounds.keyStart = keyStart;
  metadataBounds.keyEnd = keyEnd;
  metadataBounds.valueStart = valueStart;
  return metadataBounds;
}

function isAlphanumeric(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/**
 * Where the colon of a field line is, or -1: the line must start (at `from`) with a name made of token
 * characters and `{{variables}}`, then optional spaces, then the colon. `GET http://a` is not a field line.
 */
function fieldColon(line: string, from = 0): number {
  const n = line.length;
  let i = from;
  for (;;) {
    const end = firstNonTchar(line, i);
    i = end < 0 ? n : end;
    if (line.charCodeAt(i) !== 123 /* { */ || line.charCodeAt(i + 1) !== 123) break;
    const close = line.indexOf('}}', i + 2);
    if (close < 0) return -1;
    i = close + 2;
  }
  if (i === from) return -1;
  while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return line.charCodeAt(i) === 58 /* : */ ? i : -1;
}

function wordEnd(line: string, from: number): number {
  let i = from;
  while (i < line.length && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
  return i;
}

class HttpFileParser {
  private state: State = 'between';
  private block: BlockDraft;
  private readonly messages: HttpMessage[] = [];
  private readonly variables: VariableDefinition[] = [];
  private readonly templates = new TemplateTable();
  /** Inside a multi-line script: the pattern of its last line. */
  private scriptEnd: RegExp | undefined;
  private previousBlank = true;
  /**
   * The last line read so far that is not blank (0 when there is none): where a block ends, its trailing blank
   * lines not being its own.
   */
  private lastContent = 0;
  /** Where the line being read starts in the text. */
  private lineStart = 0;
  private readonly store: FieldStore;
  private readonly table: BlockTable;

  constructor(
    private readonly text: string,
    private readonly knownField: (name: string) => boolean,
  ) {
    this.block = new BlockDraft(0);
    this.store = new FieldStore(text);
    this.table = new BlockTable(text);
  }

  parse(): ParsedDocument {
    const text = this.text;
    const reader = new LineReader(text);
    for (let i = 0; reader.next(); i++) {
      const start = (this.lineStart = reader.start);
      // Most lines of a file are field lines: those are read where they stand, and never sliced out of the text.
      if ((this.state === 'headers' || this.state === 'target') && this.scriptEnd === undefined && isAlphanumeric(text.charCodeAt(start)) && this.fieldLine(i, reader.end)) {
        this.previousBlank = false;
        this.lastContent = i;
        continue;
      }
      const line = text.slice(start, reader.end);
      this.line(line, i);
      this.previousBlank = isBlank(line);
      if (!this.previousBlank) this.lastContent = i;
    }
    this.finishBlock();
    const exchanges: Exchange[] = this.messages.map((m) => ({ request: m, interim: NONE }));
    return new Document('http-file', this.text, reader.eol, this.messages, exchanges, this.table, this.variables, this.templates, this.store);
  }

  private line(line: string, i: number): void {
    if (this.scriptEnd) {
      const scripts = this.block.scripts!;
      const open = scripts[scripts.length - 1]!;
      if (line.startsWith('###')) {
        // An unterminated script ends at the next request separator rather than swallowing the file.
        this.scriptEnd = undefined;
      } else {
        open.lastLine = i;
        if (this.scriptEnd.test(line)) this.scriptEnd = undefined;
        return;
      }
    }
    if (line.charCodeAt(0) === 35 /* # */ && line.startsWith('###')) {
      this.finishBlock();
      let from = 3;
      while (line.charCodeAt(from) === 35 /* # */) from++;
      from = skipWhitespace(line, from);
      this.block = new BlockDraft(i, this.lineStart + from, this.lineStart + whitespaceEnd(line, from));
      this.state = 'between';
      return;
    }
    switch (this.state) {
      case 'between': return this.between(line, i);
      case 'target': return this.target(line, i);
      case 'headers': return this.headers(line, i);
      case 'body': return this.body(line, i);
      case 'after': return this.after(line, i);
    }
  }

  private between(line: string, i: number): void {
    if (isBlank(line)) return;
    const commented = mayStartWith(line, 35 /* # */) || mayStartWith(line, 47 /* / */);
    const meta = commented ? readMetadata(line) : undefined;
    if (meta !== undefined) {
      const start = this.lineStart;
      const row = this.table.addMetadata(
        internRange(line, meta.keyStart, meta.keyEnd), i, start, meta.keyStart, start + meta.valueStart, start + whitespaceEnd(line, meta.valueStart),
        skipBlanks(line), trimEndIndex(line),
      );
      // A block's metadata lines are read one after another, so they are consecutive rows.
      if (this.block.metaCount++ === 0) this.block.metaFirst = row;
      return;
    }
    if (commented && COMMENT.test(line)) return;
    const variable = mayStartWith(line, 64 /* @ */) ? VARIABLE.exec(line) : null;
    if (variable) return this.addVariable(line, i, variable[1]!, variable[2]!.trimEnd());
    const first = line.charCodeAt(0);
    if (first === 60 /* < */ && /^<\s*\{%/.test(line)) return this.openScript('pre-request', i, line, /%\}\s*$/);
    if (line.startsWith('< ')) return this.addScript('pre-request', i);
    if (first === 123 /* { */ && BLOCK_SCRIPT_OPEN.test(line)) return this.openScript('block-script', i, line, BLOCK_SCRIPT_CLOSE);
    if (line.startsWith('/*')) return this.openScript('comment', i, line, /\*\/\s*$/);
    if (first === 102 /* f */ && GRAPHQL_FRAGMENT.test(line)) return this.openScript('graphql', i, line, /^\}\s*$/);
    if (((first === 105 /* i */ || first === 114 /* r */) && DIRECTIVE.test(line)) || ((first === 112 /* p */ || first === 103 /* g */) && IMPORT_DIRECTIVE.test(line))) {
      return this.addScript('directive', i);
    }
    this.startRequest(line, i);
  }

  private target(line: string, i: number): void {
    const first = line.charCodeAt(0);
    const indented = first === 32 || first === 9;
    if (!isBlank(line) && (indented || first === 63 /* ? */ || first === 38 /* & */)) {
      const builder = this.block.builder!;
      const start = builder.start;
      if (start?.kind === 'request') {
        const from = skipBlanks(line);
        const end = trimEndIndex(line, from);
        builder.start = continueTarget(start, line.slice(from, end), span(i, from, end));
        builder.touchHead(i);
        this.collectTemplates(line, i);
      }
      return;
    }
    this.state = 'headers';
    this.headers(line, i);
  }

  /**
   * Reads line `i`, [lineStart, end) of the text, when it is a plain field line (`Name: value`, its name made of
   * token characters from column 0) of the header section, and moves to that section; false when it is not.
   */
  private fieldLine(i: number, end: number): boolean {
    const row = scanFieldLine(this.store, this.text, this.lineStart, this.lineStart, end, i, true);
    if (row < 0) return false;
    this.state = 'headers';
    this.block.builder!.addField(row);
    if (this.store.flags(row) & FieldFlag.templated) this.templatesIn(this.lineStart, end, i);
    return true;
  }

  private headers(line: string, i: number): void {
    const builder = this.block.builder!;
    const first = line.charCodeAt(0);
    // Field lines with a `{{variable}}` in their name are the ones `fieldLine` leaves to this.
    if (isAlphanumeric(first) && fieldColon(line) > 0) {
      builder.addField(parseFieldLine(this.store, line, i, 0, true, this.lineStart));
      return this.collectTemplates(line, i);
    }
    if (isBlank(line)) {
      this.state = 'body';
      return;
    }
    if ((first === 32 || first === 9) && builder.foldIntoLast(line, i, 0, true)) return this.collectTemplates(line, i);
    if (COMMENT.test(line)) return builder.touchHead(i);
    if (line.startsWith('/*')) return this.openScript('comment', i, line, /\*\/\s*$/);
    if (line.startsWith('...')) return builder.touchHead(i); // httpYac spreads an object of headers
    if (this.isResponseSection(line)) return this.after(line, i);
    if (BLOCK_SCRIPT_OPEN.test(line)) return this.openScript('block-script', i, line, BLOCK_SCRIPT_CLOSE);
    if (BARE_REQUEST_LINE.test(line) && isKnownHttpMethod(line.slice(0, line.indexOf(' ')))) {
      return this.startImplicitBlock(line, i);
    }
    const from = skipBlanks(line);
    if (fieldColon(line, from) >= 0) {
      builder.addField(parseFieldLine(this.store, line, i, from, true, this.lineStart));
      return this.collectTemplates(line, i);
    }
    if (line.charCodeAt(0) !== 60 /* < */ && this.isFieldName(line.slice(from, wordEnd(line, from)))) {
      // `Content-Type application/json`: a field line missing its colon.
      builder.addMalformed(span(i, from, trimEndIndex(line, from)), line.slice(from));
      return this.collectTemplates(line, i);
    }
    // httpYac starts the body at the first line that is not a field, blank line or not.
    builder.bodyWithoutBlankLine = span(i, from, trimEndIndex(line, from));
    this.state = 'body';
    this.body(line, i);
  }

  private body(line: string, i: number): void {
    const builder = this.block.builder!;
    if (this.isResponseSection(line)) return this.after(line, i);
    if (!builder.hasBodyContent) {
      if (BLOCK_SCRIPT_OPEN.test(line)) return this.openScript('block-script', i, line, BLOCK_SCRIPT_CLOSE);
      if (this.previousBlank && BARE_REQUEST_LINE.test(line) && isKnownHttpMethod(line.slice(0, line.indexOf(' ')))) {
        return this.startImplicitBlock(line, i);
      }
    }
    const file = line.charCodeAt(0) === 60 /* < */ ? FILE_BODY.exec(line) : null;
    if (file) {
      const path = file[3]!.trimEnd();
      const pathStart = line.indexOf(path, 1);
      builder.addFileRef({
        path,
        span: span(i, pathStart, pathStart + path.length),
        processVariables: file[1] !== undefined,
        encoding: file[2] || undefined,
      });
      return this.collectTemplates(line, i);
    }
    builder.addBodyLine(i, line);
    this.collectTemplates(line, i);
  }

  /** Response handlers, output redirects and asserts: kept, not run. */
  private after(line: string, i: number): void {
    this.state = 'after';
    if (isBlank(line)) return;
    if (/^>\s*\{%/.test(line)) return this.openScript('response-handler', i, line, /%\}\s*$/);
    if (line.startsWith('>>')) return this.addScript('output-redirect', i);
    if (line.startsWith('> ') || line.startsWith('<> ')) return this.addScript('response-handler', i);
    if (line.startsWith('??')) return this.addScript('assert', i);
    if (BLOCK_SCRIPT_OPEN.test(line)) return this.openScript('block-script', i, line, BLOCK_SCRIPT_CLOSE);
    if (BARE_REQUEST_LINE.test(line) && isKnownHttpMethod(line.slice(0, line.indexOf(' ')))) {
      return this.startImplicitBlock(line, i);
    }
  }

  private isFieldName(word: string): boolean {
    return word.length > 0 && this.knownField(word);
  }

  private isResponseSection(line: string): boolean {
    const c = line.charCodeAt(0);
    if (c === 62 /* > */) return line.startsWith('> ') || line.startsWith('>>') || /^>\s*\{%/.test(line);
    if (c === 63 /* ? */) return line.startsWith('??');
    return c === 60 /* < */ && line.startsWith('<> ');
  }

  private startRequest(line: string, i: number): void {
    const from = skipBlanks(line);
    const start = parseLooseRequestLine(line, i, from);
    if (!start) return;
    const protocol = isNonHttpMethod(start.method) || hasOtherScheme(start.target) ? 'other' : 'http';
    this.block.builder = new MessageBuilder(this.store, 'request', start, i, 'http-file', protocol);
    this.state = 'target';
    this.collectTemplates(line, i);
  }

  /** A request line with no `###` before it starts a new request (httpYac reads files written this way). */
  private startImplicitBlock(line: string, i: number): void {
    this.finishBlock();
    this.block = new BlockDraft(i);
    this.state = 'between';
    this.startRequest(line, i);
  }

  private openScript(kind: ScriptKind, i: number, line: string, end: RegExp): void {
    this.addScript(kind, i);
    // A one-line script (`> {% client.log(1) %}`) closes on the line that opens it.
    const rest = line.replace(/^(<|>)?\s*(\{%|\{\{[+@]?[\w-]*)/, '');
    if (!end.test(rest) || rest.trim() === '') this.scriptEnd = end;
  }

  private addScript(kind: ScriptKind, i: number): void {
    (this.block.scripts ??= []).push({ kind, firstLine: i, lastLine: i });
  }

  private addVariable(line: string, i: number, name: string, value: string): void {
    const nameStart = line.indexOf('@') + 1;
    const valueStart = value.length > 0 ? line.indexOf(value, nameStart + name.length) : trimEndIndex(line);
    this.variables.push({
      name,
      value,
      nameSpan: span(i, nameStart, nameStart + name.length),
      valueSpan: span(i, valueStart, valueStart + value.length),
    });
    this.collectTemplates(line, i);
  }

  private collectTemplates(line: string, i: number): void {
    this.templatesIn(this.lineStart, this.lineStart + line.length, i);
  }

  /** Notes the `{{...}}` of line `lineNo`, which is [from, to) of the text. */
  private templatesIn(from: number, to: number, lineNo: number): void {
    const text = this.text;
    for (let at = this.store.nextOpening(from), after = 0; at >= 0 && at + 1 < to; at = this.store.nextOpening(after)) {
      let close = at + 2;
      while (close + 1 < to && !(text.charCodeAt(close) === 125 /* } */ && text.charCodeAt(close + 1) === 125)) close++;
      if (close + 1 >= to) return;
      after = close + 2;
      const start = skipWhitespace(text, at + 2, close);
      const end = whitespaceEnd(text, start, close);
      if (end > start) this.templates.add(internRange(text, start, end), lineNo, at - from, close + 2 - from);
    }
  }

  /** Ends the block at the line read last (the one being read is not its own). */
  private finishBlock(): void {
    const draft = this.block;
    this.scriptEnd = undefined;
    if (!draft.builder) {
      // No request: the block is not one, and its metadata lines (the last rows) are no block's.
      if (draft.metaCount > 0) this.table.dropMetadata(draft.metaFirst);
      return;
    }
    const message = draft.builder.build(this.messages.length);
    this.messages.push(message);
    const blockLast = Math.max(message.lastLine, this.lastContent);
    this.table.addBlock(message.index, draft.firstLine, blockLast, draft.titleStart, draft.titleEnd, draft.metaFirst, draft.metaCount, draft.scripts);
  }
}
