import type { HeadView } from './persistence';
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
  readonly fieldsByName: ReadonlyMap<string, readonly HeaderField[]>;
  readonly connectionOptions: readonly { readonly option: ConnectionOption; readonly field: HeaderField }[];
  /** The request this message answers, for a response in a dump. */
  readonly answers?: HttpMessage;
  readonly view: HeadView;
}

export function fields(a: MessageAnalysis, lowerName: string): readonly HeaderField[] {
  return a.fieldsByName.get(lowerName) ?? [];
}

export function hasOption(a: MessageAnalysis, lower: string): boolean {
  return a.connectionOptions.some((c) => c.option.lower === lower);
}

export function versionLabel(major: number, minor: number): string {
  return major >= 2 ? `HTTP/${major}` : `HTTP/${major}.${minor}`;
}

export function analyzeMessage(doc: ParsedDocument, message: HttpMessage, answers?: HttpMessage): MessageAnalysis {
  const templates = doc.kind === 'http-file';
  const fieldsByName = new Map<string, HeaderField[]>();
  const connectionOptions: { option: ConnectionOption; field: HeaderField }[] = [];
  for (const f of message.headers) {
    const list = fieldsByName.get(f.lowerName);
    if (list) list.push(f);
    else fieldsByName.set(f.lowerName, [f]);
    if (f.lowerName === 'connection') {
      for (const option of parseConnectionOptions(f.value, templates)) connectionOptions.push({ option, field: f });
    }
  }
  const version = effectiveVersion(doc, message);
  const method = message.start?.kind === 'request' ? message.start.method : answers?.start?.kind === 'request' ? answers.start.method : undefined;
  const view: HeadView = {
    kind: message.kind,
    version: version && { major: version.major, minor: version.minor },
    method,
    status: message.start?.kind === 'status' ? message.start.status : undefined,
    fields: message.headers,
    templates,
  };
  return { message, version, fieldsByName, connectionOptions, answers, view };
}

function effectiveVersion(doc: ParsedDocument, message: HttpMessage): EffectiveVersion | undefined {
  const v = message.start?.version;
  if (v) return { major: v.major, minor: v.minor, label: versionLabel(v.major, v.minor), implied: false };
  if (doc.kind === 'http-file' && message.kind === 'request') return { major: 1, minor: 1, label: 'HTTP/1.1', implied: true };
  return undefined;
}

/** Analyses every message of a document, each response knowing the request it answers. */
export function analyzeDocument(doc: ParsedDocument): { analyses: MessageAnalysis[]; exchangeOf: Map<HttpMessage, Exchange> } {
  const answers = new Map<HttpMessage, HttpMessage>();
  const exchangeOf = new Map<HttpMessage, Exchange>();
  for (const x of doc.exchanges) {
    if (x.request) exchangeOf.set(x.request, x);
    if (x.response) {
      exchangeOf.set(x.response, x);
      if (x.request) answers.set(x.response, x.request);
    }
    for (const m of x.interim) if (x.request) answers.set(m, x.request);
  }
  return { analyses: doc.messages.map((m) => analyzeMessage(doc, m, answers.get(m))), exchangeOf };
}
