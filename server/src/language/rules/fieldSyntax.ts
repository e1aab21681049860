import { later, replaceSpan, valueRange, type Fix } from '../edits';
import { FieldFlag } from '../parse/fieldStore';
import { Role } from '../fields/nameFacts';
import { firstNonTchar, isCtl } from '../parse/grammar';
import { span } from '../text';
import type { HeaderField, ParsedDocument } from '../parse/types';
import type { Report, RuleInfo, RuleModule } from './ruleTypes';

export const invalidFieldName: RuleInfo = {
  code: 'invalid-field-name',
  severity: 'error',
  title: 'Field name with a character outside `token`',
  explanation:
    'A field name is a token: letters, digits and ``!#$%&\'*+-.^_`|~``. Spaces, quotes, brackets, `@`, `/` and ' +
    'non-ASCII letters are not allowed; servers reject such a message (400) or drop the field.',
  spec: 'rfc9110#5.6.2',
};

export const emptyFieldName: RuleInfo = {
  code: 'empty-field-name',
  severity: 'error',
  title: 'Field line with no name before the colon',
  explanation: 'A field line must start with a name (`Name: value`); a line starting with `:` is invalid in HTTP/1.x.',
  spec: 'rfc9112#5',
};

export const spaceBeforeColon: RuleInfo = {
  code: 'space-before-colon',
  severity: 'error',
  title: 'Whitespace between a field name and its colon',
  explanation:
    'No whitespace is allowed between the field name and the colon. A server MUST reject such a request with ' +
    '400 (Bad Request), and a proxy MUST remove the whitespace before forwarding a response: the difference ' +
    'has been used for request smuggling.',
  spec: 'rfc9112#5.1',
};

export const obsoleteLineFolding: RuleInfo = {
  code: 'obsolete-line-folding',
  severity: 'warning',
  title: 'Field value continued on the next line (obs-fold)',
  explanation:
    'Continuing a field value on a line that starts with whitespace is obsolete. A server MUST either reject ' +
    'the message (400) or replace each fold with a space; a user agent does the same with a response. Put the ' +
    'whole value on one line.',
  spec: 'rfc9112#5.2',
};

export const nonAsciiFieldValue: RuleInfo = {
  code: 'non-ascii-field-value',
  severity: 'warning',
  title: 'Non-ASCII characters in a field value',
  explanation:
    'Field values are ASCII. Other bytes (obs-text) are tolerated for compatibility but read as ISO-8859-1 by ' +
    'many recipients, so UTF-8 text arrives garbled. Use percent-encoding, or RFC 8187 encoding where the field ' +
    'defines it (`filename*=UTF-8\'\'...`).',
  spec: 'rfc9110#5.5',
};

export const invalidFieldValue: RuleInfo = {
  code: 'invalid-field-value',
  severity: 'error',
  title: 'Control character in a field value',
  explanation:
    'Field values must not contain control characters other than tab. CR, LF and NUL in particular are invalid ' +
    'and dangerous: recipients either reject the message or replace them with spaces.',
  spec: 'rfc9110#5.5',
};

export const malformedHeaderLine: RuleInfo = {
  code: 'malformed-header-line',
  severity: 'error',
  title: 'Line in the header section that is not `Name: value`',
  explanation:
    'Every line between the start line and the blank line is a field line, `Name: value`. A line without a ' +
    'colon makes the message invalid (a server answers 400). In an .http file, a missing blank line before ' +
    'the body, or a missing colon, is the usual cause.',
  spec: 'rfc9112#5',
};

export const bodyWithoutBlankLine: RuleInfo = {
  code: 'body-without-blank-line',
  severity: 'information',
  title: 'Body starts without a blank line after the headers',
  explanation:
    'httpYac starts the body at the first line that is not a header; REST Client and the JetBrains HTTP Client ' +
    'need a blank line between the headers and the body. Add one so that every tool sends the same request.',
  spec: 'rfc9112#2.1',
};

