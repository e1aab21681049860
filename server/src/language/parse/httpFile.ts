import { isBlank, skipBlanks, span, splitLines, trimEndIndex, type Span } from '../text';
import { isKnownHttpMethod, isNonHttpMethod, isTchar } from './grammar';
import { parseFieldLine, parseLooseRequestLine } from './lineParsers';
import { MessageBuilder } from './messageBuilder';
import { isKnownFieldName } from '../fields/fieldTable';
import type {
  Exchange, HttpMessage, Metadata, ParsedDocument, RequestBlock, ScriptKind, TemplateReference, VariableDefinition,
} from './types';

// Lines an .http file can hold, as the JetBrains HTTP Client spec, REST Client and httpYac write them.
const COMMENT = /^\s*(?:#|\/\/)/;
/** `# @name login`, `// @no-redirect`, `# @name=login` */
const METADATA = /^\s*(?:#|\/\/)\s*@([A-Za-z_][\w.-]*)(?:\s*=\s*|\s+)?(.*?)\s*$/;
/** `@host = example.com`; httpYac also has `@lazy := value` */
const VARIABLE = /^\s*@([A-Za-z_$][\w.$-]*)\s*:?=\s*(.*?)\s*$/;
/** httpYac script blocks: a line of `{{` (optionally `{{+`, `{{@event`) up to a line of `}}`. */
const BLOCK_SCRIPT_OPEN = /^\{\{[+@]?[\w-]*\s*$/;
const BLOCK_SCRIPT_CLOSE = /^\}\}\s*$/;
/** kulala's `import ./other.http` and `run #name` */
const DIRECTIVE = /^(?:import|run)\s+\S/;
/** `< ./body.json`, `<@ ./body.json`, `<@latin1 ./body.txt` */
const FILE_BODY = /^<(@(\w*))?\s+(\S.*?)\s*$/;
/** httpYac's GraphQL fragments and `proto`/`gql` imports, which stand before a request. */
const GRAPHQL_FRAGMENT = /^fragment\s+\w+\s+on\s+\w+/;
const IMPORT_DIRECTIVE = /^(?:proto|gql)\s+.*<\s*\S/;
/** A request line that may start a new request without a `###` (httpYac reads files that do this). */
const BARE_REQUEST_LINE = /^([A-Z]+)\s+\S+(?:\s+HTTP\/\d+(?:\.\d+)?)?\s*$/;

type State = 'between' | 'target' | 'headers' | 'body' | 'after';

interface BlockDraft {
  firstLine: number;
  title?: string;
  metadata: Metadata[];
  scripts: { kind: ScriptKind; firstLine: number; lastLine: number }[];
  builder?: MessageBuilder;
  lastLine: number;
}

/**
 * Parses an .http / .rest request file. Tolerant by design: whatever it cannot place stays where it is and,
 * inside a header section, is reported as a malformed line. Never throws.
 */
export function parseHttpFile(text: string): ParsedDocument {
  const { lines, eol } = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return new HttpFileParser(lines, eol, isKnownFieldName).parse();
}

function isAlphanumeric(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/**
 * Where the colon of a field line is, or -1: the line must start (at `from`) with a name made of token
 * characters and `{{variables}}`, then optional spaces, then the colon. `GET http://a` is not a field line.
 */
function fieldColon(line: string, from = 0): number {
  let i = from;
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 123 /* { */ && line.charCodeAt(i + 1) === 123) {
      const close = line.indexOf('}}', i + 2);
      if (close < 0) return -1;
      i = close + 2;
    } else if (isTchar(c)) {
      i++;
    } else {
      break;
    }
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
  private readonly blocks: RequestBlock[] = [];
  private readonly messages: HttpMessage[] = [];
  private readonly variables: VariableDefinition[] = [];
  private readonly templates: TemplateReference[] = [];
  /** Inside a multi-line script: the pattern of its last line. */
  private scriptEnd: RegExp | undefined;
  private previousBlank = true;

  constructor(
    private readonly lines: readonly string[],
    private readonly eol: string,
    private readonly knownField: (name: string) => boolean,
  ) {
    this.block = { firstLine: 0, metadata: [], scripts: [], lastLine: 0 };
  }

  parse(): ParsedDocument {
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      this.line(line, i);
      this.previousBlank = isBlank(line);
    }
    this.finishBlock(lines.length - 1);
    const exchanges: Exchange[] = this.messages.map((m) => ({ request: m, interim: [] }));
    return {
      kind: 'http-file',
      lines,
      eol: this.eol,
      messages: this.messages,
      exchanges,
      requests: this.blocks,
      variables: this.variables,
      templates: this.templates,
    };
  }

  private line(line: string, i: number): void {
    if (this.scriptEnd) {
      const open = this.block.scripts[this.block.scripts.length - 1]!;
      if (line.startsWith('###')) {
        // An unterminated script ends at the next request separator rather than swallowing the file.
        this.scriptEnd = undefined;
      } else {
        open.lastLine = this.block.lastLine = i;
        if (this.scriptEnd.test(line)) this.scriptEnd = undefined;
        return;
      }
    }
    if (line.charCodeAt(0) === 35 /* # */ && line.startsWith('###')) {
      this.finishBlock(i - 1);
      const title = line.slice(3).replace(/^#*/, '').trim();
      this.block = { firstLine: i, title: title || undefined, metadata: [], scripts: [], lastLine: i };
      this.state = 'between';
      return;
    }
    this.block.lastLine = i;
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
    const meta = METADATA.exec(line);
    if (meta) {
      const keyStart = line.indexOf('@');
      this.block.metadata.push({
        key: meta[1]!,
        value: meta[2] ?? '',
        keySpan: span(i, keyStart + 1, keyStart + 1 + meta[1]!.length),
        span: span(i, skipBlanks(line), trimEndIndex(line)),
      });
      return;
    }
    if (COMMENT.test(line)) return;
    const variable = VARIABLE.exec(line);
    if (variable) return this.addVariable(line, i, variable[1]!, variable[2]!);
    if (line.startsWith('<') && /^<\s*\{%/.test(line)) return this.openScript('pre-request', i, line, /%\}\s*$/);
    if (line.startsWith('< ')) return this.addScript('pre-request', i);
    if (BLOCK_SCRIPT_OPEN.test(line)) return this.openScript('block-script', i, line, BLOCK_SCRIPT_CLOSE);
    if (line.startsWith('/*')) return this.openScript('comment', i, line, /\*\/\s*$/);
    if (GRAPHQL_FRAGMENT.test(line)) return this.openScript('graphql', i, line, /^\}\s*$/);
    if (DIRECTIVE.test(line) || IMPORT_DIRECTIVE.test(line)) return this.addScript('directive', i);
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
        builder.start = {
          ...start,
          target: start.target + line.slice(from, end),
          targetContinuations: [...start.targetContinuations, span(i, from, end)],
        };
        builder.touchHead(i);
        this.collectTemplates(line, i);
      }
      return;
    }
    this.state = 'headers';
    this.headers(line, i);
  }

  private headers(line: string, i: number): void {
    const builder = this.block.builder!;
    const first = line.charCodeAt(0);
    // Most lines here are plain field lines: recognise them before trying anything rarer.
    if (isAlphanumeric(first) && fieldColon(line) > 0) {
      builder.addField(parseFieldLine(line, i, 0, true)!);
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
      builder.addField(parseFieldLine(line, i, from, true)!);
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
      const pathStart = line.indexOf(file[3]!, 1);
      builder.addFileRef({
        path: file[3]!,
        span: span(i, pathStart, pathStart + file[3]!.length),
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
    const protocol = isNonHttpMethod(start.method) || /^(wss?|grpcs?|mqtts?|amqps?|kafka):\/\//i.test(start.target) ? 'other' : 'http';
    this.block.builder = new MessageBuilder('request', start, i, 'http-file', protocol);
    this.state = 'target';
    this.collectTemplates(line, i);
  }

  /** A request line with no `###` before it starts a new request (httpYac reads files written this way). */
  private startImplicitBlock(line: string, i: number): void {
    this.finishBlock(i - 1);
    this.block = { firstLine: i, metadata: [], scripts: [], lastLine: i };
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
    this.block.scripts.push({ kind, firstLine: i, lastLine: i });
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
    if (line.indexOf('{{') < 0) return;
    let from = 0;
    for (;;) {
      const open = line.indexOf('{{', from);
      if (open < 0) return;
      const close = line.indexOf('}}', open + 2);
      if (close < 0) return;
      const expression = line.slice(open + 2, close).trim();
      if (expression.length > 0) this.templates.push({ expression, span: span(i, open, close + 2) });
      from = close + 2;
    }
  }

  /** The last line at or before `line` that is not blank: a block's trailing blank lines are not its own. */
  private lastContentLine(line: number): number {
    let i = line;
    while (i > 0 && isBlank(this.lines[i] ?? '')) i--;
    return i;
  }

  private finishBlock(lastLine: number): void {
    const draft = this.block;
    this.scriptEnd = undefined;
    if (!draft.builder) return;
    const message = draft.builder.build(this.messages.length);
    this.messages.push(message);
    const name = draft.metadata.find((m) => m.key === 'name' && m.value.length > 0);
    const nameSpan: Span | undefined = name
      ? span(name.span.line, name.span.end - name.value.length, name.span.end)
      : undefined;
    this.blocks.push({
      message,
      name: name?.value,
      nameSpan,
      title: draft.title,
      metadata: draft.metadata,
      firstLine: draft.firstLine,
      lastLine: Math.max(message.lastLine, this.lastContentLine(Math.min(lastLine, draft.lastLine))),
      scripts: draft.scripts,
    });
  }
}
