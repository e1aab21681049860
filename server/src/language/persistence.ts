// The persistence model: will this connection stay open after the current response, and why?
// The editor calls it on what a document shows; the runner calls it on what a server actually sent.

import { nameFacts, Role, type NameFacts } from './fields/nameFacts';
import { parseConnectionOptions, type ConnectionOption } from './parse/connectionOptions';
import { isDigits, isMethod } from './parse/grammar';
import { splitList } from './parse/lists';
import { specTitle } from './spec';

/** A message head reduced to what persistence depends on. Both `HeaderField` and `[name, value]` pairs map onto it. */
export interface HeadView {
  readonly kind: 'request' | 'response' | 'fragment';
  readonly version?: { readonly major: number; readonly minor: number };
  /** The request's method; for a response, the method of the request it answers, when known. */
  readonly method?: string;
  readonly status?: number;
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  /** Values may hold `{{variables}}` (an .http file): options inside them are not judged. */
  readonly templates?: boolean;
}

/** Stable codes for the reasons, shared by predictions and the runner's observations. */
export type PersistenceReason =
  | 'close-in-request'
  | 'close-in-response'
  | 'http10-request-without-keep-alive'
  | 'http10-response-without-keep-alive'
  | 'http10-keep-alive'
  | 'http11-default'
  | 'close-delimited'
  | 'length-and-chunked'
  | 'transfer-encoding-in-http10'
  | 'invalid-content-length'
  | 'chunked-not-final'
  | 'multiplexed'
  | 'protocol-switch'
  | 'no-version';

export interface Prediction {
  readonly persists: boolean;
  readonly reason: PersistenceReason;
  /** One line: "closes after the response: HTTP/1.0 request without `Connection: keep-alive`". */
  readonly summary: string;
  /** The reason alone: "HTTP/1.0 request without `Connection: keep-alive`". */
  readonly because: string;
  /** What else the user should know: a misspelled Connection field, a condition on the server. */
  readonly detail?: string;
  /** `rfc9112#9.3` */
  readonly spec: string;
  /** True when the outcome also depends on the peer's choice (an HTTP/1.0 keep-alive request, say). */
  readonly conditional: boolean;
  /** Which message decided. */
  readonly decidedBy: 'request' | 'response';
  /** For a head with no version (a fragment): the outcome under HTTP/1.0 and under HTTP/1.1. */
  readonly byVersion?: { readonly 'HTTP/1.0': Prediction; readonly 'HTTP/1.1': Prediction };
}

interface Facts {
  readonly view: HeadView;
  readonly side: 'request' | 'response';
  /** Connection's valid options (RFC 9110 §7.6.1): the two the model reads. */
  readonly close: boolean;
  readonly keepAlive: boolean;
  /** A field meant as Connection but misspelled (`Connections`), and whether it carried `keep-alive`. */
  readonly misspelled?: { readonly name: string; readonly keepAlive: boolean };
  /** `Proxy-Connection: keep-alive`, which servers ignore. */
  readonly proxyKeepAlive: boolean;
  readonly contentLengths: readonly string[];
  readonly transferCodings: readonly string[];
}

const NONE: readonly never[] = Object.freeze([]);

function hasKeepAlive(options: readonly ConnectionOption[]): boolean {
  // Indexed loops: parsed option lists are shared and frozen, and V8 iterates frozen arrays with for-of slowly.
  for (let i = 0; i < options.length; i++) if (options[i]!.lower === 'keep-alive') return true;
  return false;
}

function factsOf(view: HeadView, side: 'request' | 'response'): Facts {
  let close = false;
  let keepAlive = false;
  let misspelled: Facts['misspelled'];
  let proxyKeepAlive = false;
  let contentLengths: string[] | undefined;
  let transferCodings: string[] | undefined;
  const templates = view.templates === true;
  for (let k = 0; k < view.fields.length; k++) {
    const f = view.fields[k]!;
    // A parsed field knows its name's facts; a runner's [name, value] pair has them looked up by name.
    const facts = (f as { facts?: NameFacts }).facts ?? nameFacts(f.name, f.name.toLowerCase());
    const roles = facts.roles & PERSISTENCE_ROLES;
    if (roles === 0) continue;
    if (roles & Role.connection) {
      const options = parseConnectionOptions(f.value, templates);
      for (let i = 0; i < options.length; i++) {
        const o = options[i]!;
        if (!o.valid || o.templated) continue;
        if (o.lower === 'close') close = true;
        else if (o.lower === 'keep-alive') keepAlive = true;
      }
    } else if (roles & Role.proxyConnection) {
      proxyKeepAlive ||= hasKeepAlive(parseConnectionOptions(f.value, templates));
    } else if (roles & Role.contentLength) {
      (contentLengths ??= []).push(f.value);
    } else if (roles & Role.transferEncoding) {
      for (const e of splitList(f.value, templates)) (transferCodings ??= []).push(e.text.toLowerCase());
    } else if (!misspelled) {
      misspelled = { name: f.name, keepAlive: hasKeepAlive(parseConnectionOptions(f.value, templates)) };
    }
  }
  return {
    view, side, close, keepAlive, misspelled, proxyKeepAlive,
    contentLengths: contentLengths ?? NONE, transferCodings: transferCodings ?? NONE,
  };
}