export const fieldSyntaxRules: RuleModule = {
  rules: [invalidFieldName, emptyFieldName, spaceBeforeColon, obsoleteLineFolding, nonAsciiFieldValue, invalidFieldValue, malformedHeaderLine, bodyWithoutBlankLine],
  checkMessage({ doc, message, report, inHttpFile, analysis }) {
    const http2 = (analysis.version?.major ?? 1) >= 2;
    // Nearly every message is well-formed throughout: its names' roles and its fields' flags say so.
    const fieldCount = (message.flags & SYNTAX_FLAGS) === 0 && (message.roles & Role.oddName) === 0 ? 0 : message.fieldCount;
    for (let k = 0; k < fieldCount; k++) {
      // Nearly every field is well-formed: its name's facts and the flags noted while parsing say so.
      const names = message.fieldName(k);
      const flags = message.fieldFlags(k);
      if ((flags & SYNTAX_FLAGS) === 0 && names.facts.badChar < 0 && names.name.length > 0) continue;
      const field = analysis.fieldAt(k);
      if (field.name.length === 0) {
        report(emptyFieldName, field.colon, 'Field line with no name before the colon');
      } else if (!field.templated) {
        // HTTP/2 and HTTP/3 dumps show pseudo-header fields (`:authority`) with their leading colon.
        let bad = field.facts.badChar;
        if (bad === 0 && http2 && field.name.startsWith(':')) bad = firstNonTchar(field.name, 1);
        if (bad >= 0) {
          // The whole character, so that a letter outside the BMP (two UTF-16 units) is underlined whole.
          const ch = String.fromCodePoint(field.name.codePointAt(bad)!);
          const col = field.nameSpan.start + bad;
          const what = ch.charCodeAt(0) > 127 ? `non-ASCII character \`${ch}\`` : ch === ' ' ? 'a space' : ch === '\t' ? 'a tab' : `\`${ch}\``;
          report(invalidFieldName, span(field.nameSpan.line, col, col + ch.length), `Field name \`${field.name}\` contains ${what}, which a field name cannot hold`);
        }
      }
      const gap = field.spaceBeforeColon;
      if (gap) {
        report(spaceBeforeColon, gap, `Whitespace between \`${field.name}\` and its colon: a server must reject this request`, later(removeWhitespace, doc, field.row));
      }
      if (field.folds.length > 0 && !inHttpFile) {
        const first = field.folds[0]!;
        const lastSeg = field.segments[field.segments.length - 1];
        const edits = field.folds.map((fold) => {
          const prevLine = fold.line - 1;
          const prevEnd = trimmedLength(doc.lines[prevLine]!);
          return { range: { start: { line: prevLine, character: prevEnd }, end: { line: fold.line, character: fold.end } }, newText: ' ' };
        });
        // From the fold's whitespace, not the line's start: a curl `< ` prefix or a dump's indentation is not part of it.
        report(obsoleteLineFolding, { start: { line: first.line, character: first.start }, end: { line: lastSeg?.line ?? first.line, character: doc.lines[lastSeg?.line ?? first.line]!.length } },
          `\`${field.name}\` continues on the next line (obsolete line folding)`, [{ title: 'Join the value onto one line', edits, isPreferred: true }]);
      }
      if (flags & FieldFlag.unusualValue) checkValueCharacters(field, report);
    }
    for (let m = 0; m < message.malformed.length; m++) {
      const line = message.malformed[m]!;
      report(malformedHeaderLine, line.span, `Not a header line: expected \`Name: value\`${inHttpFile ? ' (or a blank line before the body)' : ''}`, [], inHttpFile ? 'warning' : undefined);
    }
    if (message.bodyWithoutBlankLine) {
      report(bodyWithoutBlankLine, message.bodyWithoutBlankLine, 'The body starts here without a blank line after the headers; REST Client and JetBrains would read it as a header', [
        { title: 'Insert a blank line before the body', edits: [{ range: { start: { line: message.bodyWithoutBlankLine.line, character: 0 }, end: { line: message.bodyWithoutBlankLine.line, character: 0 } }, newText: doc.eol }], isPreferred: true },
      ]);
    }
  },
};

function removeWhitespace(doc: ParsedDocument, row: number): Fix[] {
  return [{ title: 'Remove the whitespace', edits: [replaceSpan(doc.field(row).spaceBeforeColon!, '')], isPreferred: true }];
}

function trimmedLength(line: string): number {
  let e = line.length;
  while (e > 0 && (line.charCodeAt(e - 1) === 32 || line.charCodeAt(e - 1) === 9)) e--;
  return e;
}

/** The parse flags that may mean a finding here. */
const SYNTAX_FLAGS = FieldFlag.unusualValue | FieldFlag.folded | FieldFlag.spaceBeforeColon;

/** Called for a value the parser saw a character other than tab and printable ASCII in. */
function checkValueCharacters(field: HeaderField, report: Report): void {
  const v = field.value;
  let nonAscii = -1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 9) continue;
    if (isCtl(c)) {
      report(invalidFieldValue, valueRange(field, i, i + 1), `Control character U+${c.toString(16).toUpperCase().padStart(4, '0')} in the value of \`${field.name}\``);
      return;
    }
    if (c > 127 && nonAscii < 0) nonAscii = i;
  }
  if (nonAscii >= 0 && !field.templated) {
    let end = nonAscii;
    while (end < v.length && v.charCodeAt(end) > 127) end++;
    report(nonAsciiFieldValue, valueRange(field, nonAscii, end), `Non-ASCII characters in the value of \`${field.name}\`: recipients may read them as ISO-8859-1`);
  }
}
