import { LineReader, skipBlanks, span, trimEndIndex } from '../text';
import { Document } from './document';
import { NO_TEMPLATES } from './templateTable';
import { isTchar } from './grammar';
import { addFieldLine, knownColon, knownNameAt, parseFieldLine, scanName } from './lineParsers';
import { parseStatusLine, parseStrictRequestLine } from './startLines';
import { MessageBuilder, type ParsedMessage } from './messageBuilder';
import { FieldStore } from './fieldStore';
import { pairExchanges, type ConnectionMark } from './exchanges';
import type { HttpMessage, ParsedDocument } from './types';

/**
 * Parses raw HTTP as people paste it: one or more request and response heads (with or without bodies),
 * bare header lines with no start line, and `curl -v` traces, whose `> ` lines are the request, `< ` lines
 * the response and `* ` lines curl's own notes. Never throws; lines it cannot place are left alone.
 */
export function parseMessageDump(text: string): ParsedDocument {
  const source = stripBom(text);
  // Each message is made as soon as it is read: its builder, kept to the end, would be copied by every
  // garbage collection meanwhile. The messages are numbered once they are in the order of the text.
  const finished: ParsedMessage[] = [];
  const emit = (b: MessageBuilder) => finished.push(b.build(-1));
  const marks: ConnectionMark[] = [];
  const reader = new LineReader(source);
  const store = new FieldStore(source);
  let i = 0;

  if (looksLikeCurlTrace(source, reader)) {
    const requests = new StreamParser('curl', emit, store);
    const responses = new StreamParser('curl', emit, store);
    let last: StreamParser = requests;
    for (; reader.next(); i++) {
      const { start, end } = reader;
      const c = source.charCodeAt(start);
      const prefixed = end - start === 1 || source.charCodeAt(start + 1) === 32;
      const side = !prefixed ? undefined : c === 62 /* > */ ? requests : c === 60 /* < */ ? responses : undefined;
      if (side) {
        last = side;
        const from = Math.min(2, end - start);
        if (!side.fieldInPlace(start, end, i, from)) side.feed(source.slice(start, end), i, start, from);
        continue;
      }
      const line = source.slice(start, end);
      if (c === 42 /* * */ && prefixed) noteCurlInfo(line, i, marks);
      else if ((c === 123 || c === 125) /* { } */ && line.startsWith(' [', 1)) continue;
      // A bare line is the body of the message curl printed last, when that message is in its body;
      // otherwise it is a `-D -` copy of the head, or shell noise.
      else if (last.inBody) last.feed(line, i, start, 0);
    }
    requests.end();
    responses.end();
  } else {
    const parser = new StreamParser('raw', emit, store);
    for (; reader.next(); i++) {
      const { start, end } = reader;
      if (!parser.fieldInPlace(start, end, i, 0)) parser.feed(source.slice(start, end), i, start, 0);
    }
    parser.end();
  }

  finished.sort((a, b) => a.firstLine - b.firstLine);
  for (let index = 0; index < finished.length; index++) finished[index]!.index = index;
  const messages: HttpMessage[] = finished;
  return new Document('message', source, reader.eol, messages, pairExchanges(messages, marks), undefined, NONE, NO_TEMPLATES, store);
}

const NONE: readonly never[] = Object.freeze([]);

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function looksLikeCurlTrace(text: string, like: LineReader): boolean {
  const reader = new LineReader(text, like);
  let i = 0;
  for (let line = reader.read(); line !== undefined && i < 2000; line = reader.read(), i++) {
    if (line.startsWith('< HTTP/') && parseStatusLine(line, i, 2)) return true;
    if (line.startsWith('> ') && parseStrictRequestLine(line, i, 2)) return true;
  }
  return false;
}

function noteCurlInfo(line: string, lineNo: number, marks: ConnectionMark[]): void {
  if (/^\*\s+Connected to /.test(line)) marks.push({ line: lineNo, event: 'connected' });
  else if (/^\*\s+Re-?using existing /i.test(line)) marks.push({ line: lineNo, event: 'reused' });
}

/**
 * A line that can start a run of bare header lines: a token (or an HTTP/2 pseudo-header), optional
 * whitespace, then a colon. A URL such as `https://example.com` is not one.
 */
function looksLikeFieldLine(line: string, from: number): boolean {
  let i = from;
  if (line.charCodeAt(i) === 58 /* : */) i++;
  const nameStart = i;
  while (i < line.length && isTchar(line.charCodeAt(i))) i++;
  if (i === nameStart) return false;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  if (line.charCodeAt(i) !== 58) return false;
  return !line.startsWith('//', i + 1);
}

/**
 * Lines that show where a paste came from rather than what was sent: a shell prompt with a command
 * (`$ curl -v ...`, `% http ...`) or a Markdown code fence. They end whatever message came before.
 */