export const PERSISTENCE_ROLES = Role.connection | Role.proxyConnection | Role.contentLength | Role.transferEncoding | Role.misspelledConnection;

const code = (s: string) => '`' + s + '`';

function make(
  persists: boolean, reason: PersistenceReason, because: string, spec: string, decidedBy: 'request' | 'response',
  detail?: string, conditional = false,
): Prediction {
  const verdict = !persists ? 'closes after the response' : conditional && reason === 'http10-keep-alive' ? 'persists if the server agrees' : 'persists';
  return { persists, reason, summary: `${verdict}: ${because}`, because, spec, decidedBy, detail, conditional };
}

/** Why a missing `keep-alive` is missing, when the message tried to send it under another name. */
function missingKeepAliveDetail(f: Facts): string | undefined {
  if (f.misspelled) {
    const carried = f.misspelled.keepAlive ? ` so its ${code('keep-alive')} is ignored` : ' so it is ignored';
    return `${code(f.misspelled.name)} is not ${code('Connection')},${carried}.`;
  }
  if (f.proxyKeepAlive) {
    return `${code('Proxy-Connection: keep-alive')} is non-standard and servers ignore it (${specTitle('rfc9112#appendix-C.2.2')}); send ${code('Connection: keep-alive')}.`;
  }
  return undefined;
}

/** What to call the message in a reason: a fragment's direction is only a guess, so it is a "message". */
function nounOf(f: Facts): string {
  return f.view.kind === 'fragment' ? 'message' : f.side;
}

/** RFC 9112 §6.1, §6.3: framing that forces the connection to close, whichever side sent it. */
function framingVerdict(f: Facts, http10: boolean): Prediction | undefined {
  const who = f.side;
  const noun = nounOf(f);
  const hasTE = f.transferCodings.length > 0;
  // §6.1 treats an HTTP/1.0 message with Transfer-Encoding as faulty "even if a Content-Length is present": that
  // rule is about the message, not its body, so it comes first and holds for a response without a body too.
  if (hasTE && http10) {
    return make(false, 'transfer-encoding-in-http10', `${code('Transfer-Encoding')} in an HTTP/1.0 ${noun}`, 'rfc9112#6.1', who,
      'HTTP/1.0 has no transfer codings: the recipient must treat the framing as faulty and close.');
  }
  // A response that ends at its header section has no body for the fields below to misframe (§6.3, first rule).
  if (endsAtHeaders(f)) return undefined;
  if (hasTE && f.contentLengths.length > 0) {
    return make(false, 'length-and-chunked', `the ${noun} has both ${code('Content-Length')} and ${code('Transfer-Encoding')}`, 'rfc9112#6.1', who,
      'A message with both might be a smuggling attempt; the connection must be closed after it.');
  }
  if (hasTE && !f.view.templates && f.transferCodings[f.transferCodings.length - 1] !== 'chunked') {
    return who === 'request'
      ? make(false, 'chunked-not-final', `the request's ${code('Transfer-Encoding')} does not end in ${code('chunked')}`, 'rfc9112#6.3', who,
        'The server cannot tell where the body ends: it must answer 400 (Bad Request) and close.')
      : make(false, 'close-delimited', `its ${code('Transfer-Encoding')} does not end in ${code('chunked')}, so the body ends when the connection closes`, 'rfc9112#6.3', who);
  }
  // One length that is one number, as nearly every message has, is valid without more ado.
  if (f.contentLengths.length === 1 && isDigits(f.contentLengths[0]!)) return undefined;
  if (f.contentLengths.length > 0 && !f.view.templates) {
    // RFC 9110 §8.6: repeated lengths count as one when they have "the same decimal value" (`05` is `5`).
    const values = new Set(f.contentLengths.flatMap((v) => splitList(v, false).map((e) => e.text.replace(/^0+(?=\d)/, ''))));
    if (values.size !== 1 || !isDigits([...values][0]!)) {
      return make(false, 'invalid-content-length', `the ${noun}'s ${code('Content-Length')} is not one valid number`, 'rfc9112#6.3', who,
        who === 'request' ? 'The server must answer 400 (Bad Request) and close.' : 'The client cannot frame the body and must close.');
    }
  }
  return undefined;
}

