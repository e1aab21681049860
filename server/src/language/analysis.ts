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

/** An analysis that makes each field it is asked for once: the rules ask for few of a message's fields. */
class Analysis implements MessageAnalysis {
  private made: (HeaderField | undefined)[] | undefined;
  private options: readonly { readonly option: ConnectionOption; readonly field: HeaderField }[] | undefined;
  view!: HeadView;

  constructor(
    readonly message: HttpMessage,
    readonly version: EffectiveVersion | undefined,
    readonly answers: HttpMessage | undefined,
    private readonly templates: boolean,
  ) {}

  fieldAt(k: number): HeaderField {
    // Sized at once: filled in any order, an empty array would grow past the message's size.
    const made = (this.made ??= new Array<HeaderField | undefined>(this.message.fieldCount));
    return (made[k] ??= this.message.field(k));
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
            (found ??= []).push({ option, field });
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

  private bits = 0;

  get optionBits(): number {
    if (this.options === undefined) void this.connectionOptions;
    return this.bits;
  }

  /** The fields of each name `NAME_ROLES` stands for, by the bit's position: gathered in one pass when first asked. */
  private byRole: HeaderField[][] | undefined;

  named(role: number): readonly HeaderField[] {
    if (!this.byRole) {
      const byRole: HeaderField[][] = new Array<HeaderField[]>(NAME_ROLE_COUNT);
      const message = this.message;
      for (let k = 0; k < message.fieldCount; k++) {
        const nameRole = message.fieldName(k).facts.roles & NAME_ROLES;
        if (nameRole === 0) continue;
        // Most names appear once: a one-element array, as `[]` and a push would make room for seventeen, and
        // findings keep these lists for their fixes.
        const bit = 31 - Math.clz32(nameRole);
        const list = byRole[bit];
        if (list === undefined) byRole[bit] = [this.fieldAt(k)];
        else list.push(this.fieldAt(k));
      }
      this.byRole = byRole;
    }
    return this.byRole[31 - Math.clz32(role)] ?? NONE;
  }
}

export function analyzeMessage(doc: ParsedDocument, message: HttpMessage, answers?: HttpMessage): MessageAnalysis {
  const templates = doc.kind === 'http-file';
  const analysis = new Analysis(message, effectiveVersion(doc, message), answers, templates);
  // The fields persistence looks at: a fragment's all, since which of its fields are there tells its direction.
  let viewFields: HeaderField[] | undefined;
  if (message.roles & PERSISTENCE_ROLES) {
    for (let k = 0; k < message.fieldCount; k++) {
      if (message.fieldName(k).facts.roles & PERSISTENCE_ROLES) (viewFields ??= []).push(analysis.fieldAt(k));
    }
  }
  const method = message.start?.kind === 'request' ? message.start.method : answers?.start?.kind === 'request' ? answers.start.method : undefined;
  analysis.view = {
    kind: message.kind,
    version: analysis.version,
    method,
    status: message.start?.kind === 'status' ? message.start.status : undefined,
    fields: message.kind === 'fragment' ? message.headers : viewFields ?? NONE,
    templates,
  };
  return analysis;
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
