import { NAME_ROLES, Role } from './fields/nameFacts';
import { PERSISTENCE_ROLES, type HeadView } from './persistence';
import { parseConnectionOptions, type ConnectionOption } from './parse/connectionOptions';
import type { Exchange, HeaderField, HttpMessage, ParsedDocument } from './parse/types';

export interface EffectiveVersion {
  readonly major: number;
  readonly minor: number;
  readonly label: string;
  /** True for an .http request with no version written: HTTP Lens sends those as HTTP/1.1. */
  readonly implied: boolean;
}

/** What rules and predictions need to know about one message, worked out once. */
export interface MessageAnalysis {
  readonly message: HttpMessage;
  readonly version?: EffectiveVersion;
  readonly connectionOptions: readonly { readonly option: ConnectionOption; readonly field: HeaderField }[];
  /** The request this message answers, for a response in a dump. */
  readonly answers?: HttpMessage;
  readonly view: HeadView;
  /** The message's k-th field, the same object each time it is asked for. */
  fieldAt(k: number): HeaderField;
  /** The fields whose name is the one `role` (a single bit of `NAME_ROLES`) stands for. */
  named(role: number): readonly HeaderField[];
  /** Which of `close`, `keep-alive` and a templated option the Connection fields list (`OptionBit`). */
  readonly optionBits: number;
}

/** How many `NAME_ROLES` bits there are: they are the lowest bits of `Role`. */
const NAME_ROLE_COUNT = 32 - Math.clz32(NAME_ROLES);

/** Bits of `MessageAnalysis.optionBits`: the options the rules ask about most. */
export const OptionBit = { close: 1, keepAlive: 2, templated: 4 } as const;

const NONE: readonly never[] = Object.freeze([]);

/** The fields whose name the one `role` (a single bit of `NAME_ROLES`) stands for, in order. */
export function withRole(a: MessageAnalysis, role: number): readonly HeaderField[] {
  return (a.message.roles & role) === 0 ? NONE : a.named(role);
}

/** The first Connection option spelled `lower` (in lower case), with its field. */
export function firstOption(a: MessageAnalysis, lower: string): MessageAnalysis['connectionOptions'][number] | undefined {
  // Indexed loops over these lists: the shared ones are frozen, and V8 iterates frozen arrays with for-of slowly.
  const options = a.connectionOptions;
  for (let i = 0; i < options.length; i++) if (options[i]!.option.lower === lower) return options[i];
  return undefined;
}

export function hasOption(a: MessageAnalysis, lower: string): boolean {
  if (lower === 'close') return (a.optionBits & OptionBit.close) !== 0;
  if (lower === 'keep-alive') return (a.optionBits & OptionBit.keepAlive) !== 0;
  return firstOption(a, lower) !== undefined;
}

export function versionLabel(major: number, minor: number): string {
  return major >= 2 ? `HTTP/${major}` : `HTTP/${major}.${minor}`;
}

/**
 * An analysis that makes each field it is asked for once: the rules ask for few of a message's fields. The
 * linter analyses one message after another with one analysis, pointed at each in turn (`MessageAnalyzer`): the
 * analysis and its table of the fields made are kept and refilled, since a large file has tens of thousands of
 * messages and what is made for one is garbage the moment the next is looked at.
 */
class Analysis implements MessageAnalysis {
  message!: HttpMessage;
  version: EffectiveVersion | undefined;
  answers: HttpMessage | undefined;
  view!: HeadView;
  private made: (HeaderField | undefined)[] = [];
  private options: readonly { readonly option: ConnectionOption; readonly field: HeaderField }[] | undefined;
  private bits = 0;
  /**
   * The fields of each name `NAME_ROLES` stands for, by the bit's position; gathered when first asked for. The
   * lists are new for each message (most are of one field), and only those `gathered` marks are this message's.
   */
  private readonly byRole = new Array<HeaderField[] | undefined>(NAME_ROLE_COUNT);
  /** Which lists of `byRole` hold this message's fields: -1 until they are gathered. */
  private gathered = -1;

  constructor(
    private readonly doc: ParsedDocument,
    private readonly templates: boolean,
  ) {}

  /** Points this analysis at `message`; what it said of the one before no longer holds. */
  analyze(message: HttpMessage, answers: HttpMessage | undefined): this {
    this.message = message;
    this.version = effectiveVersion(this.doc, message);
    this.answers = answers;
    const n = message.fieldCount;
    // Sized at once: filled in any order, an empty list would grow past the message's size.
    if (this.made.length < n) this.made = new Array<HeaderField | undefined>(Math.max(n, 2 * this.made.length));
    else for (let k = 0; k < n; k++) this.made[k] = undefined;
    this.options = undefined;
    this.bits = 0;
    this.gathered = -1;
    this.view = this.headView(message, answers);
    return this;
  }

  fieldAt(k: number): HeaderField {
    return (this.made[k] ??= this.message.field(k));
  }

  /** The options of every Connection field, in order: worked out when first asked for. */
  get connectionOptions(): readonly { readonly option: ConnectionOption; readonly field: HeaderField }[] {
    if (this.options === undefined) {
      let found: { option: ConnectionOption; field: HeaderField }[] | undefined;
      let bits = 0;
      if (this.message.roles & Role.connection) {
        for (const field of this.named(Role.connection)) {
          const options = parseConnectionOptions(field.value, this.templates);
          for (let i = 0; i < options.length; i++) {
            const option = options[i]!;
            // A one-element list for the first: `[]` and a push would make room for seventeen.
            if (found) found.push({ option, field });
            else found = [{ option, field }];
            if (option.lower === 'close') bits |= OptionBit.close;
            else if (option.lower === 'keep-alive') bits |= OptionBit.keepAlive;
            if (option.templated) bits |= OptionBit.templated;
          }
        }
      }
      this.options = found ?? NONE;
      this.bits = bits;
    }
    return this.options;
  }