/**
 * RFC 9112 §6.3, first rule: "Any response to a HEAD request and any response with a 1xx (Informational), 204
 * (No Content), or 304 (Not Modified) status code is always terminated by the first empty line after the header
 * fields, regardless of the header fields present in the message".
 */
function endsAtHeaders(f: Facts): boolean {
  const status = f.view.status;
  if (f.side !== 'response' || status === undefined || f.view.kind === 'fragment') return false;
  if ((status >= 100 && status < 200) || status === 204 || status === 304) return true;
  return isMethod(f.view.method, 'HEAD');
}

/** RFC 9112 §6.3: a response with no length and no chunked coding ends when the connection closes. */
function closeDelimited(f: Facts): boolean {
  const status = f.view.status;
  if (status === undefined || f.view.kind === 'fragment') return false;
  if (endsAtHeaders(f)) return false;
  if (isMethod(f.view.method, 'CONNECT') && status >= 200 && status < 300) return false;
  return f.contentLengths.length === 0 && f.transferCodings.length === 0;
}

/**
 * Predictions whose words depend on nothing but the branch, the version, the side and whether the head is a
 * fragment: made once each and shared (they are never changed), rather than put together for every message.
 */
const remembered: (Prediction | undefined)[] = [];
const Branch = { multiplexed: 0, close: 1, http11Default: 2, http10Without: 3, http10KeepAlive: 4 } as const;

/** Where `remembered` keeps the prediction of `branch` for this version and head, or -1 when it keeps none. */
function slotOf(branch: number, version: { major: number; minor: number }, f: Facts): number {
  const v = versionKey(version);
  return v < 0 ? -1 : ((branch * 40 + v) * 2 + (f.side === 'request' ? 1 : 0)) * 2 + (f.view.kind === 'fragment' ? 1 : 0);
}

function recall(slot: number): Prediction | undefined {
  return slot >= 0 ? remembered[slot] : undefined;
}

function remember(slot: number, p: Prediction): Prediction {
  if (slot >= 0) remembered[slot] = p;
  return p;
}

const labels: (string | undefined)[] = [];

function labelOf(version: { major: number; minor: number }): string {
  const v = versionKey(version);
  const known = v >= 0 ? labels[v] : undefined;
  if (known !== undefined) return known;
  const label = `HTTP/${version.major}${version.major < 2 ? '.' + version.minor : ''}`;
  if (v >= 0) labels[v] = label;
  return label;
}

/** 0 to 39 for the versions there are (a digit each), -1 for any other. */
function versionKey(version: { major: number; minor: number }): number {
  const { major, minor } = version;
  return Number.isInteger(major) && Number.isInteger(minor) && major >= 0 && major <= 3 && minor >= 0 && minor <= 9 ? major * 10 + minor : -1;
}

function predictOne(view: HeadView, side: 'request' | 'response', version: { major: number; minor: number }): Prediction {
  const f = factsOf(view, side);
  const label = labelOf(version);
  if (version.major >= 2) {
    const slot = slotOf(Branch.multiplexed, version, f);
    return recall(slot) ?? remember(slot, make(true, 'multiplexed', `${label} multiplexes requests on one connection`, version.major === 2 ? 'rfc9113#8.2.2' : 'rfc9114#4.2', side,
      `${code('Connection')} and ${code('Keep-Alive')} have no meaning in ${label} (sending them makes the message malformed).`));
  }
  if (side === 'response' && view.status === 101) {
    return make(false, 'protocol-switch', '101 (Switching Protocols) hands the connection to another protocol', 'rfc9110#15.2.2', side);
  }
  const http10 = version.major === 1 && version.minor === 0;
  const framing = framingVerdict(f, http10);
  if (framing) return framing;
  if (f.close) {
    const slot = slotOf(Branch.close, version, f);
    return recall(slot) ?? remember(slot, side === 'request'
      ? make(false, 'close-in-request', `the request sends ${code('Connection: close')}`, 'rfc9112#9.6', side)
      : make(false, 'close-in-response', `the server sends ${code('Connection: close')}`, 'rfc9112#9.6', side));
  }
  if (side === 'response' && closeDelimited(f)) {
    return make(false, 'close-delimited', `no ${code('Content-Length')} or chunked coding, so the body ends when the connection closes`, 'rfc9112#6.3', side);
  }
  if (!http10 && version.major === 1) {
    const slot = slotOf(Branch.http11Default, version, f);
    return recall(slot) ?? remember(slot, make(true, 'http11-default', `${label} default`, 'rfc9112#9.3', side,
      side === 'request' ? `The connection stays open unless the server answers with ${code('Connection: close')} or closes it.` : undefined,
      side === 'request'));
  }
  if (version.major < 1 || !f.keepAlive) {
    const detail = missingKeepAliveDetail(f);
    // The detail names the field written, so only a prediction without one is kept.
    const slot = detail === undefined ? slotOf(Branch.http10Without, version, f) : -1;
    return recall(slot) ?? remember(slot, side === 'request'
      ? make(false, 'http10-request-without-keep-alive', `${label} ${nounOf(f)} without ${code('Connection: keep-alive')}`, 'rfc9112#9.3', side, detail)
      : make(false, 'http10-response-without-keep-alive', `${label} ${nounOf(f)} without ${code('Connection: keep-alive')}`, 'rfc9112#9.3', side, detail));
  }
  const slot = slotOf(Branch.http10KeepAlive, version, f);
  return recall(slot) ?? remember(slot, side === 'request'
    ? make(true, 'http10-keep-alive', `${label} ${nounOf(f)} with ${code('Connection: keep-alive')}`, 'rfc9112#appendix-C.2.2', side,
      `An HTTP/1.0 server keeps the connection open only if it answers with ${code('Connection: keep-alive')} too.`, true)
    : make(true, 'http10-keep-alive', `${label} ${nounOf(f)} with ${code('Connection: keep-alive')}`, 'rfc9112#9.3', side));
}

