import type { NameFacts } from '../fields/nameFacts';
import type { Span } from '../text';
import type { FieldName } from './fieldStore';

export type DocumentKind = 'http-file' | 'message';

/** An HTTP version as written in a start line (RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT). */
export interface HttpVersion {
  readonly major: number;
  readonly minor: number;
  /** As written: "HTTP/1.1", "HTTP/2", "HTTP/2.0". Shared by every start line that writes it so. */
  readonly text: string;
}

/** Part of a field value as it sits in the document: one line's worth, and where it lands in the joined value. */
export interface ValueSegment {
  readonly line: number;
  /** Column of the segment's first character. */
  readonly start: number;
  /** Offset of that character within `HeaderField.value`. */
  readonly offset: number;
  readonly length: number;
}

export interface HeaderField {
  /** The name as written (a curl prefix or indentation excluded). */
  readonly name: string;
  readonly lowerName: string;
  /** What the rules ask of the name, shared by every field that spells it the same way. */
  readonly facts: NameFacts;
  readonly nameSpan: Span;
  /** Whitespace between the name and the colon, which RFC 9112 §5.1 forbids. */
  readonly spaceBeforeColon?: Span;
  readonly colon: Span;
  /** The value with surrounding whitespace removed and continuation lines joined by one space. */
  readonly value: string;
  readonly segments: readonly ValueSegment[];
  /** Span of the whole first line of the field, from the name to the end of the value. */
  readonly lineSpan: Span;
  /** Last line the field occupies (continuation lines included). */
  readonly lastLine: number;
  /** Continuation lines (obs-fold, RFC 9112 §5.2): the whitespace that starts each. */
  readonly folds: readonly Span[];
  /** True when the name or value holds a `{{variable}}` reference (only in .http files). */
  readonly templated: boolean;
  /** Where the document keeps the field: `ParsedDocument.field(row)` gives it back. */
  readonly row: number;
}

export interface RequestLine {
  readonly kind: 'request';
  /** Upper-case method; "GET" when an .http request line omits it. */
  readonly method: string;
  readonly methodSpan?: Span;
  /** The target with continuation lines joined (no separators added). */
  readonly target: string;
  readonly targetSpan: Span;
  readonly targetContinuations: readonly Span[];
  readonly version?: HttpVersion;
  readonly versionSpan?: Span;
  readonly span: Span;
}

export interface StatusLine {
  readonly kind: 'status';
  readonly version: HttpVersion;
  readonly versionSpan: Span;
  readonly status: number;
  readonly statusSpan: Span;
  readonly reason: string;
  readonly span: Span;
}

/** A line inside a header section that is not a field line. */
export interface MalformedLine {
  readonly span: Span;
  readonly text: string;
}

/** `< ./file` (sent as is) or `<@ ./file` (variables in it replaced) in an .http body. */
export interface FileReference {
  readonly path: string;
  readonly span: Span;
  readonly processVariables: boolean;
  /** `<@latin1 ./file`: the file's encoding, when given. */
  readonly encoding?: string;
}

/** Consecutive lines of text, or a file reference standing on its own line. Parts are joined by line breaks. */
export type BodyPart = { readonly text: string } | { readonly file: FileReference };

export interface Body {
  readonly firstLine: number;
  readonly lastLine: number;
  readonly parts: readonly BodyPart[];
}

export type MessageKind = 'request' | 'response' | 'fragment';

export interface HttpMessage {
  readonly index: number;
  /** `fragment`: header lines with no start line, such as a few lines pasted from a trace. */
  readonly kind: MessageKind;
  readonly start?: RequestLine | StatusLine;
  /** The field lines, made when first asked for: rules that look at a few fields use `field(k)` instead. */
  readonly headers: readonly HeaderField[];
  readonly fieldCount: number;
  /** The k-th field line, made on each call unless `headers` made them all. */
  field(k: number): HeaderField;
  /** The k-th field's name, without making the field. */
  fieldName(k: number): FieldName;
  /** The k-th field's `FieldFlag` bits. */
  fieldFlags(k: number): number;
  /** The `Role` bits of all its field names together, and `Role.repeatedSingleton`. */
  readonly roles: number;
  /** The `FieldFlag` bits of all its fields together. */
  readonly flags: number;
  readonly malformed: readonly MalformedLine[];
  readonly body?: Body;
  readonly firstLine: number;
  readonly lastLine: number;
  /** Where the message came from: an .http request, a raw dump, or a `curl -v` trace. */
  readonly source: 'http-file' | 'raw' | 'curl';
  /** `other` for gRPC, WebSocket, MQTT and similar requests that .http tools also accept: not linted as HTTP/1.x. */
  readonly protocol: 'http' | 'other';
  /** Last line of the header section (the start line when there are no fields). */
  readonly headEndLine: number;
  /** In an .http file, the first body line when no blank line separated it from the headers. */
  readonly bodyWithoutBlankLine?: Span;
}

/** What a `curl -v` trace says about the connection a request went over. */
export type ConnectionEvent = 'connected' | 'reused';

/** A request and the response that answered it, as far as the document shows them. */
export interface Exchange {
  readonly request?: HttpMessage;
  readonly response?: HttpMessage;
  /** 1xx responses that came before the final one. */
  readonly interim: readonly HttpMessage[];
  readonly connection?: ConnectionEvent;
}

export interface Metadata {
  readonly key: string;
  readonly value: string;
  readonly span: Span;
  readonly keySpan: Span;
}

export interface VariableDefinition {
  readonly name: string;
  readonly value: string;
  readonly nameSpan: Span;
  readonly valueSpan: Span;
}

export interface TemplateReference {
  /** The text between the braces, trimmed: `host`, `$guid`, `login.response.body.$.token`. */
  readonly expression: string;
  readonly span: Span;
}

/** One request of an .http file, with what surrounds it. */
export interface RequestBlock {
  readonly message: HttpMessage;
  /** `# @name login` */
  readonly name?: string;
  readonly nameSpan?: Span;
  /** The `###` title, when the separator carries one. */
  readonly title?: string;
  readonly metadata: readonly Metadata[];
  /** First line of the block (its separator, or the first line after the previous block). */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Lines of scripts, response handlers and asserts the block holds: kept, not run. */
  readonly scripts: readonly { readonly kind: ScriptKind; readonly firstLine: number; readonly lastLine: number }[];
}

export type ScriptKind =
  | 'pre-request' | 'response-handler' | 'assert' | 'output-redirect' | 'block-script' | 'directive' | 'graphql' | 'comment';

export interface ParsedDocument {
  readonly kind: DocumentKind;
  readonly lines: readonly string[];
  readonly eol: string;
  readonly messages: readonly HttpMessage[];
  readonly exchanges: readonly Exchange[];
  /** .http files only. */
  readonly requests: readonly RequestBlock[];
  /**
   * How many metadata lines (`# @name login`) the requests hold, in the order of the text: read with
   * `metadataKey` and `metadataValue` without making the requests.
   */
  readonly metadataCount: number;
  metadataKey(i: number): string;
  metadataValue(i: number): string;
  /** Whether any request holds a script, response handler or other part that is kept but not run. */
  readonly hasScripts: boolean;
  readonly variables: readonly VariableDefinition[];
  readonly templates: readonly TemplateReference[];
  /** How many `{{...}}` there are: `templateExpression` and `template` read one without making the whole list. */
  readonly templateCount: number;
  templateExpression(i: number): string;
  template(i: number): TemplateReference;
  /** The field kept at `row` (`HeaderField.row`). */
  field(row: number): HeaderField;
}
