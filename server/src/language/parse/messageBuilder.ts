import type { Span } from '../text';
import { foldIntoField } from './lineParsers';
import type { Body, BodyPart, FileReference, HeaderField, HttpMessage, MalformedLine, MessageKind, RequestLine, StatusLine } from './types';

/** Shared by the messages whose every head line is well-formed (nearly all of them). */
const NO_MALFORMED: readonly MalformedLine[] = Object.freeze([]);

/** Collects one message line by line; both parsers use it so that messages come out the same shape. */
export class MessageBuilder {
  readonly headers: HeaderField[] = [];
  readonly malformed: MalformedLine[] = [];
  headEndLine: number;
  lastLine: number;
  bodyWithoutBlankLine: Span | undefined;
  private bodyLines: (string | FileReference)[] = [];
  private bodyFirst = -1;
  private bodyLast = -1;
  private bodyLastIndex = -1;

  constructor(
    readonly kind: MessageKind,
    public start: RequestLine | StatusLine | undefined,
    readonly firstLine: number,
    readonly source: HttpMessage['source'],
    readonly protocol: HttpMessage['protocol'] = 'http',
  ) {
    this.headEndLine = firstLine;
    this.lastLine = firstLine;
  }

  addField(field: HeaderField): void {
    this.headers.push(field);
    this.headEndLine = this.lastLine = field.lastLine;
  }

  /** Appends a continuation line to the last field; false when there is no field to continue. */
  foldIntoLast(line: string, lineNo: number, from: number, allowTemplates: boolean): boolean {
    const last = this.headers[this.headers.length - 1];
    if (!last || last.lastLine !== lineNo - 1) return false;
    this.headers[this.headers.length - 1] = foldIntoField(last, line, lineNo, from, allowTemplates);
    this.headEndLine = this.lastLine = lineNo;
    return true;
  }

  addMalformed(span: Span, text: string): void {
    this.malformed.push({ span, text });
    this.headEndLine = this.lastLine = span.line;
  }

  /** Records a line of the header section that is neither a field nor malformed (a comment, say). */
  touchHead(lineNo: number): void {
    this.headEndLine = this.lastLine = lineNo;
  }

  addBodyLine(lineNo: number, text: string): void {
    if (this.bodyFirst < 0) this.bodyFirst = lineNo;
    this.bodyLines.push(text);
    if (text.trim().length > 0) {
      this.bodyLast = lineNo;
      this.bodyLastIndex = this.bodyLines.length - 1;
    }
  }

  addFileRef(ref: FileReference): void {
    if (this.bodyFirst < 0) this.bodyFirst = ref.span.line;
    this.bodyLines.push(ref);
    this.bodyLast = ref.span.line;
    this.bodyLastIndex = this.bodyLines.length - 1;
  }

  get hasBodyContent(): boolean {
    return this.bodyLast >= 0;
  }

  build(index: number): HttpMessage {
    let body: Body | undefined;
    if (this.bodyLast >= 0) {
      body = { firstLine: this.bodyFirst, lastLine: this.bodyLast, parts: joinBodyLines(this.bodyLines, this.bodyLastIndex) };
    }
    return {
      index,
      kind: this.kind,
      start: this.start,
      headers: this.headers,
      malformed: this.malformed.length > 0 ? this.malformed : NO_MALFORMED,
      body,
      firstLine: this.firstLine,
      lastLine: Math.max(this.lastLine, body ? body.lastLine : -1),
      source: this.source,
      protocol: this.protocol,
      headEndLine: this.headEndLine,
      bodyWithoutBlankLine: this.bodyWithoutBlankLine,
    };
  }
}

/** Merges runs of text lines into one part each; trailing blank lines are not part of the body. */
function joinBodyLines(lines: readonly (string | FileReference)[], lastIndex: number): BodyPart[] {
  const parts: BodyPart[] = [];
  let run: string[] = [];
  for (let i = 0; i <= lastIndex; i++) {
    const item = lines[i]!;
    if (typeof item === 'string') {
      run.push(item);
      continue;
    }
    if (run.length > 0) parts.push({ text: run.join('\n') });
    run = [];
    parts.push({ file: item });
  }
  if (run.length > 0) parts.push({ text: run.join('\n') });
  return parts;
}
