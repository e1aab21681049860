import { fieldsOfMessage, withRole } from '../analysis';
import { Role } from '../fields/nameFacts';
import { deleteField, later, valueRange, type Fix } from '../edits';
import { isDigits, isMethod } from '../parse/grammar';
import { splitList } from '../parse/lists';
import type { HeaderField, ParsedDocument } from '../parse/types';
import type { MessageContext, RuleInfo, RuleModule } from './ruleTypes';

export const contentLengthInvalid: RuleInfo = {
  code: 'content-length-invalid',
  severity: 'error',
  title: 'Content-Length that is not a number',
  explanation:
    'Content-Length is a non-negative decimal number of bytes (`Content-Length = 1*DIGIT`). An invalid value ' +
    'leaves the body length unknown: a server answers 400 and closes; a client must treat the response as an ' +
    'unrecoverable error and close the connection.',
  spec: 'rfc9112#6.3',
};

export const contentLengthRepeated: RuleInfo = {
  code: 'content-length-repeated',
  severity: 'warning',
  title: 'Content-Length given more than once',
  explanation:
    'A sender must not send Content-Length more than once. Identical copies may be accepted as one; ' +
    'different values make the length unknowable, a classic request-smuggling vector, and the message must be ' +
    'rejected.',
  spec: 'rfc9110#8.6',
};

export const contentLengthWithTransferEncoding: RuleInfo = {
  code: 'content-length-with-transfer-encoding',
  severity: 'error',
  title: 'Content-Length together with Transfer-Encoding',
  explanation:
    'A sender MUST NOT send Content-Length in a message that has Transfer-Encoding. A recipient uses ' +
    'Transfer-Encoding and ignores the length, but the pair may be a smuggling attempt: a server MUST close the ' +
    'connection after responding to such a request.',
  spec: 'rfc9112#6.1',
};

export const transferEncodingHttp10: RuleInfo = {
  code: 'transfer-encoding-http10',
  severity: 'error',
  title: 'Transfer-Encoding in an HTTP/1.0 message',
  explanation:
    'HTTP/1.0 has no transfer codings. A recipient of an HTTP/1.0 message with Transfer-Encoding MUST treat ' +
    'its framing as faulty, even if a Content-Length is present, and close the connection after it.',
  spec: 'rfc9112#6.1',
};

export const transferEncodingNotChunked: RuleInfo = {
  code: 'transfer-encoding-not-chunked',
  severity: 'error',
  title: 'Transfer-Encoding whose last coding is not `chunked`',
  explanation:
    'When Transfer-Encoding is present, `chunked` must be its final coding for the body length to be known. In ' +
    'a request, a server MUST answer 400 (Bad Request) and close the connection; in a response, the body runs ' +
    'until the server closes the connection.',
  spec: 'rfc9112#6.3',
};

export const framingInBodylessResponse: RuleInfo = {
  code: 'framing-in-bodyless-response',
  severity: 'warning',
  title: 'Content-Length or Transfer-Encoding in a 1xx or 204 response',
  explanation:
    'A server MUST NOT send Content-Length or Transfer-Encoding in a 1xx (Informational) or 204 (No Content) ' +
    'response: these responses never have a body.',
  spec: 'rfc9110#8.6',
};

export const closeDelimitedResponse: RuleInfo = {
  code: 'close-delimited-response',
  severity: 'information',
  title: 'Response framed by closing the connection',
  explanation:
    'A response with neither Content-Length nor chunked Transfer-Encoding has a body that ends only when the ' +
    'server closes the connection, so the connection cannot persist: every message on a persistent connection ' +
    'needs a self-defined length.',
  spec: 'rfc9112#6.3',
};

export const framingRules: RuleModule = {
  rules: [contentLengthInvalid, contentLengthRepeated, contentLengthWithTransferEncoding, transferEncodingHttp10, transferEncodingNotChunked, framingInBodylessResponse, closeDelimitedResponse],
  checkMessage(ctx) {
    const { analysis } = ctx;
    if ((analysis.version?.major ?? 1) >= 2) return;
    const lengths = untemplated(withRole(analysis, Role.contentLength), ctx.inHttpFile);
    const encodings = untemplated(withRole(analysis, Role.transferEncoding), ctx.inHttpFile);
    checkContentLength(ctx, lengths);
    checkTransferEncoding(ctx, lengths, encodings);
    checkBodylessResponse(ctx, lengths, encodings);
    checkCloseDelimited(ctx);
  },
};

function checkContentLength(ctx: MessageContext, lengths: readonly HeaderField[]): void {
  if (lengths.length === 0) return;
  // One length that is one number, as nearly every message has, is valid without more ado.
  if (lengths.length === 1 && isDigits(lengths[0]!.value)) return;
  const values: { field: HeaderField; text: string; start: number; end: number }[] = [];
  for (const field of lengths) {
    const elements = splitList(field.value, false);
    if (elements.length === 0) ctx.report(contentLengthInvalid, field.nameSpan, '`Content-Length` has no value');
    for (const e of elements) {
      if (!isDigits(e.text)) {
        ctx.report(contentLengthInvalid, valueRange(field, e.start, e.end), `\`${e.text}\` is not a valid \`Content-Length\`: a length is a whole number of bytes`);
        return;
      }
      values.push({ field, text: e.text.replace(/^0+(?=\d)/, ''), start: e.start, end: e.end });
    }
  }
  if (values.length < 2) return;
  const distinct = new Set(values.map((v) => v.text));
  const second = values[1]!;
  if (distinct.size > 1) {
    ctx.report(contentLengthRepeated, valueRange(second.field, second.start, second.end),
      `Conflicting \`Content-Length\` values (${[...distinct].join(' and ')}): the body length cannot be known, and the message must be rejected`, [], 'error');
    return;
  }
  ctx.report(contentLengthRepeated, lengths.length > 1 ? lengths[1]!.nameSpan : valueRange(second.field, second.start, second.end), '`Content-Length` is given more than once',
    lengths.length > 1 ? later(keepOneLength, ctx.doc, ctx.message.index) : []);
}

