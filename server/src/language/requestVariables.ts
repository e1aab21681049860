// Request variables, as REST Client and httpYac write them: after `# @name login` has run, a later request may
// use `{{login.response.body.$.token}}` or `{{login.response.headers.Location}}`. This module only reads the
// expression and evaluates it against a recorded exchange: no I/O, so the runner and the editor share it.

/** A field line: the name as written, and the value. */
export type FieldLine = readonly [string, string];

/** One side of an exchange, as far as request variables can see it. */
export interface RecordedMessage {
  readonly headers: readonly FieldLine[];
  /** The body as text (content codings undone); absent when there was none to keep. */
  readonly body?: string;
  /** Why `body` is absent although the message had one (too large to keep in memory, say). */
  readonly bodyUnavailable?: string;
}

/** What a named request left behind for later requests. */
export interface RecordedExchange {
  readonly request: RecordedMessage;
  /** Absent when the request got no response. */
  readonly response?: RecordedMessage;
  /** Why there is no response. */
  readonly error?: string;
}

/** Where recorded exchanges are kept, by request name. A `Map` is one. */
export interface RequestResults {
  get(name: string): RecordedExchange | undefined;
  set(name: string, exchange: RecordedExchange): unknown;
}

export interface RequestReference {
  /** The `# @name` of the request. */
  readonly name: string;
  readonly part: 'request' | 'response';
  readonly section: 'body' | 'headers';
  /** For `body`: `*` (the whole body) or a JSONPath starting with `$`. For `headers`: a field name. */
  readonly path: string;
}

export type ReferenceValue = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: string };

/** `<name>.<request|response>.<body|headers>.<path>`; a body without a path means the whole body. */
const REFERENCE = /^([^.\s{}]+)\.(request|response)\.(body|headers)(?:\.(.+))?$/;

/**
 * Reads `login.response.body.$.token` as a reference to a recorded exchange; undefined for anything else
 * (a plain variable such as `host`, or `login.response.headers` without a field name).
 */
export function parseRequestReference(expression: string): RequestReference | undefined {
  const m = REFERENCE.exec(expression.trim());
  if (!m) return undefined;
  const section = m[3] as 'body' | 'headers';
  const path = m[4]?.trim();
  if (section === 'headers' && !path) return undefined;
  return { name: m[1]!, part: m[2] as 'request' | 'response', section, path: path || '*' };
}

/**
 * httpYac's short form: `{{login.token}}` or `{{login.items[0].id}}` reads the JSON body of the response to the
 * request named `login`, as `{{login.response.body.$.token}}` does. Only a name `isRequest` accepts counts, so
 * that a dotted file variable stays a variable.
 */
export function parseShortReference(expression: string, isRequest: (name: string) => boolean): RequestReference | undefined {
  const m = /^([A-Za-z_][\w-]*)((?:\.[\w$-]+|\[[^\]]*\])+)$/.exec(expression.trim());
  if (!m || !isRequest(m[1]!)) return undefined;
  return { name: m[1]!, part: 'response', section: 'body', path: `$${m[2]}` };
}

/** The value a reference stands for in `recorded`, or why there is none, phrased to follow the `{{reference}}`. */
export function evaluateRequestReference(ref: RequestReference, recorded: RecordedExchange | undefined): ReferenceValue {
  if (!recorded) return problem(`needs the request ${ref.name} to run first`);
  const message = ref.part === 'request' ? recorded.request : recorded.response;
  const whose = `${ref.name}'s ${ref.part}`;
  if (!message) return problem(`finds no value: the request ${ref.name} got no response${recorded.error ? ` (${recorded.error})` : ''}`);
  if (ref.section === 'headers') return headerValue(message, ref.path, whose);
  if (message.body === undefined) return problem(`finds no value: ${whose} body ${message.bodyUnavailable ?? 'was empty'}`);
  if (ref.path === '*') return { ok: true, value: message.body };
  const path = parseJsonPath(ref.path);
  if (typeof path === 'string') return problem(`cannot be read: ${path}`);
  const json = parseJson(message as RecordedMessage & { readonly body: string });
  if (!json.ok) return problem(`cannot be read: ${whose} body is not JSON (${json.error})`);
  const found = selectJsonPath(json.value, path);
  if (found.length === 0) return problem(`finds no value: ${whose} body has nothing at ${ref.path}`);
  return { ok: true, value: found.length === 1 ? stringify(found[0]) : JSON.stringify(found) };
}