function isPasteBoundary(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 36 /* $ */ || c === 37 /* % */) return line.charCodeAt(1) === 32;
  return c === 96 /* ` */ && line.startsWith('```');
}

/** Reads one stream of lines (a whole raw dump, or one side of a curl trace) into messages. */
class StreamParser {
  private state: 'idle' | 'head' | 'body' = 'idle';
  private current: MessageBuilder | undefined;
  private indent = 0;

  constructor(
    private readonly source: 'raw' | 'curl',
    private readonly emit: (b: MessageBuilder) => void,
    /** Where the fields of the whole text are kept. */
    private readonly store: FieldStore,
  ) {}

  get inBody(): boolean {
    return this.state === 'body';
  }

  /**
   * Reads line [lineStart, lineEnd) of the text where it stands when it is a field line of the head being read
   * with its name at `from` (the common line, which `feed` would read the same); false, and nothing done, for
   * any other line. A name with its colon right after it is a field line: a status line starts `HTTP/`, and a
   * request line's method is followed by a space; so such a line need not be tried as a start line first.
   */
  fieldInPlace(lineStart: number, lineEnd: number, lineNo: number, from: number): boolean {
    if (this.state !== 'head' || this.indent > 0) return false;
    const text = this.store.text;
    const nameStart = lineStart + from;
    const c = text.charCodeAt(nameStart);
    // A name starts the line's content (no indentation), and is not a shell prompt or a fence (`$`, `%` and
    // a backquote are token characters).
    if (nameStart >= lineEnd || !isTchar(c) || (from === 0 && (c === 36 || c === 37 || c === 96))) return false;
    const known = knownNameAt(this.store, text, nameStart, lineEnd);
    const colon = known ? knownColon() : scanName(text, nameStart, lineEnd);
    if (colon >= lineEnd || text.charCodeAt(colon) !== 58 /* : */) return false;
    if (this.current!.kind === 'fragment' && text.startsWith('//', colon + 1)) return false;
    this.current!.addField(addFieldLine(this.store, text, lineStart, nameStart, colon, colon, lineEnd, lineNo, false, known));
    return true;
  }

  /** `lineStart` is where the line starts in the text; `from`, where its content starts once a curl prefix is taken off. */
  feed(line: string, lineNo: number, lineStart: number, from: number): void {
    const content = skipBlanks(line, from);
    const blank = content >= line.length;
    const lead = content - from;
    if ((from === 0 && isPasteBoundary(line)) || (this.current && !blank && lead < this.indent)) {
      // A prompt, a fence, or a line indented less than an indented message: the message has ended.
      if (this.current) this.finish();
      if (lead < this.indent) this.indent = 0;
      else return;
    }

    if (this.state === 'body') {
      if (!blank && lead <= this.indent && this.tryStart(line, lineNo, content, lead)) return;
      this.current!.addBodyLine(lineNo, line.slice(Math.min(from + this.indent, content)));
      return;
    }
    if (this.state === 'head') {
      const cur = this.current!;
      if (blank) {
        if (cur.kind === 'fragment') this.finish();
        else this.state = 'body';
        return;
      }
      if (lead > this.indent && cur.foldIntoLast(line, lineNo, from + this.indent, false)) return;
      if (this.tryStart(line, lineNo, content, lead)) return;
      if (cur.kind === 'fragment') {
        if (looksLikeFieldLine(line, content)) cur.addField(parseFieldLine(this.store, line, lineNo, content, false, lineStart));
        else this.finish(); // the run of header lines has ended; what follows is prose or a prompt
        return;
      }
      const row = parseFieldLine(this.store, line, lineNo, content, false, lineStart);
      if (row >= 0) cur.addField(row);
      else cur.addMalformed(span(lineNo, content, trimEndIndex(line, content)), line.slice(content));
      return;
    }
    // idle
    if (blank) return;
    if (this.tryStart(line, lineNo, content, lead)) return;
    if (looksLikeFieldLine(line, content)) {
      this.begin(new MessageBuilder(this.store, 'fragment', undefined, lineNo, this.source), lead);
      this.current!.addField(parseFieldLine(this.store, line, lineNo, content, false, lineStart));
    }
  }

  end(): void {
    if (this.current) this.finish();
  }

  private tryStart(line: string, lineNo: number, content: number, lead: number): boolean {
    const status = line.startsWith('HTTP/', content) ? parseStatusLine(line, lineNo, content) : undefined;
    const start = status ?? parseStrictRequestLine(line, lineNo, content);
    if (!start) return false;
    if (this.current) this.finish();
    this.begin(new MessageBuilder(this.store, start.kind === 'status' ? 'response' : 'request', start, lineNo, this.source), lead);
    return true;
  }

  private begin(builder: MessageBuilder, indent: number): void {
    this.current = builder;
    this.indent = indent;
    this.state = 'head';
  }

  private finish(): void {
    if (this.current) this.emit(this.current);
    this.current = undefined;
    this.state = 'idle';
  }
}
