import { Role } from '../fields/nameFacts';
import { skipWhitespace, type Span } from '../text';
import type { FieldName, FieldStore } from './fieldStore';
import type { Body, BodyPart, FileReference, HeaderField, HttpMessage, MalformedLine, MessageKind, RequestLine, StatusLine } from './types';

/** Shared by the messages whose every head line is well-formed (nearly all of them). */
const NO_MALFORMED: readonly MalformedLine[] = Object.freeze([]);

/** Collects one message line by line; both parsers use it so that messages come out the same shape. */
export class MessageBuilder {
  private malformed: MalformedLine[] | undefined;
  headEndLine: number;
  lastLine: number;
  bodyWithoutBlankLine: Span | undefined;
  /** The message's rows in the store: `count` rows from `firstRow`, or those listed when they are not consecutive. */
  private firstRow = -1;
  private count = 0;
  private rowList: number[] | undefined;
  private bodyLines: (string | FileReference)[] | undefined;
  private bodyFirst = -1;
  private bodyLast = -1;
  private bodyLastIndex = -1;

  constructor(
    private readonly store: FieldStore,
    readonly kind: MessageKind,
    public start: RequestLine | StatusLine | undefined,
    readonly firstLine: number,
    readonly source: HttpMessage['source'],
    readonly protocol: HttpMessage['protocol'] = 'http',
  ) {
    this.headEndLine = firstLine;
    this.lastLine = firstLine;
  }

  /** Adds the field line parsed into `row` of the store. */
  addField(row: number): void {
    if (this.count === 0) this.firstRow = row;
    else if (this.rowList) this.rowList.push(row);
    else if (row !== this.firstRow + this.count) this.rowList = [...Array.from({ length: this.count }, (_, k) => this.firstRow + k), row];
    this.count++;
    this.headEndLine = this.lastLine = this.store.line(row);
  }

  private lastRow(): number {
    return this.rowList ? this.rowList[this.rowList.length - 1]! : this.firstRow + this.count - 1;
  }

  /** Appends a continuation line to the last field; false when there is no field to continue. */
  foldIntoLast(line: string, lineNo: number, from: number, allowTemplates: boolean): boolean {
    if (this.count === 0) return false;
    const last = this.lastRow();
    if (this.store.lastLine(last) !== lineNo - 1) return false;
    this.store.fold(last, line, lineNo, from, allowTemplates);
    this.headEndLine = this.lastLine = lineNo;
    return true;
  }

  addMalformed(span: Span, text: string): void {
    (this.malformed ??= []).push({ span, text });
    this.headEndLine = this.lastLine = span.line;
  }

  /** Records a line of the header section that is neither a field nor malformed (a comment, say). */
  touchHead(lineNo: number): void {
    this.headEndLine = this.lastLine = lineNo;
  }

  addBodyLine(lineNo: number, text: string): void {
    if (this.bodyFirst < 0) this.bodyFirst = lineNo;
    const lines = (this.bodyLines ??= []);
    lines.push(text);
    if (skipWhitespace(text) < text.length) {
      this.bodyLast = lineNo;
      this.bodyLastIndex = lines.length - 1;
    }
  }

  addFileRef(ref: FileReference): void {
    if (this.bodyFirst < 0) this.bodyFirst = ref.span.line;
    const lines = (this.bodyLines ??= []);
    lines.push(ref);
    this.bodyLast = ref.span.line;
    this.bodyLastIndex = lines.length - 1;
  }

  get hasBodyContent(): boolean {
    return this.bodyLast >= 0;
  }

  build(index: number): ParsedMessage {
    let body: Body | undefined;
    if (this.bodyLast >= 0) {
      const lines = this.bodyLines!;
      // A body of one line (most bodies) keeps that line, and makes its list of one part when asked for it.
      body = this.bodyLastIndex === 0 && typeof lines[0] === 'string'
        ? new OneLineBody(this.bodyFirst, this.bodyLast, lines[0])
        : { firstLine: this.bodyFirst, lastLine: this.bodyLast, parts: joinBodyLines(lines, this.bodyLastIndex) };
    }
    // What the rules ask of a message before looking at its fields: the roles of its names, the flags of its
    // fields, and whether a singleton name repeats (names are compared by their number in the store).
    let roles = 0;
    let flags = 0;
    const store = this.store;
    const stamp = store.newStamp();
    for (let k = 0; k < this.count; k++) {
      const row = this.rowList ? this.rowList[k]! : this.firstRow + k;
      const nameRoles = store.name(row).facts.roles;
      roles |= nameRoles;
      flags |= store.flags(row);
      if (nameRoles & Role.singleton && store.seenBefore(row, stamp)) roles |= Role.repeatedSingleton;
    }
    const rare = this.rowList || this.malformed || this.bodyWithoutBlankLine
      ? { rowList: this.rowList, malformed: this.malformed ?? NO_MALFORMED, bodyWithoutBlankLine: this.bodyWithoutBlankLine }
      : undefined;
    const traits = KINDS.indexOf(this.kind) | (SOURCES.indexOf(this.source) << 2) | (this.protocol === 'http' ? 0 : OTHER_PROTOCOL);
    return new ParsedMessage(
      index, traits, this.start, this.store, this.firstRow, this.count, roles, flags, body, this.firstLine,
      Math.max(this.lastLine, body ? body.lastLine : -1), this.headEndLine, rare,
    );
  }
}