function problem(text: string): ReferenceValue {
  return { ok: false, problem: text };
}

/** Field names are case-insensitive (RFC 9110 §5.1); several lines of one field read as one list (§5.3). */
function headerValue(message: RecordedMessage, name: string, whose: string): ReferenceValue {
  const lower = name.toLowerCase();
  const values = message.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  if (values.length === 0) return problem(`finds no value: ${whose} has no ${name} field`);
  return { ok: true, value: values.join(', ') };
}

// ---------------------------------------------------------------------------------------------------------
// JSONPath, the subset .http files use: `$`, `.key`, `['key']`, `["key"]`, `[n]` (negative counts from the
// end), and `*` / `[*]` for every member. Filters, slices and `..` are not part of it.

export type PathSegment = { readonly key: string } | { readonly index: number } | { readonly wildcard: true };

/** The segments of a JSONPath, or a message saying what in it is not understood. */
export function parseJsonPath(path: string): PathSegment[] | string {
  if (!path.startsWith('$')) return `${path} is not a JSONPath: write it from the root, as $.${path.replace(/^\.+/, '')}`;
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    if (rest.startsWith('..')) return `${path}: recursive descent (..) is not supported`;
    const dotted = /^\.(\*|[^.[\]\s]+)/.exec(rest);
    if (dotted) {
      segments.push(dotted[1] === '*' ? { wildcard: true } : { key: dotted[1]! });
      i += dotted[0].length;
      continue;
    }
    const bracket = readBracket(rest);
    if (!bracket) return `${path}: cannot read the JSONPath from ${JSON.stringify(rest)}`;
    segments.push(bracket.segment);
    i += bracket.length;
  }
  return segments;
}

/** `[3]`, `[-1]`, `[*]`, `['key']` or `["key"]` (a backslash escapes the next character inside quotes). */
function readBracket(text: string): { segment: PathSegment; length: number } | undefined {
  const simple = /^\[\s*(\*|-?\d+)\s*\]/.exec(text);
  if (simple) return { segment: simple[1] === '*' ? { wildcard: true } : { index: Number(simple[1]) }, length: simple[0].length };
  const quoted = /^\[\s*(['"])((?:\\.|(?!\1).)*)\1\s*\]/.exec(text);
  if (quoted) return { segment: { key: quoted[2]!.replace(/\\(.)/g, '$1') }, length: quoted[0].length };
  return undefined;
}

/** Every value the path reaches in `root`, in document order. */
export function selectJsonPath(root: unknown, path: readonly PathSegment[]): unknown[] {
  let nodes: unknown[] = [root];
  for (const segment of path) nodes = nodes.flatMap((node) => step(node, segment));
  return nodes;
}

function step(node: unknown, segment: PathSegment): unknown[] {
  if (node === null || typeof node !== 'object') return [];
  if ('wildcard' in segment) return Array.isArray(node) ? node : Object.values(node);
  if ('index' in segment) {
    if (!Array.isArray(node)) return [];
    const at = segment.index < 0 ? node.length + segment.index : segment.index;
    return at >= 0 && at < node.length ? [node[at]] : [];
  }
  if (Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, segment.key)) return [];
  return [(node as Record<string, unknown>)[segment.key]];
}

/** Strings go in as they are; anything else as JSON, so `{{x.response.body.$.user}}` gives an object's JSON. */
function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// A later request often reads several values out of one body: parse it once per recorded message.
type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };
const parsed = new WeakMap<RecordedMessage, Parsed>();

function parseJson(message: RecordedMessage & { readonly body: string }): Parsed {
  let result = parsed.get(message);
  if (result) return result;
  try {
    result = { ok: true, value: JSON.parse(message.body) as unknown };
  } catch (err) {
    result = { ok: false, error: (err as Error).message };
  }
  parsed.set(message, result);
  return result;
}