  get optionBits(): number {
    if (this.options === undefined) void this.connectionOptions;
    return this.bits;
  }

  named(role: number): readonly HeaderField[] {
    if (this.gathered < 0) {
      let gathered = 0;
      const message = this.message;
      for (let k = 0; k < message.fieldCount; k++) {
        const nameRole = message.fieldName(k).facts.roles & NAME_ROLES;
        if (nameRole === 0) continue;
        const bit = 31 - Math.clz32(nameRole);
        // A one-element list for the first: `[]` and a push would make room for seventeen.
        if (gathered & (1 << bit)) this.byRole[bit]!.push(this.fieldAt(k));
        else this.byRole[bit] = [this.fieldAt(k)];
        gathered |= 1 << bit;
      }
      this.gathered = gathered;
    }
    const bit = 31 - Math.clz32(role);
    return this.gathered & (1 << bit) ? this.byRole[bit]! : NONE;
  }

  private headView(message: HttpMessage, answers: HttpMessage | undefined): HeadView {
    // The fields persistence looks at: a fragment's all, since which of its fields are there tells its direction.
    let viewFields: HeaderField[] | undefined;
    if (message.kind !== 'fragment' && message.roles & PERSISTENCE_ROLES) {
      // Counted first, so that the list is made at its size: a push would make room for seventeen.
      let count = 0;
      for (let k = 0; k < message.fieldCount; k++) if (message.fieldName(k).facts.roles & PERSISTENCE_ROLES) count++;
      viewFields = new Array<HeaderField>(count);
      for (let k = 0, at = 0; at < count; k++) if (message.fieldName(k).facts.roles & PERSISTENCE_ROLES) viewFields[at++] = this.fieldAt(k);
    }
    const method = message.start?.kind === 'request' ? message.start.method : answers?.start?.kind === 'request' ? answers.start.method : undefined;
    return {
      kind: message.kind,
      version: this.version,
      method,
      status: message.start?.kind === 'status' ? message.start.status : undefined,
      fields: message.kind === 'fragment' ? message.headers : viewFields ?? NONE,
      templates: this.templates,
    };
  }
}

/**
 * Analyses the messages of one document in turn with one analysis: each analysis it gives holds until the next is
 * asked for (its view, made anew for each message, holds for good).
 */
export class MessageAnalyzer {
  private readonly analysis: Analysis;

  constructor(doc: ParsedDocument) {
    this.analysis = new Analysis(doc, doc.kind === 'http-file');
  }

  analyze(message: HttpMessage, answers?: HttpMessage): MessageAnalysis {
    return this.analysis.analyze(message, answers);
  }
}

export function analyzeMessage(doc: ParsedDocument, message: HttpMessage, answers?: HttpMessage): MessageAnalysis {
  return new Analysis(doc, doc.kind === 'http-file').analyze(message, answers);
}

/** Versions are few and never change: one object each serves every message that has it. */
const VERSIONS = new Map<number, EffectiveVersion>();
const IMPLIED: EffectiveVersion = { major: 1, minor: 1, label: 'HTTP/1.1', implied: true };

function effectiveVersion(doc: ParsedDocument, message: HttpMessage): EffectiveVersion | undefined {
  const v = message.start?.version;
  if (v) {
    const key = v.major * 10 + v.minor;
    let known = VERSIONS.get(key);
    if (!known) VERSIONS.set(key, (known = { major: v.major, minor: v.minor, label: versionLabel(v.major, v.minor), implied: false }));
    return known;
  }
  if (doc.kind === 'http-file' && message.kind === 'request') return IMPLIED;
  return undefined;
}

/** For each response of a dump (final or interim), by its index, the request it answers. */
export function answeredRequests(doc: ParsedDocument): (HttpMessage | undefined)[] {
  const answers = new Array<HttpMessage | undefined>(doc.messages.length);
  for (const x of doc.exchanges) {
    if (!x.request) continue;
    if (x.response) answers[x.response.index] = x.request;
    for (let k = 0; k < x.interim.length; k++) answers[x.interim[k]!.index] = x.request;
  }
  return answers;
}

/** Analyses every message of a document, each response knowing the request it answers. */
export function analyzeDocument(doc: ParsedDocument): { analyses: MessageAnalysis[]; exchangeOf: Map<HttpMessage, Exchange> } {
  const answers = answeredRequests(doc);
  const exchangeOf = new Map<HttpMessage, Exchange>();
  for (const x of doc.exchanges) {
    if (x.request) exchangeOf.set(x.request, x);
    if (x.response) exchangeOf.set(x.response, x);
  }
  return { analyses: doc.messages.map((m) => analyzeMessage(doc, m, answers[m.index])), exchangeOf };
}

/**
 * The fields of message `index` whose name `role` (one bit of `NAME_ROLES`) stands for, made anew: for fixes,
 * which are made when asked for and keep the message's index rather than its fields.
 */
export function fieldsOfMessage(doc: ParsedDocument, index: number, role: number): HeaderField[] {
  const message = doc.messages[index]!;
  const found: HeaderField[] = [];
  for (let k = 0; k < message.fieldCount; k++) if (message.fieldName(k).facts.roles & role) found.push(message.field(k));
  return found;
}