// A message's kind, source and protocol, packed in one number (`ParsedMessage.traits`): bits 0-1 index KINDS,
// bits 2-3 SOURCES, and OTHER_PROTOCOL is set for a request that is not HTTP/1.x.
const KINDS: readonly MessageKind[] = ['request', 'response', 'fragment'];
const SOURCES: readonly HttpMessage['source'][] = ['http-file', 'raw', 'curl'];
const OTHER_PROTOCOL = 16;

/** What few messages have: fields on rows that are not consecutive, malformed lines, a body with no blank line. */
interface RareParts {
  readonly rowList: readonly number[] | undefined;
  readonly malformed: readonly MalformedLine[];
  readonly bodyWithoutBlankLine: Span | undefined;
}

/**
 * A message whose fields are rows of the document's store, made into `HeaderField`s when asked for. A large file
 * has tens of thousands of messages, each kept as long as the document: what few of them have is kept apart.
 */
export class ParsedMessage implements HttpMessage {
  private made: HeaderField[] | undefined;

  constructor(
    /** Its place in the document; a dump's messages are numbered once all are read and put in order. */
    public index: number,
    private readonly traits: number,
    readonly start: RequestLine | StatusLine | undefined,
    private readonly store: FieldStore,
    private readonly firstRow: number,
    readonly fieldCount: number,
    readonly roles: number,
    readonly flags: number,
    readonly body: Body | undefined,
    readonly firstLine: number,
    readonly lastLine: number,
    readonly headEndLine: number,
    private readonly rare: RareParts | undefined,
  ) {}

  get kind(): MessageKind {
    return KINDS[this.traits & 3]!;
  }

  get source(): HttpMessage['source'] {
    return SOURCES[(this.traits >> 2) & 3]!;
  }

  get protocol(): HttpMessage['protocol'] {
    return this.traits & OTHER_PROTOCOL ? 'other' : 'http';
  }

  get malformed(): readonly MalformedLine[] {
    return this.rare?.malformed ?? NO_MALFORMED;
  }

  get bodyWithoutBlankLine(): Span | undefined {
    return this.rare?.bodyWithoutBlankLine;
  }

  private row(k: number): number {
    const rowList = this.rare?.rowList;
    return rowList ? rowList[k]! : this.firstRow + k;
  }

  get headers(): readonly HeaderField[] {
    if (!this.made) {
      const made: HeaderField[] = [];
      for (let k = 0; k < this.fieldCount; k++) made.push(this.store.field(this.row(k)));
      this.made = made;
    }
    return this.made;
  }

  field(k: number): HeaderField {
    return this.made ? this.made[k]! : this.store.field(this.row(k));
  }

  fieldName(k: number): FieldName {
    return this.store.name(this.row(k));
  }

  fieldFlags(k: number): number {
    return this.store.flags(this.row(k));
  }
}

class OneLineBody implements Body {
  constructor(
    readonly firstLine: number,
    readonly lastLine: number,
    private readonly text: string,
  ) {}

  get parts(): readonly BodyPart[] {
    return [{ text: this.text }];
  }
}

/** Merges runs of text lines into one part each; trailing blank lines are not part of the body. */
function joinBodyLines(lines: readonly (string | FileReference)[], lastIndex: number): BodyPart[] {
  const parts: BodyPart[] = [];
  let runStart = 0;
  const flush = (end: number) => {
    // A run of one line is that line, without an array to join.
    if (end - runStart === 1) parts.push({ text: lines[runStart] as string });
    else if (end > runStart) parts.push({ text: (lines.slice(runStart, end) as string[]).join('\n') });
  };
  for (let i = 0; i <= lastIndex; i++) {
    const item = lines[i]!;
    if (typeof item === 'string') continue;
    flush(i);
    parts.push({ file: item });
    runStart = i + 1;
  }
  flush(lastIndex + 1);
  return parts;
}
