import { deleteField, later, replaceSpan, replaceValue, type Fix } from '../edits';
import type { ParsedDocument } from '../parse/types';
import type { RuleInfo, RuleModule } from './ruleTypes';

export const h2ConnectionSpecific: RuleInfo = {
  code: 'h2-connection-specific-field',
  severity: 'error',
  title: 'Connection-specific field in HTTP/2 or HTTP/3',
  explanation:
    'HTTP/2 and HTTP/3 manage connections themselves. Connection, Keep-Alive, Proxy-Connection, ' +
    'Transfer-Encoding and Upgrade must not appear: a message that carries them is malformed and the stream is ' +
    'reset (RFC 9113 §8.2.2, RFC 9114 §4.2).',
  spec: 'rfc9113#8.2.2',
};

export const h2TeNotTrailers: RuleInfo = {
  code: 'h2-te-not-trailers',
  severity: 'error',
  title: 'TE other than `trailers` in HTTP/2 or HTTP/3',
  explanation: 'The only TE value allowed in HTTP/2 and HTTP/3 is `trailers`; any other makes the request malformed.',
  spec: 'rfc9113#8.2.2',
};

export const h2UppercaseName: RuleInfo = {
  code: 'h2-uppercase-field-name',
  severity: 'error',
  title: 'Upper-case field name in HTTP/2 or HTTP/3',
  explanation:
    'HTTP/2 and HTTP/3 field names are sent in lower case; a name with upper-case letters makes the message ' +
    'malformed (RFC 9113 §8.2.1, RFC 9114 §4.2). (An .http file may use any case: the client lowercases names ' +
    'when it sends them.)',
  spec: 'rfc9113#8.2.1',
};

const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export const http2Rules: RuleModule = {
  rules: [h2ConnectionSpecific, h2TeNotTrailers, h2UppercaseName],
  checkMessage({ analysis, doc, message, inHttpFile, report }) {
    const v = analysis.version;
    if (!v || v.major < 2) return;
    // `curl -v` prints the request it is about to send in HTTP/1.1 form (`> Host: ...`) and lowercases the names
    // (turning Host into `:authority`) only when it encodes them: like an .http file, the case shown is not sent.
    const nameCaseSent = !inHttpFile && !(message.source === 'curl' && message.kind === 'request');
    for (const field of message.headers) {
      if (CONNECTION_SPECIFIC.has(field.lowerName)) {
        report(h2ConnectionSpecific, field.nameSpan, `\`${field.name}\` is not allowed in ${v.label}: the message is malformed`, later(remove, doc, field.row));
      } else if (field.lowerName === 'te' && field.value.trim().toLowerCase() !== 'trailers' && !field.templated) {
        report(h2TeNotTrailers, field.nameSpan, `\`TE: ${field.value}\` is not allowed in ${v.label}: only \`trailers\` is`, later(setTrailers, doc, field.row));
      }
      if (nameCaseSent && field.name !== field.lowerName) {
        report(h2UppercaseName, field.nameSpan, `${v.label} field names are lower case: \`${field.lowerName}\``, later(lowerCase, doc, field.row));
      }
    }
  },
};

function remove(doc: ParsedDocument, row: number): Fix[] {
  const field = doc.field(row);
  return [{ title: `Remove \`${field.name}\``, edits: [deleteField(doc, field)], isPreferred: true }];
}

function setTrailers(doc: ParsedDocument, row: number): Fix[] {
  const field = doc.field(row);
  return [{ title: 'Set to `trailers`', edits: [replaceValue(doc, field, 'trailers')], isPreferred: true }];
}

function lowerCase(doc: ParsedDocument, row: number): Fix[] {
  const field = doc.field(row);
  return [{ title: `Write \`${field.lowerName}\``, edits: [replaceSpan(field.nameSpan, field.lowerName)], isPreferred: true }];
}