function predictHead(view: HeadView, side: 'request' | 'response'): Prediction {
  if (view.version) return predictOne(view, side, view.version);
  const v10 = predictOne(view, side, { major: 1, minor: 0 });
  const v11 = predictOne(view, side, { major: 1, minor: 1 });
  if (v10.persists === v11.persists && v10.reason === v11.reason) return v11;
  const briefly = (p: Prediction) => `${p.persists ? 'persists' : 'closes'} (${p.because})`;
  const because = `HTTP/1.0 ${briefly(v10)}, HTTP/1.1 ${briefly(v11)}`;
  return {
    ...v11,
    reason: 'no-version',
    because,
    summary: v10.persists === v11.persists
      ? `${v11.persists ? 'persists' : 'closes after the response'} under either version (none is given): ${because}`
      : `depends on the version, which is not given: ${because}`,
    detail: v10.detail ?? v11.detail,
    conditional: true,
    byVersion: { 'HTTP/1.0': v10, 'HTTP/1.1': v11 },
  };
}

/**
 * Predicts persistence after one message (RFC 9112 §9.3). A fragment (no start line) is read as a request
 * when it carries request fields only, else as a response, and predicted under both HTTP/1.0 and HTTP/1.1.
 */
export function predictMessage(view: HeadView): Prediction {
  return predictHead(view, view.kind === 'response' ? 'response' : view.kind === 'request' ? 'request' : fragmentSide(view));
}

function fragmentSide(view: HeadView): 'request' | 'response' {
  const names = view.fields.map((f) => f.name.toLowerCase());
  return names.some((n) => n === 'host' || n === 'user-agent' || n === 'accept') ? 'request' : 'response';
}

/**
 * Predicts persistence after an exchange. The request speaks first: if it closes the connection (HTTP/1.0
 * without keep-alive, `Connection: close`, broken framing), the response cannot reopen it. Otherwise the
 * response decides, since RFC 9112 §9.3 judges by "the most recently received message".
 */
export function predictExchange(request: HeadView | undefined, response: HeadView | undefined): Prediction {
  const fromRequest = request ? predictHead(request, 'request') : undefined;
  if (fromRequest && (!fromRequest.persists || !response)) return fromRequest;
  const answered = response && request?.method && !response.method ? { ...response, method: request.method } : response;
  const fromResponse = predictHead(answered!, 'response');
  if (fromRequest?.reason === 'http10-keep-alive' && fromResponse.persists) {
    return { ...fromResponse, summary: fromResponse.summary, detail: `The server agreed to the HTTP/1.0 keep-alive the request asked for.` };
  }
  return fromResponse;
}

/** The short form used on code lenses: "keeps connection open (HTTP/1.1 default)". */
export function lensText(p: Prediction): string {
  const because = p.because.replace(/`/g, '');
  if (p.reason === 'no-version') {
    const same = p.byVersion && p.byVersion['HTTP/1.0'].persists === p.byVersion['HTTP/1.1'].persists;
    return same ? `${p.persists ? 'keeps connection open' : 'closes after response'} under HTTP/1.0 and HTTP/1.1: ${because}` : `persistence depends on the version: ${because}`;
  }
  if (p.persists) return `keeps connection open (${because})`;
  return `closes after response: ${because}`;
}