/** The fields without a `{{variable}}`: the rules cannot judge the others before it is resolved. */
function untemplated(list: readonly HeaderField[], inHttpFile: boolean): readonly HeaderField[] {
  if (!inHttpFile || list.length === 0) return list;
  for (const f of list) if (f.templated) return list.filter((g) => !g.templated);
  return list;
}

/** The message's Content-Length fields that are not templated, as the rules judge them. */
function lengthsOf(doc: ParsedDocument, index: number): HeaderField[] {
  return fieldsOfMessage(doc, index, Role.contentLength).filter((f) => !f.templated);
}

function keepOneLength(doc: ParsedDocument, index: number): Fix[] {
  const lengths = lengthsOf(doc, index);
  return [{ title: 'Keep one `Content-Length`', edits: lengths.slice(1).map((f) => deleteField(doc, f)), isPreferred: true }];
}

function removeLengths(doc: ParsedDocument, index: number): Fix[] {
  const lengths = lengthsOf(doc, index);
  return [{ title: 'Remove `Content-Length`', edits: lengths.map((f) => deleteField(doc, f)), isPreferred: true }];
}

function remove(doc: ParsedDocument, row: number): Fix[] {
  const f = doc.field(row);
  return [{ title: `Remove \`${f.name}\``, edits: [deleteField(doc, f)], isPreferred: true }];
}

function checkTransferEncoding(ctx: MessageContext, lengths: readonly HeaderField[], encodings: readonly HeaderField[]): void {
  if (encodings.length === 0) return;
  const { analysis, message, doc } = ctx;
  const noBody = endsAtHeaders(ctx);
  if (lengths.length > 0) {
    ctx.report(contentLengthWithTransferEncoding, lengths[0]!.nameSpan, noBody
      ? '`Content-Length` with `Transfer-Encoding`: a sender must not send both (this response has no body, so its framing is not at risk)'
      : '`Content-Length` with `Transfer-Encoding`: the length is ignored and the connection must close after this exchange', later(removeLengths, doc, message.index));
  }
  const v = analysis.version;
  if (v && v.major === 1 && v.minor === 0) {
    ctx.report(transferEncodingHttp10, encodings[0]!.nameSpan, '`Transfer-Encoding` in an HTTP/1.0 message: the framing is faulty and the connection must close');
    return;
  }
  // A response to HEAD, or a 304, may name the codings a GET would have had (RFC 9112 §6.1); it has no body to frame.
  if (noBody) return;
  const codings = encodings.flatMap((f) => splitList(f.value, false).map((e) => ({ f, e })));
  const last = codings[codings.length - 1];
  if (!last || last.e.text.toLowerCase() === 'chunked') return;
  const isRequest = message.kind === 'request';
  ctx.report(transferEncodingNotChunked, valueRange(last.f, last.e.start, last.e.end), isRequest
    ? '`Transfer-Encoding` must end in `chunked` in a request: a server answers 400 and closes'
    : '`Transfer-Encoding` does not end in `chunked`: the body ends only when the connection closes', [], isRequest ? undefined : 'warning');
}

/**
 * RFC 9112 §6.3: "Any response to a HEAD request and any response with a 1xx (Informational), 204 (No Content), or
 * 304 (Not Modified) status code is always terminated by the first empty line after the header fields".
 */
function endsAtHeaders(ctx: MessageContext): boolean {
  const start = ctx.message.start;
  if (start?.kind !== 'status') return false;
  const s = start.status;
  return (s >= 100 && s < 200) || s === 204 || s === 304 || isMethod(ctx.analysis.view.method, 'HEAD');
}

function checkBodylessResponse(ctx: MessageContext, lengths: readonly HeaderField[], encodings: readonly HeaderField[]): void {
  const start = ctx.message.start;
  if (start?.kind !== 'status') return;
  const s = start.status;
  if (!((s >= 100 && s < 200) || s === 204)) return;
  for (const f of [...lengths, ...encodings]) {
    ctx.report(framingInBodylessResponse, f.nameSpan, `\`${f.name}\` in a ${s} response, which never has a body`, later(remove, ctx.doc, f.row));
  }
}

function checkCloseDelimited(ctx: MessageContext): void {
  const { message, analysis } = ctx;
  const start = message.start;
  if (start?.kind !== 'status') return;
  const s = start.status;
  if (endsAtHeaders(ctx)) return;
  if (isMethod(analysis.view.method, 'CONNECT') && s >= 200 && s < 300) return;
  if ((ctx.message.roles & (Role.contentLength | Role.transferEncoding)) !== 0) return;
  ctx.report(closeDelimitedResponse, start.span, 'No `Content-Length` or chunked `Transfer-Encoding`: the body ends when the server closes the connection, so it cannot persist');
}
